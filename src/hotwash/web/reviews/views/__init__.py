"""Pages of running a review (a package: review and preparation, meeting mode, participants, retrospectives)."""
