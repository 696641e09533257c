"""The JSON API under ``/api``: read endpoints over the store, exports, and ingestion.

Lists answer ``{"items": [...], "total": N, "limit": L, "offset": O}``. Handlers are plain
``def`` functions: the store is synchronous, so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from sitroom.export import export_events, export_network
from sitroom.models import Analysis
from sitroom.store import (
    FATALITY_GROUPS,
    FATALITY_SORTS,
    NO_MONTH,
    ActorFilter,
    DocumentFilter,
    EventFilter,
    MonthCount,
    PlaceFilter,
    RelationFilter,
    Store,
    parse_event_sort,
)
from sitroom.web import queries
from sitroom.web.context import WebContext, context, store
from sitroom.web.ingest_request import (
    IngestRequest,
    _document_from_request,
    _ingest_request,
    _read_body,
    check_token,
)
from sitroom.web.palette import DEFAULT_STATUSES
from sitroom.web.params import (
    MAX_OFFSET,
    MULTI_EVENT_PARAMS,
    BadParameter,
    Limit,
    Offset,
    actor_filter,
    choice_param,
    document_filter,
    event_filter,
    place_filter,
    relation_filter,
    since_param,
    text_param,
)

router = APIRouter(prefix="/api")

StoreDep = Annotated[Store, Depends(store)]
ContextDep = Annotated[WebContext, Depends(context)]
TOP_ACTORS = 10
MAX_MAP_POINTS = 20000
POINT_FORMATS = ("items", "columns")
# The events listing counts words on PostgreSQL up to this many matches (see count_events_at_most).
COUNT_CAP = 10_000
MAX_NETWORK_EDGES = 2000
_EXPORT_CHUNK = 64 * 1024
_SPOOL_BYTES = 8 * 1024 * 1024  # exports up to this size stay in memory, bigger go to disk


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _not_found(kind: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {kind} with id {key!r}")


# --- documents ------------------------------------------------------------------------------


@router.get("/documents", summary="List stored documents, most recently published first")
def list_documents(
    store: StoreDep,
    f: Annotated[DocumentFilter, Depends(document_filter)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = store.documents(f, limit=limit, offset=offset)
    items = [r.model_dump(mode="json") for r in rows]
    return page(items, store.count_documents(f), limit, offset)


def document_analysis(store: Store, doc_id: str) -> tuple[dict[str, Any], Analysis]:
    found = store.document(doc_id)
    if found is None:
        raise _not_found("document", doc_id)
    document, analysis = found
    return document.model_dump(mode="json"), analysis.model_copy(update={"text": document.text})


@router.get(
    "/documents/{doc_id:path}",
    summary="One document: its text and every extracted fact with offsets (Analysis JSON)",
)
def get_document(doc_id: str, store: StoreDep) -> dict[str, Any]:
    meta, analysis = document_analysis(store, doc_id)
    return {**analysis.model_dump(mode="json"), "origin": meta["origin"]}


_INGEST_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": IngestRequest.model_json_schema()}},
    }
}


@router.post(
    "/documents",
    status_code=201,
    summary="Analyze and store a document (needs the bearer token)",
    openapi_extra=_INGEST_SCHEMA,
    responses={
        200: {"description": "already stored (same text), or a new version replaced it"},
        401: {"description": "missing or wrong token"},
        403: {"description": "read-only server"},
        413: {"description": "body too large"},
        422: {"description": "bad body"},
    },
)
async def post_document(request: Request) -> JSONResponse:
    ctx = context(request)
    check_token(request, ctx)
    body = await _read_body(request, ctx.max_body_bytes)
    document = _document_from_request(_ingest_request(body))
    # The pipeline and the store are synchronous: keep them off the event loop.
    from starlette.concurrency import run_in_threadpool

    try:
        outcome, analysis = await run_in_threadpool(_analyze_and_store, ctx, document)
    except ValueError as exc:  # a fact the store cannot hold (e.g. a count past 2^63)
        raise HTTPException(
            status_code=422, detail=f"the document could not be stored: {exc}"
        ) from None
    created = outcome == "added"
    counts = {
        "actors": len(analysis.actors),
        "events": len(analysis.events),
        "relations": len(analysis.relations),
        "places": len(analysis.places),
    }
    return JSONResponse(
        status_code=201 if created else 200,
        content={
            "id": document.id,
            "created": created,
            "updated": outcome == "updated",
            "counts": counts,
            "url": f"/documents/{document.id}",
        },
    )


def _analyze_and_store(ctx: WebContext, document: Any) -> tuple[str, Analysis]:
    """("added" | "updated" | "unchanged", the analysis): the same text under a stored id is
    not analyzed again; a changed one is a new version that replaces the stored one."""
    stored_hash = ctx.store.stored_text_hashes([document.id]).get(document.id, "")
    if stored_hash == ctx.store.text_hash(document.text):
        existing = ctx.store.document(document.id)
        if existing is not None:
            return "unchanged", existing[1]
    pipeline = ctx.pipeline()
    with ctx.pipeline_lock:
        analysis = pipeline.analyze(document)
    return ctx.store.put(document, analysis), analysis


@router.get(
    "/updates",
    summary="The update feed: documents replaced by a new version of their text, or removed",
)
def list_updates(
    store: StoreDep,
    since: Annotated[
        str | None, Query(description="ISO date or timestamp: changes at or after it")
    ] = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_OFFSET, description="changes after this feed seq")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = store.updates(since_param(since), after=after, limit=limit, offset=offset)
    return {
        "items": [r.model_dump(mode="json") for r in rows],
        "limit": limit,
        "offset": offset,
        "next_after": rows[-1].seq if rows else after,
    }


# --- actors ---------------------------------------------------------------------------------


@router.get("/actors", summary="Actors with aliases and event/relation counts, most active first")
def list_actors(
    ctx: ContextDep,
    f: Annotated[ActorFilter, Depends(actor_filter)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = ctx.cached(
        ("actors", f, limit, offset), lambda: ctx.store.actors(f, limit=limit, offset=offset)
    )
    total = ctx.cached(("actors_total", f), lambda: ctx.store.count_actors(f))
    return page([r.model_dump(mode="json") for r in rows], total, limit, offset)


def actor_detail(ctx: WebContext, actor_id: str, *, limit: int) -> dict[str, Any]:
    store = ctx.store
    row = ctx.cached(("actor", actor_id), lambda: store.actors_by_id([actor_id]).get(actor_id))
    if row is None:
        raise _not_found("actor", actor_id)
    f = EventFilter(actor=actor_id)
    n_events = count_events(ctx, f)
    evts = store.events(f, limit=limit, matching=n_events)
    rf = RelationFilter(actor=actor_id)
    rels = ctx.cached(("relations", rf, limit, 0), lambda: store.relations(rf, limit=limit))
    return {
        "actor": row.model_dump(mode="json"),
        "events": {
            "items": [e.model_dump(mode="json") for e in evts],
            "total": n_events,
        },
        "relations": [r.model_dump(mode="json") for r in rels],
        # Every role or affiliation a document gave the actor, dated, latest first.
        "roles": [r.model_dump(mode="json") for r in store.actor_roles(actor_id)],
        "relation_evidence": [
            {**asdict(r), "published": r.published.isoformat() if r.published else None}
            for r in store.relation_evidence(actor_id, limit=limit)
        ],
    }


@router.get(
    "/actors/{actor_id:path}",
    summary="One actor: its events and relations, with evidence",
)
def get_actor(actor_id: str, ctx: ContextDep, limit: Limit = 200) -> dict[str, Any]:
    return actor_detail(ctx, actor_id, limit=limit)


# --- events ---------------------------------------------------------------------------------

EventFilterDep = Annotated[EventFilter, Depends(event_filter)]


def sort_param(sort: str | None) -> str:
    value = text_param("sort", sort) or "date"
    try:
        parse_event_sort(value)
    except ValueError as exc:
        raise BadParameter("sort", str(exc)) from None
    return value


@router.get("/events", summary="Events matching the filters (chronological by default)")
def list_events(
    ctx: ContextDep,
    f: EventFilterDep,
    limit: Limit = 100,
    offset: Offset = 0,
    sort: Annotated[
        str | None, Query(description="date, type, killed, ... ; prefix - for descending")
    ] = None,
) -> dict[str, Any]:
    order = sort_param(sort)
    total, exact = count_events_at_most(ctx, f)
    matching = total if exact else None
    rows = ctx.store.events(f, limit=limit, offset=offset, sort=order, matching=matching)
    items = [r.model_dump(mode="json") for r in rows]
    return {**page(items, total, limit, offset), "total_is_lower_bound": not exact}


def count_events(ctx: WebContext, f: EventFilter) -> int:
    return ctx.cached(("count_events", f), lambda: ctx.store.count_events(f))


def count_events_at_most(ctx: WebContext, f: EventFilter) -> tuple[int, bool]:
    """How many events match ``f`` and whether exactly: a count that must check each match
    (words on PostgreSQL) stops at COUNT_CAP, ``(COUNT_CAP, False)`` meaning at least that."""
    return ctx.cached(
        ("count_events_at_most", f, COUNT_CAP),
        lambda: ctx.store.count_events_at_most(f, COUNT_CAP),
    )


def month_rows(ctx: WebContext, f: EventFilter) -> list[MonthCount]:
    """Every matching event counted per (month, type, precision, status), those no month holds
    in rows of month NO_MONTH: one grouping for a timeline's months, total and types."""
    return ctx.cached(
        ("month_rows", f), lambda: ctx.store.count_events_by_month_detail(f, unplaced=True)
    )


