"""The days a stored relation spans (schema 8), so a time window finds its relations through an
index instead of reading every relation with its document.

A relation's period is ``start`` (else its document's publication date) to ``end`` (else
``start``, else the publication date): strings of a year, a month or a day, compared as
strings by the time-window queries (a period lasting until its last day, see
:func:`sitroom.store.query_relations._date_window`). ``first_day`` and ``last_day`` are that
period's first and last day: for these forms, comparing them with a window's days gives what
comparing the strings gives. A relation whose days span at most SHORT_SPAN_DAYS is found through
the index on (``long_span``, ``first_day``); the others (``long_span`` true, or null for rows
written around the store) are checked one by one on the strings, as before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.schema import SHORT_SPAN_DAYS, documents, relations

_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bounds(period: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a year, month or day string; None for anything else."""
    m = _PERIOD.fullmatch(period or "")
    if m is None:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1), dt.date(year, int(month), last)
        one = dt.date(year, int(month), int(day))
    except ValueError:
        return None
    return one, one


def relation_span(
    start: str | None, end: str | None, published: dt.date | str | None
) -> dict[str, Any]:
    """The ``first_day``, ``last_day`` and ``long_span`` values of a stored relation."""
    if isinstance(published, dt.date):
        published = published.isoformat()
    first, last = _bounds(start or published), _bounds(end or start or published)
    if first is None or last is None:
        return {"first_day": None, "last_day": None, "long_span": True}
    low, high = first[0], last[1]
    short = 0 <= (high - low).days <= SHORT_SPAN_DAYS
    return {"first_day": low.isoformat(), "last_day": high.isoformat(), "long_span": not short}


def fill_relation_spans(conn: Connection, batch_size: int = 5000) -> None:
    """Set the span columns of every stored relation (the v7 -> v8 migration)."""
    r = relations.c
    stmt = (
        sa.select(r.pk, r.start, r.end, documents.c.published)
        .join(documents, documents.c.id == r.document_id)
        .order_by(r.pk)
        .limit(batch_size)
    )
    update = (
        relations.update()
        .where(r.pk == sa.bindparam("relation_pk"))
        .values(
            first_day=sa.bindparam("first_day"),
            last_day=sa.bindparam("last_day"),
            long_span=sa.bindparam("long_span"),
        )
    )
    last_pk = None
    while True:
        page = stmt if last_pk is None else stmt.where(r.pk > last_pk)
        rows = conn.execute(page).all()
        if not rows:
            return
        conn.execute(
            update,
            [{"relation_pk": pk, **relation_span(s, e, p)} for pk, s, e, p in rows],
        )
        last_pk = rows[-1][0]


def relations_in_window(
    where: list[sa.ColumnElement[bool]],
    date_from: dt.date | None,
    date_to: dt.date | None,
    window: list[sa.ColumnElement[bool]],
) -> sa.Subquery:
    """The stored relations (with their document's publication date as ``published``)
    matching ``where`` whose period overlaps the window: ``window`` (the conditions on the
    strings) checked on the long spans, the days compared on the short ones through the index
    on (long_span, first_day): overlapping, a short span starts at most SHORT_SPAN_DAYS before
    the window."""
    r = relations.c
    short = [r.long_span == sa.false()]
    if date_to:
        short.append(r.first_day <= date_to.isoformat())
    if date_from:
        short.append(r.last_day >= date_from.isoformat())
        reach = dt.timedelta(days=SHORT_SPAN_DAYS)
        earliest = date_from - reach if date_from - dt.date.min > reach else dt.date.min
        short.append(r.first_day >= earliest.isoformat())
    joined = relations.join(documents, documents.c.id == r.document_id)
    names = ("document_id", "source", "target", "type", "origin", "status", "start", "end")
    columns: list[Any] = [*(r[n] for n in names), documents.c.published]
    return sa.union_all(
        sa.select(*columns).select_from(joined).where(*short, *where),
        sa.select(*columns).select_from(joined).where(r.long_span == sa.true(), *window, *where),
        sa.select(*columns).select_from(joined).where(r.long_span.is_(None), *window, *where),
    ).subquery()
