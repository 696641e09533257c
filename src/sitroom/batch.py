"""The ingest engine: read inputs, analyze them on every core, store them, resumably.

Work flows in order through three steps::

    iter_documents + stored-id check (parent) -> analysis (in this process, or whole documents
    on ``workers`` processes) -> store.write_batch (parent, one writer: the batch and the
    journal)

- **Lazy**: the models load when the first document needs analysis; a run whose documents are
  all stored already loads none.
- **Parallel**: with ``workers >= 2`` each document is analyzed whole (spaCy and the rule
  stages) on one of that many processes (:mod:`sitroom.workers`), started once for the run;
  SQLite allows one writer, so the parent stores. Results come back in input order. Workers
  die with the parent.
- **Resumable**: every run is journaled in the store's ``ingest_runs`` table under a fingerprint
  of its inputs and options. After each committed write batch the journal's ``cursor`` records
  how many inputs (documents and bad inputs, in ``iter_documents`` order) are done; a run
  started with ``resume=True`` skips those without analyzing them again. Documents are stored
  idempotently by id, so whatever lies between the last cursor and a crash is stored once.
- **Fault-tolerant**: a bad input, a document outside the limits (``SITROOM_MAX_CHARS``,
  invalid Unicode), one over its time budget (``SITROOM_TIME_BUDGET``), one a stage fails on,
  or one the store refuses is reported with its reason and the run goes on. Only an
  unreachable database stops the run (:class:`~sitroom.store.StoreUnavailableError`); the
  journal then holds the last committed position for ``--resume``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitroom.budget import AnalysisError
from sitroom.ingest import IngestError, iter_documents
from sitroom.models import Analysis, Document
from sitroom.store.merging import MergeSummary

if TYPE_CHECKING:
    from sitroom.pipeline import Pipeline
    from sitroom.store import IngestRun, Store

# Seconds between journal updates when documents trickle in slowly.
FLUSH_SECONDS = 5.0
ANALYSIS_FAILED = "analysis failed"


@dataclass(frozen=True)
class IngestOptions:
    workers: int = 1  # processes analyzing documents; 1 analyzes in this process
    batch_size: int = 16  # documents per spaCy batch (and per worker chunk)
    commit_every: int = 64  # documents per store transaction and journal update
    published: dt.date | None = None  # default publication date
    actor_files: tuple[Path, ...] = ()
    resume: bool = False  # continue the last unfinished run over the same inputs


@dataclass
class IngestReport:
    """What a run did. ``failures`` lists every input that was not stored, with its reason."""

    run_id: int
    resumed_from: int = 0  # inputs skipped because an earlier run had done them
    done: int = 0  # inputs handled in this run (stored, skipped or failed)
    added: int = 0
    updated: int = 0  # of ``added``: new versions of a stored text (the old one replaced)
    skipped: int = 0  # already stored with the same text
    failures: list[IngestError] = field(default_factory=list)
    merge: MergeSummary = field(default_factory=MergeSummary)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True)
class _Work:
    """One input in order: a document to analyze, or something that passes straight through."""

    position: int
    document: Document | None
    error: IngestError | None = None
    stored: bool = False  # already in the store: skip analysis


@dataclass(frozen=True)
class _Done:
    work: _Work
    analysis: Analysis | None = None
    error: IngestError | None = None


ProgressCallback = Callable[[IngestReport], None]


def fingerprint(paths: Sequence[str], options: IngestOptions) -> str:
    """Identity of a run's inputs and options: a resumed run must see the same stream."""
    resolved = [p if p == "-" else str(Path(p).resolve()) for p in paths]
    key = {
        "inputs": resolved,
        "published": options.published.isoformat() if options.published else None,
        "actors": [str(Path(p).resolve()) for p in options.actor_files],
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


# --- analysis -------------------------------------------------------------------------------


def analyze_chunk(
    pipeline: Pipeline, documents: Sequence[Document], batch_size: int
) -> list[Analysis | str]:
    """Analyses of ``documents`` (one spaCy batch) in order; a document that could not be
    analyzed gives its reason instead (limits, time budget, a stage's error: see
    :meth:`Pipeline.analyze_batch`), so one bad text costs only itself."""
    return [_result(r) for r in pipeline.analyze_batch(documents)]


def _result(result: Analysis | AnalysisError) -> Analysis | str:
    return result if isinstance(result, Analysis) else result.reason


def _finish(chunk: list[_Work], results: Sequence[Analysis | str]) -> Iterator[_Done]:
    found = iter(results)
    for work in chunk:
        if work.document is None or work.stored:
            yield _Done(work, error=work.error)
            continue
        result = next(found)
        if isinstance(result, str):
            origin = work.document.origin or work.document.id
            yield _Done(work, error=IngestError(origin, f"{ANALYSIS_FAILED} ({result})"))
        else:
            yield _Done(work, analysis=result)


def _chunks(items: Iterable[_Work], size: int) -> Iterator[list[_Work]]:
    chunk: list[_Work] = []
    for item in items:
        chunk.append(item)
        if sum(1 for w in chunk if w.document is not None and not w.stored) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _to_analyze(chunk: list[_Work]) -> list[Document]:
    return [w.document for w in chunk if w.document is not None and not w.stored]


def analyze_in_process(
    pipeline: Pipeline, work: Iterable[_Work], batch_size: int
) -> Iterator[_Done]:
    for chunk in _chunks(work, batch_size):
        docs = _to_analyze(chunk)
        yield from _finish(chunk, analyze_chunk(pipeline, docs, batch_size) if docs else [])


def analyze_on_workers(
    pipeline: Pipeline, work: Iterable[_Work], batch_size: int, workers: int
) -> Iterator[_Done]:
    """Analyses in input order, each document analyzed whole (parse and rule stages) on one
    of ``workers`` processes (:class:`~sitroom.workers.WorkerPool`); this process only hands
    out batches and collects. The workers load their own pipeline with ``pipeline``'s actor
    files, stages and settings, and start only when a document needs analysis.
    """
    from sitroom.workers import WorkerPool

    pool = WorkerPool(
        workers,
        actor_files=pipeline.actor_files,
        stages=pipeline.stage_names,
        settings=pipeline.settings,
    )
    with pool:
        tagged = ((chunk, _to_analyze(chunk)) for chunk in _chunks(work, batch_size))
        for chunk, _documents, results in pool.analyze_batches(tagged):
            yield from _finish(chunk, [_result(r) for r in results])


# --- the run --------------------------------------------------------------------------------


class _Writer:
    """Collects analyzed documents and commits them with the journal cursor."""

    def __init__(self, store: Store, run: IngestRun, report: IngestReport, every: int) -> None:
        self.store, self.run, self.report, self.every = store, run, report, every
        self.pending: list[tuple[Document, Analysis]] = []
        self.cursor: int | None = None
        self.last_flush = time.monotonic()

    def take(self, done: _Done) -> None:
        report = self.report
        if done.error is not None:
            report.failures.append(done.error)
        elif done.work.stored:
            report.skipped += 1
        elif done.analysis is not None and done.work.document is not None:
            self.pending.append((done.work.document, done.analysis))
        report.done += 1
        self.cursor = done.work.position + 1
        if len(self.pending) >= self.every or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self, *, finished: bool = False) -> None:
        from sitroom.store import RunCounts, write_batch

        report = self.report
        # The journal counts over every attempt of the run; the report over this one.
        before = RunCounts(report.added, report.skipped, report.failed)
        outcome = write_batch(
            self.store, self.run, self.pending, cursor=self.cursor, before=before, finished=finished
        )
        report.added += outcome.added
        report.updated += outcome.updated
        report.skipped += outcome.skipped
        for document, reason in outcome.refused:
            report.failures.append(IngestError(document.origin or document.id, reason))
        self.pending = []
        self.last_flush = time.monotonic()


