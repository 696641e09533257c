"""The pages' presentation through TestClient (no browser): precision marks, the dense time
window, status badges, page-only parameters and escaping of hostile strings.

The store holds the hand-built documents of ``browser_support`` (written for the tests).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from browser_support import (
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    SVG_PAYLOAD,
    chronicle_document,
    hostile_document,
)
from sitroom.store import Store
from sitroom.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db: Path = tmp_path_factory.mktemp("pages") / "pages.db"
    with Store(db) as store:
        for doc, analysis in (hostile_document(), chronicle_document()):
            assert store.add(doc, analysis)
    with TestClient(create_app(str(db))) as c:
        yield c


def test_timeline_draws_precision_and_lists_the_far_past(client: TestClient) -> None:
    page = client.get("/timeline").text
    assert page.count('class="mark m-solid') == 61  # 60 clashes + the attack on Gao
    assert page.count('class="mark m-hollow') == 1  # dated by publication only
    assert page.count('class="mark m-band') == 1  # July 2022
    assert 'data-status="thwarted"' in page and "st-extra" in page
    outliers = page[page.index('id="outliers"') :]
    assert "1914-06-28" in outliers and 'href="/events/chronicle:c61"' in outliers
    assert 'id="widen" href="/timeline?window=all"' in page
    wide = client.get("/timeline?window=all").text
    assert 'id="outliers"' not in wide and 'id="narrow"' in wide
    assert wide.count('class="mark m-solid') == 62


def test_overview_axis_and_status_notes(client: TestClient) -> None:
    page = client.get("/").text
    assert "1914-06" in page[page.index('id="chart-window"') :]
    assert "events, all statuses" in page
    assert client.get("/?window=all").text.count('class="bar"') > 1000


def test_window_parameter_is_checked(client: TestClient) -> None:
    response = client.get("/timeline?window=wide")
    assert response.status_code == 422
    assert "window: &#39;wide&#39; is not a time window" in response.text
    # Filters do not carry the page-only parameter into other links.
    page = client.get("/timeline?window=all&type=ASSAULT").text
    assert 'href="/events?type=ASSAULT"' in page
    assert '<input type="hidden" name="window" value="all">' in page  # kept when filtering


def test_tables_show_status_badges_and_date_marks(client: TestClient) -> None:
    page = client.get("/events?document_id=xss-doc").text
    assert "3 matching, all statuses" in page
    assert 'class="status status-thwarted"' in page
    assert "dmark dmark-hollow" in page and "(published)" in page
    assert "dmark dmark-band" in page and "month only: </span>2022-07</a>" in page
    assert "status thwarted only" in client.get("/events?status=thwarted").text
    event = client.get("/events/xss-doc:e2").text
    assert "the centre of the country, not the place itself" in event
    assert "publication date, none in the text" in event
    actor = client.get("/actors/xss-brigade").text
    assert 'class="status status-thwarted"' in actor


def test_palette_json_carries_shapes_statuses_and_generic_words(client: TestClient) -> None:
    data = client.get("/palette.json").json()
    assert data["actor_shapes"]["armed_group"] == "diamond"
    assert data["default_statuses"] == ["occurred", "attempted"]
    assert "rpg" in data["generic_actors"]["words"]
    assert data["place_marks"]["country"] == "country"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/documents/xss-doc",
        "/events?document_id=xss-doc",
        "/events/xss-doc:e1",
        "/actors/xss-brigade",
        "/timeline?document_id=xss-doc",
        "/timeline?document_id=xss-doc&window=all",
    ],
)
def test_hostile_strings_are_escaped(client: TestClient, url: str) -> None:
    page = client.get(url).text
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, SVG_PAYLOAD):
        assert payload not in page, url
    for raw in ("<script>window", "<img src=x", "<svg onload"):
        assert raw not in page, url
    escaped = (html.escape(HOSTILE_ACTOR, quote=False), html.escape(HOSTILE_TITLE, quote=False))
    assert any(e in page for e in escaped), url
