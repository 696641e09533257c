"""The ``places`` eval mode: scoring predicted place mentions against toponym gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sitroom.evaluate import MODES
from sitroom.evaluate.toponyms import (
    ToponymReport,
    either_reading,
    read_stories,
    same_country,
    score_story,
)
from sitroom.models import Location, Place, Span

TEXT = "Officials in Lyon said Paris would act. French police met the Italian Interior Ministry."


def _gold(
    text: str, kind: str, feature: str, country: str, lat: float, lon: float
) -> dict[str, Any]:
    start = TEXT.index(text)
    return {
        "start": start,
        "end": start + len(text),
        "text": text,
        "kind": kind,
        "feature": feature,
        "country": country,
        "admin1": None,
        "lat": lat,
        "lon": lon,
    }


def _place(text: str, kind: str, lat: float | None, lon: float | None, **extra: Any) -> Place:
    start = TEXT.index(text)
    span = Span(start=start, end=start + len(text), text=text)
    place = Place(name=text, lat=lat, lon=lon, mentions=[span], **extra)
    return place


def _no_admin1(name: str, location: Location) -> bool:
    return False


STORY = {
    "id": "t1",
    "text": TEXT,
    "toponyms": [
        _gold("Lyon", "literal", "city", "FRA", 45.76, 4.84),
        _gold("Paris", "metonymic", "city", "FRA", 48.86, 2.35),
        _gold("French", "demonym", "country", "FRA", 46.2, 2.2),
        _gold("Italian", "demonym", "country", "ITA", 41.9, 12.6),
    ],
}


def test_literal_found_and_near() -> None:
    report = ToponymReport()
    places = [_place("Lyon", "literal", 45.75, 4.85, country="FRA", precision="city")]
    score_story(STORY, places, report, _no_admin1)
    f = report.fields
    assert (f["literal_recall"].right, f["literal_recall"].n) == (1, 1)
    assert (f["literal_precision"].right, f["literal_precision"].n) == (1, 1)
    assert f["within_161km"].score() == 1.0 and f["end_to_end"].score() == 1.0
    assert f["country"].score() == 1.0


def test_wrong_namesake_is_found_but_far() -> None:
    report = ToponymReport()
    # a Lyon far away (a namesake in another country)
    places = [_place("Lyon", "literal", 41.0, -88.0, country="USA", precision="city")]
    score_story(STORY, places, report, _no_admin1)
    f = report.fields
    assert f["literal_recall"].score() == 1.0
    assert f["within_161km"].score() == 0.0 and f["end_to_end"].score() == 0.0
    assert f["country"].score() == 0.0


def test_metonymic_name_read_as_literal_costs_precision_and_is_a_point() -> None:
    report = ToponymReport()
    places = [_place("Paris", "literal", 48.85, 2.35, country="FRA", precision="city")]
    score_story(STORY, places, report, _no_admin1)
    f = report.fields
    assert f["literal_precision"].score() == 0.0
    assert f["literal_recall"].score() == 0.0  # Lyon missed
    assert report.metonymic_points == 1 and report.metonymic_gold == 1
    assert f["kind"].score() == 0.0


def test_country_before_an_institution_accepts_either_reading() -> None:
    text = "The Italian Interior Ministry met officials of the U.S. State Department in Rome."
    start = text.index("U.S.")
    gold = {"start": start, "end": start + 4, "kind": "metonymic", "feature": "country"}
    assert either_reading(text, gold)
    own = text.index("Rome")
    assert not either_reading(text, {**gold, "start": own, "end": own + 4})
    glued = "U.S.-led forces"
    assert not either_reading(glued, {**gold, "start": 0, "end": 4})


def test_hong_kong_either_code() -> None:
    assert same_country({"country": "HKG"}, "CHN")
    assert same_country({"country": "CHN", "admin1": "Hong Kong"}, "HKG")
    assert not same_country({"country": "CHN", "admin1": "Guangdong"}, "HKG")


def test_country_resolved_to_itself_counts_as_near_whatever_the_centroid() -> None:
    text = "Fighting spread across Canada."
    start = text.index("Canada")
    story = {
        "id": "t2",
        "text": text,
        "toponyms": [
            {"start": start, "end": start + 6, "kind": "literal", "feature": "country",
             "country": "CAN", "admin1": None, "lat": 56.1, "lon": -106.3}
        ],
    }  # fmt: skip
    span = Span(start=start, end=start + 6, text="Canada")
    place = Place(name="Canada", country="CAN", lat=60.0, lon=-95.0, precision="country",
                  mentions=[span])  # fmt: skip
    report = ToponymReport()
    score_story(story, [place], report, _no_admin1)
    assert report.fields["within_161km"].score() == 1.0
    assert report.fields["within_161km_raw"].score() == 0.0


def test_read_stories_pairs_text_and_gold(tmp_path: Path) -> None:
    (tmp_path / "toponyms").mkdir()
    rows = [{"id": "1", "text": "In Lyon."}, {"id": "2", "text": "No gold here."}]
    (tmp_path / "stories.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "toponyms" / "1.json").write_text(json.dumps({"id": "1", "toponyms": []}))
    stories = list(read_stories(tmp_path))
    assert [s["id"] for s in stories] == ["1"] and stories[0]["toponyms"] == []


def test_mode_is_registered() -> None:
    assert "places" in MODES and "summary" in MODES
