"""Running the review: when one is needed, facilitator, preparation, meeting mode, accounts, surveys."""
