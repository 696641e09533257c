"""Distributed extraction with Ray Data (optional extra: ``pip install 'sitroom[ray]'``).

The dataset is read by Ray (``.jsonl``/``.json`` lines and ``.parquet`` files with a ``text``
column and optional ``id``, ``title``, ``url``, ``source``, ``published``); other inputs (text
and HTML files, folders, CSV) are read on the driver with :func:`sitroom.ingest.iter_documents`
and handed to Ray. ``map_batches`` runs a pool of :class:`Extractor` actors, each loading one
Pipeline, so models load once per actor rather than once per batch. Results go to the store
(from the driver: one writer) or to Parquet files (``document`` and ``analysis`` as JSON
strings, ``error`` for rows that failed).

Ray must be importable; :func:`ray_available` says whether it is, and every entry point raises
:class:`RayUnavailableError` (one line, for the CLI to print) when it is not. Nothing else in
sitroom imports this module, so sitroom works without Ray.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitroom.batch import IngestOptions, IngestReport, fingerprint
from sitroom.budget import AnalysisError
from sitroom.ingest import IngestError, IngestFailure, iter_documents, read_text
from sitroom.models import Analysis, Document

if TYPE_CHECKING:
    from sitroom.store import IngestRun, Store

RAY_SUFFIXES = frozenset({".jsonl", ".parquet"})
RECORD_FIELDS = ("id", "text", "title", "url", "source", "published")


def ray_available() -> bool:
    return importlib.util.find_spec("ray") is not None


class RayUnavailableError(RuntimeError):
    """The Ray engine was asked for but Ray is not installed; ``str()`` is one line to print."""


RAY_MISSING = "the ray engine needs Ray, which is not installed: pip install 'sitroom[ray]'"


def _require_ray() -> Any:
    if not ray_available():
        raise RayUnavailableError(RAY_MISSING)
    try:
        import ray
    except ImportError as exc:  # installed but broken (a missing dependency of Ray's)
        raise RayUnavailableError(f"{RAY_MISSING} ({exc})") from None

    return ray


def _clean(value: Any) -> Any:
    """Ray/pandas hand missing values back as None, NaN or NaT; all mean "absent"."""
    if value is None:
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except (TypeError, ValueError):
        pass
    return value


def _published(value: Any, default: dt.date | None) -> dt.date | None:
    value = _clean(value)
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def record_document(record: dict[str, Any], default_published: dt.date | None) -> Document:
    """A Document from one Ray row, normalized as ``ingest`` normalizes batch records."""
    text = _clean(record.get("text"))
    origin = _clean(record.get("origin")) or "ray"
    if not isinstance(text, str) or not text.strip():
        raise IngestFailure(IngestError(origin, "record has no usable 'text' field"))
    given_id = _clean(record.get("id"))
    return read_text(
        text,
        id=str(given_id) if given_id is not None else None,
        title=_clean(record.get("title")),
        url=_clean(record.get("url")),
        source=_clean(record.get("source")),
        published=_published(record.get("published"), default_published),
        origin=origin,
    )


class Extractor:
    """A Ray actor body: loads the pipeline once, analyzes batches of records."""

    def __init__(self, actor_files: Sequence[str] = (), published: str | None = None) -> None:
        from sitroom.pipeline import Pipeline, default_pipeline

        files = tuple(Path(p) for p in actor_files)
        self.pipeline = Pipeline(actor_files=files) if files else default_pipeline()
        self.published = dt.date.fromisoformat(published) if published else None

    def __call__(self, batch: Any) -> dict[str, list[str | None]]:
        """One row per record: the document and its analysis as JSON, or an error.

        Records are analyzed as one batch with per-document isolation (limits, time budget,
        a stage's error cost only their document; see :meth:`Pipeline.analyze_batch`)."""
        records = batch.to_dict("records")
        rows: list[tuple[str | None, str | None, str | None]] = [(None, None, None)] * len(records)
        documents: list[tuple[int, Document]] = []
        for i, record in enumerate(records):
            try:
                documents.append((i, record_document(record, self.published)))
            except IngestFailure as failure:
                rows[i] = (None, None, json.dumps([failure.error.origin, failure.error.reason]))
            except Exception as exc:  # one bad record must not fail the whole dataset
                rows[i] = (None, None, _error_json(record, f"{type(exc).__name__}: {exc}"))
        results = self.pipeline.analyze_batch([d for _, d in documents])
        for (i, document), result in zip(documents, results, strict=True):
            try:
                document_json = document.model_dump_json()
                if isinstance(result, AnalysisError):
                    rows[i] = (document_json, None, _error_json(records[i], result.reason))
                else:
                    rows[i] = (document_json, result.model_dump_json(), None)
            except Exception as exc:  # not serializable: report it, keep the batch
                rows[i] = (None, None, _error_json(records[i], f"{type(exc).__name__}: {exc}"))
        return {
            "document": [r[0] for r in rows],
            "analysis": [r[1] for r in rows],
            "error": [r[2] for r in rows],
        }


def _error_json(record: dict[str, Any], reason: str) -> str:
    origin = _clean(record.get("origin")) or _clean(record.get("id")) or "ray record"
    return json.dumps([str(origin), f"analysis failed ({reason})"], ensure_ascii=True)


def _driver_records(paths: Sequence[str], published: dt.date | None) -> Iterator[dict[str, Any]]:
    for item in iter_documents(paths, published=published):
        if isinstance(item, IngestError):
            yield {"origin": item.origin, "text": None, "error": item.reason}
        else:
            yield {
                "id": item.id,
                "text": item.text,
                "title": item.title,
                "url": item.url,
                "source": item.source,
                "published": item.published.isoformat() if item.published else None,
                "origin": item.origin,
            }


def read_dataset(paths: Sequence[str], options: IngestOptions) -> tuple[Any, list[IngestError]]:
    """A Ray dataset of records, plus the inputs the driver already found unreadable."""
    ray = _require_ray()
    ray_files = [p for p in paths if Path(p).suffix.lower() in RAY_SUFFIXES]
    other = [p for p in paths if p not in ray_files]
    parts = []
    for suffix, reader in ((".jsonl", ray.data.read_json), (".parquet", ray.data.read_parquet)):
        chosen = [p for p in ray_files if Path(p).suffix.lower() == suffix]
        if chosen:
            kwargs: dict[str, Any] = {"include_paths": True}
            if suffix == ".jsonl":
                kwargs["lines"] = True
            parts.append(reader(chosen, **kwargs).map_batches(_keep_fields, batch_format="pandas"))
    errors: list[IngestError] = []
    if other:
        rows = []
        for record in _driver_records(other, options.published):
            if record.get("error"):
                errors.append(IngestError(record["origin"], record["error"]))
            else:
                rows.append(record)
        if rows:
            parts.append(ray.data.from_items(rows))
    if not parts:
        return None, errors
    dataset = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])
    return dataset, errors


