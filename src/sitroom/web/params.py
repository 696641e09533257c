"""Query-string parameters shared by the API and the pages, parsed into store filters.

Every bad value raises :class:`BadParameter` (HTTP 422) naming the parameter and what is
accepted, so a wrong URL never reaches the store or turns into a 500. Empty values count as
absent: HTML forms submit every field, filled or not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, TypeVar, get_args

from fastapi import HTTPException, Query

from sitroom.countries import country_code, country_name
from sitroom.models import ACTOR_TYPES, EVENT_STATUSES, EVENT_TYPES, RELATION_TYPES, Salience
from sitroom.store import (
    ActorFilter,
    BBox,
    DocumentFilter,
    EventFilter,
    PlaceFilter,
    RelationFilter,
)

T = TypeVar("T")
MAX_LIMIT = 1000
# Far past any store's size and below SQLite's and PostgreSQL's 64-bit limit.
MAX_OFFSET = 10**12
RELATION_ORIGINS: tuple[str, ...] = ("explicit", "events", "interactions")
SALIENCES: tuple[str, ...] = get_args(Salience)
_MAX_TEXT = 200  # longest accepted free-text parameter, in characters
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_COUNTRY = re.compile(r"[A-Za-z]{3}")


class BadParameter(HTTPException):
    """A query parameter that cannot be used; answered with 422 and a readable message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(status_code=422, detail=f"{name}: {message}")


