"""The pages' presentation through TestClient (no browser): precision marks, the dense time
window, status badges, page-only parameters and escaping of hostile strings.

The store holds the hand-built documents of ``browser_support`` (written for the tests).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path

import markupsafe
import pytest
from fastapi.testclient import TestClient

from browser_support import (
    HOSTILE_ACTOR,
    HOSTILE_TITLE,
    IMG_PAYLOAD,
    SCRIPT_PAYLOAD,
    SVG_PAYLOAD,
    chronicle_document,
    day,
    hostile_document,
    span,
)
from sitroom.models import Actor, Analysis, Document, Event, Relation
from sitroom.store import EventFilter, Store
from sitroom.web import create_app, pages


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
    wide = client.get("/?window=all").text
    window = wide[wide.index('id="chart-window"') :]
    assert window.startswith('id="chart-window">1914-06 to ')
    # Bars are stacked by date precision and count the default statuses only; a month links
    # to its events with the same statuses.
    assert "occurred and attempted" in wide
    assert 'class="bar seg-exact"' in wide and 'class="bar seg-document"' in wide
    assert "&amp;status=occurred&amp;status=attempted" in wide


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
        "/actors",
        "/actors?q=brigade",
        "/documents",
        "/documents?q=Gao",
    ],
)
def test_hostile_strings_are_escaped(client: TestClient, url: str) -> None:
    page = client.get(url).text
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, SVG_PAYLOAD):
        assert payload not in page, url
    for raw in ("<script>window", "<img src=x", "<svg onload"):
        assert raw not in page, url
    escaped = (
        html.escape(HOSTILE_ACTOR, quote=False),
        html.escape(HOSTILE_TITLE, quote=False),
        str(markupsafe.escape(HOSTILE_TITLE)),  # quotes too, as Jinja escapes them
    )
    assert any(e in page for e in escaped), url


def rows_of(page: str, table_id: str) -> list[str]:
    body = page[page.index(f'id="{table_id}"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    return [r for r in body.split("<tr>")[1:] if 'class="empty"' not in r]


def test_navigation_links_the_lists(client: TestClient) -> None:
    page = client.get("/").text
    assert '<a href="/actors">Actors</a>' in page and '<a href="/documents">Documents</a>' in page
    assert 'href="/actors" class="active" aria-current="page"' in client.get("/actors").text


def test_actor_list_searches_names_aliases_type_and_country(client: TestClient) -> None:
    everyone = client.get("/actors").text
    assert "6 matching" in everyone
    rows = rows_of(everyone, "actors-table")
    assert len(rows) == 6 and "northern-front" in rows[0]  # most events first (61)
    # An alias finds its actor; the type and the country (by name) narrow the list.
    (row,) = rows_of(client.get("/actors?q=valdorians").text, "actors-table")
    assert 'href="/actors/valdorian-army"' in row and "the Valdorians" in row
    assert ">61</a>" in row and "MLI" in row
    by_type = client.get("/actors?type=armed_group").text
    assert len(rows_of(by_type, "actors-table")) == 2
    mali = client.get("/actors?country=Mali").text
    assert "1 matching" in mali and "country MLI" in mali
    assert rows_of(client.get("/actors?q=nobody-at-all").text, "actors-table") == []


def test_actor_list_pages_and_has_a_json_twin(client: TestClient) -> None:
    page = client.get("/actors?limit=2&offset=2").text
    assert len(rows_of(page, "actors-table")) == 2
    assert "3–4 of 6" in page
    assert 'href="/actors?limit=2" rel="prev"' in page
    assert 'href="/actors?limit=2&amp;offset=4" rel="next"' in page
    assert 'href="/api/actors?limit=2&amp;offset=2">JSON</a>' in page
    twin = client.get("/api/actors?limit=2&offset=2").json()
    assert twin["total"] == 6 and len(twin["items"]) == 2
    ids = [item["id"] for item in twin["items"]]
    assert all(f'href="/actors/{i}"' in page for i in ids)


def test_document_list_searches_the_full_text_and_pages(client: TestClient) -> None:
    page = client.get("/documents").text
    assert "2 matching" in page
    first, second = rows_of(page, "documents-table")
    assert "2023-01-02" in first and 'href="/documents/chronicle"' in first  # latest first
    assert 'href="/events?document_id=xss-doc"' in second
    # Every word, as a word or a word's start, in the title or the text.
    (hit,) = rows_of(client.get("/documents?q=police+attack").text, "documents-table")
    assert "xss-doc" in hit
    (hit,) = rows_of(client.get("/documents?q=Valdorian").text, "documents-table")
    assert "chronicle" in hit
    assert rows_of(client.get("/documents?q=Valdorian+police").text, "documents-table") == []
    paged = client.get("/documents?limit=1&offset=1").text
    assert "2–2 of 2" in paged and "xss-doc" in rows_of(paged, "documents-table")[0]
    assert 'href="/api/documents?limit=1&amp;offset=1">JSON</a>' in paged
    source = client.get("/documents?source=test&date_from=2022").text
    assert len(rows_of(source, "documents-table")) == 1


@pytest.mark.parametrize(
    ("url", "messages", "kept"),
    [
        (
            "/actors?type=warlord&country=Atlantis&q=x",
            ["type: unknown value &#39;warlord&#39;", "country: &#39;Atlantis&#39; is neither"],
            ['value="warlord" selected', 'name="country" value="Atlantis"', 'value="x"'],
        ),
        (
            "/documents?date_from=2022-13&q=gao",
            ["date_from: &#39;2022-13&#39; is not a valid date"],
            ['name="date_from" value="2022-13"', 'name="q" value="gao"'],
        ),
        (
            "/documents?date_from=2023&date_to=2022",
            ["date_from: 2023-01-01 is after date_to 2022-12-31"],
            ['value="2023"'],
        ),
    ],
)
def test_list_pages_show_bad_input_on_their_form(
    client: TestClient, url: str, messages: list[str], kept: list[str]
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    errors = response.text[response.text.index('id="form-errors"') :]
    assert 'role="alert"' in response.text
    for message in messages:
        assert message in errors, message
    for value in kept:
        assert value in response.text, value


def test_list_apis_report_every_bad_parameter(client: TestClient) -> None:
    detail = client.get("/api/actors?type=warlord&country=Atlantis").json()["detail"]
    assert "type: unknown value 'warlord'" in detail and "country: 'Atlantis'" in detail
    detail = client.get("/api/documents?date_from=x&q=" + "a" * 201).json()["detail"]
    assert "date_from: 'x' is not a date" in detail and "q: longer than 200" in detail


def test_salience_filter(client: TestClient) -> None:
    def ids(query: str) -> set[str]:
        return {e["id"] for e in client.get(f"/api/events?{query}").json()["items"]}

    assert ids("salience=main") == {"xss-doc:e1"}
    assert ids("salience=MAIN,secondary") == {"xss-doc:e1", "xss-doc:e2"}
    assert ids("salience=background") == set()  # events without a salience never match
    response = client.get("/api/events?salience=headline")
    assert response.status_code == 422
    assert (
        "salience: unknown value 'headline'; choose one of main, secondary, background"
        in (response.json()["detail"])
    )
    page = client.get("/events?salience=main").text
    assert "1 matching" in page and "<option selected>main</option>" in page
    export = client.get("/api/export?format=csv&salience=secondary").text
    assert len(export.strip().splitlines()) == 2


def test_timeline_api_splits_months_by_precision_and_status(client: TestClient) -> None:
    data = client.get("/api/timeline?document_id=xss-doc").json()
    assert data["items"] == [
        {
            "month": "2022-06",
            "type": "ASSAULT",
            "precision": "day",
            "status": "occurred",
            "events": 1,
        },
        {
            "month": "2022-06",
            "type": "ASSAULT",
            "precision": "document",
            "status": "occurred",
            "events": 1,
        },
        {
            "month": "2022-07",
            "type": "ASSAULT",
            "precision": "month",
            "status": "thwarted",
            "events": 1,
        },
    ]
    june, july = data["months"]
    assert june["by_precision"] == {"day": 1, "document": 1} and june["events"] == 2
    assert july["by_status"] == {"thwarted": 1}
    assert data["events"] == 3 and data["not_in_months"] == 0
    everything = client.get("/api/timeline").json()
    assert [m["month"] for m in everything["months"]][:2] == ["1914-06", "1914-07"]
    assert sum(m["events"] for m in everything["months"]) == everything["events"] == 64
    assert client.get("/api/timeline?status=thwarted").json()["events"] == 1
    assert client.get("/api/timeline?salience=soon").status_code == 422


def test_aggregated_timeline_counts_the_default_statuses(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "TIMELINE_MAX_DOTS", 2)
    page = client.get("/timeline?document_id=xss-doc").text
    assert page.count('class="mark m-aggregate') == 1  # June; July's plot was thwarted
    assert "1 dated to the day, 1 publication date only; 2 occurred" in page
    note = page[page.index('id="status-note"') :]
    assert "Not counted: thwarted (1)" in note
    assert 'id="count-all" href="/timeline?document_id=xss-doc&amp;status=occurred%2Cthwarted"' in (
        note
    )
    # The month links list the events the circle counts.
    assert "date_from=2022-06&amp;date_to=2022-06&amp;status=occurred%2Cattempted" in page
    # Repeated status values (the checkboxes) mean the same as comma-separated ones.
    both = client.get("/timeline?document_id=xss-doc&status=occurred&status=thwarted").text
    assert both.count('class="mark m-aggregate') == 2 and "Not counted" not in both
    assert '<option value="occurred,thwarted" selected>occurred, thwarted</option>' in both
    assert 'href="/api/timeline?document_id=xss-doc&amp;status=occurred%2Cthwarted"' in both


def _standoff() -> tuple[Document, Analysis]:
    """Two made-up actors: three attacks that happened, one attempted, one thwarted, and a
    threat the relations stage stored as a relation of status threatened."""
    lines = [
        "On 3 May 2023 the Ridge Militia shelled the Harbour Guard.",
        "On 9 May 2023 the Ridge Militia raided the Harbour Guard.",
        "On 15 May 2023 the Ridge Militia ambushed the Harbour Guard.",
        "On 20 May 2023 the Ridge Militia tried to bomb the Harbour Guard.",
        "On 25 May 2023 a Ridge Militia raid on the Harbour Guard was foiled.",
        "The Ridge Militia threatened to destroy the Harbour Guard.",
    ]
    text = "\n".join(lines)
    statuses = ["occurred", "occurred", "occurred", "attempted", "thwarted"]
    events = [
        Event(
            id=f"s{i}",
            type="ASSAULT",
            status=status,  # type: ignore[arg-type]
            sources=["ridge"],
            targets=["guard"],
            date=day(f"2023-05-{3 + 5 * i:02d}"),
            evidence=span(text, lines[i]),
        )
        for i, status in enumerate(statuses)
    ]
    actors = [
        Actor(id="ridge", name="Ridge Militia", type="armed_group", mentions=[span(text, "Ridge")]),
        Actor(id="guard", name="Harbour Guard", type="military", mentions=[span(text, "Harbour")]),
    ]
    threat = Relation(
        source="ridge",
        target="guard",
        type="hostile",
        status="threatened",
        evidence=[span(text, lines[5])],
    )
    doc = Document(id="standoff", text=text, title="Standoff", published=dt.date(2023, 6, 1))
    analysis = Analysis(
        id=doc.id, published=doc.published, actors=actors, events=events, relations=[threat]
    )
    return doc, analysis


def test_network_counts_and_filters_statuses(tmp_path: Path) -> None:
    db = tmp_path / "standoff.db"
    with Store(db) as store:
        assert store.add(*_standoff())
    with TestClient(create_app(str(db))) as c:
        (edge,) = c.get("/api/network").json()["edges"]
        assert edge["weight"] == 6
        assert edge["statuses"] == {"occurred": 3, "attempted": 1, "thwarted": 1, "threatened": 1}
        (edge,) = c.get("/api/network?status=occurred,attempted").json()["edges"]
        assert edge["weight"] == 4 and edge["statuses"] == {"occurred": 3, "attempted": 1}
        (edge,) = c.get("/api/network?status=threatened").json()["edges"]
        assert edge["weight"] == 1 and edge["types"] == ["hostile"]
        windowed = c.get("/api/network?status=occurred&status=thwarted&date_from=2023-05-10")
        (edge,) = windowed.json()["edges"]
        assert edge["statuses"] == {"occurred": 1, "thwarted": 1}
        assert c.get("/api/network?status=negated").json()["edges"] == []
        relations = c.get("/api/relations?status=occurred").json()
        assert relations["total"] == 1 and relations["items"][0]["weight"] == 3
        bad = c.get("/api/network?status=foiled&date_from=2023-13")
        assert bad.status_code == 422
        assert "status: unknown value 'foiled'" in bad.json()["detail"]
        assert "date_from: '2023-13'" in bad.json()["detail"]
        page = c.get("/network?status=occurred&status=attempted").text
        assert 'data-src="/api/network?status=occurred%2Cattempted"' in page
        graphml = c.get("/api/export?format=graphml&status=threatened").text
        assert "Ridge Militia" in graphml


def test_aggregated_timeline_links_match_the_query_string_of_each_month(
    client: TestClient,
) -> None:
    """The month links are encoded once with placeholders, then filled: each equals the link
    query_string builds for its type and month, whatever the filters hold (characters to
    encode, or the placeholder itself, which falls back to encoding each link)."""
    ctx = client.app.state.sitroom  # type: ignore[attr-defined]
    f = EventFilter()
    for filters in (
        {},
        {"q": "a&b =c/ü", "status": "occurred"},
        {"q": pages._TYPE_SLOT, "country": pages._MONTH_SLOT},
    ):
        timeline = pages._aggregated_timeline(ctx, f, filters, True)
        assert timeline is not None and timeline.dots
        status = filters.get("status") or "occurred,attempted"
        for dot in timeline.dots:
            month = dot.label.split(":")[0]
            expected = "/events" + pages.query_string(
                filters, type=dot.type, date_from=month, date_to=month, offset=None, status=status
            )
            assert dot.href == expected


def test_the_event_page_says_how_sides_and_place_are_known(tmp_path: Path) -> None:
    """A claimed perpetrator, an inferred target and an inferred place are labelled as such;
    a stated side carries no label. Made-up actors and text."""
    from sitroom.models import Location
    from sitroom.places.locating import INFERRED
    from sitroom.web import palette

    assert palette.PLACE_INFERRED == INFERRED  # the web reads the places stage's note
    text = "The Ridge Militia said it attacked the convoy.\nIt was the second attack this month."
    first, second = text.split("\n")
    note = f"{INFERRED}: the capital's province, where the government acts"
    inferred = Event(
        id="b1",
        type="ASSAULT",
        sources=["ridge"],
        targets=["guard"],
        source_basis="claimed",
        target_basis="inferred",
        location=Location(name="Harbour Province", country="KEN", admin1="Harbour Province",
                          precision="admin1"),
        notes=[note],
        date=day("2023-05-03"),
        evidence=span(text, first),
    )  # fmt: skip
    stated = inferred.model_copy(
        update={
            "id": "b2",
            "source_basis": "stated",
            "target_basis": "stated",
            "notes": [],
            "evidence": span(text, second),
        }
    )
    actors = [
        Actor(id="ridge", name="Ridge Militia", type="armed_group", mentions=[span(text, "Ridge")]),
        Actor(id="guard", name="Harbour Guard", type="military", mentions=[span(text, "convoy")]),
    ]
    doc = Document(id="basis", text=text, title="Basis", published=dt.date(2023, 6, 1))
    db = tmp_path / "basis.db"
    with Store(db) as store:
        assert store.add(doc, Analysis(id=doc.id, actors=actors, events=[inferred, stated]))
    with TestClient(create_app(str(db))) as c:
        page = c.get("/events/basis:b1").text
        plain = c.get("/events/basis:b2").text
    assert 'id="source-basis">— claimed responsibility<' in page
    assert 'id="target-basis">— inferred from the article around the sentence<' in page
    assert 'id="place-basis">— ' + str(markupsafe.escape(note)) + "<" in page
    assert "source-basis" not in plain and "target-basis" not in plain
    assert "place-basis" not in plain


def test_actor_page_shows_its_first_rows_and_links_the_rest(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = client.get("/actors/valdorian-army").text
    assert len(rows_of(page, "actor-events")) == pages.ACTOR_PAGE_ROWS < 61
    assert f"61, all statuses, first {pages.ACTOR_PAGE_ROWS} shown" in page
    assert 'href="/events?actor=valdorian-army">all in the table</a>' in page
    monkeypatch.setattr(pages, "ACTOR_PAGE_ROWS", 1)
    page = client.get("/actors/valdorian-army").text
    assert len(rows_of(page, "actor-events")) == 1
    assert len(rows_of(page, "actor-relations")) == 1
    assert 'the 1 heaviest shown (<a href="/api/relations?actor=valdorian-army">' in page
