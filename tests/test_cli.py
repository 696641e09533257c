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


def test_demo_without_a_publication_date_says_how_to_give_one(tmp_path: Path) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "Rebels shelled a market in the north on Monday, local officials said.\n",
        encoding="utf-8",
    )
    result = run("demo", str(article))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "publication date unknown" in flat and "--published" in flat


def test_demo_reports_an_unreadable_article(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "missing.txt" in result.output


# --- issue 17: a forgiving CLI --------------------------------------------------------------

ARTICLE_LONG_NAMES = (
    "Province attack near Gwoza\n\n"
    "Fighters of the Islamic State West Africa Province attacked soldiers of the Nigerian Army "
    "near Gwoza on Saturday, killing twelve soldiers and wounding seven, officials said."
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("stored")
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "long.txt").write_text(ARTICLE_LONG_NAMES, encoding="utf-8")
    db = str(folder / "s.db")
    result = run("ingest", str(folder), "--db", db, "--published", "2023-03-14T07:35:22Z")
    assert result.exit_code == 0, result.output
    return db


def _event_dates(db: str, *options: str) -> list[str]:
    result = run("events", "--db", db, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return sorted(e["date_start"] for e in json.loads(result.stdout))


def test_published_takes_a_timestamp_with_a_zone(stored: str) -> None:
    docs = json.loads(run("documents", "--db", stored, "--format", "json").stdout)
    assert {d["published"] for d in docs} == {"2023-03-14"}


@pytest.mark.parametrize(
    ("options", "found"),
    [
        (("--from", "2023-03", "--to", "2023-03"), True),  # a month, start to end
        (("--from", "2023", "--to", "2023"), True),  # a year
        (("--to", "2023-02"), False),  # ends on 2023-02-28
        (("--from", "2023-04"), False),
        (("--to", "2023-03-11T23:30:00+05:00"), True),  # the calendar day as written
        (("--from", "2023-03-12T00:00:00Z"), False),
    ],
)
def test_date_filters_take_partial_dates_and_timestamps(
    stored: str, options: tuple[str, ...], found: bool
) -> None:
    assert ("2023-03-11" in _event_dates(stored, *options)) is found


def test_bad_dates_are_usage_errors_with_examples(stored: str) -> None:
    result = runner.invoke(app, ["events", "--db", stored, "--from", "2015-13"])
    assert result.exit_code == 2
    assert "2025-03-14T07:35:22Z" in result.output and "2015-10" in result.output


def test_partial_published_date_is_taken_at_its_first_day(corpus: Path) -> None:
    result = run("extract", str(corpus / "a.txt"), "--published", "2023-03")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["published"] == "2023-03-01"
    assert "names a month" in result.stderr


def test_events_table_fits_an_80_column_terminal(stored: str) -> None:
    result = runner.invoke(app, ["events", "--db", stored], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    assert "…" in result.stdout  # a long actor name is cut with an ellipsis, not wrapped
    assert "Islamic State West Africa Province" not in result.stdout
    assert "hidden to fit 80" in result.stderr and "--wide" in result.stderr
    # Every cell holds on one line: each event is one row.
    assert sum(1 for line in lines if line.lstrip().startswith("2023-")) == len(
        _event_dates(stored)
    )


def test_events_wide_shows_every_column_in_full(stored: str) -> None:
    result = runner.invoke(app, ["events", "--db", stored, "--wide"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Islamic State West Africa Province" in result.stdout
    assert "wounded" in result.stdout and "hidden" not in result.stderr


def test_quiet_prints_errors_only(corpus: Path, tmp_path: Path) -> None:
    result = run("--quiet", "ingest", str(corpus), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr  # the error is still reported
    assert "stored" not in result.stderr and "ingesting" not in result.stderr


def test_verbose_shows_library_messages(tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"text": ARTICLE_B, "published": "soon"}) + "\n", "utf-8")
    quiet = run("--quiet", "extract", str(batch))
    verbose = run("--verbose", "extract", str(batch))
    assert "could not read published date" in verbose.stderr
    assert "could not read published date" not in quiet.stderr
    assert run("--quiet", "--verbose", "documents").exit_code == 2


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("ray") is not None, reason="Ray is installed"
)
def test_engine_ray_without_ray_is_one_clear_line(corpus: Path, tmp_path: Path) -> None:
    result = run("ingest", str(corpus / "a.txt"), "--db", str(tmp_path / "r.db"), "--engine", "ray")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --engine ray needs Ray: pip install 'sitroom[ray]'"
    ]


def test_delete_removes_a_document_and_its_events(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    batch = tmp_path / "two.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t}) for i, t in [("a", ARTICLE_A), ("b", ARTICLE_B)]
        ),
        encoding="utf-8",
    )
    assert run("ingest", str(batch), "--db", db, "--published", "2023-03-14").exit_code == 0
    assert run("events", "--db", db, "--format", "json").stdout.count('"document_id": "a"')
    result = run("delete", "a", "--db", db)
    assert result.exit_code == 0 and "deleted a" in result.stderr
    docs = json.loads(run("documents", "--db", db, "--format", "json").stdout)
    assert [d["id"] for d in docs] == ["b"]
    assert '"document_id": "a"' not in run("events", "--db", db, "--format", "json").stdout
    missing = run("delete", "a", "--db", db)
    assert missing.exit_code == 1 and "no document" in missing.stderr


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysis fails on any text with the word POISON (as a bug in a rule stage would)."""
    from sitroom.pipeline import Pipeline

    real = Pipeline.analyze_annotated

    def analyze_annotated(self, document, ann, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "POISON" in document.text:
            raise OverflowError("date value out of range")
        return real(self, document, ann, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "analyze_annotated", analyze_annotated)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_extract_isolates_a_failing_document(poisoned: None, tmp_path: Path, fmt: str) -> None:
    lines = [
        json.dumps({"id": "one", "text": ARTICLE_A}),
        json.dumps({"id": "bad", "text": "POISON. Militants attacked a village."}),
        '{"id": "\\ud800", "text": "A lone surrogate in the id."}',
        json.dumps({"id": "two", "text": ARTICLE_B}),
    ]
    batch = tmp_path / "mixed.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", str(batch), "--format", fmt, "--published", "2023-03-14")
    assert result.exit_code == 1
    if fmt == "json":
        ids = [a["id"] for a in json.loads(result.stdout)]
    else:
        ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["one", "two"]
    assert "line 2" in result.stderr and "OverflowError" in result.stderr
    assert "line 3" in result.stderr and "lone surrogate" in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("events", "--db", str(tmp_path / "x.db"), "--limit", "-1").exit_code == 2
    assert run("ingest", str(tmp_path / "no-folder"), "--watch").exit_code == 2
    assert run("nonsense").exit_code == 2


def test_extract_reports_a_document_too_long_for_the_parser(
    pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spaCy refuses texts over nlp.max_length (1,000,000 characters by default, below the
    # 20 MB reader limit); a small limit makes the same refusal cheap to reach.
    monkeypatch.setattr(pipeline.annotator.nlp, "max_length", 400)
    long_text = "Police said the market in the valley reopened on Monday. " * 10
    lines = [
        json.dumps({"id": "short-1", "text": ARTICLE_B}),
        json.dumps({"id": "long", "text": long_text}),
        json.dumps({"id": "short-2", "text": ARTICLE_B.replace("Monday", "Tuesday")}),
    ]
    batch = tmp_path / "long.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", str(batch), "--format", "json")
    assert result.exit_code == 1
    assert [a["id"] for a in json.loads(result.stdout)] == ["short-1", "short-2"]
    assert "line 2: analysis failed" in result.stderr and "E088" in result.stderr


@pytest.mark.slow
def test_extract_with_two_workers_goes_on_after_a_failing_document(tmp_path: Path) -> None:
    """A document the worker pipeline refuses (longer than the parser's 1,000,000 characters)
    is reported like one that failed in this process, and the others are printed."""
    lines = [
        json.dumps({"id": "one", "text": ARTICLE_A}),
        json.dumps({"id": "bad", "text": "Militants attacked a village. " * 35_000}),
        json.dumps({"id": "two", "text": ARTICLE_B}),
    ]
    batch = tmp_path / "mixed.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("extract", str(batch), "--format", "jsonl", "--workers", "2")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["one", "two"]
    assert "line 2: analysis failed" in result.stderr


def test_an_edited_article_under_a_stored_id_is_analyzed_again(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    batch = tmp_path / "feed.jsonl"
    first_text = "Gunmen attacked a police post in Kandahar on Monday, killing four officers."
    edited = "Gunmen attacked a police post in Herat on Monday, killing nine officers."
    batch.write_text(json.dumps({"id": "story-1", "text": first_text}) + "\n", encoding="utf-8")
    run("ingest", str(batch), "--db", db, "--published", "2023-03-15")
    batch.write_text(json.dumps({"id": "story-1", "text": edited}) + "\n", encoding="utf-8")
    second = run("ingest", str(batch), "--db", db, "--published", "2023-03-15")
    assert second.exit_code == 0
    assert "stored 1 new document(s) (1 of them new versions" in second.stderr
    rows = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert [r["killed"] for r in rows] == [9]
    again = run("ingest", str(batch), "--db", db, "--published", "2023-03-15")
    assert "stored 0 new document(s), 1 already stored" in again.stderr