def _work_items(
    paths: Sequence[str], options: IngestOptions, store: Store, start: int
) -> Iterator[_Work]:
    """Inputs from position ``start`` on, in chunks checked against the store at once."""
    items = iter_documents(paths, published=options.published)
    batch: list[_Work] = []
    for position, item in enumerate(items):
        if position < start:
            continue
        if isinstance(item, IngestError):
            batch.append(_Work(position, None, error=item))
        else:
            batch.append(_Work(position, item))
        if len(batch) >= options.commit_every:
            yield from _mark_stored(batch, store)
            batch = []
    yield from _mark_stored(batch, store)


def _mark_stored(batch: list[_Work], store: Store) -> Iterator[_Work]:
    """Mark the documents stored already with the same text: they are skipped unanalyzed. A
    changed text under a stored id is analyzed again; the store keeps it as a new version."""
    ids = [w.document.id for w in batch if w.document is not None]
    stored = store.stored_text_hashes(ids) if ids else {}
    for w in batch:
        doc = w.document
        if doc is not None and doc.id in stored and stored[doc.id] == store.text_hash(doc.text):
            yield _Work(w.position, doc, stored=True)
        else:
            yield w


@contextlib.contextmanager
def _long_lived_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector off the objects alive now (the loaded pipeline: models,
    knowledge base, gazetteer) for the run. Every full collection otherwise walks those
    millions of objects again: 5% of an ingest at 1 worker, 1.5% with them frozen. Objects
    are unfrozen afterwards so a long-lived caller collects them as before; a caller that
    froze objects itself is left alone."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_ingest(
    paths: Sequence[str],
    store: Store,
    options: IngestOptions = IngestOptions(),
    *,
    pipeline: Pipeline | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``store``; see the module docstring for the guarantees.

    ``pipeline`` is used when ``workers == 1`` (loaded on demand otherwise). Ctrl-C stops the
    run after committing what is analyzed; the report then says ``interrupted``. Raises
    :class:`~sitroom.store.StoreUnavailableError` when the database goes away.
    """
    started = time.perf_counter()
    key = fingerprint(paths, options)
    run = store.unfinished_run(key) if options.resume else None
    if run is None:
        run = store.start_run(key, list(paths))
    report = IngestReport(run_id=run.id, resumed_from=run.cursor)
    merged_before = store.merge_totals
    writer = _Writer(store, run, report, options.commit_every)
    work = _work_items(paths, options, store, run.cursor)
    try:
        if pipeline is None:
            from sitroom.pipeline import Pipeline, default_pipeline

            pipeline = (
                Pipeline(actor_files=options.actor_files)
                if options.actor_files
                else default_pipeline()
            )
        if options.workers >= 2:
            results = analyze_on_workers(pipeline, work, options.batch_size, options.workers)
        else:
            results = analyze_in_process(pipeline, work, options.batch_size)
        with _long_lived_objects_frozen():
            for done in results:
                writer.take(done)
                if on_progress is not None:
                    on_progress(report)
            writer.flush(finished=True)
    except KeyboardInterrupt:
        report.interrupted = True
        writer.flush()  # keep what is analyzed; the journal marks where to resume
    # Events left unmerged by an earlier crash between a write and its merge.
    if store.auto_merge:
        store.merge_new()
    report.merge = store.merge_totals - merged_before
    report.seconds = time.perf_counter() - started
    return report
