"""Event extractors: pure functions from a SentenceView to event dicts."""
