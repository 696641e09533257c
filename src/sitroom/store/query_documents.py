"""Document and place listings, their counts, and the store's table counts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from sitroom.store.base import StoreBase
from sitroom.store.rows import DocumentFilter, DocumentRow, LatestDocument, PlaceFilter, PlaceRow
from sitroom.store.schema import (
    PLACE_IDENTITY,
    actor_activity,
    actor_aliases,
    actors,
    dates,
    document_actors,
    documents,
    event_months,
    events,
    places,
    relations,
)
from sitroom.store.search import matches
from sitroom.store.sql import _as_utc, _bbox_clauses, _contains_all, _page, _words

# The columns of schema.PLACE_IDENTITY.
_PLACE_IDENTITY: list[sa.ColumnElement[Any]] = [places.c[name] for name in PLACE_IDENTITY]


def _place_where(f: PlaceFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.q:
        where.extend(_contains_all(places.c.name, f.q))
    if f.country:
        where.append(places.c.country == f.country.upper())
    if f.admin1:
        where.append(sa.func.lower(places.c.admin1) == f.admin1.casefold())
    if f.document_id:
        where.append(places.c.document_id == f.document_id)
    if f.bbox:
        where.extend(_bbox_clauses(places.c.lon, places.c.lat, f.bbox))
    return where


def _document_where(f: DocumentFilter, dialect: str) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    found = matches(dialect, f.q) if f.q else None
    if found is not None:
        where.append(found)
    elif f.q:
        for word in _words(f.q):
            where.append(
                sa.or_(
                    sa.func.lower(documents.c.title).contains(word, autoescape=True),
                    sa.func.lower(documents.c.text).contains(word, autoescape=True),
                )
            )
    if f.date_from:
        where.append(documents.c.published >= f.date_from)
    if f.date_to:
        where.append(documents.c.published <= f.date_to)
    if f.source:
        where.append(sa.func.lower(documents.c.source) == f.source.casefold())
    return where


class DocumentQueries(StoreBase):
    """Store's document and place listings and table counts."""

    def places(
        self, f: PlaceFilter = PlaceFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[PlaceRow]:
        """Resolved places aggregated over documents, most widely mentioned first."""
        return self._places(f, limit, offset, counted=False)[0]

    def places_page(
        self, f: PlaceFilter = PlaceFilter(), *, limit: int = 100, offset: int = 0
    ) -> tuple[list[PlaceRow], int]:
        """:meth:`places` and :meth:`count_places` of ``f`` from one grouping of the place
        rows (the count is the number of groups, read beside the page)."""
        rows, total = self._places(f, limit, offset, counted=True)
        return rows, self.count_places(f) if total is None else total

    def _places(
        self, f: PlaceFilter, limit: int, offset: int, *, counted: bool
    ) -> tuple[list[PlaceRow], int | None]:
        """The rows of :meth:`places` and, with ``counted``, their total when the page holds a
        row or starts at the first (a page past the end tells no total)."""
        _page(limit, offset)
        identity = _PLACE_IDENTITY
        where = _place_where(f)
        n_documents = sa.func.count(sa.distinct(places.c.document_id))
        n_mentions = sa.func.sum(places.c.n_mentions)
        n_rows = [sa.func.count().over().label("n_rows")] if counted else []
        stmt = (
            sa.select(
                *identity,
                n_documents.label("n_documents"),
                n_mentions.label("n_mentions"),
                *n_rows,
            )
            .where(*where)
            .group_by(*identity)
            .order_by(n_documents.desc(), n_mentions.desc(), *identity)
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
        total = None
        if counted and (rows or offset == 0):
            total = int(rows[0]["n_rows"]) if rows else 0
        for r in rows:
            r.pop("n_rows", None)
        return [PlaceRow.model_validate(r) for r in rows], total

    def count_places(self, f: PlaceFilter = PlaceFilter()) -> int:
        """How many rows :meth:`places` gives for ``f`` without paging."""
        grouped = (
            sa.select(*_PLACE_IDENTITY)
            .where(*_place_where(f))
            .group_by(*_PLACE_IDENTITY)
            .subquery()
        )
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(grouped)).scalar_one())

    def documents(
        self, f: DocumentFilter = DocumentFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[DocumentRow]:
        """Stored documents, most recently published first (undated last)."""
        _page(limit, offset)
        where = _document_where(f, self._engine.dialect.name)
        # Undated last, said so (not as a "published IS NULL" key) to walk ix_documents_listing.
        order = (documents.c.published.desc().nulls_last(), documents.c.id)
        # The page first, then its documents' counts: counting the events and actors of every
        # document to keep a page of them took 0.4-0.6 s at 1,000,000 events (PostgreSQL).
        page = (
            sa.select(documents.c.id)
            .where(*where)
            .order_by(*order)
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        n_events = (
            sa.select(sa.func.count())
            .where(events.c.document_id == documents.c.id)
            .correlate(documents)
            .scalar_subquery()
        )
        n_actors = (
            sa.select(sa.func.count())
            .where(document_actors.c.document_id == documents.c.id)
            .correlate(documents)
            .scalar_subquery()
        )
        stmt = (
            sa.select(
                documents.c.id,
                documents.c.title,
                documents.c.url,
                documents.c.source,
                documents.c.published,
                documents.c.origin,
                documents.c.ingested_at,
                documents.c.text_hash,
                sa.func.length(documents.c.text).label("n_chars"),
                n_events.label("n_events"),
                n_actors.label("n_actors"),
            )
            .select_from(documents.join(page, page.c.id == documents.c.id))
            .order_by(*order)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [
            DocumentRow.model_validate({**r, "ingested_at": _as_utc(r["ingested_at"])})
            for r in rows
        ]

    def count_documents(self, f: DocumentFilter = DocumentFilter()) -> int:
        """How many rows :meth:`documents` gives for ``f`` without paging."""
        stmt = (
            sa.select(sa.func.count())
            .select_from(documents)
            .where(*_document_where(f, self._engine.dialect.name))
        )
        with self._engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def latest_documents(self, limit: int = 10) -> list[LatestDocument]:
        """Documents most recently ingested (not published): what just arrived."""
        _page(limit, 0)
        stmt = (
            sa.select(documents.c.id, documents.c.title, documents.c.published, documents.c.source)
            .order_by(documents.c.ingested_at.desc(), documents.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [LatestDocument(*row) for row in conn.execute(stmt)]

    def stats(self) -> dict[str, int]:
        """Rows per table: documents, actors, aliases, mentions, events, relations, places,
        dates."""
        tables = {
            "documents": documents,
            "actors": actors,
            "aliases": actor_aliases,
            "mentions": document_actors,
            "events": events,
            "relations": relations,
            "places": places,
            "dates": dates,
        }
        # Every event is counted in one row of event_months, every mention in its actor's row
        # of actor_activity: their sums are the counts (counting reads every row: 0.05-0.07 s
        # for a million events on PostgreSQL, 0.06-0.17 s for two million mentions).
        summed = {
            events: sa.select(sa.func.coalesce(sa.func.sum(event_months.c.n_events), 0)),
            document_actors: sa.select(
                sa.func.coalesce(sa.func.sum(actor_activity.c.n_mentions), 0)
            ),
        }
        with self._engine.connect() as conn:
            return {
                name: int(
                    conn.execute(
                        summed.get(t, sa.select(sa.func.count()).select_from(t))
                    ).scalar_one()
                )
                for name, t in tables.items()
            }
