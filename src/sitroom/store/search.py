"""Full-text search over documents and events' evidence: SQLite FTS5, PostgreSQL full-text
search.

SQLite: ``documents_fts`` (FTS5, contentless: the index only, the text stays in ``documents``;
since schema 13 without positions, ``detail=none``: a query is word prefixes, never a phrase,
and positions were 85% of the index, 2.4 kB per article) keyed by ``document_search.rowid``,
an INTEGER PRIMARY KEY that VACUUM never renumbers; triggers
on ``documents`` keep both current, so every write path (the store's, bulk SQL loads) is
indexed. PostgreSQL: a GIN index on ``to_tsvector('simple', title || ' ' || text)``.

Events (schema 8): SQLite ``events_fts`` (FTS5, contentless, positions not kept: ``detail=none``)
keyed by ``events.pk`` (an INTEGER PRIMARY KEY, never renumbered), kept by triggers on
``events``; PostgreSQL a GIN index on ``to_tsvector('simple', evidence_text)``.

A query is its words (letters and digits; everything else separates them), each matched as a
word prefix ("bomb" finds "bombing"), all of them required, in the title or the text (an
event's evidence sentence). Words are never passed to the engines' query syntax as written, so
no input can break a query.
"""

from __future__ import annotations

import re
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.store.schema import documents

# Letters and digits only: each is one token of FTS5's unicode61 tokenizer ("_" separates
# there), as a table without positions (detail=none) takes no query of several tokens.
_WORD = re.compile(r"[^\W_]+")
_EVENT_WORD = _WORD
MAX_SEARCH_WORDS = 32
_TS_CONFIG = "simple"  # no stemming, no stop words: names and places match as written

_DOCUMENTS_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    " title, text, content='', detail=none, tokenize='unicode61 remove_diacritics 2')"
)
_FILL_DOCUMENTS_FTS = (
    "INSERT INTO documents_fts(rowid, title, text)"
    " SELECT s.rowid, coalesce(d.title, ''), d.text"
    " FROM document_search s JOIN documents d ON d.id = s.document_id"
)
_SQLITE_DDL = (
    "CREATE TABLE IF NOT EXISTS document_search ("
    " rowid INTEGER PRIMARY KEY, document_id VARCHAR NOT NULL UNIQUE)",
    _DOCUMENTS_FTS_DDL,
    "CREATE TRIGGER IF NOT EXISTS documents_search_insert AFTER INSERT ON documents BEGIN"
    " INSERT INTO document_search(document_id) VALUES (new.id);"
    " INSERT INTO documents_fts(rowid, title, text)"
    "  VALUES ((SELECT rowid FROM document_search WHERE document_id = new.id),"
    "          coalesce(new.title, ''), new.text);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS documents_search_delete AFTER DELETE ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text)"
    "  SELECT 'delete', rowid, coalesce(old.title, ''), old.text FROM document_search"
    "  WHERE document_id = old.id;"
    " DELETE FROM document_search WHERE document_id = old.id;"
    " END",
    "CREATE TRIGGER IF NOT EXISTS documents_search_update AFTER UPDATE OF title, text"
    " ON documents BEGIN"
    " INSERT INTO documents_fts(documents_fts, rowid, title, text)"
    "  SELECT 'delete', rowid, coalesce(old.title, ''), old.text FROM document_search"
    "  WHERE document_id = old.id;"
    " INSERT INTO documents_fts(rowid, title, text)"
    "  SELECT rowid, coalesce(new.title, ''), new.text FROM document_search"
    "  WHERE document_id = new.id;"
    " END",
)


