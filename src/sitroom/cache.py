"""The user cache directory, one definition for every stage that caches built indexes."""

from __future__ import annotations

from pathlib import Path

from sitroom.settings import Settings

__all__ = ["cache_dir"]


def cache_dir() -> Path:
    """``$SITROOM_CACHE_DIR`` when set, else the platform's user cache directory for sitroom
    (the ``cache_dir`` setting, read afresh: a test or a long-lived process may change it)."""
    return Settings().cache_dir
