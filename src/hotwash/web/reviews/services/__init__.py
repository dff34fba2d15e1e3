"""Writes for reviews (a package: review and preparation, meeting, participant input, retrospectives)."""
