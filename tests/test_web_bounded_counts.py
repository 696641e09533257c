"""A count that stopped at its bound (words on PostgreSQL, ``Store.count_events_at_most``) is
shown as a lower bound: ``total_is_lower_bound`` in the API, "10,000+" on the events page,
whose pager then pages by the rows found rather than by the count.

The bound is forced here with a store whose count always stops at it (SQLite counts words
exactly); the PostgreSQL side is tested in tests/store/test_search.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from browser_support import chronicle_document
from sitroom.store import EventFilter, Store
from sitroom.web import api, create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("bounded") / "bounded.db"
    with Store(path) as store:
        assert store.add(*chronicle_document())
    return path


@pytest.fixture()
def exact(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


@pytest.fixture()
def bounded(db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(api, "COUNT_CAP", 5)
    count_exactly = Store.count_events_at_most

    def stops_at_the_bound(self: Store, f: EventFilter, at_most: int | None) -> tuple[int, bool]:
        n, _ = count_exactly(self, f, None)
        return (at_most, False) if at_most is not None and n >= at_most else (n, True)

    monkeypatch.setattr(Store, "count_events_at_most", stops_at_the_bound)
    with TestClient(create_app(str(db))) as c:
        yield c


def test_an_exact_count_says_so(exact: TestClient) -> None:
    body = exact.get("/api/events?q=clash&limit=3").json()
    assert body["total"] > 5 and body["total_is_lower_bound"] is False
    page = exact.get("/events?q=clash").text
    assert "+ matching" not in page


def test_a_bounded_count_is_a_lower_bound_in_the_api(
    exact: TestClient, bounded: TestClient
) -> None:
    full = exact.get("/api/events?q=clash&limit=100").json()
    body = bounded.get("/api/events?q=clash&limit=3").json()
    assert body["total"] == 5 and body["total_is_lower_bound"] is True
    assert [e["id"] for e in body["items"]] == [e["id"] for e in full["items"][:3]]
    # Past the bound the rows are still read (the count does not say there are none).
    past = bounded.get("/api/events?q=clash&limit=3&offset=6").json()
    assert [e["id"] for e in past["items"]] == [e["id"] for e in full["items"][6:9]]


def test_the_events_page_shows_a_lower_bound_and_pages_past_it(
    db: Path, bounded: TestClient
) -> None:
    with Store(db) as store:
        n = store.count_events(EventFilter(q="clash"))
    assert n > 9
    page = bounded.get("/events?q=clash&limit=4&offset=4").text
    assert "5+ matching" in page
    pager = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    assert pager is not None
    assert "5–8 of 5+" in pager.group(0) and "offset=8" in pager.group(0)  # a full page: next
    last = bounded.get(f"/events?q=clash&limit=4&offset={n - 1}").text
    pager = re.search(r'<nav class="pager".*?</nav>', last, re.S)
    assert pager is not None
    assert f"{n}–{n} of 5+" in pager.group(0) and "next" not in pager.group(0)
