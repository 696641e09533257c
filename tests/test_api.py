"""The HTTP API and the server-rendered pages (sitroom.web), through FastAPI's TestClient.

The shared store is built from analyses written by hand (deterministic facts to filter on);
ingestion tests run the real pipeline on short articles written for these tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
    Span,
    TimeExpression,
)
from sitroom.store import Store
from sitroom.web import create_app
from sitroom.web.app import LOOPBACK_HOSTS, HostGuard, host_of, normal_host
from sitroom.web.pages import web_link
from sitroom.web.reader import Mark, pieces, reader_pieces
from support.models import day, span

TOKEN = "test-token-5f2a"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


# --- the hand-written store -------------------------------------------------------------------

TEXT_A = (
    "Fighters of the Northern Front clashed with the Valdorian Army near Qalat on 2 March 2022. "
    "Four soldiers died in the fighting.\n\n"
    "The Red Crescent delivered food to families in Qalat the next day."
)
TEXT_B = (
    "A car bomb claimed by the Northern Front killed twelve people in Aleppo on 9 May 2022.\n\n"
    "In May the Valdorian Army and the Red Crescent agreed on a corridor for the wounded.\n\n"
    "The Northern Front said it might strike again."
)
TEXT_C = (
    f"Residents of Eastport found a leaflet reading {SCRIPT} on the market wall. "
    f"The group calling itself {IMG} attacked a checkpoint on 4 April 2022."
)


def actors_for(text: str, *names: tuple[str, str, str, list[str]]) -> list[Actor]:
    out = []
    for actor_id, name, kind, aliases in names:
        found = [n for n in (name, *aliases) if n in text]
        out.append(
            Actor(
                id=actor_id,
                name=name,
                type=kind,  # type: ignore[arg-type]
                aliases=aliases,
                kb=False,
                mentions=[span(text, n) for n in found[:1]],
            )
        )
    return out


def analysis_a() -> tuple[Document, Analysis]:
    doc = Document(id="doc-a", text=TEXT_A, title="Clash near Qalat", published=dt.date(2022, 3, 5))
    qalat = Location(
        name="Qalat", country="AFG", admin1="Zabul", lat=32.1, lon=66.9, precision="city"
    )
    events = [
        Event(
            id="e1",
            type="ASSAULT",
            mode="armed_clash",
            sources=["northern-front"],
            targets=["valdorian-army"],
            date=day("2022-03-02"),
            location=qalat,
            killed=4,
            evidence=span(TEXT_A, TEXT_A.split("\n\n")[0]),
            trigger=span(TEXT_A, "clashed"),
            confidence=0.9,
        ),
        Event(
            id="e2",
            type="AID",
            sources=["red-crescent"],
            date=day("2022-03-03"),
            location=qalat,
            evidence=span(TEXT_A, TEXT_A.split("\n\n")[1]),
            trigger=span(TEXT_A, "delivered"),
        ),
    ]
    analysis = Analysis(
        id=doc.id,
        published=doc.published,
        actors=actors_for(
            TEXT_A,
            ("northern-front", "Northern Front", "armed_group", ["NF"]),
            ("valdorian-army", "Valdorian Army", "military", []),
            ("red-crescent", "Red Crescent", "ngo", []),
        ),
        events=events,
        relations=[
            Relation(
                source="northern-front",
                target="valdorian-army",
                type="hostile",
                start="2022-03",
                evidence=[events[0].evidence],
            )
        ],
        places=[
            Place(**qalat.model_dump(), mentions=[span(TEXT_A, "Qalat"), span(TEXT_A, "Qalat", 1)])
        ],
        dates=[TimeExpression(value=day("2022-03-02"), mention=span(TEXT_A, "2 March 2022"))],
    )
    return doc, analysis


def analysis_b() -> tuple[Document, Analysis]:
    doc = Document(id="doc-b", text=TEXT_B, title="Aleppo bombing", published=dt.date(2022, 5, 10))
    aleppo = Location(
        name="Aleppo", country="SYR", admin1="Aleppo", lat=36.2, lon=37.16, precision="city"
    )
    paragraphs = TEXT_B.split("\n\n")
    may = DateValue(
        start=dt.date(2022, 5, 1), end=dt.date(2022, 5, 31), precision="month", text="May"
    )
    events = [
        Event(
            id="e1",
            type="ASSAULT",
            mode="bombing",
            sources=["northern-front"],
            claimed_by=["northern-front"],
            date=day("2022-05-09"),
            location=aleppo,
            killed=12,
            evidence=span(TEXT_B, paragraphs[0]),
            confidence=0.8,
        ),
        Event(
            id="e2",
            type="AGREE",
            sources=["valdorian-army"],
            targets=["red-crescent"],
            date=may,
            evidence=span(TEXT_B, paragraphs[1]),
        ),
        Event(
            id="e3",
            type="THREATEN",
            status="hypothetical",
            sources=["northern-front"],
            evidence=span(TEXT_B, paragraphs[2]),
        ),
    ]
    analysis = Analysis(
        id=doc.id,
        published=doc.published,
        actors=actors_for(
            TEXT_B,
            ("northern-front", "Northern Front", "armed_group", ["NF"]),
            ("valdorian-army", "Valdorian Army", "military", []),
            ("red-crescent", "Red Crescent", "ngo", []),
        ),
        events=events,
        relations=[
            Relation(
                source="valdorian-army",
                target="red-crescent",
                type="negotiates",
                start="2022-05",
                evidence=[events[1].evidence],
            )
        ],
        places=[Place(**aleppo.model_dump(), mentions=[span(TEXT_B, "Aleppo")])],
    )
    return doc, analysis


def analysis_c() -> tuple[Document, Analysis]:
    doc = Document(
        id="doc-c", text=TEXT_C, title=f"Leaflet {SCRIPT}", published=dt.date(2022, 4, 5)
    )
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="armed_assault",
        sources=["hostile-group"],
        date=day("2022-04-04"),
        evidence=span(TEXT_C, TEXT_C[TEXT_C.index("The group") :]),
    )
    analysis = Analysis(
        id=doc.id,
        published=doc.published,
        actors=[
            Actor(
                id="hostile-group",
                name=IMG,
                type="armed_group",
                mentions=[span(TEXT_C, IMG)],
            )
        ],
        events=[event],
    )
    return doc, analysis


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with Store(path) as store:
        for doc, analysis in (analysis_a(), analysis_b(), analysis_c()):
            assert store.add(doc, analysis)
    return path


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db_path))) as test_client:
        yield test_client


def ok(client: TestClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def event_ids(client: TestClient, query: str) -> set[str]:
    return {e["id"] for e in ok(client, f"/api/events?{query}")["items"]}


# --- read endpoints ---------------------------------------------------------------------------


def test_events_pagination_covers_every_event_once(client: TestClient) -> None:
    first = ok(client, "/api/events?limit=2&offset=0")
    rest = ok(client, "/api/events?limit=2&offset=2")
    assert first["total"] == rest["total"] == 6
    assert (first["limit"], first["offset"], rest["offset"]) == (2, 0, 2)
    ids = [e["id"] for e in first["items"]] + [e["id"] for e in rest["items"]]
    ids += [e["id"] for e in ok(client, "/api/events?limit=2&offset=4")["items"]]
    assert len(ids) == len(set(ids)) == 6
    assert ok(client, "/api/events?limit=2&offset=6")["items"] == []


def test_event_filters(client: TestClient) -> None:
    assert event_ids(client, "type=assault") == {"doc-a:e1", "doc-b:e1", "doc-c:e1"}
    assert event_ids(client, "actor=NF&type=ASSAULT") == {"doc-a:e1", "doc-b:e1"}
    assert event_ids(client, "country=syr") == {"doc-b:e1"}
    assert event_ids(client, "admin1=zabul") == {"doc-a:e1", "doc-a:e2"}
    assert event_ids(client, "mode=bombing") == {"doc-b:e1"}
    assert event_ids(client, "status=hypothetical") == {"doc-b:e3"}
    # A month as date_to includes its last day; the month-precision AGREE overlaps May.
    assert event_ids(client, "date_from=2022-05&date_to=2022-05") == {"doc-b:e1", "doc-b:e2"}
    assert event_ids(client, "date_to=2022-03") == {"doc-a:e1", "doc-a:e2"}
    assert event_ids(client, "bbox=30,30,40,40") == {"doc-b:e1"}
    assert event_ids(client, "q=car+bomb") == {"doc-b:e1"}
    assert event_ids(client, "document_id=doc-c") == {"doc-c:e1"}
    assert event_ids(client, "actor=nobody-at-all") == set()
    # Blank form fields mean "no filter".
    assert len(event_ids(client, "type=&actor=&country=")) == 6


def test_event_sort_orders_by_the_asked_column(client: TestClient) -> None:
    items = ok(client, "/api/events?sort=-killed")["items"]
    assert [e["killed"] for e in items[:2]] == [12, 4]
    assert items[-1]["killed"] is None  # unknown values last
    dated = [e["date_start"] for e in ok(client, "/api/events?sort=date")["items"]]
    assert dated[:-1] == sorted(d for d in dated if d) and dated[-1] is None


def test_event_detail_and_document_have_offsets_into_the_text(client: TestClient) -> None:
    event = ok(client, "/api/events/doc-a:e1")
    assert event["event"]["killed"] == 4
    assert event["actor_names"]["valdorian-army"] == "Valdorian Army"
    doc = ok(client, "/api/documents/doc-b")
    text = doc["text"]
    assert text == TEXT_B
    for e in doc["events"]:
        ev = e["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]
    mention = doc["actors"][0]["mentions"][0]
    assert text[mention["start"] : mention["end"]] == mention["text"]


def test_documents_actors_places_relations(client: TestClient) -> None:
    docs = ok(client, "/api/documents?limit=2")
    assert docs["total"] == 3 and [d["id"] for d in docs["items"]] == ["doc-b", "doc-c"]
    assert {d["id"] for d in ok(client, "/api/documents?q=aleppo")["items"]} == {"doc-b"}
    assert ok(client, "/api/documents?q=aleppo")["total"] == 1

    actors = ok(client, "/api/actors")
    assert actors["items"][0]["id"] == "northern-front"
    assert actors["items"][0]["aliases"] == ["NF"]
    assert {a["id"] for a in ok(client, "/api/actors?type=ngo")["items"]} == {"red-crescent"}

    actor = ok(client, "/api/actors/northern-front")
    assert actor["events"]["total"] == 3
    evidence = actor["relation_evidence"]
    assert evidence[0]["type"] == "hostile" and "clashed" in evidence[0]["evidence"][0]["text"]

    places = ok(client, "/api/places?country=AFG")
    assert [p["name"] for p in places["items"]] == ["Qalat"] and places["total"] == 1

    hostile = ok(client, "/api/relations?type=hostile")
    assert hostile["total"] == 1 and hostile["items"][0]["polarity"] == "hostile"
    interactions = ok(client, "/api/relations?origin=interactions")
    # The hypothetical threat has no target and AID has none either: two interactions.
    assert {(r["source"], r["target"], r["type"]) for r in interactions["items"]} == {
        ("northern-front", "valdorian-army", "ASSAULT"),
        ("valdorian-army", "red-crescent", "AGREE"),
    }


def test_network_merges_edges_by_polarity_and_windows_in_time(client: TestClient) -> None:
    net = ok(client, "/api/network")
    pairs = {(e["source"], e["target"], e["polarity"]) for e in net["edges"]}
    assert ("northern-front", "valdorian-army", "hostile") in pairs
    assert ("valdorian-army", "red-crescent", "cooperative") in pairs
    march = ok(client, "/api/network?date_from=2022-03&date_to=2022-03")
    assert {n["id"] for n in march["nodes"]} == {"northern-front", "valdorian-army"}


def test_stats_counts_months_and_top_actors(client: TestClient) -> None:
    stats = ok(client, "/api/stats")
    assert stats["counts"]["documents"] == 3 and stats["counts"]["events"] == 6
    months = {m["month"]: m["events"] for m in stats["events_per_month"]}
    assert months == {"2022-03": 2, "2022-04": 1, "2022-05": 2}
    assert stats["top_actors"][0]["id"] == "northern-front"


def test_points_are_located_events(client: TestClient) -> None:
    points = ok(client, "/api/points?type=ASSAULT")
    assert points["total"] == 2
    assert {(p["lat"], p["lon"]) for p in points["items"]} == {(32.1, 66.9), (36.2, 37.16)}


def test_points_as_columns_are_the_same_points(client: TestClient) -> None:
    items = ok(client, "/api/points")
    compact = ok(client, "/api/points?format=columns")
    columns = compact["columns"]
    assert "items" not in compact and compact["count"] == len(items["items"]) > 1
    assert compact["total"] == items["total"] and compact["limit"] == items["limit"]
    assert set(columns) == set(items["items"][0])
    rebuilt = [{name: columns[name][i] for name in columns} for i in range(compact["count"])]
    assert rebuilt == items["items"]
    # The column shape holds for no match too (every field an empty list).
    empty = ok(client, "/api/points?format=columns&country=NZL&type=ASSAULT")
    assert empty["count"] == 0 and empty["total"] == 0
    assert all(values == [] for values in empty["columns"].values())


def test_map_page_asks_for_the_compact_points(client: TestClient) -> None:
    html = client.get("/map?type=ASSAULT").text
    assert 'data-points="/api/points?type=ASSAULT&amp;format=columns"' in html


# --- exports ----------------------------------------------------------------------------------


def test_exports_in_every_format(client: TestClient) -> None:
    response = client.get("/api/export?format=csv&type=ASSAULT")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["event_id_cnty"] for r in rows) == ["doc-a:e1", "doc-b:e1", "doc-c:e1"]

    lines = client.get("/api/export?format=jsonl&country=AFG").text.splitlines()
    assert {json.loads(line)["id"] for line in lines} == {"doc-a:e1", "doc-a:e2"}

    geo = client.get("/api/export?format=geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert len(geo.json()["features"]) == 3  # only located events

    graph = ET.fromstring(client.get("/api/export?format=graphml").content)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:node", ns)) == 3
    assert len(graph.findall(".//g:edge", ns)) >= 2


# --- bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/events?limit=5000", ["limit", "1000"]),
        ("/api/events?limit=abc", ["limit", "integer"]),
        ("/api/events?offset=-1", ["offset"]),
        ("/api/events?date_from=2022-13-01", ["date_from", "2022-13-01"]),
        ("/api/events?date_from=yesterday", ["date_from", "YYYY-MM-DD"]),
        ("/api/events?date_from=2022-06&date_to=2022-01", ["date_from", "after"]),
        ("/api/events?bbox=1,2,3", ["bbox", "four"]),
        ("/api/events?bbox=0,0,10,x", ["bbox", "not a number"]),
        ("/api/events?bbox=0,50,10,40", ["bbox", "min_lat"]),
        ("/api/events?bbox=0,0,200,10", ["bbox", "longitudes"]),
        ("/api/events?type=EXPLODE", ["type", "ASSAULT"]),
        ("/api/events?status=maybe", ["status", "occurred"]),
        ("/api/events?country=Narnia", ["country", "alpha-3", "Narnia"]),
        ("/api/events?sort=colour", ["sort", "killed"]),
        ("/api/relations?origin=rumour", ["origin", "interactions"]),
        ("/api/actors?type=wizard", ["type", "armed_group"]),
        ("/api/export?format=pdf", ["format", "graphml"]),
        ("/api/export?format=csv&colour=red", ["colour", "not a filter"]),
        ("/api/events/no-colon-here", ["event id"]),
        ("/api/points?limit=0", ["limit"]),
        ("/api/points?format=geojson", ["format", "columns"]),
    ],
)
def test_bad_parameters_get_422_with_a_readable_message(
    client: TestClient, url: str, words: list[str]
) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    for word in words:
        assert word in detail


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/no-such-doc",
        "/api/actors/no-such-actor",
        "/api/events/doc-a:e99",
        "/api/events/no-such-doc:e1",
        "/api/nothing-here",
    ],
)
def test_unknown_ids_get_404(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_pages_answer_bad_input_with_an_html_error(client: TestClient) -> None:
    bad = client.get("/events?date_from=not-a-date")
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "date_from" in bad.text
    missing = client.get("/documents/no-such-doc")
    assert missing.status_code == 404 and "no-such-doc" in missing.text
    assert client.get("/actors/nobody").status_code == 404
    assert client.get("/timeline?type=EXPLODE").status_code == 422
    assert client.get("/network?max_edges=0").status_code == 422


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/network",
        "/timeline",
        "/timeline?actor=NF",
        "/map?type=ASSAULT",
        "/events",
        "/events?sort=killed&type=ASSAULT",
        "/events/doc-b:e1",
        "/documents/doc-a",
        "/actors/northern-front",
        "/docs",
    ],
)
def test_pages_render_with_a_strict_csp(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "http://" not in response.text.replace("http://www.w3.org", "")
    assert "https://" not in response.text.replace("https://www.w3.org", "")
    assert "<script>" not in response.text  # no inline script: only <script src=...>
    assert " style=" not in response.text


def test_api_responses_carry_security_headers(client: TestClient) -> None:
    response = client.get("/api/stats")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_event_table_filters_and_sorts_in_the_url(client: TestClient) -> None:
    page = client.get("/events?type=ASSAULT&sort=-killed").text
    assert page.index("doc-b:e1") < page.index("doc-a:e1")  # 12 killed before 4
    assert "doc-a:e2" not in page  # the AID event is filtered out
    # Export links carry the same filters.
    assert "/api/export?type=ASSAULT&amp;format=csv" in page


def test_timeline_draws_one_dot_per_dated_event(client: TestClient) -> None:
    page = client.get("/timeline?actor=northern-front").text
    # Three NF events, one undated: two dots, each linking to its event.
    assert page.count('class="dot"') == 2
    assert 'href="/events/doc-b:e1"' in page


def test_reader_highlights_facts_and_links_evidence(client: TestClient) -> None:
    page = client.get("/documents/doc-a").text
    assert 'id="event-local-e1"' in page and 'href="#event-0"' in page
    assert 'class="hl-evidence hl-trigger"' in page  # the trigger inside its sentence
    assert "hl-place" in page and "hl-date" in page and "hl-actor" in page


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    for url in ["/documents/doc-c", "/events?document_id=doc-c", "/actors/hostile-group", "/"]:
        page = client.get(url).text
        assert SCRIPT not in page, url
        assert "<img src=x" not in page, url
    reader = client.get("/documents/doc-c").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reader
    assert "&lt;img src=x onerror=alert(1)&gt;" in reader
    event = client.get("/events/doc-c:e1").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in event and "<img src=x" not in event


def test_only_web_addresses_become_links() -> None:
    assert web_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert web_link(" HTTP://example.org ") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//x", None):
        assert web_link(bad) is None


def test_trusted_hosts_refuse_other_host_headers(db_path: Path) -> None:
    app = create_app(str(db_path), allowed_hosts=["127.0.0.1"])
    with TestClient(app) as other:
        assert other.get("/api/stats").status_code == 400
        assert other.get("/api/stats", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_loopback_guard_reads_ipv6_literals_and_ports(db_path: Path) -> None:
    app = create_app(str(db_path), allowed_hosts=LOOPBACK_HOSTS)
    accepted = [
        "[::1]:8000",
        "[::1]",
        "[0:0:0:0:0:0:0:1]:8000",
        "127.0.0.1:8000",
        "127.0.0.1",
        "LocalHost:8000",
    ]
    refused = [
        "[::2]:8000",
        "[::1",
        "::1",  # an IPv6 address in a Host header needs its brackets
        "[::1]:80:80",
        "[::1]x",
        "[127.0.0.1]:8000",
        "localhost:port",
        "127.0.0.1.attacker.example",
        "attacker.example:8000",
        "",
    ]
    with TestClient(app) as client:
        for host in accepted:
            assert client.get("/api/stats", headers={"host": host}).status_code == 200, host
        for host in refused:
            response = client.get("/api/stats", headers={"host": host})
            assert response.status_code == 400, host
            assert response.text == "Invalid host header"


async def no_app(scope: object, receive: object, send: object) -> None:
    raise AssertionError("not reached")


def test_host_header_parsing() -> None:
    assert host_of("[::1]:8000") == "::1"
    assert host_of("[0:0:0:0:0:0:0:1]") == "::1"
    assert host_of("[2001:DB8::1]:443") == "2001:db8::1"
    assert host_of("Example.ORG:8080") == "example.org"
    assert host_of("10.0.0.1") == "10.0.0.1"
    for bad in ("[::1", "[]:80", "[zz::1]", "[10.0.0.1]", "::1", "a:b:c", "host:99999999", "a b"):
        assert host_of(bad) is None, bad
    assert normal_host("[::1]") == normal_host("::1") == "::1"
    assert normal_host("LOCALHOST") == "localhost"
    with pytest.raises(ValueError, match="bad"):
        HostGuard(no_app, allowed_hosts=["localhost", "[bad"])


# --- writing ----------------------------------------------------------------------------------

NEW_ARTICLE = (
    "Gunmen attacked a police post in the town of Baidoa on Tuesday, killing three officers, "
    "local officials said. Al-Shabaab claimed responsibility for the attack."
)


def test_post_is_refused_without_a_configured_token(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITROOM_TOKEN", raising=False)
    with TestClient(create_app(str(db_path))) as read_only:
        response = read_only.post(
            "/api/documents",
            json={"text": NEW_ARTICLE},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("writer") / "writer.db"
    with TestClient(create_app(str(path), token=TOKEN, max_body_bytes=4096)) as test_client:
        yield test_client


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_post_needs_the_right_token(writer: TestClient) -> None:
    for headers in ({}, auth("wrong"), {"Authorization": TOKEN}, auth("")):
        response = writer.post("/api/documents", json={"text": NEW_ARTICLE}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_post_analyzes_and_stores_a_document(writer: TestClient) -> None:
    body = {"text": NEW_ARTICLE, "title": "Baidoa attack", "published": "2023-02-09"}
    before = ok(writer, "/api/stats")["counts"]["documents"]
    created = writer.post("/api/documents", json=body, headers=auth())
    assert created.status_code == 201, created.text
    doc_id = created.json()["id"]
    assert created.json()["counts"]["events"] >= 1
    again = writer.post("/api/documents", json=body, headers=auth())
    assert again.status_code == 200 and again.json()["created"] is False
    stored = ok(writer, f"/api/documents/{doc_id}")
    assert stored["title"] == "Baidoa attack" and stored["published"] == "2023-02-09"
    assert any(e["type"] == "ASSAULT" for e in stored["events"])
    # Cached aggregates notice the new document.
    assert ok(writer, "/api/stats")["counts"]["documents"] == before + 1


def test_post_accepts_html(writer: TestClient) -> None:
    html = (
        "<html><head><title>Harbour raid</title></head><body><article><p>"
        "Police arrested four smugglers in the port of Mombasa on Friday, officials said."
        "</p></article></body></html>"
    )
    response = writer.post("/api/documents", json={"html": html}, headers=auth())
    assert response.status_code == 201, response.text
    stored = ok(writer, f"/api/documents/{response.json()['id']}")
    assert "Mombasa" in stored["text"] and "<p>" not in stored["text"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", ["JSON"]),
        (json.dumps({"title": "no text"}).encode(), ["text", "html"]),
        (json.dumps({"text": "a", "html": "<p>b</p>"}).encode(), ["exactly one"]),
        (json.dumps({"text": "x", "published": "the day after"}).encode(), ["published"]),
        (json.dumps({"text": "   "}).encode(), ["empty"]),
        (json.dumps({"text": "x", "colour": "red"}).encode(), ["colour"]),
        (json.dumps(["text"]).encode(), ["body"]),
    ],
)
def test_post_rejects_bad_bodies_with_422(
    writer: TestClient, body: bytes, words: list[str]
) -> None:
    response = writer.post(
        "/api/documents",
        content=body,
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    for word in words:
        assert word in response.json()["detail"]


def test_post_refuses_oversized_bodies(writer: TestClient) -> None:
    big = json.dumps({"text": "word " * 2000})
    response = writer.post(
        "/api/documents", content=big, headers={**auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        yield b'{"text": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    streamed = writer.post("/api/documents", content=chunks(), headers=auth())
    assert streamed.status_code == 413


def test_default_size_limit_is_two_megabytes(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITROOM_TOKEN", TOKEN)  # the environment variable enables writes too
    with TestClient(create_app(str(db_path))) as env_writer:
        body = b'{"text": "' + b"x" * (2 * 1024 * 1024) + b'"}'
        response = env_writer.post(
            "/api/documents", content=body, headers={**auth(), "Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert env_writer.post("/api/documents", json={}, headers=auth("no")).status_code == 401


# --- reader segmentation ----------------------------------------------------------------------


def test_pieces_split_overlapping_marks() -> None:
    text = "Rebels shelled the old town."
    marks = [
        Mark(0, len(text), "evidence", 0, "event"),
        Mark(0, 6, "actor", 2, "Rebels"),
        Mark(7, 14, "trigger", 0, "event"),
    ]
    out = pieces(text, marks)
    assert "".join(p.text for p in out) == text
    by_text = {p.text: p for p in out}
    assert by_text["Rebels"].kinds == ["evidence", "actor"] and by_text["Rebels"].actors == [2]
    assert by_text["shelled"].css_class == "hl-evidence hl-trigger"
    assert by_text["Rebels"].anchors[0].id in {"event-0", "actor-2"}
    assert {a.id for p in out for a in p.anchors} == {"event-0", "actor-2"}


def test_reader_skips_spans_that_do_not_match_the_text() -> None:
    doc, analysis = analysis_a()
    bad = analysis.model_copy(deep=True)
    bad.actors[0].mentions = [Span(start=0, end=5, text="Wrong")]
    out = reader_pieces(bad, doc.text)
    assert "".join(p.text for p in out) == doc.text
    assert not any(0 in p.actors for p in out)


# --- faults from the outside audit (issue 17) -------------------------------------------------


class CountingPipeline:
    """Stands in for the NLP pipeline: one event whose toll is the text's first number."""

    def analyze(self, document: Document) -> Analysis:
        number = int(next(w for w in document.text.split() if w.isdigit()))
        evidence = Span(start=0, end=len(document.text), text=document.text)
        event = Event(id="e1", type="ASSAULT", killed=number, evidence=evidence)
        return Analysis(id=document.id, published=document.published, events=[event])


