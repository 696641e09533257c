"""What the web layer computes on top of :class:`~sitroom.store.Store`'s public methods.

Events per month with empty months filled, map points as plain dicts, the actor network for a
time window, and the latest ingested documents. Event filters, orders and counts are the
store's own (``Store.events``, ``Store.count_events_by_month``,
``Store.event_points``), so the web pages match exactly the events the CLI and the exports
select. Nothing here runs SQL: every read goes through the store's query API.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sitroom.models import EVENT_TYPES
from sitroom.ontology import ontology
from sitroom.store import (
    ActorRow,
    EventFilter,
    EventPoint,
    LatestDocument,
    RelationFilter,
    Store,
)
from sitroom.web.charts import months_between

# PLOVER types grouped by CAMEO's quad classes: cooperation (verbal or material) vs conflict
# (the ontology says which).
COOPERATIVE_EVENT_TYPES = ontology().cooperative_types
HOSTILE_EVENT_TYPES = frozenset(EVENT_TYPES) - COOPERATIVE_EVENT_TYPES
HOSTILE_RELATION_TYPES = frozenset({"hostile", "rival"})
COOPERATIVE_RELATION_TYPES = frozenset({"ally", "supports", "negotiates"})
# member_of, affiliate_of, leader_of, spokesperson_of, splinter_of describe structure.

ALL_EVENTS = EventFilter()


def polarity(relation_type: str) -> str:
    """``hostile``, ``cooperative`` or ``structural`` for a relation or PLOVER event type."""
    if relation_type in HOSTILE_RELATION_TYPES or relation_type in HOSTILE_EVENT_TYPES:
        return "hostile"
    if relation_type in COOPERATIVE_RELATION_TYPES or relation_type in COOPERATIVE_EVENT_TYPES:
        return "cooperative"
    return "structural"


def events_per_month(store: Store, f: EventFilter = ALL_EVENTS) -> list[tuple[str, int]]:
    """(``YYYY-MM``, count) for every month from the first to the last dated event, gaps as 0."""
    counts: Counter[str] = Counter()
    for (_kind, month), n in store.count_events_by_month(f).items():
        counts[month] += n
    if not counts:
        return []
    return [(m, counts.get(m, 0)) for m in months_between(min(counts), max(counts))]


POINT_FIELDS = EventPoint._fields


def event_points(store: Store, f: EventFilter, *, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Events with coordinates (latest first, at most ``limit``) and how many match in all.

    Each point is ``{id, lat, lon, type, mode, date, place, killed, status, date_precision,
    geo_precision}`` (plain dicts: thousands are sent at once).
    """
    points, total = store.event_points(f, limit=limit)
    return [{**p._asdict(), "date": p.date.isoformat() if p.date else None} for p in points], total


def event_point_columns(
    store: Store, f: EventFilter, *, limit: int
) -> tuple[dict[str, list[Any]], int]:
    """:func:`event_points` as columns: one list per field of :data:`POINT_FIELDS`, the
    ``i``-th point being the ``i``-th value of each (the map's compact payload: no key is
    repeated per point, and no dict is built per point)."""
    points, total = store.event_points(f, limit=limit)
    values = list(zip(*points, strict=True)) if points else [() for _ in POINT_FIELDS]
    columns = {name: list(column) for name, column in zip(POINT_FIELDS, values, strict=True)}
    columns["date"] = [d.isoformat() if d else None for d in columns["date"]]
    return columns, total


# --- the actor network ----------------------------------------------------------------------


@dataclass
class NetworkEdge:
    source: str
    target: str
    polarity: str
    weight: int = 0
    types: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    # How many of the relations and events behind ``weight`` have each status.
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass
class NetworkNode:
    id: str
    name: str
    type: str
    country: str | None
    kb: bool
    n_events: int  # over the whole store
    activity: int = 0  # summed weight of the node's edges in the window


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool  # more relation rows matched than ``max_edges``


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _latest(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


def network(store: Store, f: RelationFilter, *, max_edges: int) -> Network:
    """The heaviest ``max_edges`` aggregated relations matching ``f``, merged per actor pair
    and polarity, with their actors as nodes."""
    rows = store.relations(f, limit=max_edges + 1, offset=0)
    truncated = len(rows) > max_edges
    merged: dict[tuple[str, str, str], NetworkEdge] = {}
    kept = rows[:max_edges]
    statuses = store.relation_statuses(f, [(r.source, r.target, r.type, r.origin) for r in kept])
    for row in kept:
        kind = polarity(row.type)
        edge = merged.setdefault(
            (row.source, row.target, kind), NetworkEdge(row.source, row.target, kind)
        )
        edge.weight += row.weight
        for status, n in statuses.get((row.source, row.target, row.type, row.origin), {}).items():
            edge.statuses[status] = edge.statuses.get(status, 0) + n
        edge.types.append(row.type)
        edge.first = _earliest(edge.first, row.first)
        edge.last = _latest(edge.last, row.last)
    activity: dict[str, int] = {}
    for edge in merged.values():
        for end in (edge.source, edge.target):
            activity[end] = activity.get(end, 0) + edge.weight
    known = store.actors_by_id(activity, details=False)  # no aliases or roles on a node
    nodes = [_node(actor_id, known.get(actor_id), weight) for actor_id, weight in activity.items()]
    return Network(nodes=nodes, edges=list(merged.values()), truncated=truncated)


def _node(actor_id: str, row: ActorRow | None, activity: int) -> NetworkNode:
    if row is None:
        return NetworkNode(actor_id, actor_id, "other", None, False, 0, activity)
    return NetworkNode(row.id, row.name, row.type, row.country, row.kb, row.n_events, activity)


def latest_documents(store: Store, limit: int) -> list[LatestDocument]:
    """Documents most recently ingested (not published): what just arrived."""
    return store.latest_documents(limit)
