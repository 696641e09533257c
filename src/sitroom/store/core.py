""":class:`Store`: open a database, add and remove documents; the query methods come from
the ``query_*`` modules, incidents from :mod:`sitroom.store.incidents`, the journal from
:mod:`sitroom.store.journal`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.models import Analysis, Document
from sitroom.store import merging
from sitroom.store.aggregates import (
    _aggregate_added,
    _apply_share,
    _events_of,
    _rebuild_aggregates,
    _recompute_relation_totals,
    _relation_keys,
    _share,
)
from sitroom.store.backends import (
    _WRITER_OPTION,
    DEFAULT_URL,
    _batched,
    _create_engine,
    _lock_writing,
    _require_sqlite_file,
    database_url,
)
from sitroom.store.incidents import IncidentMethods
from sitroom.store.journal import JournalMethods
from sitroom.store.migrations import _prepare_schema, _stored_version
from sitroom.store.query_actors import ActorQueries
from sitroom.store.query_documents import DocumentQueries
from sitroom.store.query_events import EventQueries
from sitroom.store.query_relations import RelationQueries
from sitroom.store.reading import DocumentReader
from sitroom.store.schema import SCHEMA_VERSION, documents, incident_members, incidents
from sitroom.store.writes import _check_consistent, _write_documents


class Store(
    IncidentMethods,
    JournalMethods,
    DocumentReader,
    EventQueries,
    ActorQueries,
    RelationQueries,
    DocumentQueries,
):
    """A sitroom database: add analyses, read them back, query across documents."""

    def __init__(
        self,
        url: str | Path = DEFAULT_URL,
        *,
        create: bool = True,
        batch_size: int = 200,
        auto_merge: bool = True,
    ) -> None:
        """Open (and with ``create``, set up or upgrade) the store at ``url``.

        ``auto_merge``: merge the events of every added document into incidents right after
        it is stored (:meth:`merge_new`); switch it off for bulk loads and merge once at the end.
        """
        self.url = database_url(url)
        self.batch_size = batch_size
        self.auto_merge = auto_merge
        # What merge_new did through this object, summed (the ingest report shows it).
        self.merge_totals = merging.MergeSummary()
        if not create:
            _require_sqlite_file(self.url)
        self._engine = _create_engine(self.url)
        self._writer = self._engine.execution_options(**{_WRITER_OPTION: True})
        try:
            with self._guard():
                # Check under a read transaction first: opening an up-to-date store must not
                # wait for the write lock another process may hold.
                with self._engine.connect() as conn:
                    up_to_date = _stored_version(conn) == SCHEMA_VERSION
                if not up_to_date:
                    with self._writer.begin() as conn:
                        _prepare_schema(conn, create=create)
        except BaseException:
            self._engine.dispose()
            raise

    def schema_version(self) -> int:
        with self._engine.connect() as conn:
            return _stored_version(conn) or 0

    def has_document(self, doc_id: str) -> bool:
        with self._engine.connect() as conn:
            return self._has_document(conn, doc_id)

    @staticmethod
    def _has_document(conn: Connection, doc_id: str) -> bool:
        found = conn.execute(sa.select(documents.c.id).where(documents.c.id == doc_id)).first()
        return found is not None

    def add(self, document: Document, analysis: Analysis) -> bool:
        """Store one document and its analysis in one transaction.

        Returns False, changing nothing, when the document id is already stored.
        """
        _check_consistent(document, analysis)
        try:
            with self._guard(), self._writer.begin() as conn:
                _lock_writing(conn)
                if self._has_document(conn, document.id):
                    return False
                _write_documents(conn, [(document, analysis)])
                _aggregate_added(conn, [document.id])
        except sa.exc.IntegrityError:
            # Another writer may have stored the same id between our check and our insert.
            if self.has_document(document.id):
                return False
            raise
        if self.auto_merge:
            self.merge_new([document.id])
        return True

    def add_many(self, items: Iterable[tuple[Document, Analysis]]) -> tuple[int, int]:
        """Store many documents, ``batch_size`` per transaction; returns (added, skipped).

        Each batch is checked before it is written: an inconsistent pair raises ValueError and
        that batch is not stored (earlier batches are). A batch is written with one statement
        per table; if that breaks a constraint, it is rolled back and written again one
        document per savepoint, so a document that fails to store leaves no partial rows and
        costs only itself.
        """
        added = skipped = 0
        for batch in _batched(items, self.batch_size):
            for document, analysis in batch:
                _check_consistent(document, analysis)
            stored: list[str] = []
            with self._guard(), self._writer.begin() as conn:
                _lock_writing(conn)
                known = self._stored_ids(conn, [d.id for d, _ in batch])
                fresh: list[tuple[Document, Analysis]] = []
                for document, analysis in batch:
                    if document.id in known:
                        skipped += 1
                        continue
                    known.add(document.id)
                    fresh.append((document, analysis))
                try:
                    with conn.begin_nested():
                        _write_documents(conn, fresh)
                except sa.exc.IntegrityError:
                    for document, analysis in fresh:
                        try:
                            with conn.begin_nested():
                                _write_documents(conn, [(document, analysis)])
                        except sa.exc.IntegrityError:
                            if not self._has_document(conn, document.id):
                                raise
                            skipped += 1
                        else:
                            stored.append(document.id)
                else:
                    stored = [document.id for document, _ in fresh]
                _aggregate_added(conn, stored)
            added += len(stored)
            if stored and self.auto_merge:
                self.merge_new(stored)
        return added, skipped

    @staticmethod
    def _stored_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored: one query per 500 ids instead of one per document."""
        found: set[str] = set()
        for chunk in _batched(dict.fromkeys(ids), 500):
            found.update(
                conn.execute(sa.select(documents.c.id).where(documents.c.id.in_(chunk))).scalars()
            )
        return found

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        with self._guard(), self._engine.connect() as conn:
            return self._stored_ids(conn, list(ids))

    def remove(self, doc_id: str) -> bool:
        """Delete a document and everything extracted from it (actors stay: they are global).

        Incidents that had one of its events are dissolved and their other reports merged
        again, so no incident keeps counts or dates from a removed report.
        """
        with self._guard(), self._writer.begin() as conn:
            _lock_writing(conn)
            # What the document adds to the aggregates, read before its rows go.
            share = _share(conn, [doc_id])
            keys = _relation_keys(share)
            touched = sa.select(incident_members.c.incident_id).where(
                incident_members.c.event_pk.in_(_events_of([doc_id]))
            )
            conn.execute(incidents.delete().where(incidents.c.id.in_(touched)))
            result = conn.execute(documents.delete().where(documents.c.id == doc_id))
            removed = bool(result.rowcount)
            if removed:
                _apply_share(conn, share, -1)
                _recompute_relation_totals(conn, keys)
        if removed and self.auto_merge:
            self.merge_new()
        return removed

    def rebuild_aggregates(self) -> None:
        """Recompute the aggregate tables from the stored documents.

        Writes through the store keep them current; this is for rows written around it (bulk
        SQL loads) and takes about as long as reading every event once.
        """
        with self._guard(), self._writer.begin() as conn:
            _lock_writing(conn)
            _rebuild_aggregates(conn)