_SQLITE_EVENTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5("
    " evidence, content='', detail=none, tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS events_search_insert AFTER INSERT ON events BEGIN"
    " INSERT INTO events_fts(rowid, evidence) VALUES (new.pk, new.evidence_text);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS events_search_delete AFTER DELETE ON events BEGIN"
    " INSERT INTO events_fts(events_fts, rowid, evidence)"
    "  VALUES ('delete', old.pk, old.evidence_text);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS events_search_update AFTER UPDATE OF pk, evidence_text"
    " ON events BEGIN"
    " INSERT INTO events_fts(events_fts, rowid, evidence)"
    "  VALUES ('delete', old.pk, old.evidence_text);"
    " INSERT INTO events_fts(rowid, evidence) VALUES (new.pk, new.evidence_text);"
    " END",
    # The index's words, read in order (no storage of its own): see _event_fts_query.
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts_terms USING fts5vocab(events_fts, 'instance')",
)
_PG_EVENT_VECTOR = f"to_tsvector('{_TS_CONFIG}', evidence_text)"


def _pg_vector() -> str:
    return f"to_tsvector('{_TS_CONFIG}', coalesce(title, '') || ' ' || text)"


def create_search(conn: Connection) -> None:
    """Create the search index if missing, indexing the documents already stored."""
    if conn.dialect.name == "sqlite":
        existed = "documents_fts" in sa.inspect(conn).get_table_names()
        for ddl in _SQLITE_DDL:
            conn.exec_driver_sql(ddl)
        if not existed:
            conn.exec_driver_sql(
                "INSERT INTO document_search(document_id) SELECT id FROM documents"
            )
            conn.exec_driver_sql(_FILL_DOCUMENTS_FTS)
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_documents_search ON documents"
            f" USING gin ({_pg_vector()})"
        )
    create_event_search(conn)


def drop_document_positions(conn: Connection) -> None:
    """SQLite (schema 13): the documents' index built again without positions
    (``detail=none``), if it kept them; its triggers and keys stay."""
    if conn.dialect.name != "sqlite":
        return
    found = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'"
    ).scalar()
    if found is None or "detail=none" in found:
        return
    conn.exec_driver_sql("DROP TABLE documents_fts")
    conn.exec_driver_sql(_DOCUMENTS_FTS_DDL)
    conn.exec_driver_sql(_FILL_DOCUMENTS_FTS)


def create_event_search(conn: Connection) -> None:
    """Create the events' search index if missing, indexing the events already stored."""
    if conn.dialect.name == "sqlite":
        existed = "events_fts" in sa.inspect(conn).get_table_names()
        for ddl in _SQLITE_EVENTS_DDL:
            conn.exec_driver_sql(ddl)
        if not existed:
            conn.exec_driver_sql(
                "INSERT INTO events_fts(rowid, evidence) SELECT pk, evidence_text FROM events"
            )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_events_search ON events USING gin ({_PG_EVENT_VECTOR})"
        )


def search_words(q: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(q)][:MAX_SEARCH_WORDS]


def matches(dialect: str, q: str) -> sa.ColumnElement[bool] | None:
    """A clause selecting the documents whose title or text hold every word of ``q`` (as word
    prefixes); None when ``q`` has no words or the backend has no full-text search."""
    words = search_words(q)
    if not words:
        return None
    if dialect == "sqlite":
        query = " ".join(f'"{w}"*' for w in words)
        hits = sa.text(
            "SELECT s.document_id FROM documents_fts f"
            " JOIN document_search s ON s.rowid = f.rowid WHERE documents_fts MATCH :fts_query"
        ).bindparams(fts_query=query)
        return documents.c.id.in_(hits.columns(sa.column("document_id")))
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        clause = sa.text(f"{_pg_vector()} @@ to_tsquery('{_TS_CONFIG}', :ts_query)")
        return cast("sa.ColumnElement[bool]", clause.bindparams(ts_query=query))
    return None


def _event_words(q: str) -> list[str]:
    return [w.casefold() for w in _EVENT_WORD.findall(q)][:MAX_SEARCH_WORDS]


_LONGER_TERM = sa.text("SELECT 1 FROM events_fts_terms WHERE term >= :low AND term < :high LIMIT 1")


