"""Query-string parameters shared by the API and the pages, parsed into store filters.

Every bad value raises :class:`BadParameter` (HTTP 422) naming the parameter and what is
accepted, so a wrong URL never reaches the store or turns into a 500. Empty values count as
absent: HTML forms submit every field, filled or not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated

from fastapi import HTTPException, Query

from sitroom.models import ACTOR_TYPES, EVENT_STATUSES, EVENT_TYPES, RELATION_TYPES
from sitroom.store import (
    ActorFilter,
    BBox,
    DocumentFilter,
    EventFilter,
    PlaceFilter,
    RelationFilter,
)

MAX_LIMIT = 1000
# Far past any store's size and below SQLite's and PostgreSQL's 64-bit limit.
MAX_OFFSET = 10**12
RELATION_ORIGINS: tuple[str, ...] = ("explicit", "events", "interactions")
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


def country_param(value: str | None) -> str | None:
    value = text_param("country", value)
    if value is None:
        return None
    if not _COUNTRY.fullmatch(value):
        raise BadParameter("country", f"{value!r} is not an ISO 3166-1 alpha-3 code (e.g. AFG)")
    return value.upper()


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


def event_filter(
    actor: Annotated[str | None, Query(description="actor id, name or alias")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT")] = None,
    mode: Annotated[str | None, Query(description="event mode, e.g. bombing")] = None,
    status: Annotated[str | None, Query(description="occurred, attempted, ...")] = None,
    date_from: Annotated[str | None, Query(description="YYYY[-MM[-DD]]; span overlap")] = None,
    date_to: Annotated[str | None, Query(description="YYYY[-MM[-DD]]; span overlap")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3 code")] = None,
    admin1: Annotated[str | None, Query(description="first-order division name")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    q: Annotated[str | None, Query(description="words that must occur in the evidence")] = None,
    document_id: _Text = None,
) -> EventFilter:
    start, stop = date_range(date_from, date_to)
    return EventFilter(
        actor=text_param("actor", actor),
        type=choice_param("type", type, EVENT_TYPES),
        mode=text_param("mode", mode),
        status=choice_param("status", status, EVENT_STATUSES),
        date_from=start,
        date_to=stop,
        country=country_param(country),
        admin1=text_param("admin1", admin1),
        bbox=bbox_param(bbox),
        q=text_param("q", q),
        document_id=text_param("document_id", document_id),
    )


def relation_filter(
    actor: Annotated[str | None, Query(description="actor id, name or alias")] = None,
    type: Annotated[
        str | None, Query(description="relation type (hostile, ...) or PLOVER event type")
    ] = None,
    date_from: _Text = None,
    date_to: _Text = None,
    origin: Annotated[str | None, Query(description="explicit, events or interactions")] = None,
) -> RelationFilter:
    start, stop = date_range(date_from, date_to)
    kind = text_param("type", type)
    if kind is not None:
        kind = choice_param("type", kind, (*RELATION_TYPES, *EVENT_TYPES))
    return RelationFilter(
        actor=text_param("actor", actor),
        type=kind,
        date_from=start,
        date_to=stop,
        origin=choice_param("origin", origin, RELATION_ORIGINS),
    )


def actor_filter(
    q: Annotated[str | None, Query(description="part of the id, name or an alias")] = None,
    type: Annotated[str | None, Query(description="actor type, e.g. armed_group")] = None,
    country: _Text = None,
) -> ActorFilter:
    return ActorFilter(
        q=text_param("q", q),
        type=choice_param("type", type, ACTOR_TYPES),
        country=country_param(country),
    )


def document_filter(
    q: Annotated[str | None, Query(description="words in the title or text")] = None,
    date_from: _Text = None,
    date_to: _Text = None,
    source: _Text = None,
) -> DocumentFilter:
    start, stop = date_range(date_from, date_to)
    return DocumentFilter(
        q=text_param("q", q), date_from=start, date_to=stop, source=text_param("source", source)
    )


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
