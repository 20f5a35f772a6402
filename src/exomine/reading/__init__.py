"""Reading: corpus listing, the readers of every input format, the manifest and the ingest report."""
