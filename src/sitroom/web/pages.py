"""The server-rendered pages of the situation room.

Every page's state lives in its query string (filters, sort, page), so any view can be shared
as a URL. Templates are Jinja2 with autoescaping on; nothing from the store is marked safe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, quote_plus, urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sitroom.models import ACTOR_TYPES, EVENT_STATUSES, EVENT_TYPES, RELATION_TYPES
from sitroom.store import ActorFilter, DocumentFilter, EventFilter, RelationFilter, Store
from sitroom.web import api, charts, palette, queries, reader
from sitroom.web.context import WebContext, context, store
from sitroom.web.palette import DEFAULT_STATUSES
from sitroom.web.params import (
    MAX_LIMIT,
    MULTI_EVENT_PARAMS,
    SALIENCES,
    BadParameter,
    actor_filter,
    document_filter,
    event_filter,
    relation_filter,
)

TEMPLATES = Path(__file__).parent / "templates"
TIMELINE_MAX_DOTS = 600  # beyond this the timeline shows monthly counts per type
TABLE_PAGE = 50
# Rows of each list on an actor's page (events, relations, relation evidence); the page links
# to the full, paged events table. 200 of each made the busiest actor's page 0.27 MB of HTML
# (0.4 s at a million events on PostgreSQL, half of it rendering).
ACTOR_PAGE_ROWS = 50
OUTLIERS_LISTED = 20  # events outside a timeline's dense window listed by name

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store)]
ContextDep = Annotated[WebContext, Depends(context)]


def path_part(value: str) -> str:
    """An id made safe for one URL path segment (event ids keep their ':')."""
    return quote(value, safe=":@")


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address; None otherwise (no ``javascript:`` links)."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from the current parameters with ``changes`` applied (None removes)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # article text and every stored string are untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = path_part
    env.filters["web_link"] = web_link
    env.globals.update(
        qs=query_string,
        aggregate_marks=charts.aggregate_marks,
        date_mark=palette.date_mark,
        TYPE_COLOURS=palette.TYPE_COLOURS,
        ACTOR_TYPE_COLOURS=palette.ACTOR_TYPE_COLOURS,
        ACTOR_TYPE_SHAPES=palette.ACTOR_TYPE_SHAPES,
        STATUS_LABELS=palette.STATUS_LABELS,
        BASIS_LABELS=palette.BASIS_LABELS,
        PLACE_INFERRED=palette.PLACE_INFERRED,
        DEFAULT_STATUSES=palette.DEFAULT_STATUSES,
        DATE_MARKS=palette.DATE_MARKS,
        EVENT_TYPES=EVENT_TYPES,
        EVENT_STATUSES=EVENT_STATUSES,
        SALIENCES=SALIENCES,
        ACTOR_TYPES=ACTOR_TYPES,
        RELATION_TYPES=RELATION_TYPES,
    )
    return env


templates = _environment()


def query_params(request: Request) -> dict[str, str]:
    """The request's parameters, one value each: the repeated values of a multi-select
    parameter (``status=a&status=b``) joined by commas (``status=a,b``, which means the same)."""
    out: dict[str, str] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        if key in MULTI_EVENT_PARAMS:
            out[key] = ",".join(v for v in values if v.strip())
        else:
            out[key] = values[-1]
    return out


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    page = templates.get_template(name)
    params = query_params(request)
    html = page.render(request=request, params=params, active=name.removesuffix(".html"), **context)
    return HTMLResponse(html, status_code=status_code)


# Page-only parameters: they change the view, not which events match.
VIEW_PARAMS: tuple[str, ...] = ("window",)


def _params(request: Request, *drop: str) -> dict[str, str]:
    skip = {*drop, *VIEW_PARAMS}
    return {k: v for k, v in query_params(request).items() if k not in skip and v}


def _full_window(window: str | None) -> bool:
    """``window=all`` widens time axes from the dense window to every date."""
    if window in (None, "", "dense"):
        return False
    if window == "all":
        return True
    raise BadParameter("window", f"{window!r} is not a time window; use dense or all")


WindowParam = Annotated[str | None, Query(description="dense (default) or all")]


# --- pages ----------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, ctx: ContextDep, window: WindowParam = None) -> HTMLResponse:
    summary = api.stats(ctx)
    full = _full_window(window)
    months = api.month_detail(ctx, EventFilter(statuses=DEFAULT_STATUSES))
    return render(
        request,
        "overview.html",
        counts=summary["counts"],
        chart=charts.month_bars_by_precision(months, full=full),
        segments=charts.MONTH_SEGMENT_LABELS,
        statuses=DEFAULT_STATUSES,
        full=full,
        event_types=summary["event_types"],
        top_actors=summary["top_actors"],
        latest=queries.latest_documents(ctx.store, 10),
    )


@router.get("/events", response_class=HTMLResponse)
def events_table(
    request: Request,
    ctx: ContextDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    sort: Annotated[str | None, Query()] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = TABLE_PAGE,
) -> HTMLResponse:
    order = api.sort_param(sort or "-date")
    total, exact = api.count_events_at_most(ctx, f)
    matching = total if exact else None
    rows = ctx.store.events(f, limit=limit, offset=offset, sort=order, matching=matching)
    filters = _params(request, "sort", "offset", "limit")
    page_statuses: dict[str, int] = {}
    for row in rows:
        page_statuses[row.status] = page_statuses.get(row.status, 0) + 1
    return render(
        request,
        "events.html",
        rows=rows,
        page_statuses=page_statuses,
        total=total,
        total_is_lower_bound=not exact,
        offset=offset,
        limit=limit,
        sort=order,
        filters=filters,
        export_qs=query_string(_params(request, "sort", "offset", "limit")),
    )


def _form_filter(parse: Any, **values: str | None) -> tuple[Any, list[str]]:
    """``parse(**values)``, or None and the error messages when a value is bad: list pages
    answer a bad value on their own form (422), with what was typed kept in it."""
    try:
        return parse(**values), []
    except HTTPException as exc:
        return None, [str(exc.detail)]


_Text = Annotated[str | None, Query()]
ListOffset = Annotated[int, Query(ge=0)]
ListLimit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request,
    ctx: ContextDep,
    q: Annotated[str | None, Query(description="part of the id, name or an alias")] = None,
    type: _Text = None,
    country: _Text = None,
    offset: ListOffset = 0,
    limit: ListLimit = TABLE_PAGE,
) -> HTMLResponse:
    """Actors, most active first, searchable by name or alias, type and country."""
    f, errors = _form_filter(actor_filter, q=q, type=type, country=country)
    found = f if isinstance(f, ActorFilter) else None
    return _list_page(
        request,
        ctx,
        "actors",
        found,
        errors,
        ctx.store.actors,
        ctx.store.count_actors,
        offset=offset,
        limit=limit,
        country_code=found.country if found else None,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    ctx: ContextDep,
    q: Annotated[str | None, Query(description="words in the title or text")] = None,
    date_from: _Text = None,
    date_to: _Text = None,
    source: _Text = None,
    offset: ListOffset = 0,
    limit: ListLimit = TABLE_PAGE,
) -> HTMLResponse:
    """Stored articles, latest published first, with full-text search."""
    f, errors = _form_filter(
        document_filter, q=q, date_from=date_from, date_to=date_to, source=source
    )
    found = f if isinstance(f, DocumentFilter) else None
    return _list_page(
        request,
        ctx,
        "documents",
        found,
        errors,
        ctx.store.documents,
        ctx.store.count_documents,
        offset=offset,
        limit=limit,
    )


def _list_page(
    request: Request,
    ctx: WebContext,
    name: str,
    found: Any,
    errors: Any,
    fetch: Callable[..., list[Any]],
    count: Callable[[Any], int],
    *,
    offset: int,
    limit: int,
    **extra: Any,
) -> HTMLResponse:
    """A searchable list page (``/actors``, ``/documents``): one page of rows and the total
    for a valid filter (``found``), the form's errors (422) otherwise, and its JSON twin."""
    rows: list[Any] = []
    total = 0
    if found is not None:
        rows = ctx.cached(
            (name, found, limit, offset), lambda: fetch(found, limit=limit, offset=offset)
        )
        total = ctx.cached((f"{name}_total", found), lambda: count(found))
    filters = _params(request, "offset")
    return render(
        request,
        f"{name}.html",
        status_code=422 if errors else 200,
        errors=errors,
        rows=rows,
        total=total,
        offset=offset,
        limit=limit,
        filters=filters,
        api_url=f"/api/{name}" + query_string(filters, limit=limit, offset=offset or None),
        **extra,
    )


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, store: StoreDep) -> HTMLResponse:
    detail = api.event_detail(store, event_id)
    return render(request, "event.html", detail=detail, event=detail["event"])


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, store: StoreDep) -> HTMLResponse:
    meta, analysis = api.document_analysis(store, doc_id)
    text = analysis.text or ""
    names = {a.id: a.name for a in analysis.actors}
    return render(
        request,
        "document.html",
        meta=meta,
        analysis=analysis,
        pieces=reader.reader_pieces(analysis, text),
        names=names,
        mention_counts={a.id: len(a.mentions) for a in analysis.actors},
    )


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str, ctx: ContextDep) -> HTMLResponse:
    detail = api.actor_detail(ctx, actor_id, limit=ACTOR_PAGE_ROWS)
    return render(
        request, "actor.html", detail=detail, actor=detail["actor"], rows_shown=ACTOR_PAGE_ROWS
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    f: Annotated[RelationFilter, Depends(relation_filter)],
    max_edges: Annotated[int, Query(ge=1, le=api.MAX_NETWORK_EDGES)] = 300,
) -> HTMLResponse:
    params = _params(request)
    return render(
        request,
        "network.html",
        api_url="/api/network" + query_string(params),
        export_qs=query_string(_params(request, "max_edges"), format="graphml"),
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    ctx: ContextDep,
    f: Annotated[EventFilter, Depends(event_filter)],
    window: WindowParam = None,
) -> HTMLResponse:
    store = ctx.store
    every = api.month_rows(ctx, f)  # the total, the months and the types from one grouping
    total = sum(r.events for r in every)
    filters = _params(request)
    full = _full_window(window)
    if total <= TIMELINE_MAX_DOTS:
        rows = store.events(f, limit=TIMELINE_MAX_DOTS, matching=total)
        hrefs = {r.id: f"/events/{path_part(r.id)}" for r in rows}
        timeline = charts.event_timeline(rows, hrefs, full=full)
    else:
        # The chart (its links depend on the filters as written) is kept with the results.
        key = ("aggregated_timeline", f, tuple(sorted(filters.items())), full)
        timeline = ctx.cached(key, lambda: _aggregated_timeline(ctx, f, filters, full))
    # Already most frequent first.
    per_type = api.types_of(every)
    return render(
        request,
        "timeline.html",
        timeline=timeline,
        total=total,
        per_type=per_type,
        table_qs=query_string(filters),
        full=full,
        outliers_listed=OUTLIERS_LISTED,
    )


