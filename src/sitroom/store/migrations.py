"""Schema versions: create a new store, upgrade an older one in place, refuse a newer one.

On open, an older version is upgraded by the ordered functions in :data:`MIGRATIONS` (one
transaction); a newer version than :data:`~sitroom.store.schema.SCHEMA_VERSION` is refused with
:class:`~sitroom.store.errors.SchemaVersionError`.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitroom.models import Span
from sitroom.store.aggregates import (
    _fill_keyed_aggregates,
    _fill_located_counts,
    _fill_mention_counts,
    _rebuild_aggregates,
)
from sitroom.store.backends import _lock_writing
from sitroom.store.errors import SchemaVersionError, StoreError
from sitroom.store.incident_totals import _rebuild_actor_totals, _rebuild_incident_totals
from sitroom.store.relation_spans import fill_relation_spans
from sitroom.store.schema import (
    AGGREGATE_TABLES,
    SCHEMA_VERSION,
    _text_hash,
    actor_activity,
    actor_alias_lists,
    actor_aliases,
    actor_incident_totals,
    actors,
    dates,
    document_actors,
    documents,
    event_months,
    events,
    incident_totals,
    incident_window_is_long,
    incidents,
    meta_table,
    metadata,
    places,
    relation_status_totals,
    relations,
)
from sitroom.store.search import create_event_search, create_search, drop_document_positions
from sitroom.store.spans import pack_spans, span_text, unpack_spans


def _add_column(conn: Connection, table: sa.Table, name: str) -> None:
    """ALTER TABLE ... ADD COLUMN for a column of the current schema, unless it already exists.

    Identifiers and types come from the schema above, never from user input.
    """
    existing = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    if name in existing:
        return
    column = table.c[name]
    quote = conn.dialect.identifier_preparer.quote
    ddl = column.type.compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(name)} {ddl}")


def _migrate_0_to_1(conn: Connection) -> None:
    """Version 0 is the unversioned prototype layout: no ``meta`` and ``dates`` tables (created
    afterwards by ``create_all``), no ``documents.text_hash``, no ``events.target_text`` or
    ``events.speaker``."""
    _add_column(conn, documents, "text_hash")
    _add_column(conn, events, "target_text")
    _add_column(conn, events, "speaker")
    rows = conn.execute(sa.select(documents.c.id, documents.c.text)).all()
    for doc_id, text in rows:
        conn.execute(
            documents.update().where(documents.c.id == doc_id).values(text_hash=_text_hash(text))
        )


def _migrate_1_to_2(conn: Connection) -> None:
    """Version 2 adds ``incidents``, ``incident_members`` and ``ingest_runs`` (created by
    ``create_all`` afterwards). Events stored before have no incident yet: the next
    :meth:`Store.merge_new` merges them like any new event."""


def _migrate_2_to_3(conn: Connection) -> None:
    """Version 3 adds the aggregate tables (:data:`AGGREGATE_TABLES`), filled here from the
    stored documents."""
    metadata.create_all(conn, tables=list(AGGREGATE_TABLES), checkfirst=True)
    _rebuild_aggregates(conn)


def _migrate_3_to_4(conn: Connection) -> None:
    """Version 4 adds ``document_updates``, the update feed (created by ``create_all``), and
    the full-text search index (:mod:`sitroom.store.search`, filled by ``create_search``); actor
    rows no longer carry a role or affiliation of their own: those are per document and dated
    (``document_actors``), so the values one document wrote into the global row are cleared."""
    conn.execute(actors.update().values(role=None, affiliation=None))
    metadata.create_all(conn, tables=[incident_totals], checkfirst=True)
    _rebuild_incident_totals(conn)


def _migrate_4_to_5(conn: Connection) -> None:
    """Version 5 stores three event fields the analysis gained: ``act`` (what a speech act
    speaks of), ``source_basis`` (how the sources are known) and ``salience``. Events stored
    before have none of them (null), as their analysis did not."""
    present = {c["name"] for c in sa.inspect(conn).get_columns("events")}
    for name in ("act", "source_basis", "salience"):
        if name in present:  # a database laid out by a newer table definition already has it
            continue
        column = events.c[name]
        kind = column.type.compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE events ADD COLUMN {name} {kind}"))


def _migrate_5_to_6(conn: Connection) -> None:
    """Version 6 keys the aggregates by what the web views split them by: ``event_months``
    gains ``precision`` and ``status`` (and rows for the events no month holds), the new
    ``relation_status_totals`` splits ``relation_totals`` by status; both are filled here from
    the stored rows. Incidents gain ``long_window``, and the merge's candidate index becomes
    ``ix_incidents_window`` (country, type, long_window, match_from)."""
    event_months.drop(conn, checkfirst=True)  # its primary key changes
    metadata.create_all(conn, tables=[event_months, relation_status_totals], checkfirst=True)
    _fill_keyed_aggregates(conn)
    if "incidents" not in sa.inspect(conn).get_table_names():
        return  # a version-0 or -1 store: create_all lays it out afterwards
    # Added nullable (SQLite adds no NOT NULL column without a default), filled below.
    _add_column(conn, incidents, "long_window")
    conn.execute(incidents.update().values(long_window=False))
    rows = conn.execute(
        sa.select(incidents.c.id, incidents.c.match_from, incidents.c.match_to).where(
            incidents.c.match_from.is_not(None), incidents.c.match_to.is_not(None)
        )
    ).all()
    long = [{"incident_pk": i} for i, low, high in rows if incident_window_is_long(low, high)]
    if long:
        conn.execute(
            incidents.update()
            .where(incidents.c.id == sa.bindparam("incident_pk"))
            .values(long_window=True),
            long,
        )
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_incidents_candidates")


# The indexes version 7 adds to ``events``.
V7_EVENT_INDEXES = ("ix_events_date_salience", "ix_events_killed", "ix_events_killed_asc")


def _migrate_6_to_7(conn: Connection) -> None:
    """Version 7 indexes the events listing's slow orders and filters: ``ix_events_killed``
    and ``ix_events_killed_asc`` (the listing by fatalities, most and fewest first) and
    ``ix_events_date_salience``, the date index with the salience added, which replaces
    ``ix_events_date`` (a salience filter walking the events by date rejects them in the
    index); ``incident_totals`` is keyed by country, admin1 and month too (the fatality totals
    grouped by them), refilled here from the incidents. Built in place: 6 s for a million
    events on SQLite."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_date")
    for index in events.indexes:
        if index.name in V7_EVENT_INDEXES:
            _create_index(conn, index)  # ix_events_killed: the dialect's own form
    incident_totals.drop(conn, checkfirst=True)  # its primary key changes
    metadata.create_all(conn, tables=[incident_totals], checkfirst=True)
    if "incidents" in sa.inspect(conn).get_table_names():
        _rebuild_incident_totals(conn)


