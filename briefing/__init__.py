"""The domain: reading documents, extracting facts, answering questions, composing digests."""