_TYPE_SLOT, _MONTH_SLOT = "__sitroom_type__", "__sitroom_month__"


def _aggregated_timeline(
    ctx: WebContext, f: EventFilter, filters: dict[str, str], full: bool
) -> charts.Timeline | None:
    counts = api.month_detail(ctx, f)
    # Without a status filter the circles count the default statuses; with one, every
    # matching event (the filter already chose the statuses).
    asked = f.any_of("status", "statuses")
    counted = None if asked else frozenset(palette.DEFAULT_STATUSES)
    status = filters.get("status") or ",".join(palette.DEFAULT_STATUSES)
    # One link per (type, month): thousands at a million events. The query string is encoded
    # once with placeholders (letters and underscores, which encoding keeps as they are), then
    # each link's encoded type and month replace them (as query_string would encode them).
    template = "/events" + query_string(
        filters, type=_TYPE_SLOT, date_from=_MONTH_SLOT, date_to=_MONTH_SLOT, offset=None,
        status=status,
    )  # fmt: skip
    keys = {(c.type, c.month) for c in counts}
    if template.count(_TYPE_SLOT) == 1 and template.count(_MONTH_SLOT) == 2:
        # Each type and month encoded once (a few dozen), not once per link (thousands).
        by_type = {
            kind: template.replace(_TYPE_SLOT, quote_plus(kind)) for kind in {k for k, _ in keys}
        }
        months = {month: quote_plus(month) for month in {m for _, m in keys}}
        hrefs_by_month = {
            (kind, month): by_type[kind].replace(_MONTH_SLOT, months[month]) for kind, month in keys
        }
    else:  # a filter value holds a placeholder: each link encoded on its own
        hrefs_by_month = {
            (kind, month): "/events"
            + query_string(
                filters, type=kind, date_from=month, date_to=month, offset=None, status=status
            )
            for kind, month in keys
        }
    return charts.aggregated_timeline(counts, hrefs_by_month, statuses=counted, full=full)


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request, store: StoreDep, f: Annotated[EventFilter, Depends(event_filter)]
) -> HTMLResponse:
    params = _params(request)
    return render(
        request,
        "map.html",
        points_url="/api/points" + query_string(params, format="columns"),
        table_qs=query_string(params),
    )


@router.get("/palette.css")
def palette_stylesheet() -> Response:
    return Response(
        palette.palette_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@router.get("/palette.json")
def palette_json() -> dict[str, Any]:
    """Colours, shapes, status labels and the generic-actor words, for the pages' scripts."""
    return palette.palette_json()


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI from vendored files (FastAPI's default page loads it from a CDN)."""
    return render(request, "swagger.html")
