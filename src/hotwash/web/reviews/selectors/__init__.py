"""Reads for reviews (a package: policy, queue, review, roster, surveys)."""
