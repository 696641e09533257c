"""The scoring rules of `sitroom eval --mode document`, on a story written for the tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.evaluate.documents import (
    SideMatcher,
    date_right,
    evidence_spans,
    gold_names,
    match,
    read_stories,
    score_story,
    touches,
)
from sitroom.models import Actor, Analysis, DateValue, Event, Location, Span

TEXT = (
    "Gunmen attacked a police post in Kandahar on Monday, killing four officers. "
    "The Taliban claimed the attack. "
    "The governor met tribal elders on Tuesday. "
    "Prices of bread rose again."
)
S1, S2, S3, S4 = (
    "Gunmen attacked a police post in Kandahar on Monday, killing four officers.",
    "The Taliban claimed the attack.",
    "The governor met tribal elders on Tuesday.",
    "Prices of bread rose again.",
)


def _span(sentence: str) -> Span:
    k = TEXT.index(sentence)
    return Span(start=k, end=k + len(sentence), text=sentence)


def _event(eid: str, type_: str, sentence: str, *more: str, **kw) -> Event:
    return Event(
        id=eid,
        type=type_,
        evidence=_span(sentence),
        more_evidence=[_span(s) for s in more],
        **kw,
    )


GOLD = [
    {
        "gid": "x-1",
        "type": "ASSAULT",
        "status": "occurred",
        "salience": "main",
        "date": "2023-03-13",
        "date_precision": "day",
        "place": {"name": "Kandahar", "country": "AFG", "admin1": "Kandahar"},
        "source": [{"name": "Taliban", "country": "AFG", "kind": "rebel"}],
        "target": [{"name": "Afghan police", "country": "AFG", "kind": "state"}],
        "killed": 4,
        "wounded": None,
        "evidence": [S1, S2],
    },
    {
        "gid": "x-2",
        "type": "CONSULT",
        "status": "occurred",
        "salience": "secondary",
        "date": "2023-03-14",
        "date_precision": "day",
        "place": None,
        "source": [],
        "target": [],
        "killed": None,
        "wounded": None,
        "evidence": [S3],
    },
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    stories = [
        {"id": "1", "title": "t", "published": "2023-03-15 10:00:00Z", "text": TEXT},
        {"id": "2", "title": "u", "published": "2023-03-15 10:00:00Z", "text": S4},
    ]
    (tmp_path / "stories.jsonl").write_text("\n".join(json.dumps(s) for s in stories) + "\n")
    (tmp_path / "gold").mkdir()
    gold = {"id": "1", "conflict_story": True, "events": GOLD}
    (tmp_path / "gold" / "1.json").write_text(json.dumps(gold))
    free = {"id": "2", "conflict_story": False, "events": []}
    (tmp_path / "gold" / "2.json").write_text(json.dumps(free))
    return tmp_path


def test_stories_are_read_with_their_evidence_offsets_and_split_in_halves(folder: Path) -> None:
    stories = read_stories(folder)
    assert [s.id for s in stories] == ["1", "2"]
    assert stories[0].published == dt.date(2023, 3, 15)
    assert stories[0].spans[0] == evidence_spans(TEXT, [S1, S2])
    assert TEXT[slice(*stories[0].spans[1][0])] == S3
    assert [s.id for s in read_stories(folder, half="even")] == ["1"]
    assert [s.id for s in read_stories(folder, half="odd")] == ["2"]
    assert not stories[1].conflict


def test_sentence_spans_touch_when_they_share_half_of_the_shorter() -> None:
    assert touches((0, 10), (5, 30))
    assert not touches((0, 10), (8, 30))
    assert not touches((0, 10), (10, 20))


def test_matching_is_one_to_one_and_prefers_the_same_type() -> None:
    events = [
        _event("e1", "CONSULT", S1),  # the attack sentence, but the wrong type
        _event("e2", "ASSAULT", S1, S2),
        _event("e3", "CONSULT", S3),
    ]
    stories = [(GOLD, [evidence_spans(TEXT, g["evidence"]) for g in GOLD])]
    pairs, touched = match(events, *stories[0])
    assert pairs == {1: 0, 2: 1}
    assert touched[0] == {0}


def test_a_second_report_of_a_matched_incident_is_a_duplicate_and_the_rest_inventions(
    folder: Path,
) -> None:
    story = read_stories(folder)[0]
    actors = [
        Actor(id="taliban", name="Taliban", type="armed_group", country="AFG", kb=True),
        Actor(id="police-afg", name="police of Afghanistan", type="police", country="AFG"),
    ]
    events = [
        _event(
            "e1",
            "ASSAULT",
            S1,
            sources=["unidentified-armed-group"],
            claimed_by=["taliban"],
            targets=["police-afg"],
            date=DateValue(start=dt.date(2023, 3, 13), precision="day"),
            location=Location(name="Kandahar", country="AFG", admin1="Kandahar"),
            killed=4,
            salience="main",
        ),
        _event("e2", "ASSAULT", S2),  # the claim sentence again: a duplicate
        _event("e3", "CONSULT", S3),
        _event("e4", "ASSAULT", S3),  # the meeting's sentence again: a duplicate
        _event("e5", "PROTEST", S1, S3),  # touches both matched gold events: a duplicate
    ]
    analysis = Analysis(id="1", events=events, actors=actors)
    counts, misses = score_story(story, analysis, SideMatcher(None), None)
    assert (counts.predicted, counts.gold, counts.matched) == (5, 2, 2)
    assert counts.duplicates == 3 and counts.inventions == 0
    f = counts.fields
    # both sides of the meeting are empty in the gold and in sitroom: right
    assert f["type"].right == 2 and f["source"].right == 2 and f["target"].right == 2
    assert f["killed"].right == 1 and f["killed"].total == 1
    assert f["country"].right == 1 and f["admin1"].right == 1
    assert f["date_day"].right == 1 and f["date_day"].total == 2
    assert f["salience"].right == 1
    assert {x["kind"] for x in misses["extra"]} == {"duplicate"}


def test_violent_events_on_a_conflict_free_story_are_counted(folder: Path) -> None:
    story = read_stories(folder)[1]
    event = Event(id="e1", type="ASSAULT", evidence=Span(start=0, end=len(S4), text=S4))
    counts, misses = score_story(story, Analysis(id="2", events=[event]), SideMatcher(None), None)
    assert counts.conflict_free == 1 and counts.violent_on_conflict_free == 1
    assert counts.inventions == 1
    assert misses["extra"][0]["kind"] == "invention"


def test_dates_are_scored_at_the_gold_precision() -> None:
    day = _event("e", "ASSAULT", S1, date=DateValue(start=dt.date(2023, 3, 14), precision="day"))
    doc = _event(
        "e", "ASSAULT", S1, date=DateValue(start=dt.date(2023, 3, 15), precision="document")
    )
    assert date_right(day, {"date": "2023-03-14"}, day_only=True)
    assert date_right(day, {"date": "2023-03", "date_precision": "month"}, day_only=False)
    assert date_right(day, {"date": "2023-03-13", "date_precision": "week"}, day_only=False)
    assert not date_right(day, {"date": "2023-03-06", "date_precision": "week"}, day_only=False)
    assert date_right(day, {"date": None}, day_only=True) is None
    # a week ("last week": its Monday) is no day: the day-exact score leaves it out
    week = {"date": "2023-03-13", "date_precision": "week"}
    assert date_right(day, week, day_only=True) is None
    # an undated older event: a stated date is wrong, the publication date is "no date"
    assert not date_right(day, {"date": None}, day_only=False)
    assert date_right(doc, {"date": None}, day_only=False)


def test_gold_actor_names_give_their_variants() -> None:
    assert gold_names("Lt. Gen. Ahmed Chaudhry, ISPR (Pakistani military)") == [
        "Lt. Gen. Ahmed Chaudhry, ISPR",
        "Lt. Gen. Ahmed Chaudhry",
        "ISPR",
        "Pakistani military",
    ]


def test_a_generic_actor_matches_a_gold_actor_of_its_kind_and_country() -> None:
    sides = SideMatcher(None)
    gold = {"name": "security personnel", "country": "PAK", "kind": "state"}
    assert sides.same(
        gold, Actor(id="m", name="military of Pakistan", type="military", country="PAK")
    )
    assert not sides.same(
        gold, Actor(id="m", name="military of India", type="military", country="IND")
    )
    assert not sides.same(
        gold, Actor(id="bla", name="BLA", type="armed_group", country="PAK", kb=True)
    )
    assert sides.side_right([], [])
    assert not sides.side_right([gold], [])
