"""The user cache directory, one definition for every stage that caches built indexes."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir() -> Path:
    """``$SITROOM_CACHE_DIR`` when set, else the platform's user cache directory for sitroom."""
    override = os.environ.get("SITROOM_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sitroom"))
