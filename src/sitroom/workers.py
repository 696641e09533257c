"""Whole-document analysis on worker processes: the parse *and* the rule stages.

Each worker loads its own :class:`~sitroom.pipeline.Pipeline` (on its first batch) and returns
finished analyses, so the parent only hands out batches and collects results in input order:
two workers give close to twice one process's throughput (see docs/scale.md), where a spaCy
``nlp.pipe(n_process=...)`` left every rule stage to the parent.

- **Isolation**: a worker analyzes each document of a batch on its own terms
  (:meth:`Pipeline.analyze_batch`: limits, time budget, errors per document). If a worker
  process dies (killed, out of memory), the batches it held are analyzed again one document
  per batch in a fresh pool; a document that kills a worker alone is reported as such.
- **No orphans**: workers die with their parent. On Linux the kernel sends them SIGKILL when
  the parent dies (``PR_SET_PDEATHSIG``); everywhere, a watchdog thread in each worker exits
  when the parent process is gone. Ctrl-C is handled by the parent alone.
- Workers are started with ``spawn``: a fresh interpreter, no copied threads or locks.
"""

from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sitroom.budget import AnalysisError
from sitroom.models import Analysis, Document

if TYPE_CHECKING:
    from sitroom.pipeline import Pipeline
    from sitroom.settings import Settings

Result = Analysis | AnalysisError
Tag = TypeVar("Tag")
_Part = tuple[list[Document], "Future[list[Result]]"]  # documents and the future analyzing them

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5
PARTS_PER_WORKER = 2  # parts each batch is cut into, per worker (load balance)
WORKER_DIED = "the worker process analyzing it died"

# The worker's pipeline (one per process).
_pipeline: Pipeline | None = None


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still applies
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="sitroom-parent-watch", daemon=True).start()


def _init_worker(
    parent_pid: int,
    actor_files: tuple[str, ...],
    stages: list[str] | None,
    settings: Settings | None,
) -> None:
    global _pipeline
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run
    from sitroom.pipeline import Pipeline

    _pipeline = Pipeline(
        actor_files=[Path(p) for p in actor_files], stages=stages, settings=settings
    )


def _analyze(documents: list[Document]) -> list[Result]:
    assert _pipeline is not None, "worker not initialized"
    if not _pipeline.annotator.loaded:
        _pipeline.load(freeze=True)  # the models live for the process
    # What outlived the earlier batches (memos of names, lemmas, places) joins the models out
    # of the collector's reach, as in single-process analysis, after a collection of what is
    # not frozen yet (the earlier batches' garbage in cycles is freed, never frozen): full
    # collections no longer walk the growing memos (collection time per worker halved).
    gc.collect()
    gc.freeze()
    return _pipeline.analyze_batch(documents)


class WorkerPool:
    """``workers`` processes analyzing batches of documents; use as a context manager."""

    def __init__(
        self,
        workers: int,
        *,
        actor_files: Sequence[Path] = (),
        stages: Sequence[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self._initargs = (
            os.getpid(),
            tuple(str(p) for p in actor_files),
            list(stages) if stages is not None else None,
            settings,
        )
        self._executor: ProcessPoolExecutor | None = None
        self._owner: dict[Future[list[Result]], ProcessPoolExecutor] = {}

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        # On an error or Ctrl-C, do not wait for the batches in flight: the workers finish
        # them and exit (or die with this process).
        self.close(wait=exc_type is None)

    def close(self, *, wait: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=self._initargs,
            )
        return self._executor

    def analyze(
        self, documents: Iterable[Document], *, batch_size: int = 16
    ) -> Iterator[tuple[Document, Result]]:
        """Each document with its analysis or error, in input order."""

        def batches() -> Iterator[tuple[None, list[Document]]]:
            batch: list[Document] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_size:
                    yield None, batch
                    batch = []
            if batch:
                yield None, batch

        for _, batch, results in self.analyze_batches(batches()):
            yield from zip(batch, results, strict=True)

    def analyze_batches(
        self, batches: Iterable[tuple[Tag, list[Document]]]
    ) -> Iterator[tuple[Tag, list[Document], list[Result]]]:
        """Results per batch, in input order; ``tag`` travels with its batch. An empty batch
        passes straight through (its tag in order with the others). Each batch is shared out
        among the workers in near-equal parts, two per worker (:meth:`parts`), so one batch
        keeps every worker busy and a worker that drew short texts takes the next part while
        the other finishes long ones (news articles vary tenfold in length: with one part per
        worker, one worker analyzed 32 of 57 stories while the other waited)."""
        window = 2 * self.workers  # batches in flight: every worker busy, one queued each
        inflight: collections.deque[tuple[Tag, list[Document], list[_Part]]]
        inflight = collections.deque()
        for tag, batch in batches:
            inflight.append((tag, batch, [(p, self._submit(p)) for p in self.parts(batch)]))
            while len(inflight) > window or (inflight and not inflight[0][2]):
                yield self._collect(*inflight.popleft())
        while inflight:
            yield self._collect(*inflight.popleft())

    def parts(self, batch: list[Document]) -> list[list[Document]]:
        """``batch`` cut into at most ``2 * workers`` consecutive parts of near-equal size.

        Smaller parts cost nothing measurable (the spaCy parse of 4 documents per call and of 8
        took the same CPU time on news) and even out the workers' shares."""
        if not batch:
            return []
        size = -(-len(batch) // (PARTS_PER_WORKER * self.workers))  # ceiling
        return [batch[i : i + size] for i in range(0, len(batch), size)]

    def _collect(
        self, tag: Tag, batch: list[Document], parts: list[_Part]
    ) -> tuple[Tag, list[Document], list[Result]]:
        results: list[Result] = []
        for part, future in parts:
            try:
                results.extend(future.result())
                self._owner.pop(future, None)
            except BrokenProcessPool:
                self._restart(future)
                results.extend(self._alone(d) for d in part)
        return tag, batch, results

    def _submit(self, batch: list[Document]) -> Future[list[Result]]:
        pool = self._pool()
        future = pool.submit(_analyze, batch)
        self._owner[future] = pool
        return future

    def _restart(self, future: Future[list[Result]]) -> None:
        """A worker died: replace the pool the future ran on (once, however many futures
        of that pool fail with it)."""
        broken = self._owner.pop(future, None)
        if broken is not None and broken is self._executor:
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _alone(self, document: Document) -> Result:
        """Analyze one document in a fresh pool (after a worker died with its batch)."""
        future = self._submit([document])
        try:
            return future.result()[0]
        except BrokenProcessPool:
            self._restart(future)
            return AnalysisError(WORKER_DIED)
        finally:
            self._owner.pop(future, None)
