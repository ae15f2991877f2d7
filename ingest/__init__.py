"""Ingestion: loaders per format, metadata, chunking and the incremental pipeline."""
