"""The store's exceptions."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be used as a sitroom store."""


class SchemaVersionError(StoreError):
    """The database was written by a newer sitroom than this one."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached (down, restarted, network gone)."""


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
