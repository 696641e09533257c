"""A page of common matches read off the sort's index (Store.events with ``matching``): the
same rows as the planned query, on every backend, for filters, sorts, offsets and when the walk
is too short and the planned query answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_data import BACKENDS, PG_URL, empty_postgres_store

from sitroom.models import Analysis, DateValue, Document, Event, Location, Span
from sitroom.store import EventFilter, Store, query_events

COUNTRIES = ("SYR", "AFG", "MLI", None)


def located_document(index: int, rng: random.Random) -> tuple[Document, Analysis]:
    """Events of a few types and countries, with coordinates, fatalities and dates (each
    sometimes missing, so that ties and NULLs meet the order)."""
    text = f"Dispatch {index}: fighting near the river crossing."
    whole = Span(start=0, end=len(text), text=text)
    events = []
    for j in range(rng.randrange(1, 5)):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(60))
        country = rng.choice(COUNTRIES)
        events.append(
            Event(
                id=f"e{j}",
                type=rng.choice(["ASSAULT", "COERCE", "PROTEST"]),
                status=rng.choice(["occurred", "attempted"]),
                killed=rng.choice([None, 0, 1, 2, 2, 7]),
                date=DateValue()
                if rng.random() < 0.15
                else DateValue(start=day, end=day, precision="day"),
                location=Location(
                    name="river crossing",
                    country=country,
                    lat=round(rng.uniform(30, 40), 3) if country else None,
                    lon=round(rng.uniform(30, 40), 3) if country else None,
                    precision="city" if country else None,
                ),
                evidence=whole,
            )
        )
    doc = Document(id=f"walk-{index:03d}", text=text)
    return doc, Analysis(id=doc.id, events=events)


@pytest.fixture(params=BACKENDS)
def located(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        s = empty_postgres_store(PG_URL)
    else:
        s = Store(tmp_path / "walk.db")
    rng = random.Random(7)
    s.add_many(located_document(i, rng) for i in range(120))
    yield s
    s.close()


FILTERS = [
    EventFilter(type="ASSAULT"),
    EventFilter(types=("ASSAULT", "COERCE"), countries=("SYR", "AFG")),
    EventFilter(bbox=(32.0, 31.0, 38.0, 39.0)),
    EventFilter(status="attempted", killed_min=1),
    EventFilter(date_from=dt.date(2021, 1, 10), date_to=dt.date(2021, 2, 10), type="PROTEST"),
    # Words every event holds, alone and with another filter: each walked event checked.
    EventFilter(q="fighting river"),
    EventFilter(q="crossing", type="COERCE"),
]
SORTS = ["date", "-date", "-killed", "killed", "type"]


def ids(rows: list[Any]) -> list[str]:
    return [r.id for r in rows]


def test_walked_pages_equal_the_planned_pages(
    located: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[int] = []
    original = query_events._walked_page

    def spy(*args: Any, **kwargs: Any) -> list[int] | None:
        pks = original(*args, **kwargs)
        walked.append(pks is not None)
        return pks

    monkeypatch.setattr(query_events, "_walked_page", spy)
    for f in FILTERS:
        total = located.count_events(f)
        assert total > 10, f  # the filters match enough events for a page or two
        for sort in SORTS:
            for limit, offset in ((10, 0), (10, 10), (7, 3), (50, 0)):
                planned = located.events(f, limit=limit, offset=offset, sort=sort)
                fast = located.events(f, limit=limit, offset=offset, sort=sort, matching=total)
                assert ids(fast) == ids(planned), (f, sort, limit, offset)
                assert fast == planned
    if located.engine.dialect.name == "sqlite":
        assert any(walked)  # the walk answered some pages
    else:
        assert not walked  # PostgreSQL plans a filtered page itself


def test_a_walk_too_short_falls_back_to_the_planned_query(
    located: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_events, "WALK_MIN_ROWS", 1)
    monkeypatch.setattr(query_events, "WALK_MARGIN", 0.01)  # far fewer rows than the page needs
    f = EventFilter(type="COERCE")
    total = located.count_events(f)
    planned = located.events(f, limit=20, sort="-killed")
    assert len(planned) == 20
    assert located.events(f, limit=20, sort="-killed", matching=total) == planned


def test_a_page_past_the_count_is_empty_without_a_query(located: Store) -> None:
    f = EventFilter(type="ASSAULT")
    total = located.count_events(f)
    located.close()  # any query would now fail
    assert located.events(f, offset=total, matching=total) == []
    assert located.events(f, matching=0) == []


def test_words_most_events_hold_are_checked_on_the_walk_only(
    located: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[int] = []
    original = query_events._walked_page

    def spy(conn: Any, where: Any, sort: str, n: int, **kwargs: Any) -> list[int] | None:
        walks.append(n)
        return original(conn, where, sort, n, **kwargs)

    monkeypatch.setattr(query_events, "_walked_page", spy)
    monkeypatch.setattr(query_events, "WORDS_WALK_MAX_ROWS", 100)
    common, rare = EventFilter(q="river"), EventFilter(q="dispatch 11")
    for f in (common, rare, EventFilter(q="-- !!")):  # the last: no words, every event
        total = located.count_events(f)
        for limit, offset in ((10, 0), (5, 5)):
            planned = located.events(f, limit=limit, offset=offset)
            assert located.events(f, limit=limit, offset=offset, matching=total) == planned
    if located.engine.dialect.name == "sqlite":
        # The common word walks twice the rows its page needs; the rare one (dispatches 11
        # and 110-119: a tenth of the events) would need 200 and more and is planned.
        assert walks[:2] == [20, 20]
        del walks[2:]
        monkeypatch.setattr(query_events, "WORDS_WALK_MAX_ROWS", 10)
        located.events(common, limit=10, matching=located.count_events(common))
        assert walks == [20, 20]  # too long a walk for the bound: planned