def _migrate_7_to_8(conn: Connection) -> None:
    """Version 8 keeps the fatality totals per perpetrator (``actor_incident_totals``, filled
    here from the incidents) and indexes the events' evidence for word search
    (:func:`~sitroom.store.search.create_event_search`: SQLite ``events_fts``, PostgreSQL
    ``ix_events_search``); stored relations gain the first and last day of their period
    (:mod:`sitroom.store.relation_spans`, filled here), indexed for time windows."""
    metadata.create_all(conn, tables=[actor_incident_totals], checkfirst=True)
    tables = set(sa.inspect(conn).get_table_names())
    if "incidents" in tables:
        _rebuild_actor_totals(conn)
    if "events" in tables:
        create_event_search(conn)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_interactions_window")  # now covering
    for name in ("first_day", "last_day", "long_span"):
        _add_column(conn, relations, name)
    fill_relation_spans(conn)


V9_INDEXES = (
    "ix_documents_listing",
    "ix_documents_ingested",
    "ix_events_date_desc",
    "ix_events_span",
    "ix_events_type_country",
)


def _migrate_8_to_9(conn: Connection) -> None:
    """Version 9 indexes the listings PostgreSQL sorted in full: the documents most recently
    published first and most recently ingested first (both dialects), and the events latest
    first (``ix_events_date_desc``), and the events' date spans (``ix_events_span``), which bound
    where a date window starts on the date index (both PostgreSQL only: SQLite walks the date
    index backwards, and stops early enough in a window); ``ix_events_type_country`` replaces
    ``ix_events_type`` (the country added: counts by type and country off the index alone)."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_events_type")
    for table in (documents, events):
        for index in table.indexes:
            if index.name in V9_INDEXES:
                _create_index(conn, index)  # each dialect's own form, or none


def _migrate_9_to_10(conn: Connection) -> None:
    """Version 10 counts two more things in the aggregates, so whole-store totals are read, not
    counted: ``actor_activity.n_mentions`` (the mentions' count of ``Store.stats``) and
    ``event_months.n_located`` (the events with coordinates, the map's total); both filled
    here (for a million events: one pass over the mentions and one over the events). The
    mentions' counts are filled by version 13, which moves the mentions."""
    tables = set(sa.inspect(conn).get_table_names())
    for table, name in ((actor_activity, "n_mentions"), (event_months, "n_located")):
        if table.name not in tables:
            continue  # an older store whose tables create_all lays out afterwards
        present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        if name not in present:
            # Names from the schema above; NOT NULL DEFAULT 0 is valid on both dialects.
            conn.exec_driver_sql(
                f"ALTER TABLE {table.name} ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0"
            )
    if {"event_months", "events"} <= tables:
        _fill_located_counts(conn)


def _migrate_10_to_11(conn: Connection) -> None:
    """Version 11 stores how an event's targets are known (``target_basis``: stated, or
    inferred from the article around its sentence); events stored before have none (null)."""
    if "events" in sa.inspect(conn).get_table_names():
        _add_column(conn, events, "target_basis")


V12_INDEXES = ("ix_events_span", "ix_places_identity")


def _migrate_11_to_12(conn: Connection) -> None:
    """Version 12 indexes the events' date spans on SQLite too (``ix_events_span``, in Julian
    days: a date window's start on the date index, as on PostgreSQL since version 9) and the
    places' identity with their documents and mentions (``ix_places_identity``, both dialects:
    the places listing grouped off the index). Indexes only (for a million events, about 3 s
    on SQLite)."""
    for table in (events, places):
        for index in table.indexes:
            if index.name in V12_INDEXES:
                _create_index(conn, index)  # each dialect's own form


# The table of one row per mention that version 13 folds into document_actors.mentions.
LEGACY_MENTIONS = sa.Table(
    "mentions",
    sa.MetaData(),
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String, nullable=False),
    sa.Column("actor_id", sa.String, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_mentions_document_actor", "document_id", "actor_id"),
)
# The spans kept in columns (table, the span's columns) and in JSON lists (table, column).
V13_SPAN_COLUMNS = (
    (dates, ("mention_start", "mention_end", "mention_text")),
    (events, ("trigger_start", "trigger_end", "trigger_text")),
)
V13_SPAN_LISTS = ((places, "mentions"), (relations, "evidence"), (events, "more_evidence"))
_V13_CHUNK = 2000


def _drop_span_texts(conn: Connection, table: sa.Table, names: tuple[str, str, str]) -> None:
    """A span column's text becomes "" where it is the document's characters at its offsets
    (one UPDATE; SQLite and PostgreSQL both count substr in characters, as Python does)."""
    start, end, text = (table.c[n] for n in names)
    doc_text = (
        sa.select(documents.c.text).where(documents.c.id == table.c.document_id).scalar_subquery()
    )
    # CASE: substr never sees a negative length (PostgreSQL refuses it) or offset.
    sliced = sa.case(
        (sa.and_(start >= 0, end >= start), sa.func.substr(doc_text, start + 1, end - start)),
        else_=None,
    )
    conn.execute(table.update().where(text != "", text == sliced).values({text: ""}))


def _pack_span_lists(conn: Connection, table: sa.Table, column: str) -> None:
    """A JSON list of span objects becomes ``[start, end]`` pairs (store.spans.pack_spans),
    a chunk of rows at a time, each with its document's text."""
    last = 0
    while True:
        rows = conn.execute(
            sa.select(table.c.pk, table.c.document_id, table.c[column])
            .where(table.c.pk > last)
            .order_by(table.c.pk)
            .limit(_V13_CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        todo = [r for r in rows if any(isinstance(s, dict) for s in r[2])]
        if not todo:
            continue
        doc_ids = sorted({r[1] for r in todo})
        texts = dict(
            conn.execute(
                sa.select(documents.c.id, documents.c.text).where(documents.c.id.in_(doc_ids))
            ).all()
        )
        conn.execute(
            table.update().where(table.c.pk == sa.bindparam("b_pk")),
            [
                {"b_pk": pk, column: pack_spans(unpack_spans(spans, texts[doc]), texts[doc])}
                for pk, doc, spans in todo
            ],
        )


def _fold_mentions(conn: Connection) -> None:
    """Each document actor's mentions (``mentions`` rows, in their order) become its
    ``document_actors.mentions`` list, documents a chunk at a time; then the table goes.
    A mention of an actor its document does not list (only a write around the store makes
    one) has no row to go to and is not kept."""
    m = LEGACY_MENTIONS
    last: str | None = None
    while True:
        page = sa.select(documents.c.id, documents.c.text).order_by(documents.c.id).limit(500)
        if last is not None:
            page = page.where(documents.c.id > last)
        chunk = conn.execute(page).all()
        if not chunk:
            break
        last = chunk[-1][0]  # the database's order (PostgreSQL's collation is not Python's)
        texts = dict(chunk)
        spans: dict[tuple[str, str], list[Span]] = {}
        rows = conn.execute(
            sa.select(m.c.document_id, m.c.actor_id, m.c.start, m.c.end, m.c.text)
            .where(m.c.document_id.in_(list(texts)))
            .order_by(m.c.document_id, m.c.actor_id, m.c.position)
        )
        for doc, actor, start, end, text in rows:
            whole = span_text(text, start, end, texts[doc])  # "" if an earlier run packed it
            spans.setdefault((doc, actor), []).append(Span(start=start, end=end, text=whole))
        if spans:
            conn.execute(
                document_actors.update()
                .where(
                    document_actors.c.document_id == sa.bindparam("b_doc"),
                    document_actors.c.actor_id == sa.bindparam("b_actor"),
                )
                .values(mentions=sa.bindparam("b_mentions", type_=document_actors.c.mentions.type)),
                [
                    {"b_doc": doc, "b_actor": actor, "b_mentions": pack_spans(found, texts[doc])}
                    for (doc, actor), found in spans.items()
                ],
            )
    m.drop(conn)


def _refer_to_alias_lists(conn: Connection) -> None:
    """Each actor's reference list of aliases is the list of its first document (by id); the
    document rows holding the same list (the same JSON text) refer to it (JSON null)."""
    actor_alias_lists.create(conn, checkfirst=True)
    other = document_actors.alias("other")
    first_document = (
        sa.select(sa.func.min(other.c.document_id))
        .where(other.c.actor_id == document_actors.c.actor_id)
        .scalar_subquery()
    )
    listed = sa.select(actor_alias_lists.c.actor_id)
    conn.execute(
        actor_alias_lists.insert().from_select(
            ["actor_id", "aliases"],
            sa.select(document_actors.c.actor_id, document_actors.c.aliases).where(
                document_actors.c.document_id == first_document,
                document_actors.c.actor_id.not_in(listed),
            ),
        )
    )
    reference = (
        sa.select(sa.cast(actor_alias_lists.c.aliases, sa.Text))
        .where(actor_alias_lists.c.actor_id == document_actors.c.actor_id)
        .scalar_subquery()
    )
    conn.execute(
        document_actors.update()
        .where(sa.cast(document_actors.c.aliases, sa.Text) == reference)
        .values(aliases=None)  # JSON null (the column is NOT NULL)
    )


def _without_rowid(conn: Connection, table: sa.Table) -> None:
    """SQLite: ``table`` laid out again WITHOUT ROWID (its rows in its key's order); its
    indexes are built again by ``_create_missing``. No other table refers to it."""
    if conn.dialect.name != "sqlite":
        return
    ddl = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table.name,)
    ).scalar()
    if ddl is None or "WITHOUT ROWID" in ddl.upper():
        return
    named = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table.name,),
    ).scalars()
    for index in list(named):  # names from sqlite_master, the schema's own
        conn.exec_driver_sql(f'DROP INDEX "{index}"')
    old = f"{table.name}_v12"
    conn.exec_driver_sql(f'ALTER TABLE "{table.name}" RENAME TO "{old}"')
    conn.execute(sa.schema.CreateTable(table))  # the table alone: indexes come afterwards
    columns = ", ".join(f'"{c.name}"' for c in table.c)
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM "{old}"')
    conn.exec_driver_sql(f'DROP TABLE "{old}"')


