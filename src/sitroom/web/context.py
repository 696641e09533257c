"""What every request handler shares: the store, the write token and the (lazy) pipeline."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from fastapi import Request

from sitroom.store import Store

if TYPE_CHECKING:
    from sitroom.pipeline import Pipeline

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
T = TypeVar("T")


def _default_pipeline() -> Pipeline:
    from sitroom.pipeline import default_pipeline

    return default_pipeline()


@dataclass
class WebContext:
    store: Store
    token: str | None  # None: the server is read-only
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    pipeline_factory: Callable[[], Pipeline] = _default_pipeline
    # spaCy pipelines are not documented as thread-safe; ingestion is rare, so serialize it.
    pipeline_lock: threading.Lock = field(default_factory=threading.Lock)
    _pipeline: Pipeline | None = None
    cache: ResultCache = field(init=False)

    def __post_init__(self) -> None:
        self.cache = ResultCache(self.store)

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        return self.cache.get(key, compute)

    def pipeline(self) -> Pipeline:
        with self.pipeline_lock:
            if self._pipeline is None:
                self._pipeline = self.pipeline_factory()
            return self._pipeline


def context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.sitroom
    return ctx


def store(request: Request) -> Store:
    return context(request).store


class ResultCache:
    """Results of expensive read queries, valid while the store's contents are unchanged.

    Aggregates over a large store (the network, relation totals, monthly counts) take hundreds
    of milliseconds and every page view repeats them. The store's ``data_version`` is a change
    counter every writing transaction bumps (one keyed row read, no scan of ``documents``).
    """

    def __init__(self, store: Store, max_entries: int = 512) -> None:
        self._store = store
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: tuple[Any, ...] | None = None
        self._lock = threading.Lock()

    def _current_version(self) -> tuple[Any, ...]:
        return self._store.data_version()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = self._current_version()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            elif key in self._entries:
                self._entries.move_to_end(key)
                value: T = self._entries[key]
                return value
        value = compute()  # outside the lock: a slow query must not block other requests
        with self._lock:
            if self._version == version:
                self._entries[key] = value
                while len(self._entries) > self._max_entries:
                    self._entries.popitem(last=False)
        return value
