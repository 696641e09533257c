"""The held-out news set (tests/data/heldout_news): its stories and gold follow the VOA format.

The set is written for sitroom and annotated by hand following ../shared/data/voa/GUIDELINES.md;
these checks keep it well formed (no model needed): the stories' fields, the gold's schema and
vocabularies, dates that agree with their precision, and every evidence sentence found verbatim,
as a whole sentence, in its story's text. The same checks run on the VOA gold when ../shared is
there, so the two sets stay in one format.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sitroom.models import EVENT_TYPES

HELDOUT = Path(__file__).parent / "data" / "heldout_news"

STORY_FIELDS = {"id", "url", "section", "title", "author", "published", "keywords", "text"}
GOLD_FIELDS = {"id", "published", "conflict_story", "events"}
EVENT_FIELDS = {
    "gid",
    "type",
    "mode",
    "status",
    "salience",
    "date",
    "date_precision",
    "place",
    "source",
    "target",
    "killed",
    "wounded",
    "evidence",
}
PLACE_FIELDS = {"name", "country", "admin1", "precision"}
# The guidelines' sixteen PLOVER types are the output contract's (sitroom.models).
PLOVER = set(EVENT_TYPES)
STATUSES = {"occurred", "ongoing", "planned", "threatened", "hypothetical", "denied"}
SALIENCES = {"main", "secondary", "background"}
PRECISIONS = {"day", "week", "month", "year", "document"}
PLACE_PRECISIONS = {"city", "admin2", "admin1", "country"}
KINDS = {
    "state",
    "rebel",
    "terrorist",
    "militia",
    "person",
    "civilians",
    "igo",
    "ngo",
    "company",
    "other",
}
DATE_FORMS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "week": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "document": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z")
ISO3 = re.compile(r"[A-Z]{3}")
# A sentence ends with . ! ? (or … ), possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def read_set(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    stories: dict[str, dict[str, Any]] = {}
    for n, line in enumerate((folder / "stories.jsonl").read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record = json.loads(line)
        assert record["id"] not in stories, f"line {n + 1}: duplicate story id {record['id']}"
        stories[record["id"]] = record
    gold = {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((folder / "gold").glob("*.json"))
    }
    return stories, gold


def published_date(value: str) -> dt.date:
    return dt.datetime.strptime(value[:10], "%Y-%m-%d").date()


def date_problems(event: dict[str, Any], published: dt.date) -> list[str]:
    date, precision = event["date"], event["date_precision"]
    if date is None or precision is None:
        return [] if date is None and precision is None else ["date and precision: one is null"]
    if precision not in PRECISIONS:
        return [f"date_precision {precision!r}"]
    if not DATE_FORMS[precision].fullmatch(date):
        return [f"date {date!r} is not of the form its precision {precision!r} wants"]
    problems = []
    first = dt.date.fromisoformat((date + "-01-01")[:10])  # the first day of the period
    if precision == "week" and first.weekday() != 0:
        problems.append(f"week date {date} is not a Monday")
    if precision == "document" and first != published:
        problems.append(f"document date {date} is not the publication date {published}")
    if event["status"] in {"occurred", "ongoing"} and first > published:
        problems.append(f"{event['status']} event dated {date}, after publication {published}")
    return problems


def actor_problems(actors: Any) -> list[str]:
    if not isinstance(actors, list):
        return ["actors are not a list"]
    problems = []
    for actor in actors:
        if set(actor) != {"name", "country", "kind"}:
            problems.append(f"actor fields {sorted(actor)}")
            continue
        if not isinstance(actor["name"], str) or not actor["name"].strip():
            problems.append("actor without a name")
        if actor["country"] is not None and not ISO3.fullmatch(actor["country"]):
            problems.append(f"actor country {actor['country']!r}")
        if actor["kind"] not in KINDS:
            problems.append(f"actor kind {actor['kind']!r}")
    return problems


def place_problems(place: Any) -> list[str]:
    if place is None:
        return []
    problems = []
    keys = set(place)
    if not keys >= PLACE_FIELDS or not keys <= PLACE_FIELDS | {"lat", "lon"}:
        return [f"place fields {sorted(keys)}"]
    if ("lat" in keys) != ("lon" in keys):
        problems.append("place has one of lat/lon")
    if "lat" in keys and not (-90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180):
        problems.append(f"place coordinates {place['lat']}, {place['lon']}")
    if place["country"] is not None and not ISO3.fullmatch(place["country"]):
        problems.append(f"place country {place['country']!r}")
    if place["precision"] not in PLACE_PRECISIONS:
        problems.append(f"place precision {place['precision']!r}")
    if place["precision"] == "country" and place["admin1"] is not None:
        problems.append("a country-precision place with an admin1")
    return problems


def evidence_problems(evidence: Any, text: str, strict: bool = True) -> list[str]:
    """Evidence sentences are verbatim and whole; the VOA text keeps section headings inline
    before a paragraph ('The attack The Jaffar Express...'), so there (``strict`` false) a
    sentence may follow a heading rather than a sentence end."""
    if not isinstance(evidence, list) or not evidence:
        return ["no evidence"]
    problems = []
    if len(set(evidence)) != len(evidence):
        problems.append("the same evidence sentence twice")
    for sentence in evidence:
        start = text.find(sentence)
        if start < 0:
            problems.append(f"evidence not in the text: {sentence[:80]!r}")
            continue
        before = text[:start].rstrip()
        if start and (text[start - 1] != " " or (strict and not SENTENCE_END.search(before))):
            problems.append(f"evidence does not start a sentence: {sentence[:80]!r}")
        after = text[start + len(sentence) :]
        if not SENTENCE_END.search(sentence) or (after and not after.startswith(" ")):
            problems.append(f"evidence does not end a sentence: {sentence[-80:]!r}")
    return problems


def event_problems(event: dict[str, Any], story: dict[str, Any], strict: bool = True) -> list[str]:
    keys = set(event)
    if not keys <= EVENT_FIELDS or not EVENT_FIELDS - {"mode"} <= keys:
        return [f"event fields {sorted(keys)}"]
    problems = []
    if not event["gid"].startswith(f"{story['id']}-"):
        problems.append(f"gid {event['gid']!r} does not start with the story id")
    if event["type"] not in PLOVER:
        problems.append(f"type {event['type']!r}")
    if event.get("mode") is not None and not isinstance(event["mode"], str):
        problems.append(f"mode {event['mode']!r}")
    if event["status"] not in STATUSES:
        problems.append(f"status {event['status']!r}")
    if event["salience"] not in SALIENCES:
        problems.append(f"salience {event['salience']!r}")
    for count in ("killed", "wounded"):
        value = event[count]
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            problems.append(f"{count} {value!r}")
    problems += date_problems(event, published_date(story["published"]))
    problems += place_problems(event["place"])
    problems += actor_problems(event["source"]) + actor_problems(event["target"])
    problems += evidence_problems(event["evidence"], story["text"], strict)
    return [f"{event['gid']}: {p}" for p in problems]


def set_problems(folder: Path, strict: bool) -> list[str]:
    """Every problem found in one folder; ``strict`` adds the rules the held-out set keeps
    beyond the VOA gold (example.invalid URLs, no empty fields, a main event per story)."""
    stories, gold = read_set(folder)
    problems = []
    if set(stories) != set(gold):
        problems.append(f"stories without gold: {sorted(set(stories) - set(gold))}")
        problems.append(f"gold without a story: {sorted(set(gold) - set(stories))}")
    gids: set[str] = set()
    for sid, story in stories.items():
        if set(story) != STORY_FIELDS:
            problems.append(f"{sid}: story fields {sorted(story)}")
            continue
        if not PUBLISHED.fullmatch(story["published"]):
            problems.append(f"{sid}: published {story['published']!r}")
        if strict:
            if story["url"] != f"https://example.invalid/{sid}":
                problems.append(f"{sid}: url {story['url']!r}")
            if "\n" in story["text"] or "  " in story["text"]:
                problems.append(f"{sid}: text is not whitespace-normalized like the VOA file")
            if not all(story[f] for f in STORY_FIELDS):
                problems.append(f"{sid}: an empty field")
        record = gold.get(sid)
        if record is None:
            continue
        if set(record) != GOLD_FIELDS:
            problems.append(f"{sid}: gold fields {sorted(record)}")
            continue
        if record["id"] != sid or record["published"] != story["published"]:
            problems.append(f"{sid}: gold id or published differs from the story")
        if not isinstance(record["conflict_story"], bool):
            problems.append(f"{sid}: conflict_story {record['conflict_story']!r}")
        for event in record["events"]:
            if event.get("gid") in gids:
                problems.append(f"{sid}: duplicate gid {event.get('gid')}")
            gids.add(event.get("gid"))
            problems += event_problems(event, story, strict)
        types = {e.get("type") for e in record["events"]}
        if record["conflict_story"] is False and "ASSAULT" in types:
            problems.append(f"{sid}: a conflict-free story with an ASSAULT")
        if (
            strict
            and record["events"]
            and not any(e["salience"] == "main" for e in record["events"])
        ):
            problems.append(f"{sid}: events but no main event")
        if strict and record["conflict_story"] and not types & {"ASSAULT", "COERCE"}:
            problems.append(f"{sid}: a conflict story with no ASSAULT or COERCE")
    return problems


def test_heldout_set_is_well_formed() -> None:
    assert set_problems(HELDOUT, strict=True) == []


def test_heldout_toponym_gold_is_well_formed(capsys: pytest.CaptureFixture[str]) -> None:
    # the annotator's own validator (offsets, kinds, features, country codes, coordinates)
    import runpy

    checker = runpy.run_path(str(HELDOUT / "check_toponyms.py"))
    assert checker["main"]() == 0, capsys.readouterr().out
    assert "30 files" in capsys.readouterr().out


def test_heldout_set_size_and_mix() -> None:
    stories, gold = read_set(HELDOUT)
    assert len(stories) >= 16
    for sid, story in stories.items():
        words = len(story["text"].split())
        assert 440 <= words <= 950, f"{sid}: {words} words"
    conflict_free = [sid for sid, g in gold.items() if not g["conflict_story"]]
    assert len(conflict_free) >= 3
    types = {e["type"] for g in gold.values() for e in g["events"]}
    # the non-violent politics the set is meant to test are all there
    assert {"THREATEN", "ACCUSE", "REQUEST", "REJECT", "CONSULT", "SANCTION", "PROTEST"} <= types
    assert {"AGREE", "CONCEDE", "MOBILIZE", "RETREAT", "COERCE", "ASSAULT"} <= types


def test_validator_catches_errors(tmp_path: Path) -> None:
    """The checks can fail: a copy of one story with broken gold is reported."""
    stories, gold = read_set(HELDOUT)
    sid = "hn01"
    (tmp_path / "gold").mkdir()
    (tmp_path / "stories.jsonl").write_text(json.dumps(stories[sid]) + "\n", encoding="utf-8")
    broken = json.loads(json.dumps(gold[sid]))
    event = broken["events"][0]
    event["type"] = "ATTACK"
    event["salience"] = "headline"
    event["date_precision"] = "week"  # the date 2025-06-11 is a Wednesday
    event["evidence"] = [event["evidence"][0][:-1], "A sentence that is not in the story."]
    event["source"][0]["kind"] = "jihadist"
    (tmp_path / "gold" / f"{sid}.json").write_text(json.dumps(broken), encoding="utf-8")
    text = "\n".join(set_problems(tmp_path, strict=True))
    for expected in (
        "type 'ATTACK'",
        "salience 'headline'",
        "not a Monday",
        "does not end a sentence",
        "not in the text",
        "actor kind 'jihadist'",
    ):
        assert expected in text


def test_voa_gold_in_the_same_format(shared_dir: Path) -> None:
    """The VOA development gold passes the same checks (the formats are one)."""
    assert set_problems(shared_dir / "data" / "voa", strict=False) == []


@pytest.mark.parametrize("sid", ["hn02", "hn03", "hn15", "hn19", "hn21"])
def test_two_incidents_stay_two(sid: str) -> None:
    """Stories written to hold two incidents of one type keep two main ASSAULT events."""
    _, gold = read_set(HELDOUT)
    main = [e for e in gold[sid]["events"] if e["type"] == "ASSAULT" and e["salience"] == "main"]
    assert len(main) == 2
    assert main[0]["date"] != main[1]["date"]
