"""The ingest journal and the one write path of every ingest engine.

Each ``ingest`` run has a row in ``ingest_runs`` with how far through its inputs it got, so an
interrupted run can resume without analyzing finished inputs again. :func:`write_batch` is the
only way the ingest engines (in-process, multi-process in :mod:`sitroom.batch`, Ray in
:mod:`sitroom.distributed`) store documents: it stores a batch (isolating documents the store
refuses) and then records the run's progress, so every engine keeps the journal the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping

from sitroom.models import Analysis, Document
from sitroom.store.base import StoreBase
from sitroom.store.errors import StoreUnavailableError
from sitroom.store.rows import IngestRun
from sitroom.store.schema import ingest_runs
from sitroom.store.sql import _as_utc

if TYPE_CHECKING:
    from sitroom.store.core import Store


def _ingest_run(row: RowMapping) -> IngestRun:
    return IngestRun(
        id=row["id"],
        fingerprint=row["fingerprint"],
        inputs=list(row["inputs"]),
        cursor=row["cursor"],
        added=row["added"],
        skipped=row["skipped"],
        failed=row["failed"],
        started_at=_as_utc(row["started_at"]),
        finished_at=None if row["finished_at"] is None else _as_utc(row["finished_at"]),
    )


class JournalMethods(StoreBase):
    """Store's ingest journal: runs, their cursor and counts."""

    def start_run(self, fingerprint: str, inputs: Sequence[str]) -> IngestRun:
        now = dt.datetime.now(dt.UTC)
        values = {
            "fingerprint": fingerprint,
            "inputs": list(inputs),
            "started_at": now,
            "updated_at": now,
            "cursor": 0,
            "added": 0,
            "skipped": 0,
            "failed": 0,
        }
        with self._guard(), self._writer.begin() as conn:
            run_id = conn.execute(
                ingest_runs.insert().values(values).returning(ingest_runs.c.id)
            ).scalar_one()
        return IngestRun(
            id=run_id,
            fingerprint=fingerprint,
            inputs=list(inputs),
            cursor=0,
            added=0,
            skipped=0,
            failed=0,
            started_at=now,
            finished_at=None,
        )

    def unfinished_run(self, fingerprint: str) -> IngestRun | None:
        """The latest run over the same inputs that did not finish."""
        with self._guard(), self._engine.connect() as conn:
            row = (
                conn.execute(
                    sa.select(ingest_runs)
                    .where(
                        ingest_runs.c.fingerprint == fingerprint,
                        ingest_runs.c.finished_at.is_(None),
                    )
                    .order_by(ingest_runs.c.id.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
        return None if row is None else _ingest_run(row)

    def runs(self, limit: int = 20) -> list[IngestRun]:
        with self._guard(), self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(limit)
            ).mappings()
            return [_ingest_run(r) for r in rows]

    def advance_run(
        self, run_id: int, *, cursor: int, added: int, skipped: int, failed: int, finished: bool
    ) -> None:
        """Record progress: the first ``cursor`` inputs are done (and the run, if ``finished``)."""
        now = dt.datetime.now(dt.UTC)
        values: dict[str, Any] = {
            "cursor": cursor,
            "added": added,
            "skipped": skipped,
            "failed": failed,
            "updated_at": now,
        }
        if finished:
            values["finished_at"] = now
        with self._guard(), self._writer.begin() as conn:
            conn.execute(ingest_runs.update().where(ingest_runs.c.id == run_id).values(values))


@dataclass(frozen=True)
class RunCounts:
    """Inputs a run has stored, found already stored, and failed on (bad inputs included)."""

    added: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class BatchOutcome:
    """What :func:`write_batch` did with one batch."""

    added: int = 0
    skipped: int = 0  # already stored with the same text
    updated: int = 0  # of ``added``: new versions that replaced a stored text
    # Documents the store refused, each with its reason ("could not be stored (...)").
    refused: list[tuple[Document, str]] = field(default_factory=list)


def write_batch(
    store: Store,
    run: IngestRun,
    items: Sequence[tuple[Document, Analysis]],
    *,
    cursor: int | None,
    before: RunCounts = RunCounts(),
    finished: bool = False,
) -> BatchOutcome:
    """Store ``items`` and then record the run's progress in the journal.

    The one write path of every ingest engine. The batch goes in with :meth:`Store.add_many`;
    when the store refuses it (a constraint, an inconsistent analysis), the documents are
    stored one by one and those at fault come back in :attr:`BatchOutcome.refused`. Only
    :class:`StoreUnavailableError` (the database is gone) propagates.

    The journal then says that the first ``cursor`` inputs are done and counts over every
    attempt of the run: ``run``'s counts when it was started or resumed, plus ``before`` (this
    attempt's counts before the batch), plus the batch's. The counts always describe the inputs
    before the recorded cursor (a resumed run handles the rest again and counts them then), so
    with ``cursor=None`` (an engine whose results do not come in input order) the journal is
    left as it is until the call that ``finished`` the run.
    """
    outcome = BatchOutcome()
    if items:
        try:
            replaced_before = store.update_totals
            outcome.added, outcome.skipped = store.add_many(items)
            outcome.updated = store.update_totals - replaced_before
        except StoreUnavailableError:
            raise
        except Exception:
            _one_by_one(store, items, outcome)
    if cursor is not None or finished:
        store.advance_run(
            run.id,
            cursor=run.cursor if cursor is None else cursor,
            added=run.added + before.added + outcome.added,
            skipped=run.skipped + before.skipped + outcome.skipped,
            failed=run.failed + before.failed + len(outcome.refused),
            finished=finished,
        )
    return outcome


def _one_by_one(
    store: Store, items: Sequence[tuple[Document, Analysis]], outcome: BatchOutcome
) -> None:
    """A batch the store refused: find the documents at fault and keep the rest."""
    for document, analysis in items:
        try:
            if store.add(document, analysis):
                outcome.added += 1
            else:
                outcome.skipped += 1
        except StoreUnavailableError:
            raise
        except Exception as exc:
            outcome.refused.append((document, f"could not be stored ({type(exc).__name__}: {exc})"))