def _migrate_12_to_13(conn: Connection) -> None:
    """Version 13 keeps spans as offsets into the stored document text (store.spans): a span
    column's text is "" where the document's characters at its offsets are the text, and the
    JSON lists of spans hold ``[start, end]`` pairs; the mentions move into their document's
    actor rows (``document_actors.mentions``) and the ``mentions`` table goes; a document's
    actor row refers to the actor's reference list of aliases (``actor_alias_lists``) when it
    holds the same list; SQLite's word index of the documents drops its positions. The rows
    are rewritten in place; on
    SQLite the freed pages are reused by later writes (``VACUUM`` gives them back to the file
    system)."""
    tables = set(sa.inspect(conn).get_table_names())
    if "documents" not in tables:
        return
    if "document_actors" in tables:
        _add_column(conn, document_actors, "mentions")
        if "mentions" in tables:
            _fold_mentions(conn)
        if "actor_activity" in tables:
            _fill_mention_counts(conn)
        _refer_to_alias_lists(conn)
    for table, names in V13_SPAN_COLUMNS:
        if table.name in tables:
            _drop_span_texts(conn, table, names)
    for table, column in V13_SPAN_LISTS:
        if table.name in tables:
            _pack_span_lists(conn, table, column)
    drop_document_positions(conn)
    for table in (document_actors, actor_aliases):
        if table.name in tables:
            _without_rowid(conn, table)


