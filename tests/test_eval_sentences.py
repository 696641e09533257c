"""The ``sentences`` eval mode: registration, reading and scoring (no model)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sitroom.evaluate import MODES
from sitroom.evaluate.sentences import _rows, read_sentences, score
from sitroom.evaluate.summaries import Tally
from sitroom.models import Act, Actor, Analysis, Event, Span

DATA = Path(__file__).parent / "data" / "plover_sentences.jsonl"


class _ByName:
    """Stands in for the KB matcher: an actor is a gold name when its name says so."""

    def hit(self, gold: list[str], ids: list[str], analysis: Analysis) -> bool:
        names = {a.id: a.name for a in analysis.actors}
        return any(names.get(i) in gold for i in ids)


def _report() -> dict[str, Any]:
    return {
        "overall": defaultdict(Tally),
        "by_type": defaultdict(lambda: defaultdict(Tally)),
        "no_event": Tally(),
    }


def _analysis(*events: Event) -> Analysis:
    return Analysis(
        id="x",
        actors=[Actor(id="ru", name="Russia"), Actor(id="ua", name="Ukraine")],
        events=list(events),
    )


def _event(kind: str, status: str = "occurred", act: str | None = None) -> Event:
    return Event(
        id="e1",
        type=kind,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        sources=["ru"],
        targets=["ua"],
        evidence=Span(start=0, end=1, text="x"),
        act=Act(type=act) if act else None,  # type: ignore[arg-type]
    )


def test_the_mode_is_registered_and_the_set_is_large_enough() -> None:
    assert "sentences" in MODES
    records = list(read_sentences(DATA))
    by_type: dict[str, int] = defaultdict(int)
    for r in records:
        by_type[r["events"][0]["type"] if r["events"] else "NONE"] += 1
    assert len(by_type) == 17  # the sixteen types and sentences without an event
    assert min(by_type.values()) >= 25


def test_scoring_a_threat() -> None:
    rec = {
        "id": "t",
        "text": "Russia threatened to strike Ukraine.",
        "events": [
            {
                "type": "THREATEN",
                "status": "occurred",
                "source": ["Russia"],
                "target": ["Ukraine"],
                "act": {"type": "ASSAULT"},
            }
        ],
    }
    report = _report()
    miss = score(rec, _analysis(_event("THREATEN", act="ASSAULT")), _ByName(), report)  # type: ignore[arg-type]
    assert miss is None
    report2 = _report()
    miss = score(rec, _analysis(_event("ASSAULT", status="occurred")), _ByName(), report2)  # type: ignore[arg-type]
    assert miss is not None and "type_among" in miss["wrong"]
    assert report2["overall"]["type_among"].score == 0.0


def test_an_asserted_event_in_a_no_event_sentence_is_a_false_positive() -> None:
    rec = {"id": "n", "text": "Will Russia attack?", "events": []}
    report = _report()
    assert (
        score(rec, _analysis(_event("ASSAULT", status="hypothetical")), _ByName(), report) is None
    )  # type: ignore[arg-type]
    assert score(rec, _analysis(_event("ASSAULT")), _ByName(), report) is not None  # type: ignore[arg-type]
    assert report["no_event"].score == 0.5
    data = {
        "records": 1,
        "seconds": 0.1,
        "overall": {},
        "no_event_fp": {"score": 0.5, "n": 2},
        "by_type": {},
    }
    title, _, rows = _rows(data)
    assert "0.50 of 2" in title and rows[0][0] == "all"


def test_every_gold_event_of_a_sentence_is_scored_once() -> None:
    rec = {
        "id": "two",
        "text": "Ukraine condemned the Russian strike on its power station.",
        "events": [
            {"type": "ACCUSE", "status": "occurred", "source": ["Ukraine"], "target": ["Russia"]},
            {"type": "ASSAULT", "status": "occurred", "source": ["Russia"], "target": ["Ukraine"]},
        ],
    }
    accuse = _event("ACCUSE").model_copy(update={"sources": ["ua"], "targets": ["ru"]})
    report = _report()
    miss = score(rec, _analysis(accuse), _ByName(), report)  # type: ignore[arg-type]
    # the ACCUSE is right, the ASSAULT missed: both counted
    assert report["overall"]["type_among"].total == 2
    assert report["overall"]["type_among"].score == 0.5
    assert report["overall"]["first_type"].total == 1
    assert report["by_type"]["ASSAULT"]["type_among"].score == 0.0
    assert miss is not None and miss["events_wrong"][0]["gold"]["type"] == "ASSAULT"
    report2 = _report()
    both = _analysis(accuse, _event("ASSAULT"))
    assert score(rec, both, _ByName(), report2) is None  # type: ignore[arg-type]
    # one predicted event cannot stand for two gold events of its type
    rec3 = {**rec, "events": [rec["events"][1], rec["events"][1]]}
    report3 = _report()
    score(rec3, _analysis(_event("ASSAULT")), _ByName(), report3)  # type: ignore[arg-type]
    assert report3["overall"]["type_among"].score == 0.5


HELDOUT = Path(__file__).parent / "data" / "plover_heldout.jsonl"


def test_the_heldout_sentence_set_is_well_formed() -> None:
    """The held-out set (written by an annotator who did not read the code): every type 12
    times, 24 sentences without an event, every label from the ontology."""
    from sitroom.ontology import ontology

    o = ontology()
    records = list(read_sentences(HELDOUT))
    assert len({r["id"] for r in records}) == len(records)
    first: dict[str, int] = defaultdict(int)
    for r in records:
        first[r["events"][0]["type"] if r["events"] else "NONE"] += 1
        for e in r["events"]:
            assert e["type"] in o.type_names, r["id"]
            assert e["status"] in o.statuses, r["id"]
            assert e.get("act") is None or e["act"]["type"] in o.type_names, r["id"]
    assert first.pop("NONE") == 24
    assert sorted(first) == sorted(o.type_names) and set(first.values()) == {12}
