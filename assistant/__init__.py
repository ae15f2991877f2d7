"""Core of the smart-city advice assistant: settings, errors, embeddings, store, retrieval.

Nothing in this package imports FastAPI or the CLI; both front doors call into it.
"""
