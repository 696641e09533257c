"""Helpers for tests: hand-built annotated documents (``docs``, no spaCy model), the events stage
on them (``events``), and small model builders for hand-written analyses (``models``)."""