def _keep_fields(batch: Any) -> Any:
    """Records from files carry any columns; keep the known ones, as strings or None."""
    import pandas as pd

    out = pd.DataFrame(index=batch.index)
    for name in RECORD_FIELDS:
        column = batch[name] if name in batch.columns else pd.Series([None] * len(batch))
        out[name] = [None if _clean(v) is None else str(v) for v in column]
    paths = batch["path"] if "path" in batch.columns else ["ray record"] * len(batch)
    out["origin"] = [f"{path} (record)" for path in paths]
    return out


def extract_dataset(
    paths: Sequence[str], options: IngestOptions, *, actors: int | None = None
) -> tuple[Any, list[IngestError]]:
    """The lazily evaluated dataset of (document, analysis, error) JSON rows."""
    ray = _require_ray()
    dataset, errors = read_dataset(paths, options)
    if dataset is None:
        return None, errors
    published = options.published.isoformat() if options.published else None
    analyzed = dataset.map_batches(
        Extractor,
        fn_constructor_kwargs={
            "actor_files": [str(p) for p in options.actor_files],
            "published": published,
        },
        batch_size=options.batch_size,
        batch_format="pandas",
        compute=ray.data.ActorPoolStrategy(size=actors or max(1, options.workers)),
        num_cpus=1,
    )
    return analyzed, errors


def ray_ingest(
    paths: Sequence[str],
    store: Store | None,
    options: IngestOptions | None = None,
    *,
    parquet_out: Path | None = None,
    actors: int | None = None,
) -> IngestReport:
    """Extract with Ray and write to ``store`` (idempotent by document id) and/or Parquet.

    Starts a local Ray instance unless one is already initialized (``ray.init(address=...)``
    before calling uses a cluster). Batches are stored and the run journaled through the store's
    one write path (:func:`sitroom.store.write_batch`, as the local engines do); the journal's
    cursor is recorded when the run finishes (rows do not come in input order). Resuming relies
    on document ids: stored documents are skipped when written (Ray re-analyzes them; for cheap
    resumes of huge inputs, split them into several files and ingest the rest).
    """
    ray = _require_ray()
    options = options or IngestOptions()
    started = time.perf_counter()
    if not ray.is_initialized():
        ray.init(num_cpus=max(1, options.workers), include_dashboard=False, log_to_driver=False)
    run = store.start_run(fingerprint(paths, options), list(paths)) if store else None
    report = IngestReport(run_id=run.id if run else 0)
    analyzed, errors = extract_dataset(paths, options, actors=actors)
    report.failures.extend(errors)
    if analyzed is not None:
        if parquet_out is not None and store is not None:
            analyzed = analyzed.materialize()  # analyze once, write twice
        if parquet_out is not None:
            analyzed.write_parquet(str(parquet_out))
        if store is not None and run is not None:
            _write(store, run, analyzed, report, options.commit_every)
    if store is not None and run is not None:
        _flush(store, run, [], report, cursor=report.done + len(errors), finished=True)
    report.seconds = time.perf_counter() - started
    return report


def _write(store: Store, run: IngestRun, analyzed: Any, report: IngestReport, every: int) -> None:
    before = store.merge_totals
    pending: list[tuple[Document, Analysis]] = []
    for row in analyzed.iter_rows():
        report.done += 1
        if row["error"]:
            origin, reason = json.loads(row["error"])
            report.failures.append(IngestError(origin, reason))
            continue
        document = Document.model_validate_json(row["document"])
        pending.append((document, Analysis.model_validate_json(row["analysis"])))
        if len(pending) >= every:
            _flush(store, run, pending, report)
    _flush(store, run, pending, report)
    report.merge = store.merge_totals - before


def _flush(
    store: Store,
    run: IngestRun,
    pending: list[tuple[Document, Analysis]],
    report: IngestReport,
    *,
    cursor: int | None = None,
    finished: bool = False,
) -> None:
    """Store ``pending`` through the store's one write path, as :mod:`sitroom.batch` does.
    Rows do not arrive in input order, so no cursor can be recorded before the run finishes:
    the journal is written by the call that finishes it (a killed run resumes from the
    start, finding stored documents by id)."""
    from sitroom.store import RunCounts, write_batch

    if not pending and not finished:
        return
    before = RunCounts(report.added, report.skipped, report.failed)
    outcome = write_batch(store, run, pending, cursor=cursor, before=before, finished=finished)
    report.added += outcome.added
    report.skipped += outcome.skipped
    for document, reason in outcome.refused:
        report.failures.append(IngestError(document.origin or document.id, reason))
    pending.clear()