def text_param(name: str, value: str | None) -> str | None:
    """A stripped free-text value; None when blank."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > _MAX_TEXT:
        raise BadParameter(name, f"longer than {_MAX_TEXT} characters")
    return value


def date_param(name: str, value: str | None, *, end: bool = False) -> dt.date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial date means its first day, or its last
    day when ``end`` (so ``date_to=2021-05`` includes all of May)."""
    value = text_param(name, value)
    if value is None:
        return None
    match = _PARTIAL_DATE.fullmatch(value)
    if match is None:
        raise BadParameter(name, f"{value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(match[1])
    month = int(match[2]) if match[2] else (12 if end else 1)
    try:
        if match[3]:
            return dt.date(year, month, int(match[3]))
        day = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise BadParameter(name, f"{value!r} is not a valid date ({exc})") from None


def since_param(value: str | None) -> dt.datetime | None:
    """An ISO timestamp (``2025-03-14T07:35:22Z``; no zone means UTC) or a partial date (its
    first moment)."""
    value = text_param("since", value)
    if value is None:
        return None
    if "T" in value or " " in value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise BadParameter(
                "since", f"{value!r} is not a timestamp; use e.g. 2025-03-14T07:35:22Z"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    day = date_param("since", value)
    assert day is not None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    start = date_param("date_from", date_from)
    stop = date_param("date_to", date_to, end=True)
    if start and stop and start > stop:
        raise BadParameter("date_from", f"{start} is after date_to {stop}")
    return start, stop


def choice_param(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    """A value from a vocabulary, matched case-insensitively and returned in its canonical
    spelling."""
    value = text_param(name, value)
    if value is None:
        return None
    by_key = {c.casefold(): c for c in choices}
    if value.casefold() not in by_key:
        raise BadParameter(name, f"unknown value {value!r}; choose one of {', '.join(choices)}")
    return by_key[value.casefold()]


def country_param(value: str | None, name: str = "country") -> str | None:
    """An ISO 3166-1 alpha-3 code, or a country's name, short name or demonym (``Somalia``,
    ``somali``, ``Ivory Coast``), returned as its alpha-3 code."""
    value = text_param(name, value)
    if value is None:
        return None
    if _COUNTRY.fullmatch(value) and country_name(value.upper()) is not None:
        return value.upper()
    code = country_code(value)
    if code is not None:
        return code
    if _COUNTRY.fullmatch(value):
        return value.upper()  # an alpha-3 code the country table lacks (e.g. XKX): as given
    raise BadParameter(
        name, f"{value!r} is neither a country name nor an ISO 3166-1 alpha-3 code (e.g. AFG)"
    )


def bbox_param(value: str | None) -> BBox | None:
    value = text_param("bbox", value)
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise BadParameter(
            "bbox", "needs four comma-separated numbers: minlon,minlat,maxlon,maxlat"
        )
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("bbox", f"{value!r} holds something that is not a number") from None
    box = (min_lon, min_lat, max_lon, max_lat)
    if not all(abs(v) < float("inf") for v in box):
        raise BadParameter("bbox", "numbers must be finite")
    if min_lat > max_lat:
        raise BadParameter("bbox", f"min_lat {min_lat} is above max_lat {max_lat}")
    if not all(-180.0 <= v <= 180.0 for v in (min_lon, max_lon)):
        raise BadParameter("bbox", "longitudes must lie in [-180, 180]")
    if not all(-90.0 <= v <= 90.0 for v in (min_lat, max_lat)):
        raise BadParameter("bbox", "latitudes must lie in [-90, 90]")
    return box


# --- FastAPI dependencies -------------------------------------------------------------------

Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"rows to skip (at most {MAX_OFFSET})")
]
_Text = Annotated[str | None, Query()]


_Many = Annotated[list[str] | None, Query()]
MAX_VALUES = 50  # values of one multi-select parameter
# The event filter's multi-select parameters (repeated or comma-separated values).
MULTI_EVENT_PARAMS = frozenset({"actor", "type", "mode", "status", "country", "salience"})
MAX_COUNT = 2**31 - 1


def _values(name: str, raw: str | list[str] | None) -> list[str]:
    """A multi-select parameter: repeated (``type=A&type=B``) and/or comma-separated
    (``type=A,B``); blanks ignored."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    out = [p.strip() for item in items for p in item.split(",") if p.strip()]
    if len(out) > MAX_VALUES:
        raise BadParameter(name, f"at most {MAX_VALUES} values")
    return list(dict.fromkeys(out))


def count_param(name: str, value: str | None) -> int | None:
    value = text_param(name, value)
    if value is None:
        return None
    if not value.isdigit() or int(value) > MAX_COUNT:
        raise BadParameter(name, f"{value!r} is not a whole number from 0 to {MAX_COUNT}")
    return int(value)


class _Problems:
    """Collects every bad parameter of a request, so one answer lists them all."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def check(self, parse: Callable[[], T], default: T) -> T:
        try:
            return parse()
        except BadParameter as exc:
            self.messages.append(str(exc.detail))
            return default

    def raise_any(self) -> None:
        if len(self.messages) == 1:
            raise HTTPException(status_code=422, detail=self.messages[0])
        if self.messages:
            raise HTTPException(status_code=422, detail="; ".join(self.messages))


def event_filter(
    actor: Annotated[
        list[str] | None, Query(description="actor ids, names or aliases (any of them)")
    ] = None,
    type: Annotated[
        list[str] | None, Query(description="PLOVER event types, e.g. ASSAULT,PROTEST")
    ] = None,
    mode: Annotated[list[str] | None, Query(description="event modes")] = None,
    status: Annotated[
        list[str] | None, Query(description="occurred, attempted, ... (any of them)")
    ] = None,
    date_from: Annotated[str | None, Query(description="YYYY[-MM[-DD]]; span overlap")] = None,
    date_to: Annotated[str | None, Query(description="YYYY[-MM[-DD]]; span overlap")] = None,
    country: Annotated[
        list[str] | None, Query(description="ISO alpha-3 codes or country names")
    ] = None,
    admin1: Annotated[str | None, Query(description="first-order division name")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    q: Annotated[str | None, Query(description="words that must occur in the evidence")] = None,
    document_id: _Text = None,
    killed_min: Annotated[str | None, Query(description="at least this many killed")] = None,
    killed_max: Annotated[str | None, Query(description="at most this many killed")] = None,
    wounded_min: _Text = None,
    wounded_max: _Text = None,
    salience: Annotated[
        list[str] | None,
        Query(
            description="main, secondary or background (any of them): the event's place in "
            "its article"
        ),
    ] = None,
) -> EventFilter:
    """Event filters; multi-select parameters take repeated or comma-separated values, and
    every bad value is reported in one 422 answer."""
    p = _Problems()
    no_dates: tuple[dt.date | None, dt.date | None] = (None, None)
    start, stop = p.check(lambda: date_range(date_from, date_to), no_dates)

    def many(
        name: str, raw: str | list[str] | None, parse: Callable[[str], str | None]
    ) -> tuple[str, ...]:
        empty: list[str] = []
        return tuple(p.check(lambda: [parse(v) or v for v in _values(name, raw)], empty))

    types = many("type", type, lambda v: choice_param("type", v, EVENT_TYPES))
    statuses = many("status", status, lambda v: choice_param("status", v, EVENT_STATUSES))
    countries = many("country", country, country_param)
    actors = many("actor", actor, lambda v: text_param("actor", v))
    modes = many("mode", mode, lambda v: text_param("mode", v))
    saliences = many("salience", salience, lambda v: choice_param("salience", v, SALIENCES))

    def count(name: str, value: str | None) -> int | None:
        return p.check(lambda: count_param(name, value), None)

    def text(name: str, value: str | None) -> str | None:
        return p.check(lambda: text_param(name, value), None)

    k_min, k_max = count("killed_min", killed_min), count("killed_max", killed_max)
    w_min, w_max = count("wounded_min", wounded_min), count("wounded_max", wounded_max)
    for low, high, lo, hi in (
        ("killed_min", "killed_max", k_min, k_max),
        ("wounded_min", "wounded_max", w_min, w_max),
    ):
        if lo is not None and hi is not None and lo > hi:
            p.messages.append(f"{low}: {lo} is above {high} {hi}")
    box = p.check(lambda: bbox_param(bbox), None)
    admin1_value, q_value, doc_value = (
        text("admin1", admin1),
        text("q", q),
        text("document_id", document_id),
    )
    p.raise_any()
    return EventFilter(
        date_from=start,
        date_to=stop,
        types=types,
        modes=modes,
        statuses=statuses,
        countries=countries,
        actors=actors,
        admin1=admin1_value,
        bbox=box,
        q=q_value,
        document_id=doc_value,
        killed_min=k_min,
        killed_max=k_max,
        wounded_min=w_min,
        wounded_max=w_max,
        saliences=saliences,
    )


def relation_filter(
    actor: Annotated[str | None, Query(description="actor id, name or alias")] = None,
    type: Annotated[
        str | None, Query(description="relation type (hostile, ...) or PLOVER event type")
    ] = None,
    date_from: _Text = None,
    date_to: _Text = None,
    origin: Annotated[str | None, Query(description="explicit, events or interactions")] = None,
    status: Annotated[
        list[str] | None,
        Query(
            description="occurred, attempted, ... (any of them): a stored relation's status, "
            "an interaction's event's"
        ),
    ] = None,
) -> RelationFilter:
    """Relation filters; every bad value is reported in one 422 answer."""
    p = _Problems()
    no_dates: tuple[dt.date | None, dt.date | None] = (None, None)
    start, stop = p.check(lambda: date_range(date_from, date_to), no_dates)
    kind = p.check(lambda: choice_param("type", type, (*RELATION_TYPES, *EVENT_TYPES)), None)
    empty: list[str] = []
    statuses = p.check(
        lambda: [choice_param("status", v, EVENT_STATUSES) or v for v in _values("status", status)],
        empty,
    )
    found = RelationFilter(
        actor=p.check(lambda: text_param("actor", actor), None),
        type=kind,
        date_from=start,
        date_to=stop,
        origin=p.check(lambda: choice_param("origin", origin, RELATION_ORIGINS), None),
        statuses=tuple(statuses),
    )
    p.raise_any()
    return found


def actor_filter(
    q: Annotated[str | None, Query(description="part of the id, name or an alias")] = None,
    type: Annotated[str | None, Query(description="actor type, e.g. armed_group")] = None,
    country: _Text = None,
) -> ActorFilter:
    """Actor filters; every bad value is reported in one 422 answer."""
    p = _Problems()
    found = ActorFilter(
        q=p.check(lambda: text_param("q", q), None),
        type=p.check(lambda: choice_param("type", type, ACTOR_TYPES), None),
        country=p.check(lambda: country_param(country), None),
    )
    p.raise_any()
    return found


def document_filter(
    q: Annotated[str | None, Query(description="words in the title or text")] = None,
    date_from: _Text = None,
    date_to: _Text = None,
    source: _Text = None,
) -> DocumentFilter:
    """Document filters; every bad value is reported in one 422 answer."""
    p = _Problems()
    no_dates: tuple[dt.date | None, dt.date | None] = (None, None)
    start, stop = p.check(lambda: date_range(date_from, date_to), no_dates)
    found = DocumentFilter(
        q=p.check(lambda: text_param("q", q), None),
        date_from=start,
        date_to=stop,
        source=p.check(lambda: text_param("source", source), None),
    )
    p.raise_any()
    return found


def place_filter(
    q: Annotated[str | None, Query(description="part of the place name")] = None,
    country: _Text = None,
    admin1: _Text = None,
    document_id: _Text = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
) -> PlaceFilter:
    return PlaceFilter(
        q=text_param("q", q),
        country=country_param(country),
        admin1=text_param("admin1", admin1),
        document_id=text_param("document_id", document_id),
        bbox=bbox_param(bbox),
    )
