"""Helpers for tests: hand-built annotated documents (no spaCy model)."""
