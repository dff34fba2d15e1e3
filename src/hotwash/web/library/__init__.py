"""The learning library: search over published postmortems, recurrence, sharing, digests."""
