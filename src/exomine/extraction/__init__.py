"""Extraction: one document in, typed records out; a shard of documents with reuse."""
