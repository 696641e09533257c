"""The store's query vocabulary: filters going in, typed rows coming out.

Every listing of :class:`~sitroom.store.Store` takes one of the ``*Filter`` dataclasses (all
fields optional; an empty filter selects everything) plus ``limit``/``offset``, and returns
rows of the pydantic models below. These are the types the web layer, the CLI and the exports
work with; none of them exposes a table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from sitroom.ontology import ontology
from sitroom.store.schema import documents, events

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
    # Multi-select: an event matches any of the values (and the single field above, if set).
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # ids, names or aliases; any of them in any role
    saliences: tuple[str, ...] = ()  # main, secondary, background (events without one never)
    # Inclusive ranges of the event's reported counts (an event without a count never matches).
    killed_min: int | None = None
    killed_max: int | None = None
    wounded_min: int | None = None
    wounded_max: int | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            _check_bbox(self.bbox)

    def any_of(self, single: str, many: str) -> tuple[str, ...]:
        """The values of a single field and its multi-select twin, without repeats."""
        value = getattr(self, single)
        return tuple(dict.fromkeys([*([value] if value else []), *getattr(self, many)]))


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
    # Any of these statuses: a stored relation's own, an interaction's event's.
    statuses: tuple[str, ...] = ()


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
    # How sure the map may be: the event's status, its date's and its place's precision
    # (a country or admin1 centroid is never drawn like a city).
    status: str = "occurred"
    date_precision: str | None = None
    geo_precision: str | None = None


class MonthCount(NamedTuple):
    """Events of one type in one month, with one date precision and one status."""

    month: str  # YYYY-MM of the event's start
    type: str
    precision: str  # day, range (a day-precision span), document, week or month
    status: str
    events: int


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
    # What a speech act speaks of ({"type", "mode"}), how the sources are known (stated,
    # claimed, alleged, inferred) and the event's salience in its article (schema 5).
    act: dict[str, str | None] | None = None
    source_basis: str | None = None
    salience: str | None = None
    # How the targets are known: stated, or inferred from the article around (schema 11).
    target_basis: str | None = None
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
    # The latest role/affiliation a document gave (by publication date; see
    # Store.actor_roles for all of them, dated and per document), never one global value.
    role: str | None
    affiliation: str | None
    role_document: str | None = None
    role_date: dt.date | None = None
    aliases: list[str]  # every stored name except the canonical one
    n_documents: int
    n_events: int
    n_relations: int  # stored relations (explicit or derived) naming the actor


class FatalityRow(_Row):
    """Killed and wounded over the incidents of one group (Store.fatality_totals)."""

    key: str | None  # the group's value (country code, admin1, actor id, YYYY, YYYY-MM)
    country: str | None  # with by=country or admin1
    incidents: int
    reports: int
    killed_low: int
    killed_best: int
    killed_high: int
    wounded_low: int
    wounded_best: int
    wounded_high: int


class ActorRoleRow(_Row):
    """A role or affiliation one document gave an actor, dated by the document."""

    actor_id: str
    document_id: str
    published: dt.date | None
    role: str | None
    affiliation: str | None


class UpdateRow(_Row):
    """One entry of the update feed (Store.updates)."""

    seq: int
    document_id: str
    kind: str  # "updated" (a new version of the text replaced the old) or "removed"
    at: dt.datetime
    version: int  # the document's version after this change (2 = first replacement)
    previous_hash: str | None
    text_hash: str | None  # None when removed


# A Goldstein-style weight for each PLOVER type, from -10 (most hostile) to +10 (most
# cooperative): sitroom's own type-level approximation of the Goldstein (1992) scale that
# CAMEO coders use per code; it orders dyads, it is not a calibrated measure.
# A type-level Goldstein-style weight per PLOVER type (-10 .. +10): the ontology's.
GOLDSTEIN: dict[str, float] = ontology().goldstein()


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
    """An incident: one occurrence and every report of it (see :mod:`sitroom.store.merging`)."""

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


@dataclass(frozen=True)
class RelationEvidence:
    """One stored relation (one document) that names an actor, with its evidence spans."""

    document_id: str
    document_title: str | None
    published: dt.date | None
    source: str
    source_name: str
    target: str
    target_name: str
    type: str
    status: str
    origin: str
    start: str | None
    end: str | None
    evidence: list[dict[str, Any]]


class LatestDocument(NamedTuple):
    """A recently ingested document, in the few fields a "just arrived" list needs."""

    id: str
    title: str | None
    published: dt.date | None
    source: str | None
