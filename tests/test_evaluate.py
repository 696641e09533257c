"""The scoring rules of `sitroom eval`, on records written for the tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.evaluate import (
    date_matches,
    evaluate,
    first_violent_event,
    km,
    normalize_place,
    same_place,
)
from sitroom.models import Analysis, DateValue, Event, Span


def _event(type_: str, status: str = "occurred", **kw) -> Event:
    return Event(id="e", type=type_, status=status, evidence=Span(start=0, end=1, text="x"), **kw)


def test_date_must_match_at_the_gold_precision() -> None:
    day = _event("ASSAULT", date=DateValue(start=dt.date(2021, 5, 10), precision="day"))
    month = _event("ASSAULT", date=DateValue(start=dt.date(2021, 5, 1), precision="month"))
    assert date_matches(day, "2021-05-10")
    assert date_matches(day, "2021-05")
    assert not date_matches(month, "2021-05-10")
    assert date_matches(month, "2021-05")
    doc = _event("ASSAULT", date=DateValue(start=dt.date(2021, 5, 10), precision="document"))
    assert not date_matches(doc, "2021-05-10")  # the publication date is not an extracted date


def test_admin1_names_compare_without_articles_accents_and_kinds() -> None:
    assert normalize_place("Al Hasakah Governorate") == normalize_place("Hasakah")
    assert same_place("Salah ad Din", "Salah al-Din")
    assert same_place("Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa Province")
    assert not same_place("Kandahar", "Helmand")


def test_distance() -> None:
    assert km(34.5, 69.2, 34.5, 69.2) == 0
    assert 44 < km(34.0, 69.0, 34.4, 69.0) < 45  # 0.4 degree of latitude


def test_first_violent_event_prefers_an_occurred_assault() -> None:
    a = Analysis(
        id="x",
        events=[
            _event("CONSULT"),
            _event("ASSAULT", status="planned"),
            _event("ASSAULT", mode="bombing"),
        ],
    )
    ev = first_violent_event(a)
    assert ev is not None and ev.mode == "bombing"


@pytest.mark.slow
def test_evaluate_end_to_end_on_written_records(tmp_path: Path) -> None:
    records = [
        {
            "id": "t1",
            "source": "gtd",
            "text": "03/04/2021: Assailants detonated an explosive device in Kandahar city, "
            "Kandahar, Afghanistan. Two civilians were killed. The Taliban claimed "
            "responsibility for the attack.",
            "gold": {
                "date": "2021-03-04",
                "country": "Afghanistan",
                "admin1": "Kandahar",
                "lat": 31.61,
                "lon": 65.71,
                "event_type": "bombing",
                "actors": ["Taliban"],
                "targets": [],
                "killed": 2,
                "wounded": None,
            },
        }
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    report = evaluate(path).as_dict()["by_source"]["gtd"]
    for field in ("date", "country", "admin1", "event_type", "perpetrator_r", "killed"):
        assert report[field]["score"] == 1.0, field


def test_a_surname_matches_a_hyphenated_gold_name() -> None:
    from sitroom.evaluate.summaries import ActorMatcher

    m = ActorMatcher(None)
    assert m.same("Omar al-Bashir", "bashir", ["Bashir"])
    assert m.same("Ahmed Shah Massoud", "massoud", ["Massoud"])
    assert not m.same("Omar al-Bashir", "hamdok", ["Abdalla Hamdok"])
