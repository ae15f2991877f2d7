"""Tests on the real public documents in ``shared/realdocs`` (test data, never corpus)."""