def _event_fts_query(conn: Connection, words: list[str]) -> str:
    """The FTS5 query of ``words`` as word prefixes. A word that begins no longer word of the
    index is asked as a whole word: the same events, and FTS5 then skips through its list
    instead of building the list of every word it begins (a word held by every event of a
    million: 0.10 s -> 0.01 s)."""
    parts = []
    for w in words:
        if not w.isascii():  # the index holds it folded (diacritics removed): not looked up
            parts.append(f'"{w}"*')
            continue
        # Terms longer than w that begin with it sort from w + "\x01" (no term holds a
        # control character) to w + the highest code point.
        longer = conn.execute(_LONGER_TERM, {"low": w + "\x01", "high": w + "\U0010ffff"})
        parts.append(f'"{w}"*' if longer.first() else f'"{w}"')
    return " ".join(parts)


def count_event_matches(conn: Connection, q: str, *, at_most: int | None = None) -> int | None:
    """How many events :func:`event_matches` selects for ``q``: counted in the SQLite index
    alone (every row of it is an event); on PostgreSQL through the GIN index, never a scan of
    every event, and with ``at_most`` no further than that many matches (each match's row is
    read again, 0.4 s for a word every event of a million holds); None elsewhere or when ``q``
    has no words."""
    words = _event_words(q)
    if conn.dialect.name == "postgresql" and words:
        # A prefix most events hold ("act") looks to the planner like every row, so it read
        # every event and computed its vector (4.6-5.3 s for a million); the index's list of
        # matches needs no vector computed (0.6 s). Set for this one statement's transaction.
        clause = event_matches(conn, q)
        assert clause is not None  # q has words
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        try:
            matched = sa.select(sa.literal(1)).select_from(sa.table("events")).where(clause)
            if at_most is not None:
                matched = matched.limit(at_most)
            counted = sa.select(sa.func.count()).select_from(matched.subquery())
            return int(conn.execute(counted).scalar_one())
        finally:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
    if conn.dialect.name != "sqlite" or not words:
        return None
    stmt = sa.text("SELECT count(*) FROM events_fts WHERE events_fts MATCH :event_query")
    return int(conn.execute(stmt, {"event_query": _event_fts_query(conn, words)}).scalar_one())


_EVENTS_FTS = sa.table("events_fts", sa.column("events_fts"), sa.column("rowid"))


def event_checked(conn: Connection, q: str, pk: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    """SQLite: whether the event of key ``pk`` holds every word of ``q``,
    asked of FTS5 one event at a time (0.1-0.5 ms each at a million events). For a walk of a
    few hundred events when most events match: the list of every match that
    :func:`event_matches` builds costs 0.3 s for a word every event holds."""
    words = _event_words(q)
    if not words:  # as event_matches: no words, no condition
        return sa.true()
    query = _event_fts_query(conn, words)
    match = _EVENTS_FTS.c.events_fts.op("MATCH")(sa.bindparam("event_check", query))
    return sa.exists().where(match, _EVENTS_FTS.c.rowid == pk)


def event_matches(conn: Connection, q: str) -> sa.ColumnElement[bool] | None:
    """A clause selecting the events whose evidence holds every word of ``q`` (as word
    prefixes); None when ``q`` has no words or the backend has no full-text search."""
    words = _event_words(q)
    dialect = conn.dialect.name
    if not words:
        return None
    if dialect == "sqlite":
        # "+pk": the matches are a list the events are checked against, never the rows to
        # read one by one. Read one by one and sorted, a word most events hold (0.47 s for
        # every event of a million) costs more than walking the listing's own index and
        # stopping at the page's end (0.18 s); a word no event holds walks it all (0.07 s).
        clause = sa.text(
            "+events.pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :event_query)"
        )
        query = _event_fts_query(conn, words)
        return cast("sa.ColumnElement[bool]", clause.bindparams(event_query=query))
    if dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        # The index's expression, on the events table by name.
        vector = _PG_EVENT_VECTOR.replace("evidence_text", "events.evidence_text")
        clause = sa.text(f"{vector} @@ to_tsquery('{_TS_CONFIG}', :event_query)")
        return cast("sa.ColumnElement[bool]", clause.bindparams(event_query=query))
    return None
