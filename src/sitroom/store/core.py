""":class:`Store`: open a database, add and remove documents; the query methods come from
the ``query_*`` modules, incidents from :mod:`sitroom.store.incidents`, the journal from
:mod:`sitroom.store.journal`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.models import Analysis, Document
from sitroom.store import merging
from sitroom.store.aggregates import _aggregate_added, _rebuild_aggregates
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
from sitroom.store.query_fatalities import FatalityQueries
from sitroom.store.query_relations import RelationQueries
from sitroom.store.reading import DocumentReader
from sitroom.store.schema import SCHEMA_VERSION, _text_hash, documents
from sitroom.store.versions import (
    UpdateQueries,
    _bump_generation,
    _delete_documents,
    _record_update,
    _stored_hashes,
)
from sitroom.store.writes import _check_consistent, _write_documents

WriteResult = Literal["added", "updated", "unchanged"]


class Store(
    IncidentMethods,
    JournalMethods,
    DocumentReader,
    FatalityQueries,
    EventQueries,
    ActorQueries,
    RelationQueries,
    DocumentQueries,
    UpdateQueries,
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
        # Stored documents replaced by a new version of their text through this object.
        self.update_totals = 0
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
        """Store one document and its analysis in one transaction (see :meth:`put`).

        Returns False, changing nothing, when the same text is already stored under its id.
        """
        return self.put(document, analysis) != "unchanged"

    def put(self, document: Document, analysis: Analysis) -> WriteResult:
        """Store one document: ``added``; a new text under a stored id replaces the old
        version, its events and what only it supported (``updated``, listed by
        :meth:`updates`); the same text again changes nothing (``unchanged``)."""
        _check_consistent(document, analysis)
        new_hash = _text_hash(document.text)
        try:
            with self._guard(), self._writer.begin() as conn:
                _lock_writing(conn)
                stored = _stored_hashes(conn, [document.id])
                result: WriteResult = "added"
                if document.id in stored:
                    if stored[document.id] == new_hash:
                        return "unchanged"
                    _delete_documents(conn, [document.id])
                    _record_update(conn, document.id, "updated", stored[document.id], new_hash)
                    result = "updated"
                _write_documents(conn, [(document, analysis)])
                _aggregate_added(conn, [document.id])
                _bump_generation(conn)
        except sa.exc.IntegrityError:
            # Another writer may have stored the same id between our check and our insert.
            if self.has_document(document.id):
                return "unchanged"
            raise
        if result == "updated":
            self.update_totals += 1
        if self.auto_merge:
            # A replaced version dissolved its incidents: their other reports merge again.
            self.merge_new(None if result == "updated" else [document.id])
        return result

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
            replaced = 0
            with self._guard(), self._writer.begin() as conn:
                _lock_writing(conn)
                known = _stored_hashes(conn, [d.id for d, _ in batch])
                fresh: list[tuple[Document, Analysis]] = []
                for document, analysis in batch:
                    new_hash = _text_hash(document.text)
                    if document.id in known:
                        if known[document.id] == new_hash or any(
                            d.id == document.id for d, _ in fresh
                        ):
                            skipped += 1
                            continue
                        # A new version of a stored text replaces it (see put).
                        _delete_documents(conn, [document.id])
                        _record_update(conn, document.id, "updated", known[document.id], new_hash)
                        replaced += 1
                    known[document.id] = new_hash
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
                if stored or replaced:
                    _bump_generation(conn)
            added += len(stored)
            self.update_totals += replaced
            if stored and self.auto_merge:
                self.merge_new(None if replaced else stored)
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
        """Delete a document, everything extracted from it and the actors only it named; the
        removal is listed by :meth:`updates`.

        Incidents that had one of its events are dissolved and their other reports merged
        again, so no incident keeps counts or dates from a removed report.
        """
        with self._guard(), self._writer.begin() as conn:
            _lock_writing(conn)
            previous = _stored_hashes(conn, [doc_id]).get(doc_id)
            removed = bool(_delete_documents(conn, [doc_id]))
            if removed:
                _record_update(conn, doc_id, "removed", previous, None)
                _bump_generation(conn)
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
            _bump_generation(conn)
