"""The command line, end to end, on articles written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app

runner = CliRunner()

ARTICLE_A = (
    "Militants attack army post in Borno\n\n"
    "Boko Haram fighters attacked an army post near Bama on Saturday, killing five soldiers, "
    "officials said. The group later released a video of the raid."
)
ARTICLE_B = (
    "Talks in Doha\n\nThe Taliban held talks with Pakistan in Doha on Monday about border security."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe")
    return folder


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result


def test_version_names_the_data_sources() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "GeoNames" in result.stdout and "CC BY" in result.stdout


def test_extract_prints_the_design_note_format(corpus: Path) -> None:
    result = run("extract", str(corpus / "a.txt"), "--published", "2023-03-14")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "actors", "events", "relations", "places"} <= set(data)
    ev = next(e for e in data["events"] if e["type"] == "ASSAULT")
    assert ev["killed"] == 5
    assert ev["date"]["start"] == "2023-03-11"
    assert "boko-haram" in ev["sources"]


def test_extract_keeps_batch_ids_and_reports_bad_lines(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "one", "text": ARTICLE_A, "published": "2023-03-14"})
        + "\nnot json\n"
        + json.dumps({"id": "two", "text": ARTICLE_B})
        + "\n",
        encoding="utf-8",
    )
    result = run("extract", str(batch), "--format", "jsonl")
    assert result.exit_code == 1  # something was skipped
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["one", "two"]
    assert "line 2" in result.stderr


def test_ingest_is_idempotent_and_skips_broken_files(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    first = run("ingest", str(corpus), "--db", db, "--published", "2023-03-14")
    assert first.exit_code == 1  # the binary file was reported
    assert "broken.txt" in first.stderr
    assert "stored 2 new document(s)" in first.stderr
    second = run("ingest", str(corpus), "--db", db, "--published", "2023-03-14")
    assert "stored 0 new document(s), 2 already stored" in second.stderr

    events = run("events", "--db", db, "--actor", "Boko Haram", "--format", "jsonl")
    rows = [json.loads(line) for line in events.stdout.splitlines()]
    assert rows and all("boko-haram" in r["source_ids"] + r["target_ids"] for r in rows)

    csv_out = run("events", "--db", db, "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("id,")

    docs = run("documents", "--db", db, "--format", "json")
    doc_ids = [d["id"] for d in json.loads(docs.stdout)]
    assert len(doc_ids) == 2
    shown = run("show", doc_ids[0], "--db", db)
    assert shown.exit_code == 0

    geo = tmp_path / "events.geojson"
    exported = run("export", "--format", "geojson", "--db", db, "-o", str(geo))
    assert exported.exit_code == 0
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"

    relations = run("relations", "--db", db, "--format", "json")
    assert json.loads(relations.stdout)


def test_show_unknown_document_is_a_clear_error(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    run("ingest", "-", "--db", db)  # creates the schema from empty stdin
    result = run("show", "nope", "--db", db)
    assert result.exit_code == 1
    assert "no document nope" in result.stderr


def test_bad_date_option_is_a_clear_error(corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus / "a.txt"), "--published", "yesterday"])
    assert result.exit_code == 2
    assert "2021-10-05" in result.output


def test_actors_lookup_explains_the_match() -> None:
    result = run("actors", "lookup", "ISKP")
    assert result.exit_code == 0
    assert "islamic-state-khorasan" in result.stdout


def test_actors_add_then_lookup(tmp_path: Path) -> None:
    file = tmp_path / "mine.yaml"
    added = run(
        "actors",
        "add",
        "Northern Valleys Brigade",
        "--country",
        "ner",
        "--alias",
        "NVB",
        "--file",
        str(file),
    )
    assert added.exit_code == 0, added.output
    looked = run("actors", "lookup", "NVB", "--actors", str(file))
    assert "northern-valleys-brigade" in looked.stdout


def test_demo_runs_on_the_bundled_article() -> None:
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "al-shabaab" in result.stdout.lower()
    assert "Events" in result.stdout


def test_relations_timeline_counts_hostile_months(tmp_path: Path) -> None:
    batch = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": "m1",
            "text": "On 3 May 2022, Boko Haram fighters attacked Nigerian soldiers near Bama.",
            "published": "2022-05-04",
        },
        {
            "id": "m2",
            "text": "On 9 May 2022, Boko Haram fighters ambushed Nigerian soldiers in Gwoza.",
            "published": "2022-05-10",
        },
        {
            "id": "m3",
            "text": "On 2 June 2022, Boko Haram fighters attacked Nigerian soldiers in Dikwa.",
            "published": "2022-06-03",
        },
    ]
    batch.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert run("ingest", str(batch), "--db", db).exit_code == 0
    result = run("relations", "--db", db, "--actor", "Boko Haram", "--timeline", "--format", "json")
    months = {m["month"]: m for m in json.loads(result.stdout)}
    assert months["2022-05"]["hostile"] == 2 and months["2022-05"]["score"] < 0
    assert months["2022-06"]["hostile"] == 1


@pytest.mark.parametrize(
    ("host", "url"),
    [("127.0.0.1", "http://127.0.0.1:8765/"), ("::1", "http://[::1]:8765/")],
)
def test_serve_prints_a_usable_url(
    host: str, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitroom.web

    served: dict[str, object] = {}
    monkeypatch.setattr(sitroom.web, "serve", lambda db, **kw: served.update(kw, db=db))
    db = str(tmp_path / "s.sqlite")
    result = runner.invoke(app, ["serve", "--db", db, "--host", host, "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert url in result.output.replace("\n", "")
    assert served["host"] == host and served["port"] == 8765


def test_demo_runs_on_a_given_article(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "Boko Haram fighters attacked a police station in Maiduguri on Monday, "
        "killing four officers, the state police said.\n",
        encoding="utf-8",
    )
    result = run("demo", str(article), "--published", "2024-03-06")
    assert result.exit_code == 0, result.output
    assert "boko" in result.stdout.lower() and "2024-03-04" in result.stdout


def test_demo_reports_an_unreadable_article(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "missing.txt" in result.output
