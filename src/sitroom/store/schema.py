"""The store's tables (SQLAlchemy Core) and the constants their rows follow.

- ``meta``: key/value pairs; ``schema_version`` records the layout version.
- ``documents``: one row per stored document (text, title, url, source, dates, hash).
- ``actors``: the *global* actor table (KB ids, else slugs: one group named in two articles
  meets in one row), merged on insert (:func:`sitroom.store.writes._merged_actor_fields`).
- ``actor_aliases``: every name and alias seen for an actor, with a case-folded key for lookup;
  ``actor_alias_lists``: each actor's reference list of aliases (schema 13).
- ``document_actors``: the actor exactly as one analysis described it (order, name, aliases,
  mentions, ...), so :meth:`Store.document` rebuilds the analysis unchanged after merges.
- ``events`` + ``event_actors``: events with flattened date, location and evidence columns (so
  filters are plain indexed comparisons) and their source/target/claimed_by actors.
- ``places``, ``relations``, ``dates``: the remaining lists of an analysis, per document.
- ``incidents`` + ``incident_members``: cross-document incidents (:mod:`sitroom.store.merging`).
- ``ingest_runs``: the ingest journal (:mod:`sitroom.store.journal`).
- Aggregates kept current by every write (:mod:`sitroom.store.aggregates`): ``interactions``,
  ``relation_totals``, ``relation_status_totals``, ``actor_activity``, ``event_months``.

``docs/formats.md`` lists every column. Only modules of this package use these tables.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa

from sitroom.store.columns import (
    SafeString,
    SafeText,
    _actor_columns,
    _date_columns,
    _location_columns,
    _span_columns,
)

SCHEMA_VERSION = 13


EVENT_ROLES: tuple[str, ...] = ("source", "target", "claimed_by")


# Statuses that describe something that did not happen; they do not count as interactions.
NON_INTERACTION_STATUSES: tuple[str, ...] = ("negated", "hypothetical")


# Date precisions precise enough to place an event in a month (year-precision dates would all
# pile up in January): the monthly counts use only these.
MONTHLY_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "document")


# An interaction whose dates span at most this many days is found through the index on its
# first date by a time-window query; longer (or reversed) spans are checked one by one.
SHORT_SPAN_DAYS = 31


# An incident whose match window spans at most this many days is found through the index on
# its window's start by the merge's candidate query; longer windows (``long_window``) are few
# and found through the same index's ``long_window`` prefix (store.incidents._candidate_select).
SHORT_WINDOW_DAYS = 45


# The ``month`` of an ``event_months`` row counting events no month can hold (undated, or
# dated to a year, a decade or not at all).
NO_MONTH = ""


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


# Version 9: the documents listing (most recently published first, undated last, then id) and
# the latest arrivals (ingested_at descending, then id) read off an index instead of sorting
# every document (0.13 s for 50,000 documents on PostgreSQL at offset 20,000). SQLite sorts
# NULL lowest (last when descending); PostgreSQL needs NULLS LAST said.
sa.Index("ix_documents_listing", documents.c.published.desc(), documents.c.id).ddl_if(
    dialect="sqlite"
)
sa.Index("ix_documents_listing", documents.c.published.desc().nulls_last(), documents.c.id).ddl_if(
    dialect="postgresql"
)
sa.Index("ix_documents_ingested", documents.c.ingested_at.desc(), documents.c.id)


actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", SafeString, primary_key=True),
    *_actor_columns(),
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
    sqlite_with_rowid=False,  # version 13: the key is the table, not a copy of every row
)


document_actors = sa.Table(
    "document_actors",
    metadata,
    sa.Column("document_id", SafeString, _doc_fk(), primary_key=True),
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    *_actor_columns(),
    sa.Column("aliases", sa.JSON, nullable=False),  # v13: JSON null, see actor_alias_lists
    sa.Column("mentions", sa.JSON(none_as_null=True)),  # v13: spans (store.spans), or null
    sa.Index("ix_document_actors_actor", "actor_id"),
    sqlite_with_rowid=False,  # version 13, as actor_aliases
)


# Version 8: the documents that gave an actor a role or an affiliation (the actor rows' latest
# role, store.query_actors._role_rows), without the many that gave none.
_GAVE_ROLE = sa.or_(document_actors.c.role.is_not(None), document_actors.c.affiliation.is_not(None))
sa.Index(
    "ix_document_actors_role",
    document_actors.c.actor_id,
    sqlite_where=_GAVE_ROLE,
    postgresql_where=_GAVE_ROLE,
)


# Version 13: an actor's first stored list of aliases, which documents giving the same list
# (a KB actor's) refer to; never changed while the actor is stored, it goes with the actor.
actor_alias_lists = sa.Table(
    "actor_alias_lists",
    metadata,
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("aliases", sa.JSON, nullable=False),
    sqlite_with_rowid=False,
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
    *_date_columns("date_"),
    # Location None and a Location with every field None are different values of the model.
    sa.Column("has_location", sa.Boolean, nullable=False),
    *_location_columns(),
    sa.Column("killed", sa.Integer),
    sa.Column("wounded", sa.Integer),
    *_span_columns("evidence", "evidence_"),
    *_span_columns("trigger", "trigger_", nullable=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("notes", sa.JSON, nullable=False),
    sa.Column("more_evidence", sa.JSON, nullable=False),
    sa.Column("target_text", SafeText),
    sa.Column("speaker", SafeString),
    # Version 5: the speech act's act, how the sources are known, the event's salience.
    sa.Column("act", sa.JSON),
    sa.Column("source_basis", SafeString(16)),
    sa.Column("salience", SafeString(16)),
    # Version 10: how the targets are known (stated, or inferred from the article around).
    sa.Column("target_basis", SafeString(16)),
    sa.UniqueConstraint("document_id", "local_id", name="uq_events_document_local"),
    # Version 7: salience in the date index, so a salience filter walking the events by date
    # checks it in the index and reads no event it rejects (ix_events_date before).
    sa.Index("ix_events_date_salience", "date_start", "date_end", "salience"),
    sa.Index("ix_events_country", "country", "admin1"),
    # Version 9: the country too (ix_events_type before), so a count by type and country is
    # read off the index alone (PostgreSQL: 0.40 -> 0.02 s for two types and two countries of
    # a million events, which visited 29,000 pages of events).
    sa.Index("ix_events_type_country", "type", "mode", "country"),
    sa.Index("ix_events_coordinates", "lat", "lon"),
)


# Version 7: the events listing sorted by fatalities, most first (``sort="-killed"``), read off
# the index instead of sorting every event: killed descending with the unknown last, then the
# listing's tiebreak. SQLite sorts NULL lowest (last when descending) and takes no NULLS LAST in
# an index; PostgreSQL sorts NULL highest, so its index says NULLS LAST.
sa.Index(
    "ix_events_killed", events.c.killed.desc(), events.c.document_id, events.c.position
).ddl_if(dialect="sqlite")
sa.Index(
    "ix_events_killed",
    events.c.killed.desc().nulls_last(),
    events.c.document_id,
    events.c.position,
).ddl_if(dialect="postgresql")
# And fewest first (``sort="killed"``): SQLite walks it with the unknown last (without it the
# descending index above served the ascending order too, sorting within each count: 385 ->
# 540 ms at offset 5,000 of a million events, 1 ms with it); PostgreSQL sorts NULL last here.
sa.Index("ix_events_killed_asc", events.c.killed, events.c.document_id, events.c.position)
# Version 9, PostgreSQL only: the events listing latest first (``sort="-date"``, the /events
# page's order), undated last. PostgreSQL reads ix_events_date_salience backwards with NULL
# first, so it sorted every event (0.7 s at 1,000,000 events; 1 ms with this index); SQLite
# walks ix_events_date_salience backwards with NULL last already.
sa.Index(
    "ix_events_date_desc",
    events.c.date_start.desc().nulls_last(),
    events.c.document_id,
    events.c.position,
).ddl_if(dialect="postgresql")
# Version 9, PostgreSQL only: the events' date spans in days (end minus start), so the longest
# is one index read. A date window's events start at most that long before the window, a bound
# on the date index (store.query_events._window_start) the span's own test cannot give.
_START = events.c.date_start
EVENT_SPAN_DAYS = events.c.date_end - _START
sa.Index("ix_events_span", EVENT_SPAN_DAYS).ddl_if(dialect="postgresql")
# Version 12: on SQLite too, in Julian days (dates are text); it walked every earlier event.
EVENT_SPAN_DAYS_SQLITE = sa.func.julianday(events.c.date_end) - sa.func.julianday(_START)
sa.Index("ix_events_span", EVENT_SPAN_DAYS_SQLITE).ddl_if(dialect="sqlite")

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


# What makes two place rows the same place in Store.places (and Store.count_places).
PLACE_IDENTITY = ("name", "country", "admin1", "admin2", "city", "lat", "lon", "precision",
                  "geonameid", "feature")  # fmt: skip
places = sa.Table(
    "places",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, _doc_fk(), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    *_location_columns(name="name", precision="precision"),
    sa.Column("feature", SafeString(16)),
    sa.Column("mentions", sa.JSON, nullable=False),
    sa.Column("n_mentions", sa.Integer, nullable=False),
    sa.Index("ix_places_document", "document_id"),
    sa.Index("ix_places_country", "country", "admin1"),
    # Version 12: the places listing grouped off this index alone, in its order.
    sa.Index("ix_places_identity", *PLACE_IDENTITY, "document_id", "n_mentions"),
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
    # Version 8: the first and last day of the relation's period, and whether they are more
    # than SHORT_SPAN_DAYS apart (or unknown): a time window reads the short ones off
    # ix_relations_window (see store.relation_spans).
    sa.Column("first_day", SafeString(10)),
    sa.Column("last_day", SafeString(10)),
    sa.Column("long_span", sa.Boolean),
    sa.Index("ix_relations_window", "long_span", "first_day"),
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
    *_date_columns(""),
    *_span_columns("mention", "mention_"),
    sa.Index("ix_dates_document", "document_id"),
)


# Cross-document incidents (see sitroom.store.merging): every stored event belongs to exactly one
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
    *_date_columns("date_", text=False),
    *_location_columns(("name", "country", "admin1", "city", "lat", "lon", "precision")),
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
    # Version 6: match_to - match_from over SHORT_WINDOW_DAYS (see incident_window_is_long).
    sa.Column("long_window", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_incidents_block", "country", "match_from", "match_to"),
    # The merge's candidate query (store.incidents._candidate_select): a short window that
    # overlaps [low, high] starts in [low - SHORT_WINDOW_DAYS, high], a range of this index.
    sa.Index("ix_incidents_window", "country", "type", "long_window", "match_from"),
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
    # Version 8: every column a time window's relations read, after the two it seeks by.
    sa.Index(
        "ix_interactions_window",
        "long_span",
        "first",
        "last",
        "source",
        "target",
        "type",
        "document_id",
        "event_pk",
    ),
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


# The counts of ActorRow; an actor without a row has none of them. Version 10: ``n_mentions``,
# the actor's mentions (their sum is the mentions' count, read by Store.stats without counting
# millions of rows).
actor_activity = sa.Table(
    "actor_activity",
    metadata,
    sa.Column("actor_id", SafeString, _actor_fk(), primary_key=True),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("n_relations", sa.Integer, nullable=False),
    sa.Column("n_mentions", sa.Integer, nullable=False, server_default="0"),
)


# Events per (type, YYYY-MM of date_start, date precision, status). Events dated with a
# MONTHLY_PRECISIONS precision have their month; the others (undated, a year, a decade) are
# counted under month NO_MONTH. ``precision`` is the event's, except ``range`` for a day-precision
# span longer than a day (as Store.count_events_by_month_detail reports it). Version 6 added
# precision, status and the NO_MONTH rows; version 10 ``n_located``, how many of the events have
# valid coordinates (the map's total, Store.event_points, without counting the events).
event_months = sa.Table(
    "event_months",
    metadata,
    sa.Column("type", SafeString(16), primary_key=True),
    sa.Column("month", SafeString(7), primary_key=True),
    sa.Column("precision", SafeString(16), primary_key=True),
    sa.Column("status", SafeString(16), primary_key=True),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("n_located", sa.Integer, nullable=False, server_default="0"),
)


# relation_totals split by status (a stored relation's own, an interaction's event's), for
# Store.relations() and Store.relation_statuses() asked for some statuses without a time window.
# ``n_documents`` counts the documents of one status: it is exact for one status, and the
# relations of several statuses recount it (a document may hold the pair in two statuses).
relation_status_totals = sa.Table(
    "relation_status_totals",
    metadata,
    sa.Column("source", SafeString, primary_key=True),
    sa.Column("target", SafeString, primary_key=True),
    sa.Column("type", SafeString(16), primary_key=True),
    sa.Column("origin", SafeString(16), primary_key=True),
    sa.Column("status", SafeString(16), primary_key=True),
    sa.Column("weight", sa.Integer, nullable=False),
    sa.Column("n_documents", sa.Integer, nullable=False),
    sa.Column("first", SafeString),
    sa.Column("last", SafeString),
    sa.Index("ix_relation_status_totals_status", "status", "weight"),
    sa.Index("ix_relation_status_totals_target", "target"),
)


# The update feed (Store.updates): one row per stored document replaced by a new version of its
# text (``updated``) or deleted (``removed``); no foreign key, removed documents stay listed.
document_updates = sa.Table(
    "document_updates",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", SafeString, nullable=False),
    sa.Column("kind", SafeString(16), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("previous_hash", SafeString(64)),
    sa.Column("text_hash", SafeString(64)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_document_updates_at", "at"),
    sa.Index("ix_document_updates_document", "document_id"),
)


# The sums kept per key by incident_totals and actor_incident_totals (and added up by upserts).
INCIDENT_SUMS = (
    "incidents",
    "reports",
    "killed_low",
    "killed_best",
    "killed_high",
    "wounded_low",
    "wounded_best",
    "wounded_high",
)

# Store.fatality_totals() without a filter: the incidents' counts per status, country, admin1
# and month of their start date (YYYY-MM), kept by every merge and deletion
# (store.incident_totals); the overall row and the totals by country, admin1, year and month
# are sums of its rows. A key the incident has no value for is "" (NO_MONTH for the month): a
# primary key holds no NULL. Version 7 added country, admin1 and month.
incident_totals = sa.Table(
    "incident_totals",
    metadata,
    sa.Column("status", SafeString(16), primary_key=True),
    sa.Column("country", SafeString(3), primary_key=True),
    sa.Column("admin1", SafeText, primary_key=True),
    sa.Column("month", SafeString(7), primary_key=True),
    *(sa.Column(name, sa.BigInteger, nullable=False) for name in INCIDENT_SUMS),
)


# Store.fatality_totals(by="actor") without a filter: the counts of incident_totals per status
# and perpetrator (an actor that is a source or claimant of one of the incident's reports; an
# incident counts once for each of its perpetrators), kept by every merge and deletion with
# incident_totals (store.incident_totals). Version 8.
actor_incident_totals = sa.Table(
    "actor_incident_totals",
    metadata,
    sa.Column("status", SafeString(16), primary_key=True),
    sa.Column("actor_id", SafeString, primary_key=True),
    *(sa.Column(name, sa.BigInteger, nullable=False) for name in INCIDENT_SUMS),
)


AGGREGATE_TABLES: tuple[sa.Table, ...] = (
    interactions,
    relation_totals,
    relation_status_totals,
    actor_activity,
    event_months,
    incident_totals,
    actor_incident_totals,
)


def incident_window_is_long(match_from: Any, match_to: Any) -> bool:
    """Whether an incident's match window is longer than SHORT_WINDOW_DAYS (a window missing
    an end never matches, and a reversed one is short: both are found as short ones)."""
    if match_from is None or match_to is None:
        return False
    return bool((match_to - match_from).days > SHORT_WINDOW_DAYS)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def alias_key(text: str) -> str:
    """Lookup key for names: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())