def month_detail(ctx: WebContext, f: EventFilter) -> list[MonthCount]:
    return [r for r in month_rows(ctx, f) if r.month != NO_MONTH]


def types_of(rows: list[MonthCount]) -> list[tuple[str, int]]:
    """(event type, events) of ``rows``, most first (as ``Store.count_events_by_type``)."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.type] = totals.get(r.type, 0) + r.events
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))


@router.get(
    "/timeline",
    summary="Matching events per month, split by type, date precision and status",
)
def get_timeline(ctx: ContextDep, f: EventFilterDep) -> dict[str, Any]:
    """The counts behind the timeline. ``items``: one row per (month, type, precision,
    status); ``months``: every month from the first to the last (gaps as 0) with its totals
    ``by_precision`` and ``by_status``; ``not_in_months``: matching events dated only to a
    year or decade, or undated."""
    return ctx.cached(("timeline", f), lambda: _timeline(ctx, f))


def _timeline(ctx: WebContext, f: EventFilter) -> dict[str, Any]:
    every = month_rows(ctx, f)
    rows = [r for r in every if r.month != NO_MONTH]
    per_month: dict[str, dict[str, Any]] = {}
    for r in rows:
        month = per_month.setdefault(
            r.month, {"month": r.month, "events": 0, "by_precision": {}, "by_status": {}}
        )
        month["events"] += r.events
        for key, value in (("by_precision", r.precision), ("by_status", r.status)):
            month[key][value] = month[key].get(value, 0) + r.events
    months = []
    if per_month:
        for m in queries.months_between(min(per_month), max(per_month)):
            empty = {"month": m, "events": 0, "by_precision": {}, "by_status": {}}
            months.append(per_month.get(m, empty))
    in_months = sum(r.events for r in rows)
    return {
        "items": [r._asdict() for r in rows],
        "months": months,
        "events": in_months,
        "not_in_months": sum(r.events for r in every) - in_months,
        "statuses": sorted({r.status for r in rows}),
        "default_statuses": list(DEFAULT_STATUSES),
    }


@router.get(
    "/points",
    summary="Compact coordinates of matching events, for the map",
    response_model=dict[str, Any],
)
def list_points(
    ctx: ContextDep,
    f: EventFilterDep,
    limit: Annotated[int, Query(ge=1, le=MAX_MAP_POINTS)] = 5000,
    format: Annotated[
        str, Query(description="items (one object per point) or columns (one list per field)")
    ] = "items",
) -> JSONResponse:
    shape = choice_param("format", format, POINT_FORMATS)
    body: dict[str, Any]
    if shape == "columns":
        columns, total = ctx.cached(
            ("point_columns", f, limit),
            lambda: queries.event_point_columns(ctx.store, f, limit=limit),
        )
        body = {"columns": columns, "count": len(columns["id"])}
    else:
        points, total = ctx.cached(
            ("points", f, limit), lambda: queries.event_points(ctx.store, f, limit=limit)
        )
        body = {"items": points}
    # Plain JSON values already: sent as they are, without FastAPI's per-value serialization
    # of thousands of points.
    return JSONResponse({**body, "total": total, "limit": limit, "offset": 0})


def split_event_id(event_id: str) -> tuple[str, str]:
    doc_id, sep, local_id = event_id.rpartition(":")
    if not sep or not doc_id or not local_id:
        raise BadParameter("event id", f"{event_id!r} is not of the form <document id>:<event id>")
    return doc_id, local_id


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    doc_id, local_id = split_event_id(event_id)
    found = store.document(doc_id)
    event = None
    if found is not None:
        event = next((e for e in found[1].events if e.id == local_id), None)
    if found is None or event is None:
        raise _not_found("event", event_id)
    document, analysis = found
    names = {a.id: a.name for a in analysis.actors}
    ids = [*event.sources, *event.targets, *event.claimed_by]
    return {
        "id": event_id,
        "document": document.model_dump(mode="json", exclude={"text"}),
        "event": event.model_dump(mode="json"),
        "actor_names": {i: names.get(i, i) for i in ids},
    }


@router.get("/events/{event_id:path}", summary="One event, with its document and evidence")
def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    return event_detail(store, event_id)


@router.get(
    "/fatalities",
    summary="Killed and wounded (low / best / high) over incidents, overall or per group",
)
def list_fatalities(
    ctx: ContextDep,
    f: EventFilterDep,
    by: Annotated[
        str | None, Query(description="country, admin1, actor, year or month; none: overall")
    ] = None,
    sort: Annotated[str | None, Query(description="killed, wounded, incidents or key")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    group = choice_param("by", by, FATALITY_GROUPS)
    order = choice_param("sort", sort, FATALITY_SORTS) or "killed"
    rows, statuses = ctx.cached(
        ("fatalities", f, group, order, limit, offset),
        lambda: ctx.store.fatality_totals(f, by=group, sort=order, limit=limit, offset=offset),
    )
    return {
        "items": [r.model_dump(mode="json") for r in rows],
        "by": group,
        "statuses": list(statuses),
        "limit": limit,
        "offset": offset,
    }


# --- relations, places, network -------------------------------------------------------------

RelationFilterDep = Annotated[RelationFilter, Depends(relation_filter)]


@router.get(
    "/relations",
    summary="Relations aggregated per actor pair (stored ones and event interactions)",
)
def list_relations(
    ctx: ContextDep, f: RelationFilterDep, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    # One aggregation gives both the page and the count within a time window.
    rows, total = ctx.cached(
        ("relations_page", f, limit, offset),
        lambda: ctx.store.relations_page(f, limit=limit, offset=offset),
    )
    items = [{**r.model_dump(mode="json"), "polarity": queries.polarity(r.type)} for r in rows]
    return page(items, total, limit, offset)


@router.get("/network", summary="The actor network (nodes and merged edges) for a time window")
def get_network(
    ctx: ContextDep,
    f: RelationFilterDep,
    max_edges: Annotated[int, Query(ge=1, le=MAX_NETWORK_EDGES)] = 300,
) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        net = queries.network(ctx.store, f, max_edges=max_edges)
        return {
            "nodes": [asdict(n) for n in net.nodes],
            "edges": [asdict(e) for e in net.edges],
            "truncated": net.truncated,
        }

    return ctx.cached(("network", f, max_edges), compute)


@router.get("/places", summary="Resolved places aggregated over documents")
def list_places(
    store: StoreDep,
    f: Annotated[PlaceFilter, Depends(place_filter)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows, total = store.places_page(f, limit=limit, offset=offset)
    return page([r.model_dump(mode="json") for r in rows], total, limit, offset)


# --- stats and exports ----------------------------------------------------------------------


def stats(ctx: WebContext) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        store = ctx.store
        per_month = queries.events_per_month(store)
        totals, statuses = store.fatality_totals()
        return {
            "counts": store.stats(),
            "events_per_month": [{"month": m, "events": n} for m, n in per_month],
            "event_types": [{"type": t, "events": n} for t, n in store.count_events_by_type()],
            "top_actors": [a.model_dump(mode="json") for a in store.actors(limit=TOP_ACTORS)],
            "fatalities": {
                "statuses": list(statuses),
                **(totals[0].model_dump(mode="json", exclude={"key", "country"})),
            },
        }

    return ctx.cached("stats", compute)


@router.get("/stats", summary="Counts, events per month and the most active actors")
def get_stats(ctx: ContextDep) -> dict[str, Any]:
    return stats(ctx)


EXPORT_MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "geojson": "application/geo+json",
    "graphml": "application/graphml+xml",
}


def _stream_file(spool: Any) -> Iterator[bytes]:
    try:
        spool.seek(0)
        while chunk := spool.read(_EXPORT_CHUNK):
            yield chunk
    finally:
        spool.close()


@router.get(
    "/export",
    summary="Download events (csv, jsonl, geojson) or the actor network (graphml)",
    response_class=StreamingResponse,
)
def export(
    store: StoreDep,
    request: Request,
    format: Annotated[str, Query(description="csv, jsonl, geojson or graphml")] = "csv",
) -> StreamingResponse:
    fmt = format.strip().lower()
    if fmt not in EXPORT_MEDIA_TYPES:
        raise BadParameter(
            "format", f"unknown format {format!r}; choose one of csv, jsonl, geojson, graphml"
        )
    params: dict[str, Any] = {
        key: request.query_params.getlist(key)
        if key in MULTI_EVENT_PARAMS and (fmt != "graphml" or key == "status")
        else request.query_params[key]
        for key in request.query_params
        if key != "format"
    }
    # Closed by _stream_file once the response is sent, so no `with` block here.
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    try:
        if fmt == "graphml":
            _reject_unknown(params, {"actor", "type", "date_from", "date_to", "origin", "status"})
            export_network(store, relation_filter(**params), text)
        else:
            _reject_unknown(params, set(event_filter.__annotations__) - {"return"})
            export_events(store, event_filter(**params), fmt, text)
        text.flush()
        text.detach()  # the response streams the spooled bytes and closes them at the end
    except BaseException:
        spool.close()
        raise
    filename = f"sitroom-{'network' if fmt == 'graphml' else 'events'}.{fmt}"
    return StreamingResponse(
        _stream_file(spool),
        media_type=EXPORT_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _reject_unknown(params: dict[str, str], allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise BadParameter(
            unknown[0], f"not a filter of this export; use {', '.join(sorted(allowed))}"
        )