@pytest.fixture()
def fake_writer(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(str(tmp_path / "f.db"), token=TOKEN, pipeline_factory=CountingPipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"text": "x\\ud800y"}', ["surrogate", "text"]),
        (b'{"id": "\\udfff", "text": "calm day"}', ["surrogate", "id"]),
        (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ["nested"]),
        (b"[" * 5000 + b"]" * 5000, ["body"]),
        (b'{"text": "one 9223372036854775808 killed"}', ["could not be stored", "killed"]),
        (b'{"text": "one 99999999999999999999999 killed"}', ["could not be stored", "killed"]),
    ],
)
def test_post_never_answers_500(fake_writer: TestClient, body: bytes, words: list[str]) -> None:
    response = fake_writer.post(
        "/api/documents", content=body, headers={**auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    for word in words:
        assert word in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_post_of_a_changed_text_is_a_new_version(fake_writer: TestClient) -> None:
    first = fake_writer.post(
        "/api/documents", json={"id": "d1", "text": "3 killed"}, headers=auth()
    )
    assert first.status_code == 201 and first.json()["created"] is True
    same = fake_writer.post("/api/documents", json={"id": "d1", "text": "3 killed"}, headers=auth())
    assert same.status_code == 200 and same.json()["updated"] is False
    edit = fake_writer.post("/api/documents", json={"id": "d1", "text": "5 killed"}, headers=auth())
    assert edit.status_code == 200 and edit.json()["updated"] is True
    events = ok(fake_writer, "/api/events")["items"]
    assert [e["killed"] for e in events] == [5]
    feed = ok(fake_writer, "/api/updates")
    assert [(u["document_id"], u["kind"]) for u in feed["items"]] == [("d1", "updated")]


@pytest.mark.parametrize(
    "path",
    ["/api/documents", "/api/actors", "/api/events", "/api/relations", "/api/places",
     "/api/updates", "/events", "/documents", "/actors"],
)  # fmt: skip
@pytest.mark.parametrize("value", [2**63, 2**64 + 1, 10**30])
def test_huge_offsets_and_limits_are_refused_not_500(
    client: TestClient, path: str, value: int
) -> None:
    for query in (f"offset={value}", f"limit={value}"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (404, 422), (path, query, response.status_code)
        if response.status_code == 422 and path.startswith("/api/"):
            assert query.split("=")[0] in response.json()["detail"]


def test_server_errors_carry_the_security_headers(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Store, "places_page", broken)  # what /api/places reads
    with TestClient(create_app(str(db_path)), raise_server_exceptions=False) as c:
        response = c.get("/api/places")
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["x-frame-options"] == "DENY"


# --- search and browse (issue 16) -------------------------------------------------------------


def test_multi_select_event_filters_in_the_query_string(client: TestClient) -> None:
    both = {"doc-a:e1", "doc-a:e2", "doc-b:e1"}
    assert event_ids(client, "country=AFG&country=SYR") == both
    assert event_ids(client, "country=AFG,syr") == both
    assert event_ids(client, "type=AID,AGREE") == {"doc-a:e2", "doc-b:e2"}
    assert event_ids(client, "type=aid&type=THREATEN&status=hypothetical") == {"doc-b:e3"}
    assert event_ids(client, "status=occurred,hypothetical&document_id=doc-b") == {
        "doc-b:e1",
        "doc-b:e2",
        "doc-b:e3",
    }
    assert event_ids(client, "mode=bombing,armed_assault") == {"doc-b:e1", "doc-c:e1"}


def test_country_by_name_or_code(client: TestClient) -> None:
    assert event_ids(client, "country=Syria") == {"doc-b:e1"}
    assert event_ids(client, "country=afghanistan&type=ASSAULT") == {"doc-a:e1"}
    response = client.get("/api/events?country=Atlantis")
    assert response.status_code == 422
    assert "Atlantis" in response.json()["detail"] and "country" in response.json()["detail"]


def test_fatality_range_filters_and_sorts(client: TestClient) -> None:
    assert event_ids(client, "killed_min=5") == {"doc-b:e1"}
    assert event_ids(client, "killed_min=4&killed_max=4") == {"doc-a:e1"}
    assert event_ids(client, "killed_max=100") == {"doc-a:e1", "doc-b:e1"}
    killed = [e["killed"] for e in ok(client, "/api/events?killed_min=0&sort=-killed")["items"]]
    assert killed == [12, 4]


def test_every_bad_parameter_is_listed_in_one_answer(client: TestClient) -> None:
    response = client.get(
        "/api/events?type=ASSAULT,EXPLODE&country=Atlantis&killed_min=many&date_from=2022-13"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    for part in ("type:", "EXPLODE", "country:", "Atlantis", "killed_min:", "date_from:"):
        assert part in detail, part
    crossed = client.get("/api/events?killed_min=9&killed_max=2").json()["detail"]
    assert "killed_min" in crossed and "killed_max" in crossed


def test_fatality_totals_overall_and_per_group(client: TestClient) -> None:
    stats = ok(client, "/api/stats")["fatalities"]
    assert stats["killed_best"] == 16 and stats["statuses"] == ["occurred", "attempted"]
    by_country = ok(client, "/api/fatalities?by=country")
    assert [(r["key"], r["killed_best"]) for r in by_country["items"][:2]] == [
        ("SYR", 12),
        ("AFG", 4),
    ]
    by_actor = {r["key"]: r["killed_best"] for r in ok(client, "/api/fatalities?by=actor")["items"]}
    assert by_actor["northern-front"] == 16  # perpetrator of both deadly incidents
    month = ok(client, "/api/fatalities?by=month&country=SYR")["items"]
    assert [(r["key"], r["killed_low"], r["killed_high"]) for r in month] == [("2022-05", 12, 12)]
    bad = client.get("/api/fatalities?by=galaxy")
    assert bad.status_code == 422 and "by" in bad.json()["detail"]


def test_exports_take_multi_select_filters(client: TestClient) -> None:
    response = client.get("/api/export?format=jsonl&country=AFG&country=Syria&type=ASSAULT")
    assert response.status_code == 200, response.text
    ids = {json.loads(line)["id"] for line in response.text.splitlines()}
    assert ids == {"doc-a:e1", "doc-b:e1"}


def test_actor_list_searches_names_and_aliases_with_country_by_name(client: TestClient) -> None:
    by_alias = ok(client, "/api/actors?q=NF")["items"]
    assert "northern-front" in [a["id"] for a in by_alias]
    coded = ok(client, "/api/actors?country=AFG")
    named = ok(client, "/api/actors?country=Afghanistan")
    assert coded["items"] == named["items"] and coded["total"] == named["total"]
    paged = ok(client, "/api/actors?limit=1&offset=1")
    assert len(paged["items"]) <= 1 and paged["offset"] == 1
    detail = ok(client, "/api/actors/northern-front")
    assert isinstance(detail["roles"], list)
