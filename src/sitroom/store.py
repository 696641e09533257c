"""Persist analyses in a relational database and query them back.

SQLite is the default (one file, no set-up); the code uses only SQLAlchemy Core expressions and
portable column types, so a ``postgresql+psycopg://`` URL works with the same code.

The store uses SQLAlchemy Core, not the ORM: the data already lives in pydantic models, so a
second set of mapped classes would only duplicate them; a few explicit functions turn a model
into rows and back, and bulk inserts and aggregate queries stay plain Core statements.

Schema (the tables below; ``docs/formats.md`` lists every column):

- ``meta``: key/value pairs; ``schema_version`` records the layout version.
- ``documents``: one row per stored document (text, title, url, source, published, origin,
  ingested_at, text_hash).
- ``actors``: the *global* actor table. KB ids are global and non-KB actors keep their slug id,
  so the same group named in two articles meets in one row. Rows are merged on insert
  (see :func:`_merged_actor_fields`).
- ``actor_aliases``: every name and alias seen for an actor, with a case-folded key for lookup.
- ``document_actors``: the actor exactly as one analysis described it (order, name, aliases, ...),
  so :meth:`Store.document` rebuilds the analysis unchanged even after later merges.
- ``mentions``: actor mentions per document.
- ``events`` + ``event_actors``: events with flattened date, location and evidence columns (so
  filters are plain indexed comparisons) and their source/target/claimed_by actors.
- ``places``, ``relations``, ``dates``: the remaining lists of an analysis, per document.
- Aggregates kept current by every write (see "Aggregates" below): ``interactions``,
  ``relation_totals``, ``actor_activity``, ``event_months``.

Migrations: the schema is created at first use and ``schema_version`` recorded. On open, an older
version is upgraded in place by the ordered functions in :data:`MIGRATIONS` (one transaction);
a newer version than :data:`SCHEMA_VERSION` is refused with :class:`SchemaVersionError`.

Aggregates: the relation totals, actor activity counts and monthly event counts that the
query side ranks and charts are materialized, so a first request does not aggregate every event.
Writes add the new documents' share in the same transaction (``INSERT ... ON CONFLICT DO
UPDATE``, additive); :meth:`Store.remove` subtracts it (and recomputes the relation totals it
touched, whose first/last dates cannot be subtracted); :meth:`Store.rebuild_aggregates`
recomputes everything from the base tables (the v2 -> v3 migration does that once).

Concurrency (SQLite): WAL journaling lets readers run beside a writer, and writing transactions
begin with ``BEGIN IMMEDIATE`` so writers in several processes queue instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.engine import Connection, Engine, RowMapping

from sitroom import merge as merging
from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)

SCHEMA_VERSION = 3
DEFAULT_URL = "sqlite:///sitroom.db"
EVENT_ROLES: tuple[str, ...] = ("source", "target", "claimed_by")
# Statuses that describe something that did not happen; they do not count as interactions.
NON_INTERACTION_STATUSES: tuple[str, ...] = ("negated", "hypothetical")
# Date precisions precise enough to place an event in a month (year-precision dates would all
# pile up in January): the monthly counts use only these.
MONTHLY_PRECISIONS: tuple[str, ...] = ("day", "month", "document")
# An interaction whose dates span at most this many days is found through the index on its
# first date by a time-window query; longer (or reversed) spans are checked one by one.
SHORT_SPAN_DAYS = 31


class StoreError(RuntimeError):
    """The database cannot be used as a sitroom store."""


class SchemaVersionError(StoreError):
    """The database was written by a newer sitroom than this one."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached (down, restarted, network gone)."""


def _first_line(error: object) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# --- schema -----------------------------------------------------------------------------------


class _NulSafe(sa.types.TypeDecorator[str]):
    """A string column that PostgreSQL accepts whatever the text holds.

    PostgreSQL refuses NUL in text values; SQLite keeps it. On PostgreSQL each NUL is replaced
    by U+FFFD, one code point for one, so every stored offset still points at the same
    characters. ``ingest`` already drops NUL from document texts; this guards the library path.
    """

    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: sa.Dialect) -> str | None:
        if value is not None and dialect.name == "postgresql" and "\x00" in value:
            return value.replace("\x00", NUL_REPLACEMENT)
        return value


class SafeText(_NulSafe):
    impl = sa.Text
    cache_ok = True


class SafeString(_NulSafe):
    impl = sa.String
    cache_ok = True


NUL_REPLACEMENT = "\ufffd"

metadata = sa.MetaData()


def _doc_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def _actor_fk() -> sa.ForeignKey:
    return sa.ForeignKey("actors.id")


meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", SafeString(64), primary_key=True),
    sa.Column("value", SafeText, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", SafeString, primary_key=True),
    sa.Column("text", SafeText, nullable=False),
    sa.Column("title", SafeText),
    sa.Column("url", SafeText),
    sa.Column("source", SafeString),
    sa.Column("published", sa.Date),
    sa.Column("origin", SafeText),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("text_hash", SafeString(64)),
    sa.Index("ix_documents_published", "published"),
    sa.Index("ix_documents_source", "source"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", SafeString, primary_key=True),
    sa.Column("name", SafeText, nullable=False),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("country", SafeString(3)),
    sa.Column("parent", SafeString),
    sa.Column("kb", sa.Boolean, nullable=False),
    sa.Column("role", SafeText),
    sa.Column("affiliation", SafeString),
    sa.Index("ix_actors_type", "type"),
    sa.Index("ix_actors_country", "country"),
)

actor_aliases = sa.Table(
    "actor_aliases",
    metadata,
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("alias", SafeText, primary_key=True),
    sa.Column("alias_key", SafeText, nullable=False),
    sa.Index("ix_actor_aliases_key", "alias_key"),
)

document_actors = sa.Table(
    "document_actors",
    metadata,
    sa.Column("document_id", SafeString, _doc_fk(), primary_key=True),
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", SafeText, nullable=False),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("country", SafeString(3)),
    sa.Column("parent", SafeString),
    sa.Column("kb", sa.Boolean, nullable=False),
    sa.Column("role", SafeText),
    sa.Column("affiliation", SafeString),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Index("ix_document_actors_actor", "actor_id"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("actor_id", SafeString, _actor_fk(), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", SafeText, nullable=False),
    sa.Index("ix_mentions_document_actor", "document_id", "actor_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("local_id", SafeString, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("mode", SafeString(32)),
    sa.Column("status", SafeString(16), nullable=False),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", SafeString(16), nullable=False),
    sa.Column("date_text", SafeText),
    # Location None and a Location with every field None are different values of the model.
    sa.Column("has_location", sa.Boolean, nullable=False),
    sa.Column("location_name", SafeText),
    sa.Column("country", SafeString(3)),
    sa.Column("admin1", SafeText),
    sa.Column("admin2", SafeText),
    sa.Column("city", SafeText),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", SafeString(16)),
    sa.Column("geonameid", sa.Integer),
    sa.Column("killed", sa.Integer),
    sa.Column("wounded", sa.Integer),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("evidence_text", SafeText, nullable=False),
    sa.Column("trigger_start", sa.Integer),
    sa.Column("trigger_end", sa.Integer),
    sa.Column("trigger_text", SafeText),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("notes", sa.JSON, nullable=False),
    sa.Column("more_evidence", sa.JSON, nullable=False),
    sa.Column("target_text", SafeText),
    sa.Column("speaker", SafeString),
    sa.UniqueConstraint("document_id", "local_id", name="uq_events_document_local"),
    sa.Index("ix_events_date", "date_start", "date_end"),
    sa.Index("ix_events_country", "country", "admin1"),
    sa.Index("ix_events_type", "type", "mode"),
    sa.Index("ix_events_coordinates", "lat", "lon"),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column(
        "event_pk", sa.Integer, sa.ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("role", SafeString(16), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("actor_id", SafeString, _actor_fk(), nullable=False),
    sa.Index("ix_event_actors_actor", "actor_id", "role"),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", SafeText),
    sa.Column("country", SafeString(3)),
    sa.Column("admin1", SafeText),
    sa.Column("admin2", SafeText),
    sa.Column("city", SafeText),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("precision", SafeString(16)),
    sa.Column("geonameid", sa.Integer),
    sa.Column("feature", SafeString(16)),
    sa.Column("mentions", sa.JSON, nullable=False),
    sa.Column("n_mentions", sa.Integer, nullable=False),
    sa.Index("ix_places_document", "document_id"),
    sa.Index("ix_places_country", "country", "admin1"),
)

relations = sa.Table(
    "relations",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("source", SafeString, _actor_fk(), nullable=False),
    sa.Column("target", SafeString, _actor_fk(), nullable=False),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("start", SafeString(10)),
    sa.Column("end", SafeString(10)),
    sa.Column("status", SafeString(16), nullable=False),
    sa.Column("origin", SafeString(16), nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Index("ix_relations_document", "document_id"),
    sa.Index("ix_relations_source", "source"),
    sa.Index("ix_relations_target", "target"),
)

dates = sa.Table(
    "dates",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("start", sa.Date),
    sa.Column("end", sa.Date),
    sa.Column("precision", SafeString(16), nullable=False),
    sa.Column("text", SafeText),
    sa.Column("mention_start", sa.Integer, nullable=False),
    sa.Column("mention_end", sa.Integer, nullable=False),
    sa.Column("mention_text", SafeText, nullable=False),
    sa.Index("ix_dates_document", "document_id"),
)

# Cross-document incidents (see sitroom.merge): every stored event belongs to exactly one
# incident; an incident with several members is one occurrence reported several times.
incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("mode", SafeString(32)),
    sa.Column("status", SafeString(16), nullable=False),
    sa.Column("mergeable", sa.Boolean, nullable=False),
    # The dates a further report may carry and still match (narrowed as reports join).
    sa.Column("match_from", sa.Date),
    sa.Column("match_to", sa.Date),
    # The most precise date any member gives.
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", SafeString(16), nullable=False),
    sa.Column("location_name", SafeText),
    sa.Column("country", SafeString(3)),
    sa.Column("admin1", SafeText),
    sa.Column("city", SafeText),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", SafeString(16)),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("targets", sa.JSON, nullable=False),
    sa.Column("document_ids", sa.JSON, nullable=False),
    sa.Column("killed", sa.Integer),
    sa.Column("killed_min", sa.Integer),
    sa.Column("killed_max", sa.Integer),
    sa.Column("wounded", sa.Integer),
    sa.Column("wounded_min", sa.Integer),
    sa.Column("wounded_max", sa.Integer),
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_incidents_block", "country", "match_from", "match_to"),
    sa.Index("ix_incidents_date", "date_start"),
    sa.Index("ix_incidents_reports", "n_reports"),
)

incident_members = sa.Table(
    "incident_members",
    metadata,
    sa.Column(
        "event_pk", sa.Integer, sa.ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "incident_id",
        sa.Integer,
        sa.ForeignKey("incidents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Index("ix_incident_members_incident", "incident_id"),
)

# The ingest journal (see sitroom.batch): one row per run, with how far through its inputs it
# got, so an interrupted run can resume without analyzing finished inputs again.
ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("fingerprint", SafeString(64), nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("cursor", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("skipped", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
    sa.Index("ix_ingest_runs_fingerprint", "fingerprint", "finished_at"),
)


# --- aggregates (schema v3) ---------------------------------------------------------------------

# One row per (event, source actor, target actor) of the events that count as interactions
# (not negated or hypothetical, source != target): the event interactions of Store.relations
# without joining events, documents and event_actors twice. ``first``/``last`` are the ISO dates
# the relation queries compare (the event's, else the document's publication date).
interactions = sa.Table(
    "interactions",
    metadata,
    sa.Column(
        "event_pk", sa.Integer, sa.ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("source", SafeString, primary_key=True),
    sa.Column("target", SafeString, primary_key=True),
    sa.Column("type", SafeString(16), nullable=False),
    sa.Column("document_id", SafeString, nullable=False),
    sa.Column("first", SafeString(10)),
    sa.Column("last", SafeString(10)),
    # No first date, or last - first negative or over SHORT_SPAN_DAYS (see _interaction_rows).
    sa.Column("long_span", sa.Boolean, nullable=False),
    sa.Index("ix_interactions_pair", "source", "target", "type"),
    sa.Index("ix_interactions_window", "long_span", "first"),
)

# Store.relations() without a time window: one row per (source, target, type, origin), for
# stored relations (origin explicit/events) and event interactions (origin interactions).
relation_totals = sa.Table(
    "relation_totals",
    metadata,
    sa.Column("source", SafeString, primary_key=True),
    sa.Column("target", SafeString, primary_key=True),
    sa.Column("type", SafeString(16), primary_key=True),
    sa.Column("origin", SafeString(16), primary_key=True),
    sa.Column("weight", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("first", SafeString),
    sa.Column("last", SafeString),
    sa.Index("ix_relation_totals_target", "target"),
)
# The relations listing's order, so its first page is read off the index.
sa.Index(
    "ix_relation_totals_rank",
    relation_totals.c.weight.desc(),
    relation_totals.c.source,
    relation_totals.c.target,
    relation_totals.c.type,
    relation_totals.c.origin,
)

# The counts of ActorRow; an actor without a row has none of them.
actor_activity = sa.Table(
    "actor_activity",
    metadata,
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("n_relations", sa.Integer, nullable=False),
)

# Events per (type, YYYY-MM of date_start), for events dated with a MONTHLY_PRECISIONS precision.
event_months = sa.Table(
    "event_months",
    metadata,
    sa.Column("type", SafeString(16), primary_key=True),
    sa.Column("month", SafeString(7), primary_key=True),
    sa.Column("n_events", sa.Integer, nullable=False),
)

AGGREGATE_TABLES: tuple[sa.Table, ...] = (
    interactions,
    relation_totals,
    actor_activity,
    event_months,
)


# --- migrations -------------------------------------------------------------------------------


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


# MIGRATIONS[v] upgrades a database from version v to v + 1.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
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
    # create_all skips existing tables entirely, including indexes added to them later.
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)


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


# --- engine -----------------------------------------------------------------------------------


def database_url(url: str | Path) -> str:
    """A SQLAlchemy URL; a bare file path means a SQLite file."""
    text = str(url)
    if "://" in text:
        return text
    return f"sqlite:///{text}"


# Execution option marking connections that will write (see _configure_sqlite).
_WRITER_OPTION = "sitroom_writer"


def _is_sqlite_memory(url: str) -> bool:
    parsed = sa.engine.make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _require_sqlite_file(url: str) -> None:
    """Refuse a missing SQLite file rather than let the driver create an empty one."""
    parsed = sa.engine.make_url(url)
    path = parsed.database
    if parsed.get_backend_name() != "sqlite" or _is_sqlite_memory(url) or not path:
        return
    if not path.startswith("file:") and not Path(path).exists():
        raise StoreError(f"no sitroom database at {path}")


def _create_engine(url: str) -> Engine:
    if _is_sqlite_memory(url):
        # An in-memory database lives in one connection: share it between threads and calls
        # (the default pool would give each thread its own empty database).
        engine = sa.create_engine(
            url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # With one shared in-memory connection, a call made while another is still reading
        # (an export iterating events) joins the open transaction.
        if conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            return
        # A writer takes the write lock up front: a deferred transaction that reads first and
        # then writes fails at once with "database is locked" when another process wrote in
        # between (WAL snapshots cannot be upgraded), instead of waiting for its turn.
        writer = conn.get_execution_options().get(_WRITER_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def alias_key(text: str) -> str:
    """Lookup key for names: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


# --- filters and rows -------------------------------------------------------------------------

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # id, name or alias; matches sources, targets or claimed_by
    type: str | None = None
    mode: str | None = None
    status: str | None = None
    date_from: dt.date | None = None  # events whose date span overlaps [date_from, date_to]
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    bbox: BBox | None = None  # (min_lon, min_lat, max_lon, max_lat); min_lon > max_lon wraps
    q: str | None = None  # every word must occur in the evidence text (case-insensitive)
    document_id: str | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            _check_bbox(self.bbox)


@dataclass(frozen=True)
class ActorFilter:
    q: str | None = None  # substring of the id, name or any alias (case-insensitive)
    type: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class RelationFilter:
    actor: str | None = None
    type: str | None = None  # relation type (hostile, ...) or event type (ASSAULT, ...)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    origin: str | None = None  # explicit | events | interactions


@dataclass(frozen=True)
class DocumentFilter:
    q: str | None = None  # every word must occur in the title or text
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True)
class PlaceFilter:
    q: str | None = None  # substring of the place name
    country: str | None = None
    admin1: str | None = None
    document_id: str | None = None
    bbox: BBox | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            _check_bbox(self.bbox)


def _check_bbox(bbox: BBox) -> None:
    if len(bbox) != 4:
        raise ValueError("bbox needs four numbers: min_lon, min_lat, max_lon, max_lat")
    min_lon, min_lat, max_lon, max_lat = bbox
    if min_lat > max_lat:
        raise ValueError(f"bbox min_lat {min_lat} is above max_lat {max_lat}")
    if not all(-180.0 <= v <= 180.0 for v in (min_lon, max_lon)):
        raise ValueError("bbox longitudes must lie in [-180, 180]")
    if not all(-90.0 <= v <= 90.0 for v in (min_lat, max_lat)):
        raise ValueError("bbox latitudes must lie in [-90, 90]")


# Orders of Store.events: the column sorted on per key (ties: document, then position).
_EVENT_SORT_COLUMNS: dict[str, sa.ColumnElement[Any]] = {
    "date": events.c.date_start,
    "type": events.c.type,
    "mode": events.c.mode,
    "status": events.c.status,
    "country": events.c.country,
    "admin1": events.c.admin1,
    "location": events.c.location_name,
    "killed": events.c.killed,
    "wounded": events.c.wounded,
    "confidence": events.c.confidence,
    "published": documents.c.published,
}
EVENT_SORT_KEYS: tuple[str, ...] = tuple(_EVENT_SORT_COLUMNS)


def parse_event_sort(sort: str) -> tuple[str, bool]:
    """``"-killed"`` -> ("killed", descending). Raises ValueError for an unknown key."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in _EVENT_SORT_COLUMNS:
        choices = ", ".join(EVENT_SORT_KEYS)
        raise ValueError(f"unknown sort key {key!r}; choose one of {choices} (prefix - to reverse)")
    return key, descending


class EventPoint(NamedTuple):
    """An event with coordinates, in the few fields a map needs."""

    id: str  # as EventRow.id
    lat: float
    lon: float
    type: str
    mode: str | None
    date: dt.date | None
    place: str | None  # location name, else city, else admin1
    killed: int | None


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventRow(_Row):
    """One event with what a table or CSV line needs: names resolved, document attached."""

    id: str  # f"{document_id}:{local_id}", unique across the store
    document_id: str
    local_id: str
    type: str
    mode: str | None
    status: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    date_text: str | None
    source_ids: list[str]
    source_names: list[str]
    target_ids: list[str]
    target_names: list[str]
    claimed_by_ids: list[str]
    claimed_by_names: list[str]
    target_text: str | None
    location_name: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    city: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    geonameid: int | None
    killed: int | None
    wounded: int | None
    evidence_text: str
    evidence_start: int
    evidence_end: int
    confidence: float
    document_title: str | None
    document_url: str | None
    document_source: str | None
    document_published: dt.date | None


class ActorRow(_Row):
    id: str
    name: str
    type: str
    country: str | None
    parent: str | None
    kb: bool
    role: str | None
    affiliation: str | None
    aliases: list[str]  # every stored name except the canonical one
    n_documents: int
    n_events: int
    n_relations: int  # stored relations (explicit or derived) naming the actor


# A Goldstein-style weight for each PLOVER type, from -10 (most hostile) to +10 (most
# cooperative): sitroom's own type-level approximation of the Goldstein (1992) scale that
# CAMEO coders use per code; it orders dyads, it is not a calibrated measure.
GOLDSTEIN: dict[str, float] = {
    "AID": 7.0,
    "COOPERATE": 6.0,
    "CONCEDE": 5.0,
    "AGREE": 4.0,
    "RETREAT": 4.0,
    "SUPPORT": 3.0,
    "CONSULT": 1.0,
    "REQUEST": -1.0,
    "ACCUSE": -2.0,
    "PROTEST": -3.0,
    "REJECT": -4.0,
    "SANCTION": -5.0,
    "MOBILIZE": -5.0,
    "THREATEN": -6.0,
    "COERCE": -7.0,
    "ASSAULT": -10.0,
}


class DyadMonth(_Row):
    """What one actor did to another in one month: counts and a Goldstein-style score."""

    source: str
    target: str
    month: str  # YYYY-MM
    events: int
    cooperative: int  # events with a positive weight
    hostile: int  # events with a negative weight
    score: float  # sum of the weights


class RelationRow(_Row):
    """Relations aggregated per (source, target, type, origin).

    ``origin`` is ``explicit`` or ``events`` for relations stored by the relations stage, and
    ``interactions`` for source->target pairs counted by the store from events (``type`` is then
    the PLOVER event type). ``weight`` counts relation rows or events; ``first``/``last`` are ISO
    dates (possibly partial), falling back to the document's publication date.
    """

    source: str
    source_name: str
    target: str
    target_name: str
    type: str
    origin: str
    weight: int
    n_documents: int
    first: str | None
    last: str | None


class DocumentRow(_Row):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: dt.date | None
    origin: str | None
    ingested_at: dt.datetime
    text_hash: str | None
    n_chars: int
    n_events: int
    n_actors: int


class PlaceRow(_Row):
    """A place aggregated over the documents that mention it."""

    name: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    city: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    geonameid: int | None
    feature: str | None
    n_documents: int
    n_mentions: int


@dataclass(frozen=True)
class IncidentFilter:
    country: str | None = None
    type: str | None = None
    date_from: dt.date | None = None  # incidents whose date span overlaps [date_from, date_to]
    date_to: dt.date | None = None
    min_reports: int = 1  # 2 lists only incidents reported more than once
    actor: str | None = None  # id, name or alias among the members' sources or targets


class IncidentMemberRow(_Row):
    """One report of an incident and why it was merged."""

    event_id: str  # f"{document_id}:{local_id}", as in EventRow.id
    document_id: str
    score: float
    reasons: list[str]
    killed: int | None
    wounded: int | None
    date_start: dt.date | None
    location_name: str | None


class IncidentRow(_Row):
    """An incident: one occurrence and every report of it (see :mod:`sitroom.merge`)."""

    id: int
    type: str
    mode: str | None
    status: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    location_name: str | None
    country: str | None
    admin1: str | None
    city: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    sources: list[str]
    targets: list[str]
    killed: int | None  # the highest compatible figure; the range is killed_min..killed_max
    killed_min: int | None
    killed_max: int | None
    wounded: int | None
    wounded_min: int | None
    wounded_max: int | None
    n_reports: int
    n_documents: int
    members: list[IncidentMemberRow]


@dataclass(frozen=True)
class IngestRun:
    """One ``ingest`` run in the journal; ``cursor`` inputs (documents and bad inputs, in
    :func:`sitroom.ingest.iter_documents` order) are done."""

    id: int
    fingerprint: str
    inputs: list[str]
    cursor: int
    added: int
    skipped: int
    failed: int
    started_at: dt.datetime
    finished_at: dt.datetime | None


# --- writing ----------------------------------------------------------------------------------


def _check_consistent(document: Document, analysis: Analysis) -> None:
    if analysis.id != document.id:
        raise ValueError(f"analysis id {analysis.id!r} differs from document id {document.id!r}")
    actor_ids = [a.id for a in analysis.actors]
    if len(set(actor_ids)) != len(actor_ids):
        raise ValueError(f"document {document.id!r}: an actor id is listed twice")
    event_ids = [e.id for e in analysis.events]
    if len(set(event_ids)) != len(event_ids):
        raise ValueError(f"document {document.id!r}: an event id is listed twice")


def _span_list(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in spans]


def _merged_actor_fields(existing: Mapping[str, Any], incoming: Actor) -> dict[str, Any]:
    """Columns to update when ``incoming`` meets an already stored actor row.

    The stored row wins, except that a KB entry replaces a non-KB row wholesale (the KB is the
    curated description), and gaps in the stored row (unknown country, generic type, a
    placeholder name) are filled from the newcomer.
    """
    fields = ("name", "type", "country", "parent", "kb", "role", "affiliation")
    if incoming.kb and not existing["kb"]:
        return {f: getattr(incoming, f) for f in fields}
    updates: dict[str, Any] = {}
    for f in ("country", "parent", "role", "affiliation"):
        if existing[f] is None and getattr(incoming, f) is not None:
            updates[f] = getattr(incoming, f)
    if existing["type"] == "other" and incoming.type != "other":
        updates["type"] = incoming.type
    if existing["name"] == existing["id"] and incoming.name != incoming.id:
        updates["name"] = incoming.name
    return updates


def _actor_values(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "parent": actor.parent,
        "kb": actor.kb,
        "role": actor.role,
        "affiliation": actor.affiliation,
    }


def _referenced_actor_ids(analysis: Analysis) -> list[str]:
    ids: list[str] = []
    for event in analysis.events:
        ids.extend([*event.sources, *event.targets, *event.claimed_by])
    for relation in analysis.relations:
        ids.extend([relation.source, relation.target])
    return list(dict.fromkeys(ids))


def _listed_actors(analysis: Analysis) -> dict[str, Actor]:
    listed = {a.id: a for a in analysis.actors}
    # Ids named by events or relations but missing from `actors` break the output contract;
    # a placeholder row keeps the foreign keys satisfied instead of losing the document.
    for actor_id in _referenced_actor_ids(analysis):
        if actor_id not in listed:
            listed[actor_id] = Actor(id=actor_id, name=actor_id)
    return listed


def _write_actors(conn: Connection, analyses: Sequence[Analysis]) -> None:
    """Insert or merge the actors of ``analyses`` as if they were written one after another.

    The stored rows and aliases are read once for the whole batch and merged in memory in
    document order, so a batch costs a few statements instead of a few per document.
    """
    listed_per_doc = [_listed_actors(analysis) for analysis in analyses]
    wanted = list(dict.fromkeys(actor_id for listed in listed_per_doc for actor_id in listed))
    if not wanted:
        return
    stored: dict[str, dict[str, Any]] = {}
    known: set[tuple[str, str]] = set()
    for chunk in _batched(wanted, 500):
        for found in conn.execute(sa.select(actors).where(actors.c.id.in_(chunk))).mappings():
            stored[found["id"]] = dict(found)
        alias_rows = conn.execute(
            sa.select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(
                actor_aliases.c.actor_id.in_(chunk)
            )
        )
        known.update((actor_id, alias) for actor_id, alias in alias_rows)
    new: dict[str, dict[str, Any]] = {}
    changed: dict[str, dict[str, Any]] = {}  # stored id -> columns to update
    for listed in listed_per_doc:
        for actor in listed.values():
            row = new.get(actor.id) or stored.get(actor.id)
            if row is None:
                new[actor.id] = _actor_values(actor)
                continue
            updates = _merged_actor_fields(row, actor)
            if updates:
                row.update(updates)
                if actor.id not in new:
                    changed.setdefault(actor.id, {}).update(updates)
    if new:
        # Another writer may add the same new actor between our read and this insert
        # (PostgreSQL with concurrent ingests): the first row wins, nothing fails.
        conn.execute(_insert_ignoring_duplicates(conn, actors), list(new.values()))
    for actor_id, updates in changed.items():
        conn.execute(actors.update().where(actors.c.id == actor_id).values(updates))
    new_aliases = []
    for analysis in analyses:
        for actor in analysis.actors:  # placeholders have no real names to record
            for alias in dict.fromkeys([actor.name, *actor.aliases]):
                if alias.strip() and (actor.id, alias) not in known:
                    known.add((actor.id, alias))
                    new_aliases.append(
                        {"actor_id": actor.id, "alias": alias, "alias_key": alias_key(alias)}
                    )
    if new_aliases:
        conn.execute(_insert_ignoring_duplicates(conn, actor_aliases), new_aliases)


def _insert_with_conflicts(dialect: str, table: sa.Table) -> Any:
    """The dialect's INSERT that takes ON CONFLICT clauses; None for other dialects."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    return None


def _insert_ignoring_duplicates(conn: Connection, table: sa.Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the connection's dialect."""
    stmt = _insert_with_conflicts(conn.dialect.name, table)
    return table.insert() if stmt is None else stmt.on_conflict_do_nothing()


def _write_document_actors(conn: Connection, batch: Sequence[tuple[str, Analysis]]) -> None:
    actor_rows = [
        {
            **{k: v for k, v in _actor_values(actor).items() if k != "id"},
            "document_id": doc_id,
            "actor_id": actor.id,
            "position": i,
            "aliases": list(actor.aliases),
        }
        for doc_id, analysis in batch
        for i, actor in enumerate(analysis.actors)
    ]
    if actor_rows:
        conn.execute(document_actors.insert(), actor_rows)
    mention_rows = [
        {
            "document_id": doc_id,
            "actor_id": actor.id,
            "position": j,
            "start": m.start,
            "end": m.end,
            "text": m.text,
        }
        for doc_id, analysis in batch
        for actor in analysis.actors
        for j, m in enumerate(actor.mentions)
    ]
    if mention_rows:
        conn.execute(mentions.insert(), mention_rows)


def _event_values(doc_id: str, position: int, event: Event) -> dict[str, Any]:
    loc = event.location or Location()
    trigger = event.trigger
    return {
        "document_id": doc_id,
        "local_id": event.id,
        "position": position,
        "type": event.type,
        "mode": event.mode,
        "status": event.status,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_precision": event.date.precision,
        "date_text": event.date.text,
        "has_location": event.location is not None,
        "location_name": loc.name,
        "country": loc.country,
        "admin1": loc.admin1,
        "admin2": loc.admin2,
        "city": loc.city,
        "lat": loc.lat,
        "lon": loc.lon,
        "geo_precision": loc.precision,
        "geonameid": loc.geonameid,
        "killed": event.killed,
        "wounded": event.wounded,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text,
        "trigger_start": trigger.start if trigger else None,
        "trigger_end": trigger.end if trigger else None,
        "trigger_text": trigger.text if trigger else None,
        "confidence": event.confidence,
        "notes": list(event.notes),
        "more_evidence": _span_list(event.more_evidence),
        "target_text": event.target_text,
        "speaker": event.speaker,
    }


def _insert_numbered(
    conn: Connection, key: sa.Column[Any], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` into ``key``'s table; returns their new integer keys in row order.

    SQLite cannot say in which order a multi-row INSERT ... RETURNING returns its keys, so
    SQLAlchemy would insert such rows one statement each. Writers hold the write lock (BEGIN
    IMMEDIATE), so the keys SQLite would assign (the highest stored key + 1, + 2, ...; the
    tables have no AUTOINCREMENT) are assigned here and the rows go in one statement.
    """
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        first = (conn.execute(sa.select(sa.func.max(key))).scalar() or 0) + 1
        keys = list(range(first, first + len(rows)))
        numbered = [{**row, key.name: k} for row, k in zip(rows, keys, strict=True)]
        conn.execute(key.table.insert(), numbered)
        return keys
    inserted = conn.execute(
        key.table.insert().returning(key, sort_by_parameter_order=True), list(rows)
    )
    return list(inserted.scalars())


def _write_events(conn: Connection, batch: Sequence[tuple[str, Analysis, dt.date | None]]) -> None:
    """Events of ``batch`` (document id, analysis, publication date), one statement per table."""
    stored = [(doc_id, e, published) for doc_id, a, published in batch for e in a.events]
    if not stored:
        return
    pks = _insert_numbered(
        conn,
        events.c.pk,
        [
            _event_values(doc_id, i, e)
            for doc_id, analysis, _ in batch
            for i, e in enumerate(analysis.events)
        ],
    )
    links = [
        {"event_pk": pk, "role": role, "position": j, "actor_id": actor_id}
        for pk, (_, event, _) in zip(pks, stored, strict=True)
        for role, ids in zip(
            EVENT_ROLES, (event.sources, event.targets, event.claimed_by), strict=True
        )
        for j, actor_id in enumerate(ids)
    ]
    if links:
        conn.execute(event_actors.insert(), links)
    pairs = [
        row
        for pk, (doc_id, e, published) in zip(pks, stored, strict=True)
        for row in _interaction_rows(
            pk, doc_id, e.type, e.status, e.date.start, e.date.end, published, e.sources, e.targets
        )
    ]
    if pairs:
        conn.execute(interactions.insert(), pairs)


def _interaction_rows(
    event_pk: int,
    doc_id: str,
    event_type: str,
    status: str,
    date_start: dt.date | None,
    date_end: dt.date | None,
    published: dt.date | None,
    sources: Sequence[str],
    targets: Sequence[str],
) -> list[dict[str, Any]]:
    """The ``interactions`` rows of one event (none when it did not happen)."""
    if status in NON_INTERACTION_STATUSES:
        return []
    # The dates Store.relations has always compared: the event's, else the publication date.
    first = date_start or published
    last = date_end or date_start or published
    # Short spans are found through the index on ``first`` (see _interactions_in_window).
    # Without a last date (hence without a first date too) no window ever matches.
    short = first is not None and last is not None and 0 <= (last - first).days <= SHORT_SPAN_DAYS
    long_span = last is not None and not short
    pairs = dict.fromkeys((s, t) for s in sources for t in targets if s != t)
    return [
        {
            "event_pk": event_pk,
            "source": source,
            "target": target,
            "type": event_type,
            "document_id": doc_id,
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
            "long_span": long_span,
        }
        for source, target in pairs
    ]


def _insert_positioned(
    conn: Connection, table: sa.Table, batch: Sequence[tuple[str, Sequence[dict[str, Any]]]]
) -> None:
    """Insert each document's facts in document order (``position``)."""
    rows = [
        {"document_id": doc_id, "position": i, **row}
        for doc_id, doc_rows in batch
        for i, row in enumerate(doc_rows)
    ]
    if rows:
        conn.execute(table.insert(), rows)


def _place_rows(items: Sequence[Place]) -> list[dict[str, Any]]:
    return [
        {
            **p.model_dump(exclude={"mentions"}),
            "mentions": _span_list(p.mentions),
            "n_mentions": len(p.mentions),
        }
        for p in items
    ]


def _relation_rows(items: Sequence[Relation]) -> list[dict[str, Any]]:
    return [
        {**r.model_dump(exclude={"evidence"}), "evidence": _span_list(r.evidence)} for r in items
    ]


def _date_rows(items: Sequence[TimeExpression]) -> list[dict[str, Any]]:
    return [
        {
            "start": d.value.start,
            "end": d.value.end,
            "precision": d.value.precision,
            "text": d.value.text,
            "mention_start": d.mention.start,
            "mention_end": d.mention.end,
            "mention_text": d.mention.text,
        }
        for d in items
    ]


def _write_places(conn: Connection, batch: Sequence[tuple[str, Analysis]]) -> None:
    _insert_positioned(conn, places, [(i, _place_rows(a.places)) for i, a in batch])


def _write_relations(conn: Connection, batch: Sequence[tuple[str, Analysis]]) -> None:
    _insert_positioned(conn, relations, [(i, _relation_rows(a.relations)) for i, a in batch])


def _write_dates(conn: Connection, batch: Sequence[tuple[str, Analysis]]) -> None:
    _insert_positioned(conn, dates, [(i, _date_rows(a.dates)) for i, a in batch])


def _published(document: Document, analysis: Analysis) -> dt.date | None:
    return document.published if document.published else analysis.published


def _document_values(document: Document, analysis: Analysis) -> dict[str, Any]:
    return {
        "id": document.id,
        "text": document.text,
        # The document is the record of the article; the analysis may know more (a title
        # found during extraction), so it fills the gaps.
        "title": document.title if document.title is not None else analysis.title,
        "url": document.url if document.url is not None else analysis.url,
        "source": document.source if document.source is not None else analysis.source,
        "published": _published(document, analysis),
        "origin": document.origin,
        "ingested_at": dt.datetime.now(dt.UTC),
        "text_hash": _text_hash(document.text),
    }


def _write_documents(conn: Connection, batch: Sequence[tuple[Document, Analysis]]) -> None:
    """Write new documents and their analyses: one statement per table for the whole batch
    (a statement per table and document cost more than the writing itself), rows in the
    order writing the documents one after another would give."""
    if not batch:
        return
    conn.execute(documents.insert(), [_document_values(d, a) for d, a in batch])
    by_id = [(d.id, a) for d, a in batch]
    _write_actors(conn, [a for _, a in batch])
    _write_document_actors(conn, by_id)
    _write_events(conn, [(d.id, a, _published(d, a)) for d, a in batch])
    _write_places(conn, by_id)
    _write_relations(conn, by_id)
    _write_dates(conn, by_id)


# --- aggregates -------------------------------------------------------------------------------

# The documents an update of the aggregates covers, bound when the statement runs: the
# statements are built once (building them costs more than running them on one document).
_DOC_IDS = "doc_ids"


def _events_of(doc_ids: Sequence[str] | sa.BindParameter[Any]) -> sa.Select[Any]:
    return sa.select(events.c.pk).where(events.c.document_id.in_(doc_ids))


def _in_scope(column: sa.ColumnElement[Any], scoped: bool) -> list[sa.ColumnElement[bool]]:
    return [column.in_(sa.bindparam(_DOC_IDS, expanding=True))] if scoped else []


def _in_scope_events(column: sa.ColumnElement[Any], scoped: bool) -> list[sa.ColumnElement[bool]]:
    return [column.in_(_events_of(sa.bindparam(_DOC_IDS, expanding=True)))] if scoped else []


def _interaction_groups(rows: sa.Subquery | sa.Table) -> sa.Select[Any]:
    """``rows`` of ``interactions`` aggregated into relation rows (origin ``interactions``)."""
    origin: Literal["interactions"] = "interactions"
    return sa.select(
        rows.c.source,
        rows.c.target,
        rows.c.type,
        sa.literal(origin, sa.String).label("origin"),
        # One row per (event, source, target): counting rows counts distinct events.
        sa.func.count().label("weight"),
        sa.func.count(sa.distinct(rows.c.document_id)).label("n_documents"),
        sa.func.min(rows.c.first).label("first"),
        sa.func.max(rows.c.last).label("last"),
    ).group_by(rows.c.source, rows.c.target, rows.c.type)


def _month_counts_select(where: Sequence[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    """(type, year, month, count) of the events ``where`` selects that a month can hold."""
    year, month = sa.extract("year", events.c.date_start), sa.extract("month", events.c.date_start)
    return (
        sa.select(events.c.type, year, month, sa.func.count())
        .where(
            events.c.date_start.is_not(None),
            events.c.date_precision.in_(MONTHLY_PRECISIONS),
            *where,
        )
        .group_by(events.c.type, year, month)
    )


def _month_rows(result: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"type": kind, "month": f"{int(y):04d}-{int(m):02d}", "n_events": int(n)}
        for kind, y, m, n in result
    ]


@functools.cache
def _share_statements(scoped: bool) -> dict[str, sa.Select[Any]]:
    """The queries counting what documents contribute to each aggregate: the documents bound
    as ``doc_ids`` when ``scoped``, every document otherwise."""
    ends = sa.union_all(
        sa.select(relations.c.source.label("actor_id")).where(
            *_in_scope(relations.c.document_id, scoped)
        ),
        sa.select(relations.c.target.label("actor_id")).where(
            relations.c.target != relations.c.source, *_in_scope(relations.c.document_id, scoped)
        ),
    ).subquery()
    pairs = sa.select(interactions).where(*_in_scope_events(interactions.c.event_pk, scoped))
    return {
        "stored": _stored_relations_select(RelationFilter(), None).where(
            *_in_scope(relations.c.document_id, scoped)
        ),
        "pairs": _interaction_groups(pairs.subquery()),
        "n_events": sa.select(
            event_actors.c.actor_id, sa.func.count(sa.distinct(event_actors.c.event_pk))
        )
        .where(*_in_scope_events(event_actors.c.event_pk, scoped))
        .group_by(event_actors.c.actor_id),
        "n_documents": sa.select(document_actors.c.actor_id, sa.func.count())
        .where(*_in_scope(document_actors.c.document_id, scoped))
        .group_by(document_actors.c.actor_id),
        "n_relations": sa.select(ends.c.actor_id, sa.func.count()).group_by(ends.c.actor_id),
        "months": _month_counts_select(_in_scope(events.c.document_id, scoped)),
    }


@dataclass
class _Share:
    """What some documents contribute to the aggregates."""

    relation_rows: list[dict[str, Any]]
    activity: list[dict[str, Any]]
    months: list[dict[str, Any]]


def _share(conn: Connection, doc_ids: Sequence[str] | None) -> _Share:
    """What the documents ``doc_ids`` (None: every document) contribute to the aggregates."""
    statements = _share_statements(doc_ids is not None)
    params = {} if doc_ids is None else {_DOC_IDS: list(doc_ids)}

    def run(name: str) -> Any:
        return conn.execute(statements[name], params)

    relation_rows = [dict(r) for name in ("stored", "pairs") for r in run(name).mappings()]
    counts: dict[str, dict[str, Any]] = {}
    for column in ("n_events", "n_documents", "n_relations"):
        for actor_id, n in run(column):
            row = counts.setdefault(
                actor_id,
                {"actor_id": actor_id, "n_events": 0, "n_documents": 0, "n_relations": 0},
            )
            row[column] = int(n)
    return _Share(relation_rows, list(counts.values()), _month_rows(run("months")))


# Per aggregate table: the columns an upsert adds up, keeps the lowest of, keeps the highest of.
_ADDING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "relation_totals": (("weight", "n_documents"), ("first",), ("last",)),
    "actor_activity": (("n_events", "n_documents", "n_relations"), (), ()),
    "event_months": (("n_events",), (), ()),
}


@functools.cache
def _adding_upsert(dialect: str, table_name: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE adding a row to the stored one (see :data:`_ADDING`)."""
    table = metadata.tables[table_name]
    stmt = _insert_with_conflicts(dialect, table)
    if stmt is None:
        raise StoreError(f"the store needs SQLite or PostgreSQL, not {dialect}")
    sums, lows, highs = _ADDING[table_name]
    new = stmt.excluded
    updates: dict[str, Any] = {c: table.c[c] + new[c] for c in sums}
    for c in lows:  # NULL means no date: any date is lower
        lower = sa.or_(table.c[c].is_(None), new[c] < table.c[c])
        updates[c] = sa.case((lower, new[c]), else_=table.c[c])
    for c in highs:
        higher = sa.or_(table.c[c].is_(None), new[c] > table.c[c])
        updates[c] = sa.case((higher, new[c]), else_=table.c[c])
    keys = [c.name for c in table.primary_key.columns]
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)


def _upsert_adding(conn: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Add ``rows`` to ``table``: insert new keys, add up (or take the min/max of) known ones."""
    if not rows:
        return
    stmt = _adding_upsert(conn.dialect.name, table.name)
    keys = [c.name for c in table.primary_key.columns]
    # One key order for every writer: concurrent PostgreSQL transactions then lock shared rows
    # in the same order and wait for each other instead of deadlocking.
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    for chunk in _batched(ordered, 1000):
        conn.execute(stmt, chunk)


def _apply_share(conn: Connection, share: _Share, sign: int) -> None:
    """Add (``sign`` -1: subtract) a share of the additive aggregates, ``actor_activity`` and
    ``event_months``; ``relation_totals`` (also min/max) only when adding."""
    activity, months = share.activity, share.months
    if sign < 0:
        sums = _ADDING["actor_activity"][0]
        activity = [{**r, **{c: -r[c] for c in sums}} for r in activity]
        months = [{**r, "n_events": -r["n_events"]} for r in months]
    else:
        _upsert_adding(conn, relation_totals, share.relation_rows)
    _upsert_adding(conn, actor_activity, activity)
    _upsert_adding(conn, event_months, months)
    if sign < 0:
        # A rebuild would hold no row for these: keep incremental and rebuilt tables equal.
        conn.execute(event_months.delete().where(event_months.c.n_events <= 0))
        conn.execute(
            actor_activity.delete().where(
                actor_activity.c.n_events <= 0,
                actor_activity.c.n_documents <= 0,
                actor_activity.c.n_relations <= 0,
            )
        )


def _aggregate_added(conn: Connection, doc_ids: Sequence[str]) -> None:
    """Add the share of newly written documents to the aggregates (their ``interactions`` rows
    are written with their events)."""
    for chunk in _batched(doc_ids, 500):
        _apply_share(conn, _share(conn, chunk), 1)


RelationKey = tuple[str, str, str, str]  # source, target, type, origin


def _relation_keys(share: _Share) -> list[RelationKey]:
    """The ``relation_totals`` keys a share contributes to (its relation rows' keys)."""
    return sorted({(r["source"], r["target"], r["type"], r["origin"]) for r in share.relation_rows})


def _any_key(columns: Sequence[sa.ColumnElement[Any]], keys: Sequence[tuple[str, ...]]) -> Any:
    """``columns`` equal one of ``keys``: an OR of ANDs, which SQLite serves from an index per
    term (a row-value IN list makes it scan the table)."""
    return sa.or_(
        sa.false(), *(sa.and_(*(c == v for c, v in zip(columns, key, strict=True))) for key in keys)
    )


def _recompute_relation_totals(conn: Connection, keys: Sequence[RelationKey]) -> None:
    """Recompute the ``relation_totals`` rows of ``keys`` from the relations and interactions
    stored now (rows left without any disappear)."""
    t, r, i = relation_totals, relations, interactions
    for chunk in _batched(keys, 100):
        conn.execute(
            t.delete().where(_any_key([t.c.source, t.c.target, t.c.type, t.c.origin], chunk))
        )
        stored_keys = [k for k in chunk if k[3] != "interactions"]
        pair_keys = [k[:3] for k in chunk if k[3] == "interactions"]
        stored = _stored_relations_select(RelationFilter(), None).where(
            _any_key([r.c.source, r.c.target, r.c.type, r.c.origin], stored_keys)
        )
        pairs = sa.select(i).where(_any_key([i.c.source, i.c.target, i.c.type], pair_keys))
        rows = [
            dict(row)
            for part in (stored, _interaction_groups(pairs.subquery()))
            for row in conn.execute(part).mappings()
        ]
        _upsert_adding(conn, t, rows)


def _fill_interactions(conn: Connection, batch_size: int = 5000) -> None:
    """Write the ``interactions`` rows of every stored event (the table is empty)."""
    stmt = (
        sa.select(
            events.c.pk,
            events.c.document_id,
            events.c.type,
            events.c.status,
            events.c.date_start,
            events.c.date_end,
            documents.c.published,
        )
        .join(documents, documents.c.id == events.c.document_id)
        .where(events.c.status.not_in(NON_INTERACTION_STATUSES))
        .order_by(events.c.pk)
        .limit(batch_size)
    )
    last_pk = None
    while True:
        page = stmt if last_pk is None else stmt.where(events.c.pk > last_pk)
        rows = conn.execute(page).all()
        if not rows:
            return
        roles = _event_roles(conn, [r[0] for r in rows])
        pairs = [
            pair
            for pk, doc_id, kind, status, start, end, published in rows
            for pair in _interaction_rows(
                pk,
                doc_id,
                kind,
                status,
                start,
                end,
                published,
                roles.get(pk, {}).get("source", []),
                roles.get(pk, {}).get("target", []),
            )
        ]
        for chunk in _batched(pairs, 5000):
            conn.execute(interactions.insert(), chunk)
        last_pk = rows[-1][0]


def _rebuild_aggregates(conn: Connection) -> None:
    """Recompute every aggregate table from the base tables (under the write lock: a writer
    committing meanwhile would have its share counted twice or not at all)."""
    for table in AGGREGATE_TABLES:
        conn.execute(table.delete())
    _fill_interactions(conn)
    _apply_share(conn, _share(conn, None), 1)


# --- reading helpers --------------------------------------------------------------------------


def _span(start: int, end: int, text: str) -> Span:
    return Span(start=start, end=end, text=text)


def _event_from_row(row: RowMapping, roles: Mapping[str, list[str]]) -> Event:
    location = None
    if row["has_location"]:
        location = Location(
            name=row["location_name"],
            country=row["country"],
            admin1=row["admin1"],
            admin2=row["admin2"],
            city=row["city"],
            lat=row["lat"],
            lon=row["lon"],
            precision=row["geo_precision"],
            geonameid=row["geonameid"],
        )
    trigger = None
    if row["trigger_start"] is not None:
        trigger = _span(row["trigger_start"], row["trigger_end"], row["trigger_text"])
    return Event(
        id=row["local_id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        sources=roles.get("source", []),
        targets=roles.get("target", []),
        claimed_by=roles.get("claimed_by", []),
        date=DateValue(
            start=row["date_start"],
            end=row["date_end"],
            precision=row["date_precision"],
            text=row["date_text"],
        ),
        location=location,
        killed=row["killed"],
        wounded=row["wounded"],
        evidence=_span(row["evidence_start"], row["evidence_end"], row["evidence_text"]),
        trigger=trigger,
        more_evidence=[Span.model_validate(s) for s in row["more_evidence"]],
        target_text=row["target_text"],
        speaker=row["speaker"],
        notes=list(row["notes"]),
        confidence=row["confidence"],
    )


def _words(q: str) -> list[str]:
    return [w.casefold() for w in q.split()]


def _contains_all(column: sa.ColumnElement[Any], q: str) -> list[sa.ColumnElement[bool]]:
    # autoescape keeps % and _ in the user's words literal.
    return [sa.func.lower(column).contains(w, autoescape=True) for w in _words(q)]


def _bbox_clauses(
    lon: sa.ColumnElement[Any], lat: sa.ColumnElement[Any], bbox: BBox
) -> list[sa.ColumnElement[bool]]:
    min_lon, min_lat, max_lon, max_lat = bbox
    lat_clause = lat.between(min_lat, max_lat)
    if min_lon <= max_lon:
        return [lat_clause, lon.between(min_lon, max_lon)]
    # A box crossing the antimeridian: east of min_lon or west of max_lon.
    return [lat_clause, sa.or_(lon >= min_lon, lon <= max_lon)]


def _page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# --- incidents ------------------------------------------------------------------------------

# Any fixed number: the PostgreSQL advisory lock that serializes merges across processes.
_MERGE_LOCK_KEY = 0x517200


# Another: the one that serializes transactions writing documents and aggregates.
_WRITE_LOCK_KEY = 0x517201


def _lock_merging(conn: Connection) -> None:
    # SQLite writers already hold the database write lock (BEGIN IMMEDIATE).
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MERGE_LOCK_KEY)))


def _lock_writing(conn: Connection) -> None:
    """On PostgreSQL, queue writers as SQLite's BEGIN IMMEDIATE does. Concurrent writers
    otherwise deadlock inserting the same new actors in different orders, and every write
    updates shared aggregate rows anyway; analysis, not writing, is what runs in parallel."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_WRITE_LOCK_KEY)))


# The event columns a merge reads (see _report): the JSON and text columns cost more to decode
# than the rest of a merge.
_REPORT_COLUMNS = (
    "pk",
    "document_id",
    "type",
    "mode",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "country",
    "admin1",
    "city",
    "location_name",
    "lat",
    "lon",
    "geo_precision",
    "killed",
    "wounded",
)


def _unmerged_reports(conn: Connection, document_ids: list[str] | None) -> list[merging.Report]:
    stmt = (
        sa.select(*(events.c[name] for name in _REPORT_COLUMNS))
        .select_from(events.outerjoin(incident_members, incident_members.c.event_pk == events.c.pk))
        .where(incident_members.c.event_pk.is_(None))
        .order_by(events.c.pk)
    )
    rows: list[RowMapping] = []
    if document_ids is None:
        rows = list(conn.execute(stmt).mappings())
    else:
        for chunk in _batched(document_ids, 500):
            rows.extend(conn.execute(stmt.where(events.c.document_id.in_(chunk))).mappings())
    roles = _event_roles(conn, [r["pk"] for r in rows])
    return [_report(r, roles.get(r["pk"], {})) for r in rows]


def _report(row: RowMapping, roles: Mapping[str, list[str]]) -> merging.Report:
    sources = list(dict.fromkeys([*roles.get("source", []), *roles.get("claimed_by", [])]))
    return merging.Report(
        key=row["pk"],
        document_id=row["document_id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        date_start=row["date_start"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        country=row["country"],
        admin1=row["admin1"],
        city=row["city"],
        location_name=row["location_name"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        sources=tuple(sources),
        targets=tuple(roles.get("target", [])),
        killed=row["killed"],
        wounded=row["wounded"],
    )


def _stored_incidents_near(
    conn: Connection, reports: Sequence[merging.Report]
) -> Iterator[merging.Incident]:
    """Stored incidents that a report could join: same country, overlapping date window."""
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for r in reports:
        window = merging.date_window(r.date_start, r.date_end, r.date_precision)
        if r.country is None or window is None:
            continue
        low, high = spans.get(r.country, window)
        spans[r.country] = (min(low, window[0]), max(high, window[1]))
    for country, (low, high) in sorted(spans.items()):
        rows = conn.execute(
            sa.select(incidents).where(
                incidents.c.mergeable.is_(True),
                incidents.c.country == country,
                incidents.c.match_to >= low,
                incidents.c.match_from <= high,
            )
        ).mappings()
        for row in rows:
            yield _incident(row)


def _incident(row: RowMapping) -> merging.Incident:
    return merging.Incident(
        id=row["id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        mergeable=row["mergeable"],
        match_from=row["match_from"],
        match_to=row["match_to"],
        date_start=row["date_start"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        location_name=row["location_name"],
        country=row["country"],
        admin1=row["admin1"],
        city=row["city"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        sources=set(row["sources"]),
        targets=set(row["targets"]),
        document_ids=set(row["document_ids"]),
        killed_min=row["killed_min"],
        killed_max=row["killed_max"],
        wounded_min=row["wounded_min"],
        wounded_max=row["wounded_max"],
        n_reports=row["n_reports"],
        dirty=False,
    )


def _incident_values(incident: merging.Incident, now: dt.datetime) -> dict[str, Any]:
    return {
        "type": incident.type,
        "mode": incident.mode,
        "status": incident.status,
        "mergeable": incident.mergeable,
        "match_from": incident.match_from,
        "match_to": incident.match_to,
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "date_precision": incident.date_precision,
        "location_name": incident.location_name,
        "country": incident.country,
        "admin1": incident.admin1,
        "city": incident.city,
        "lat": incident.lat,
        "lon": incident.lon,
        "geo_precision": incident.geo_precision,
        "sources": sorted(incident.sources),
        "targets": sorted(incident.targets),
        "document_ids": sorted(incident.document_ids),
        "killed": incident.killed,
        "killed_min": incident.killed_min,
        "killed_max": incident.killed_max,
        "wounded": incident.wounded,
        "wounded_min": incident.wounded_min,
        "wounded_max": incident.wounded_max,
        "n_reports": incident.n_reports,
        "n_documents": incident.n_documents,
        "updated_at": now,
    }


def _write_incidents(conn: Connection, items: Sequence[merging.Incident]) -> None:
    now = dt.datetime.now(dt.UTC)
    fresh = [i for i in items if i.id is None]
    changed = [i for i in items if i.id is not None and i.dirty]
    for chunk in _batched(fresh, 1000):
        ids = _insert_numbered(conn, incidents.c.id, [_incident_values(i, now) for i in chunk])
        for incident, new_id in zip(chunk, ids, strict=True):
            incident.id = new_id
    if changed:
        conn.execute(
            incidents.update().where(incidents.c.id == sa.bindparam("incident_pk")),
            [{"incident_pk": i.id, **_incident_values(i, now)} for i in changed],
        )
    links = [
        {"event_pk": m.key, "incident_id": i.id, "score": m.score, "reasons": list(m.reasons)}
        for i in items
        for m in i.new_members
    ]
    for chunk in _batched(links, 5000):
        conn.execute(incident_members.insert(), chunk)
    for incident in items:
        incident.new_members.clear()
        incident.dirty = False


def _incident_members(conn: Connection, ids: Sequence[int]) -> dict[int, list[IncidentMemberRow]]:
    out: dict[int, list[IncidentMemberRow]] = defaultdict(list)
    for chunk in _batched(ids, 500):
        rows = conn.execute(
            sa.select(
                incident_members.c.incident_id,
                incident_members.c.score,
                incident_members.c.reasons,
                events.c.document_id,
                events.c.local_id,
                events.c.killed,
                events.c.wounded,
                events.c.date_start,
                events.c.location_name,
            )
            .join(events, events.c.pk == incident_members.c.event_pk)
            .where(incident_members.c.incident_id.in_(chunk))
            .order_by(incident_members.c.incident_id, events.c.pk)
        ).mappings()
        for r in rows:
            out[r["incident_id"]].append(
                IncidentMemberRow(
                    event_id=f"{r['document_id']}:{r['local_id']}",
                    document_id=r["document_id"],
                    score=r["score"],
                    reasons=list(r["reasons"]),
                    killed=r["killed"],
                    wounded=r["wounded"],
                    date_start=r["date_start"],
                    location_name=r["location_name"],
                )
            )
    return out


def _incident_row(row: RowMapping, members: list[IncidentMemberRow]) -> IncidentRow:
    fields = IncidentRow.model_fields.keys() - {"members"}
    return IncidentRow(**{f: row[f] for f in fields}, members=members)


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


# --- the store --------------------------------------------------------------------------------


class Store:
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

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn "cannot reach the database" into :class:`StoreUnavailableError`."""
        try:
            yield
        except sa.exc.OperationalError as exc:
            if self._engine.dialect.name == "sqlite" and "locked" in str(exc.orig):
                raise
            raise StoreUnavailableError(
                f"database {self._engine.url.render_as_string(hide_password=True)} is "
                f"unavailable: {_first_line(exc.orig)}"
            ) from exc
        except sa.exc.InterfaceError as exc:
            raise StoreUnavailableError(
                f"lost the connection to {self._engine.url.render_as_string(hide_password=True)}"
                f": {_first_line(exc.orig)}"
            ) from exc

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._engine.connect() as conn:
            return _stored_version(conn) or 0

    # -- writing -------------------------------------------------------------------------------

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

    # -- incidents -----------------------------------------------------------------------------

    def merge_new(self, document_ids: Iterable[str] | None = None) -> merging.MergeSummary:
        """Merge events that belong to no incident yet (of ``document_ids``, or all of them).

        Runs under the write lock (SQLite) or an advisory lock (PostgreSQL), so concurrent
        writers never merge the same event twice. Safe to call at any time; an interrupted
        merge leaves its events unmerged for the next call.
        """
        wanted = None if document_ids is None else list(dict.fromkeys(document_ids))
        if wanted == []:
            return merging.MergeSummary()
        with self._guard(), self._writer.begin() as conn:
            _lock_merging(conn)
            reports = _unmerged_reports(conn, wanted)
            if not reports:
                return merging.MergeSummary()
            merger = merging.Merger()
            for incident in _stored_incidents_near(conn, reports):
                merger.add_incident(incident)
            loaded = len(merger.incidents)
            merger.add_all(reports)
            _write_incidents(conn, merger.incidents)
            new = len(merger.incidents) - loaded
            summary = merging.MergeSummary(
                reports=len(reports), new_incidents=new, merged=len(reports) - new
            )
        self.merge_totals += summary
        return summary

    def incidents(
        self, f: IncidentFilter = IncidentFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[IncidentRow]:
        """Incidents with their reports, chronologically (undated last)."""
        _page(limit, offset)
        with self._guard(), self._engine.connect() as conn:
            stmt = (
                sa.select(incidents)
                .where(*self._incident_where(conn, f))
                .order_by(incidents.c.date_start.is_(None), incidents.c.date_start, incidents.c.id)
                .limit(limit)
                .offset(offset)
            )
            rows = conn.execute(stmt).mappings().all()
            members = _incident_members(conn, [r["id"] for r in rows])
        return [_incident_row(r, members.get(r["id"], [])) for r in rows]

    def count_incidents(self, f: IncidentFilter = IncidentFilter()) -> int:
        with self._guard(), self._engine.connect() as conn:
            stmt = (
                sa.select(sa.func.count())
                .select_from(incidents)
                .where(*self._incident_where(conn, f))
            )
            return int(conn.execute(stmt).scalar_one())

    def _incident_where(self, conn: Connection, f: IncidentFilter) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if f.country:
            where.append(incidents.c.country == f.country.upper())
        if f.type:
            where.append(incidents.c.type == f.type.upper())
        if f.date_from:
            where.append(
                sa.func.coalesce(incidents.c.date_end, incidents.c.date_start) >= f.date_from
            )
        if f.date_to:
            where.append(incidents.c.date_start <= f.date_to)
        if f.min_reports > 1:
            where.append(incidents.c.n_reports >= f.min_reports)
        if f.actor:
            ids = self._resolve_actor(conn, f.actor)
            linked = (
                sa.select(incident_members.c.incident_id)
                .join(event_actors, event_actors.c.event_pk == incident_members.c.event_pk)
                .where(event_actors.c.actor_id.in_(ids))
            )
            where.append(incidents.c.id.in_(linked) if ids else sa.false())
        return where

    # -- ingest journal ------------------------------------------------------------------------

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

    # -- one document --------------------------------------------------------------------------

    def document(self, doc_id: str) -> tuple[Document, Analysis] | None:
        """The stored document and its analysis, rebuilt as they were added.

        ``Analysis.text`` is not kept (the returned Document carries the text); the analysis'
        title/url/source/published are the stored document's.
        """
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).mappings()
            doc_row = row.first()
            if doc_row is None:
                return None
            document = Document(
                id=doc_row["id"],
                text=doc_row["text"],
                title=doc_row["title"],
                url=doc_row["url"],
                source=doc_row["source"],
                published=doc_row["published"],
                origin=doc_row["origin"],
            )
            analysis = Analysis(
                id=document.id,
                title=document.title,
                url=document.url,
                source=document.source,
                published=document.published,
                actors=self._read_actors(conn, doc_id),
                events=self._read_events(conn, doc_id),
                relations=self._read_relations(conn, doc_id),
                places=self._read_places(conn, doc_id),
                dates=self._read_dates(conn, doc_id),
            )
        return document, analysis

    @staticmethod
    def _read_actors(conn: Connection, doc_id: str) -> list[Actor]:
        spans: dict[str, list[Span]] = defaultdict(list)
        mention_rows = conn.execute(
            sa.select(mentions)
            .where(mentions.c.document_id == doc_id)
            .order_by(mentions.c.actor_id, mentions.c.position)
        ).mappings()
        for m in mention_rows:
            spans[m["actor_id"]].append(_span(m["start"], m["end"], m["text"]))
        rows = conn.execute(
            sa.select(document_actors)
            .where(document_actors.c.document_id == doc_id)
            .order_by(document_actors.c.position)
        ).mappings()
        return [
            Actor(
                id=r["actor_id"],
                name=r["name"],
                type=r["type"],
                country=r["country"],
                parent=r["parent"],
                kb=r["kb"],
                aliases=list(r["aliases"]),
                role=r["role"],
                affiliation=r["affiliation"],
                mentions=spans.get(r["actor_id"], []),
            )
            for r in rows
        ]

    @staticmethod
    def _read_events(conn: Connection, doc_id: str) -> list[Event]:
        rows = (
            conn.execute(
                sa.select(events).where(events.c.document_id == doc_id).order_by(events.c.position)
            )
            .mappings()
            .all()
        )
        roles = _event_roles(conn, [r["pk"] for r in rows])
        return [_event_from_row(r, roles.get(r["pk"], {})) for r in rows]

    @staticmethod
    def _read_relations(conn: Connection, doc_id: str) -> list[Relation]:
        rows = conn.execute(
            sa.select(relations)
            .where(relations.c.document_id == doc_id)
            .order_by(relations.c.position)
        ).mappings()
        return [
            Relation(
                source=r["source"],
                target=r["target"],
                type=r["type"],
                start=r["start"],
                end=r["end"],
                status=r["status"],
                origin=r["origin"],
                evidence=[Span.model_validate(s) for s in r["evidence"]],
            )
            for r in rows
        ]

    @staticmethod
    def _read_places(conn: Connection, doc_id: str) -> list[Place]:
        rows = conn.execute(
            sa.select(places).where(places.c.document_id == doc_id).order_by(places.c.position)
        ).mappings()
        fields = Place.model_fields.keys() - {"mentions"}
        return [
            Place(
                **{f: r[f] for f in fields},
                mentions=[Span.model_validate(s) for s in r["mentions"]],
            )
            for r in rows
        ]

    @staticmethod
    def _read_dates(conn: Connection, doc_id: str) -> list[TimeExpression]:
        rows = conn.execute(
            sa.select(dates).where(dates.c.document_id == doc_id).order_by(dates.c.position)
        ).mappings()
        return [
            TimeExpression(
                value=DateValue(
                    start=r["start"], end=r["end"], precision=r["precision"], text=r["text"]
                ),
                mention=_span(r["mention_start"], r["mention_end"], r["mention_text"]),
            )
            for r in rows
        ]

    # -- actors --------------------------------------------------------------------------------

    def dyad_timeline(
        self,
        actor: str,
        other: str | None = None,
        *,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> list[DyadMonth]:
        """Month by month, what ``actor`` (id, name or alias) and the actors it dealt with did
        to each other, in events that occurred and carry a date of their own (day or month
        precision); ``other`` narrows to one counterpart."""
        with self._engine.connect() as conn:
            ids = set(self._resolve_actor(conn, actor)) or {actor}
            others = set(self._resolve_actor(conn, other)) or {other} if other else None
            src = event_actors.alias("src")
            tgt = event_actors.alias("tgt")
            stmt = (
                sa.select(src.c.actor_id, tgt.c.actor_id, events.c.type, events.c.date_start)
                .select_from(
                    events.join(src, src.c.event_pk == events.c.pk).join(
                        tgt, tgt.c.event_pk == events.c.pk
                    )
                )
                .where(
                    src.c.role.in_(("source", "claimed_by")),
                    tgt.c.role == "target",
                    events.c.status == "occurred",
                    events.c.date_precision.in_(("day", "month")),
                    sa.or_(src.c.actor_id.in_(ids), tgt.c.actor_id.in_(ids)),
                )
            )
            if date_from is not None:
                stmt = stmt.where(events.c.date_start >= date_from)
            if date_to is not None:
                stmt = stmt.where(events.c.date_start <= date_to)
            rows = conn.execute(stmt).all()
        buckets: dict[tuple[str, str, str], list[float]] = {}
        for source, target, kind, start in rows:
            if source == target or start is None:
                continue
            if others is not None and not ({source, target} & others):
                continue
            weight = GOLDSTEIN.get(kind, 0.0)
            bucket = buckets.setdefault((source, target, start.isoformat()[:7]), [])
            bucket.append(weight)
        return [
            DyadMonth(
                source=source,
                target=target,
                month=month,
                events=len(weights),
                cooperative=sum(1 for w in weights if w > 0),
                hostile=sum(1 for w in weights if w < 0),
                score=round(sum(weights), 1),
            )
            for (source, target, month), weights in sorted(
                buckets.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])
            )
        ]

    def resolve_actor(self, name_or_id: str) -> list[str]:
        """Actor ids whose id, canonical name or any stored alias equals ``name_or_id``
        (case-insensitive, whitespace-insensitive)."""
        with self._engine.connect() as conn:
            return self._resolve_actor(conn, name_or_id)

    @staticmethod
    def _resolve_actor(conn: Connection, name_or_id: str) -> list[str]:
        key = alias_key(name_or_id)
        if not key:
            return []
        by_id = sa.select(actors.c.id).where(
            sa.or_(actors.c.id == name_or_id.strip(), sa.func.lower(actors.c.id) == key)
        )
        by_alias = sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.alias_key == key)
        ids = conn.execute(sa.union(by_id, by_alias)).scalars().all()
        return sorted(ids)

    def actors(
        self, f: ActorFilter = ActorFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[ActorRow]:
        """Actors with their aliases and counts, most active first."""
        _page(limit, offset)
        where: list[sa.ColumnElement[bool]] = []
        if f.q:
            key = alias_key(f.q)
            alias_hit = sa.select(actor_aliases.c.actor_id).where(
                actor_aliases.c.alias_key.contains(key, autoescape=True)
            )
            where.append(
                sa.or_(
                    sa.func.lower(actors.c.id).contains(key, autoescape=True),
                    actors.c.id.in_(alias_hit),
                )
            )
        if f.type:
            where.append(actors.c.type == f.type)
        if f.country:
            where.append(actors.c.country == f.country.upper())
        with self._engine.connect() as conn:
            return self._actor_rows(conn, where, limit, offset)

    def actors_by_id(self, ids: Iterable[str]) -> dict[str, ActorRow]:
        wanted = list(dict.fromkeys(ids))
        rows: list[ActorRow] = []
        with self._engine.connect() as conn:
            for chunk in _batched(wanted, 500):
                rows.extend(self._actor_rows(conn, [actors.c.id.in_(chunk)], None, 0))
        return {r.id: r for r in rows}

    @staticmethod
    def _actor_rows(
        conn: Connection, where: list[sa.ColumnElement[bool]], limit: int | None, offset: int
    ) -> list[ActorRow]:
        a = actor_activity
        events_n = sa.func.coalesce(a.c.n_events, 0)
        stmt = (
            sa.select(
                actors,
                events_n.label("n_events"),
                sa.func.coalesce(a.c.n_documents, 0).label("n_documents"),
                sa.func.coalesce(a.c.n_relations, 0).label("n_relations"),
            )
            .select_from(actors.outerjoin(a, a.c.actor_id == actors.c.id))
            .where(*where)
            .order_by(events_n.desc(), actors.c.name, actors.c.id)
            .offset(offset)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = conn.execute(stmt).mappings().all()
        aliases: dict[str, list[str]] = defaultdict(list)
        if rows:
            alias_rows = conn.execute(
                sa.select(actor_aliases.c.actor_id, actor_aliases.c.alias)
                .where(actor_aliases.c.actor_id.in_([r["id"] for r in rows]))
                .order_by(actor_aliases.c.actor_id, actor_aliases.c.alias)
            )
            for actor_id, alias in alias_rows:
                aliases[actor_id].append(alias)
        return [
            ActorRow(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                country=r["country"],
                parent=r["parent"],
                kb=r["kb"],
                role=r["role"],
                affiliation=r["affiliation"],
                aliases=[a for a in aliases[r["id"]] if a != r["name"]],
                n_documents=r["n_documents"],
                n_events=r["n_events"],
                n_relations=r["n_relations"],
            )
            for r in rows
        ]

    # -- events --------------------------------------------------------------------------------

    def _event_where(self, conn: Connection, f: EventFilter) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if f.actor:
            ids = self._resolve_actor(conn, f.actor)
            linked = sa.select(event_actors.c.event_pk).where(event_actors.c.actor_id.in_(ids))
            where.append(events.c.pk.in_(linked) if ids else sa.false())
        if f.type:
            where.append(events.c.type == f.type.upper())
        if f.mode:
            where.append(events.c.mode == f.mode)
        if f.status:
            where.append(events.c.status == f.status)
        # Overlap of the event's date span with the asked range; undated events never match.
        if f.date_from:
            where.append(sa.func.coalesce(events.c.date_end, events.c.date_start) >= f.date_from)
        if f.date_to:
            where.append(events.c.date_start <= f.date_to)
        if f.country:
            where.append(events.c.country == f.country.upper())
        if f.admin1:
            where.append(sa.func.lower(events.c.admin1) == f.admin1.casefold())
        if f.bbox:
            where.extend(_bbox_clauses(events.c.lon, events.c.lat, f.bbox))
        if f.q:
            where.extend(_contains_all(events.c.evidence_text, f.q))
        if f.document_id:
            where.append(events.c.document_id == f.document_id)
        return where

    def _event_select(self, conn: Connection, f: EventFilter, sort: str = "date") -> sa.Select[Any]:
        key, descending = parse_event_sort(sort)
        column = _EVENT_SORT_COLUMNS[key]
        return (
            sa.select(
                events,
                documents.c.title.label("document_title"),
                documents.c.url.label("document_url"),
                documents.c.source.label("document_source"),
                documents.c.published.label("document_published"),
            )
            .select_from(events.join(documents, documents.c.id == events.c.document_id))
            .where(*self._event_where(conn, f))
            # Unknown values last; document and position make the order total so pages never
            # overlap.
            .order_by(
                column.is_(None),
                column.desc() if descending else column.asc(),
                events.c.document_id,
                events.c.position,
            )
        )

    def events(
        self,
        f: EventFilter = EventFilter(),
        *,
        limit: int = 100,
        offset: int = 0,
        sort: str = "date",
    ) -> list[EventRow]:
        """Events matching the filter, chronologically (undated last) or in the order ``sort``
        names: a key of :data:`EVENT_SORT_KEYS`, prefixed with ``-`` for descending."""
        _page(limit, offset)
        with self._engine.connect() as conn:
            stmt = self._event_select(conn, f, sort).limit(limit).offset(offset)
            rows = conn.execute(stmt).mappings().all()
            return _event_rows(conn, rows)

    def iter_events(
        self, f: EventFilter = EventFilter(), *, batch_size: int = 500, sort: str = "date"
    ) -> Iterator[EventRow]:
        """All matching events, streamed from one cursor in batches (for exports)."""
        with self._engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch_size).execute(
                self._event_select(conn, f, sort)
            )
            for part in result.mappings().partitions():
                yield from _event_rows(conn, part)

    def count_events(self, f: EventFilter = EventFilter()) -> int:
        with self._engine.connect() as conn:
            stmt = sa.select(sa.func.count()).select_from(events).where(*self._event_where(conn, f))
            return int(conn.execute(stmt).scalar_one())

    def count_events_by_type(self, f: EventFilter = EventFilter()) -> list[tuple[str, int]]:
        """(event type, count) of the matching events, most frequent first."""
        n = sa.func.count()
        with self._engine.connect() as conn:
            stmt = (
                sa.select(events.c.type, n)
                .where(*self._event_where(conn, f))
                .group_by(events.c.type)
                .order_by(n.desc(), events.c.type)
            )
            return [(kind, int(count)) for kind, count in conn.execute(stmt)]

    def count_events_by_month(self, f: EventFilter = EventFilter()) -> dict[tuple[str, str], int]:
        """{(event type, ``YYYY-MM``): count} of the matching events dated precisely enough to
        place in a month (:data:`MONTHLY_PRECISIONS`), by the month of their start."""
        with self._engine.connect() as conn:
            if f == EventFilter():
                rows = [dict(r) for r in conn.execute(sa.select(event_months)).mappings()]
            else:
                rows = _month_rows(conn.execute(_month_counts_select(self._event_where(conn, f))))
        return {(r["type"], r["month"]): int(r["n_events"]) for r in rows}

    def event_points(self, f: EventFilter, *, limit: int) -> tuple[list[EventPoint], int]:
        """Matching events with valid coordinates, latest first (at most ``limit``), and how
        many there are in all."""
        _page(limit, 0)
        with self._engine.connect() as conn:
            where = [
                *self._event_where(conn, f),
                events.c.lat.is_not(None),
                events.c.lon.is_not(None),
                # abs(), not BETWEEN: SQLite would otherwise read every event through the
                # coordinates index instead of the date index in the order asked below.
                sa.func.abs(events.c.lat) <= 90.0,
                sa.func.abs(events.c.lon) <= 180.0,
            ]
            total = conn.execute(sa.select(sa.func.count()).select_from(events).where(*where))
            n_total = int(total.scalar_one())
            columns = sa.select(
                events.c.document_id,
                events.c.local_id,
                events.c.lat,
                events.c.lon,
                events.c.type,
                events.c.mode,
                events.c.date_start,
                sa.func.coalesce(events.c.location_name, events.c.city, events.c.admin1),
                events.c.killed,
            ).where(*where)
            # Latest first, then the undated: two queries, so the first reads the date index
            # backwards and stops at ``limit``.
            dated = columns.where(events.c.date_start.is_not(None))
            order = (events.c.date_start.desc(), events.c.pk)
            rows = list(conn.execute(dated.order_by(*order).limit(limit)))
            if len(rows) < limit:
                undated = columns.where(events.c.date_start.is_(None)).order_by(events.c.pk)
                rows.extend(conn.execute(undated.limit(limit - len(rows))))
            points = [
                EventPoint(f"{doc}:{local}", float(lat), float(lon), kind, mode, day, place, n)
                for doc, local, lat, lon, kind, mode, day, place, n in rows
            ]
        return points, n_total

    # -- relations -----------------------------------------------------------------------------

    def relations(
        self, f: RelationFilter = RelationFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[RelationRow]:
        """Stored relations and event interactions, aggregated per actor pair, heaviest first."""
        _page(limit, offset)
        with self._guard(), self._engine.connect() as conn:
            groups = self._relation_groups(conn, f)
            if groups is None:
                return []
            stmt = (
                sa.select(groups)
                .order_by(
                    groups.c.weight.desc(),
                    groups.c.source,
                    groups.c.target,
                    groups.c.type,
                    groups.c.origin,
                )
                .limit(limit)
                .offset(offset)
            )
            rows = conn.execute(stmt).mappings().all()
            names = _actor_names(conn, [r[end] for r in rows for end in ("source", "target")])
        return [
            RelationRow.model_validate(
                {
                    **r,
                    "source_name": names.get(r["source"], r["source"]),
                    "target_name": names.get(r["target"], r["target"]),
                }
            )
            for r in rows
        ]

    def count_relations(self, f: RelationFilter = RelationFilter()) -> int:
        """How many rows :meth:`relations` gives for ``f`` without paging."""
        with self._guard(), self._engine.connect() as conn:
            groups = self._relation_groups(conn, f)
            if groups is None:
                return 0
            return int(conn.execute(sa.select(sa.func.count()).select_from(groups)).scalar_one())

    def _relation_groups(self, conn: Connection, f: RelationFilter) -> sa.Subquery | None:
        """Relation rows (without names) matching ``f``; None when none can match.

        Without a time window they are read from ``relation_totals``; with one, the stored
        relations and the ``interactions`` rows inside the window are aggregated.
        """
        ids = self._resolve_actor(conn, f.actor) if f.actor else None
        if ids == [] or f.origin not in (None, "explicit", "events", "interactions"):
            return None
        if f.date_from is None and f.date_to is None:
            t = relation_totals
            where = _pair_filter(t.c.source, t.c.target, ids)
            if f.type:
                # Stored relation types are lower case, PLOVER event types upper case.
                where.append(
                    sa.or_(
                        sa.and_(t.c.origin == "interactions", t.c.type == f.type.upper()),
                        sa.and_(t.c.origin != "interactions", t.c.type == f.type.lower()),
                    )
                )
            if f.origin:
                where.append(t.c.origin == f.origin)
            return sa.select(t).where(*where).subquery()
        parts = []
        if f.origin in (None, "explicit", "events"):
            parts.append(_stored_relations_select(f, ids))
        if f.origin in (None, "interactions"):
            parts.append(_interaction_groups(_interactions_in_window(f, ids)))
        return sa.union_all(*parts).subquery()

    # -- places, documents, stats --------------------------------------------------------------

    def places(
        self, f: PlaceFilter = PlaceFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[PlaceRow]:
        """Resolved places aggregated over documents, most widely mentioned first."""
        _page(limit, offset)
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
        identity = [
            places.c[name]
            for name in (
                "name",
                "country",
                "admin1",
                "admin2",
                "city",
                "lat",
                "lon",
                "precision",
                "geonameid",
                "feature",
            )
        ]
        n_documents = sa.func.count(sa.distinct(places.c.document_id))
        n_mentions = sa.func.sum(places.c.n_mentions)
        stmt = (
            sa.select(*identity, n_documents.label("n_documents"), n_mentions.label("n_mentions"))
            .where(*where)
            .group_by(*identity)
            .order_by(n_documents.desc(), n_mentions.desc(), *identity)
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [PlaceRow.model_validate(dict(r)) for r in rows]

    def documents(
        self, f: DocumentFilter = DocumentFilter(), *, limit: int = 100, offset: int = 0
    ) -> list[DocumentRow]:
        """Stored documents, most recently published first (undated last)."""
        _page(limit, offset)
        where: list[sa.ColumnElement[bool]] = []
        if f.q:
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
        n_events = (
            sa.select(events.c.document_id, sa.func.count().label("n"))
            .group_by(events.c.document_id)
            .subquery()
        )
        n_actors = (
            sa.select(document_actors.c.document_id, sa.func.count().label("n"))
            .group_by(document_actors.c.document_id)
            .subquery()
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
                sa.func.coalesce(n_events.c.n, 0).label("n_events"),
                sa.func.coalesce(n_actors.c.n, 0).label("n_actors"),
            )
            .select_from(
                documents.outerjoin(n_events, n_events.c.document_id == documents.c.id).outerjoin(
                    n_actors, n_actors.c.document_id == documents.c.id
                )
            )
            .where(*where)
            .order_by(documents.c.published.is_(None), documents.c.published.desc(), documents.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [
            DocumentRow.model_validate({**r, "ingested_at": _as_utc(r["ingested_at"])})
            for r in rows
        ]

    def stats(self) -> dict[str, int]:
        tables = {
            "documents": documents,
            "actors": actors,
            "aliases": actor_aliases,
            "mentions": mentions,
            "events": events,
            "relations": relations,
            "places": places,
            "dates": dates,
        }
        with self._engine.connect() as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for name, t in tables.items()
            }


# --- query builders used by Store -------------------------------------------------------------


def _event_roles(conn: Connection, pks: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _batched(pks, 500):
        rows = conn.execute(
            sa.select(event_actors.c.event_pk, event_actors.c.role, event_actors.c.actor_id)
            .where(event_actors.c.event_pk.in_(chunk))
            .order_by(event_actors.c.event_pk, event_actors.c.role, event_actors.c.position)
        )
        for pk, role, actor_id in rows:
            roles[pk][role].append(actor_id)
    return roles


def _actor_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for chunk in _batched(sorted(set(ids)), 500):
        rows = conn.execute(sa.select(actors.c.id, actors.c.name).where(actors.c.id.in_(chunk)))
        names.update({actor_id: name for actor_id, name in rows})
    return names


def _event_rows(conn: Connection, rows: Sequence[RowMapping]) -> list[EventRow]:
    if not rows:
        return []
    roles = _event_roles(conn, [r["pk"] for r in rows])
    names = _actor_names(
        conn, [a for by_role in roles.values() for ids in by_role.values() for a in ids]
    )
    out = []
    for r in rows:
        by_role = roles.get(r["pk"], {})
        ids = {role: list(by_role.get(role, [])) for role in EVENT_ROLES}
        out.append(
            EventRow(
                id=f"{r['document_id']}:{r['local_id']}",
                document_id=r["document_id"],
                local_id=r["local_id"],
                type=r["type"],
                mode=r["mode"],
                status=r["status"],
                date_start=r["date_start"],
                date_end=r["date_end"],
                date_precision=r["date_precision"],
                date_text=r["date_text"],
                source_ids=ids["source"],
                source_names=[names.get(a, a) for a in ids["source"]],
                target_ids=ids["target"],
                target_names=[names.get(a, a) for a in ids["target"]],
                claimed_by_ids=ids["claimed_by"],
                claimed_by_names=[names.get(a, a) for a in ids["claimed_by"]],
                target_text=r["target_text"],
                location_name=r["location_name"],
                country=r["country"],
                admin1=r["admin1"],
                admin2=r["admin2"],
                city=r["city"],
                lat=r["lat"],
                lon=r["lon"],
                geo_precision=r["geo_precision"],
                geonameid=r["geonameid"],
                killed=r["killed"],
                wounded=r["wounded"],
                evidence_text=r["evidence_text"],
                evidence_start=r["evidence_start"],
                evidence_end=r["evidence_end"],
                confidence=r["confidence"],
                document_title=r["document_title"],
                document_url=r["document_url"],
                document_source=r["document_source"],
                document_published=r["document_published"],
            )
        )
    return out


# Partial ISO dates ("2015", "2015-02") compare as strings against full dates. A '~' (which
# sorts after every digit and '-') appended to the end of a period makes "2015-02~" >=
# "2015-02-17", so a period counts as lasting until its last day.
_PERIOD_END = "~"


def _date_window(
    first: sa.ColumnElement[Any], last: sa.ColumnElement[Any], f: RelationFilter
) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.date_to:
        where.append(first <= f.date_to.isoformat())
    if f.date_from:
        where.append(last.op("||")(_PERIOD_END) >= f.date_from.isoformat())
    return where


def _pair_filter(
    source: sa.ColumnElement[Any], target: sa.ColumnElement[Any], ids: list[str] | None
) -> list[sa.ColumnElement[bool]]:
    if ids is None:
        return []
    return [sa.or_(source.in_(ids), target.in_(ids))]


def _stored_relations_select(f: RelationFilter, ids: list[str] | None) -> sa.Select[Any]:
    published = sa.cast(documents.c.published, sa.String)
    first = sa.func.coalesce(relations.c.start, published)
    last = sa.func.coalesce(relations.c.end, relations.c.start, published)
    where = _pair_filter(relations.c.source, relations.c.target, ids)
    where += _date_window(first, last, f)
    if f.type:
        where.append(relations.c.type == f.type.lower())
    if f.origin:
        where.append(relations.c.origin == f.origin)
    return (
        sa.select(
            relations.c.source,
            relations.c.target,
            relations.c.type,
            relations.c.origin,
            sa.func.count().label("weight"),
            sa.func.count(sa.distinct(relations.c.document_id)).label("n_documents"),
            sa.func.min(first).label("first"),
            sa.func.max(last).label("last"),
        )
        .select_from(relations.join(documents, documents.c.id == relations.c.document_id))
        .where(*where)
        .group_by(relations.c.source, relations.c.target, relations.c.type, relations.c.origin)
    )


def _interactions_in_window(f: RelationFilter, ids: list[str] | None) -> sa.Subquery:
    """The ``interactions`` rows matching ``f``, whose dates overlap its window.

    Overlap is ``first <= date_to`` and ``last >= date_from``. For a short span (at most
    SHORT_SPAN_DAYS), ``last >= date_from`` implies ``first >= date_from - SHORT_SPAN_DAYS``, a
    range the index on (long_span, first) serves; the few long spans are checked one by one.
    """
    i = interactions
    where = _pair_filter(i.c.source, i.c.target, ids)
    if f.type:
        where.append(i.c.type == f.type.upper())
    if f.date_to:
        where.append(i.c.first <= f.date_to.isoformat())
    short = [i.c.long_span == sa.false()]
    if f.date_from:
        where.append(i.c.last >= f.date_from.isoformat())
        reach = dt.timedelta(days=SHORT_SPAN_DAYS)
        earliest = f.date_from - reach if f.date_from - dt.date.min > reach else dt.date.min
        short.append(i.c.first >= earliest.isoformat())
    return sa.union_all(
        sa.select(i).where(*short, *where),
        sa.select(i).where(i.c.long_span == sa.true(), *where),
    ).subquery()
