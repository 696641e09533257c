"""Event exports (CSV, JSON Lines, GeoJSON) and the GraphML network parse back correctly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitroom.export import CSV_COLUMNS, export_events, export_network
from sitroom.models import Actor, Analysis, DateValue, Document, Event, Location, Relation, Span
from sitroom.store import EventFilter, EventRow, RelationFilter, Store

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

# Quotes, commas and a line break inside one sentence exercise CSV quoting.
TEXT_ONE = (
    'Gunmen from the "Iron Dune" faction and the Salt Road Riders, together, stormed a '
    "checkpoint at Kessara,\nkilling 5 guards.\x07 The Iron Dune faction threatened further raids."
)
TEXT_TWO = "Coastal Guard boats shelled Iron Dune camps on Pelo island on 2 March."


def whole(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def sample() -> list[tuple[Document, Analysis]]:
    raid_sentence = TEXT_ONE[: TEXT_ONE.index("guards.") + len("guards.")]
    iron = Actor(id="iron-dune", name="Iron Dune\x07 faction", type="armed_group", country="TCD")
    riders = Actor(id="salt-road-riders", name="Salt Road Riders", type="armed_group")
    guards = Actor(id="checkpoint-guards", name="checkpoint guards", type="police")
    navy = Actor(id="coastal-guard", name="Coastal Guard", type="military", kb=True)
    raid = Event(
        id="e1",
        type="ASSAULT",
        mode="armed_assault",
        sources=["iron-dune", "salt-road-riders"],
        targets=["checkpoint-guards"],
        date=DateValue(start=dt.date(2024, 2, 20), end=dt.date(2024, 2, 20), precision="day"),
        location=Location(name="Kessara", country="TCD", admin1="Lac", lat=13.1, lon=14.6),
        killed=5,
        evidence=whole(TEXT_ONE, raid_sentence),
    )
    threat = Event(
        id="e2",
        type="THREATEN",
        status="threatened",
        sources=["iron-dune"],
        evidence=whole(TEXT_ONE, "The Iron Dune faction threatened further raids."),
    )
    shelling = Event(
        id="e1",
        type="ASSAULT",
        mode="shelling",
        sources=["coastal-guard"],
        targets=["iron-dune"],
        claimed_by=["coastal-guard"],
        date=DateValue(start=dt.date(2024, 3, 2), end=dt.date(2024, 3, 2), precision="day"),
        location=Location(name="Pelo", country="TCD", lat=12.9, lon=14.2, precision="city"),
        evidence=whole(TEXT_TWO, TEXT_TWO),
    )
    one = Analysis(
        id="one",
        actors=[iron, riders, guards],
        events=[raid, threat],
        relations=[
            Relation(source="iron-dune", target="salt-road-riders", type="ally", start="2024")
        ],
    )
    two = Analysis(
        id="two",
        actors=[navy, iron],
        events=[shelling],
        relations=[Relation(source="coastal-guard", target="iron-dune", type="hostile")],
    )
    return [
        (Document(id="one", text=TEXT_ONE, source="Lake Post", url="https://lake.example/1"), one),
        (Document(id="two", text=TEXT_TWO, source="Lake Post"), two),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "export.db")
    s.add_many(sample())
    return s


def test_csv_columns_rows_and_quoting(store: Store) -> None:
    out = io.StringIO(newline="")
    assert export_events(store, EventFilter(), "csv", out) == 3
    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    assert [r["event_id_cnty"] for r in rows] == ["one:e1", "two:e1", "one:e2"]
    raid = rows[0]
    assert raid["notes"] == store.events(limit=1)[0].evidence_text  # quotes + newline intact
    assert "\n" in raid["notes"]
    assert (raid["actor1"], raid["assoc_actor_1"]) == ("Iron Dune\x07 faction", "Salt Road Riders")
    assert (raid["actor2"], raid["assoc_actor_2"]) == ("checkpoint guards", "")
    assert (raid["event_date"], raid["year"], raid["time_precision"]) == (
        "2024-02-20",
        "2024",
        "day",
    )
    assert (raid["fatalities"], raid["injuries"], raid["country"]) == ("5", "", "TCD")
    assert (raid["latitude"], raid["longitude"], raid["location"]) == ("13.1", "14.6", "Kessara")
    assert (raid["source"], raid["source_url"]) == ("Lake Post", "https://lake.example/1")
    assert rows[1]["claimed_by"] == "Coastal Guard"
    assert rows[2]["event_date"] == ""  # undated, listed last


def test_csv_event_types_are_acled_like_with_plover_and_gtd_beside(store: Store) -> None:
    out = io.StringIO(newline="")
    export_events(store, EventFilter(), "csv", out)
    out.seek(0)
    raid, shelling, threat = list(csv.DictReader(out))
    # armed groups against the (police) checkpoint guards: a battle, by ACLED's definition
    assert (raid["event_type"], raid["sub_event_type"]) == ("Battles", "Armed clash")
    assert (raid["plover_type"], raid["plover_mode"]) == ("ASSAULT", "armed_assault")
    assert raid["gtd_attack_type"] == "Armed Assault"
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert shelling["gtd_attack_type"] == "Bombing/Explosion"
    # a threat is no ACLED or GTD event; its PLOVER coding stays
    assert (threat["event_type"], threat["sub_event_type"], threat["gtd_attack_type"]) == (
        "",
        "",
        "",
    )
    assert (threat["plover_type"], threat["status"]) == ("THREATEN", "threatened")


def test_csv_event_types_from_an_in_memory_store() -> None:
    memory = Store("sqlite://")
    memory.add_many(sample())
    out = io.StringIO(newline="")
    assert export_events(memory, EventFilter(type="ASSAULT"), "csv", out) == 2
    out.seek(0)
    assert [r["event_type"] for r in csv.DictReader(out)] == [
        "Battles",
        "Explosions/Remote violence",
    ]


def test_csv_to_a_binary_stream_is_utf8_and_leaves_it_open(store: Store) -> None:
    out = io.BytesIO()
    assert export_events(store, EventFilter(type="ASSAULT"), "CSV", out) == 2
    assert not out.closed
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    assert len(rows) == 2


def test_jsonl_lines_are_event_rows(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, EventFilter(actor="Salt Road Riders"), "jsonl", out) == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    row = EventRow.model_validate_json(lines[0])
    assert row.source_ids == ["iron-dune", "salt-road-riders"]
    assert row == store.events(EventFilter(actor="salt-road-riders"))[0]


def test_geojson_is_a_feature_collection_of_points(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, EventFilter(), "geojson", out) == 2  # the threat has no place
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert [f["id"] for f in features] == ["one:e1", "two:e1"]
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        assert tuple(feature["properties"]) == CSV_COLUMNS
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert (lon, lat) == (feature["properties"]["longitude"], feature["properties"]["latitude"])
    assert features[0]["geometry"]["coordinates"] == [14.6, 13.1]


def test_empty_exports_are_still_valid(tmp_path: Path) -> None:
    empty = Store(tmp_path / "empty.db")
    geo, table, lines, graph = io.StringIO(), io.StringIO(), io.StringIO(), io.StringIO()
    assert export_events(empty, EventFilter(), "geojson", geo) == 0
    assert json.loads(geo.getvalue()) == {"type": "FeatureCollection", "features": []}
    assert export_events(empty, EventFilter(), "csv", table) == 0
    assert table.getvalue().strip() == ",".join(CSV_COLUMNS)
    assert export_events(empty, EventFilter(), "jsonl", lines) == 0
    assert lines.getvalue() == ""
    assert export_network(empty, RelationFilter(), graph) == 0
    assert ET.fromstring(graph.getvalue()).find(f"{GRAPHML}graph") is not None


def test_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        export_events(store, EventFilter(), "xlsx", io.StringIO())


def test_graphml_declares_keys_and_links_known_nodes(store: Store) -> None:
    out = io.StringIO()
    edges_written = export_network(store, RelationFilter(), out)
    root = ET.fromstring(out.getvalue())  # also proves the control character was dropped
    keys = {k.get("id"): k for k in root.findall(f"{GRAPHML}key")}
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): n for n in graph.findall(f"{GRAPHML}node")}
    edges = graph.findall(f"{GRAPHML}edge")
    # ally + hostile + raid (2 sources x 1 target) + shelling
    assert edges_written == len(edges) == 5
    assert set(nodes) == {"iron-dune", "salt-road-riders", "checkpoint-guards", "coastal-guard"}
    for element in [*nodes.values(), *edges]:
        for data in element.findall(f"{GRAPHML}data"):
            assert data.get("key") in keys
            assert keys[data.get("key")].get("for") == element.tag.removeprefix(GRAPHML)
    for edge in edges:
        assert edge.get("source") in nodes
        assert edge.get("target") in nodes

    def data_of(element: ET.Element) -> dict[str, str]:
        return {
            keys[d.get("key")].get("attr.name", ""): d.text or ""
            for d in element.findall(f"{GRAPHML}data")
        }

    iron = data_of(nodes["iron-dune"])
    assert iron == {
        "name": "Iron Dune faction",
        "type": "armed_group",
        "country": "TCD",
        "kb": "false",
        "events": "3",
        "documents": "2",
    }
    ally = next(data_of(e) for e in edges if data_of(e)["type"] == "ally")
    assert (ally["origin"], ally["weight"], ally["first"]) == ("explicit", "1.0", "2024")


def test_graphml_filter_and_networkx_reading(store: Store) -> None:
    nx = pytest.importorskip("networkx")
    out = io.StringIO()
    assert export_network(store, RelationFilter(actor="Coastal Guard"), out) == 2
    graph = nx.read_graphml(io.BytesIO(out.getvalue().encode("utf-8")))
    assert set(graph.nodes) == {"coastal-guard", "iron-dune"}
    # Two edges between the same pair: networkx reads them as parallel edges.
    assert graph.is_multigraph()
    edges = sorted(graph.edges(data=True), key=lambda e: e[2]["type"])
    assert [e[:2] for e in edges] == [("coastal-guard", "iron-dune")] * 2
    assert [e[2]["type"] for e in edges] == ["ASSAULT", "hostile"]
    assert [e[2]["origin"] for e in edges] == ["interactions", "explicit"]
    assert edges[0][2]["weight"] == 1.0
    assert graph.nodes["coastal-guard"]["kb"] is True


def test_parquet_export_has_the_csv_columns(tmp_path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet export needs pyarrow")
    from sitroom.export import CSV_COLUMNS, export_parquet
    from sitroom.store import EventFilter, Store

    doc, analysis = _parquet_sample()
    with Store(tmp_path / "p.db") as store:
        store.add(doc, analysis)
        n = export_parquet(store, EventFilter(), tmp_path / "events.parquet")
    table = pq.read_table(tmp_path / "events.parquet")
    assert n == table.num_rows == len(analysis.events)
    assert table.column_names == list(CSV_COLUMNS)


def _parquet_sample():
    from sitroom.models import Analysis, DateValue, Document, Event, Span

    text = "Gunmen attacked a checkpoint in Kabul on 3 May 2022, killing two guards."
    doc = Document(id="pq1", text=text)
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="armed_assault",
        date=DateValue(start=dt.date(2022, 5, 3), end=dt.date(2022, 5, 3), precision="day"),
        killed=2,
        evidence=Span(start=0, end=len(text), text=text),
    )
    return doc, Analysis(id="pq1", events=[event])


def test_speech_acts_bases_and_salience_reach_rows_and_the_csv(tmp_path: Path) -> None:
    from sitroom.models import Act

    text = "Russia threatened air strikes on Kyiv."
    event = Event(
        id="e1",
        type="THREATEN",
        act=Act(type="ASSAULT", mode="air_strike"),
        source_basis="stated",
        salience="main",
        evidence=Span(start=0, end=len(text), text=text),
    )
    with Store(tmp_path / "acts.db") as store:
        store.add(Document(id="d", text=text), Analysis(id="d", events=[event]))
        (row,) = store.events(EventFilter())
        assert (row.act, row.source_basis, row.salience) == (
            {"type": "ASSAULT", "mode": "air_strike"},
            "stated",
            "main",
        )
        out = io.StringIO(newline="")
        export_events(store, EventFilter(), "csv", out)
    out.seek(0)
    (line,) = list(csv.DictReader(out))
    assert (line["plover_act"], line["source_basis"], line["salience"]) == (
        "ASSAULT/air_strike",
        "stated",
        "main",
    )
