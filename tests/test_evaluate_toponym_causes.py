"""The misses file of ``sitroom eval --mode places`` says why a gold literal mention was not
found (a diagnostic only: the figures do not change). Text written for this test."""

from __future__ import annotations

from typing import Any

from sitroom.evaluate.toponyms import ToponymReport, score_story
from sitroom.models import Location, Place, Span

TEXT = "Floods hit Tarbes and Pau on Monday, and rescuers reached Lourdes."


def _gold(text: str) -> dict[str, Any]:
    start = TEXT.index(text)
    where = {"country": "FRA", "admin1": None, "lat": 43.2, "lon": 0.1}
    return {"start": start, "end": start + len(text), "text": text, "kind": "literal",
            "feature": "city", **where}  # fmt: skip


def _place(text: str, kind: str) -> Place:
    start = TEXT.index(text)
    lat = 43.2 if kind == "literal" else None
    place = Place(name=text, lat=lat, lon=0.1 if lat else None, country="FRA", kind=kind)
    place.mentions = [Span(start=start, end=start + len(text), text=text)]
    return place


def _no_admin1(name: str, location: Location) -> bool:
    return False


def test_missed_literals_say_why() -> None:
    story = {"id": "c1", "text": TEXT, "toponyms": [_gold(n) for n in ("Tarbes", "Pau", "Lourdes")]}
    report = ToponymReport()
    places = [_place("Tarbes", "literal"), _place("Pau", "metonymic")]
    score_story(story, places, report, _no_admin1)
    causes = {m["gold"]["text"]: m.get("cause") for m in report.misses}
    assert causes == {"Pau": "read as metonymic", "Lourdes": "not recognised"}
    # the figures are those of before: one of three found
    assert report.fields["literal_recall"].right == 1