def _create_index(conn: Connection, index: sa.Index) -> None:
    """``index.create(checkfirst=True)``, but on SQLite checked by name in ``sqlite_master``:
    SQLAlchemy's reflection skips (with a warning) an index on expressions
    (``ix_events_span``), so ``checkfirst`` would create it again."""
    if conn.dialect.name != "sqlite":
        index.create(conn, checkfirst=True)
        return
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (index.name,)
    ).first()
    if found is None:
        index.create(conn)  # skipped (ddl_if) when the index is another dialect's


# MIGRATIONS[v] upgrades a database from version v to v + 1.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
    _migrate_4_to_5,
    _migrate_5_to_6,
    _migrate_6_to_7,
    _migrate_7_to_8,
    _migrate_8_to_9,
    _migrate_9_to_10,
    _migrate_10_to_11,
    _migrate_11_to_12,
    _migrate_12_to_13,
)


assert len(MIGRATIONS) == SCHEMA_VERSION


def _stored_version(conn: Connection) -> int | None:
    """The schema version of the database; None when it holds no sitroom tables yet."""
    tables = set(sa.inspect(conn).get_table_names())
    if "meta" in tables:
        value = conn.execute(
            sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
        ).scalar()
        if value is not None:
            try:
                return int(value)
            except ValueError as exc:
                raise StoreError(f"unreadable schema_version {value!r}") from exc
    if "documents" in tables:
        return 0
    return None


def _record_version(conn: Connection, version: int) -> None:
    conn.execute(meta_table.delete().where(meta_table.c.key == "schema_version"))
    conn.execute(meta_table.insert().values(key="schema_version", value=str(version)))


def _create_missing(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=True)
    create_search(conn)
    # create_all skips existing tables entirely, including indexes added to them later.
    for table in metadata.sorted_tables:
        for index in table.indexes:
            _create_index(conn, index)


def _prepare_schema(conn: Connection, *, create: bool) -> None:
    version = _stored_version(conn)
    if version is None:
        if not create:
            raise StoreError("the database holds no sitroom store (open with create=True)")
        _create_missing(conn)
    elif version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"database schema version {version} is newer than the {SCHEMA_VERSION} this sitroom "
            "supports; upgrade sitroom to open it"
        )
    elif version == SCHEMA_VERSION:
        return
    else:
        _lock_writing(conn)  # the last step rebuilds the aggregates
        for step in MIGRATIONS[version:]:
            step(conn)
        _create_missing(conn)
    _record_version(conn, SCHEMA_VERSION)
