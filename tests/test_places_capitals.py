"""Tests of national capitals (``places/capitals.yaml``) and of where an event is when its
sentence names no place of its own: the subject's place, the seat of an institution.

Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sitroom.models import Location
from sitroom.places.capitals import Capitals, capital_names, seat_pattern
from sitroom.places.resolver import Geocoder


@pytest.fixture(scope="session")
def locate_last(annotator: Any, geocoder: Geocoder) -> Callable[[str], Location | None]:
    """Where the event of the text's last sentence is."""

    def run(text: str) -> Location | None:
        doc = annotator.annotate(text)
        places = geocoder.resolve(doc)
        last = doc.sentences[-1]
        return geocoder.locate(doc, places, last.start, last.end)

    return run


def test_the_capital_table_is_read_and_found_in_the_gazetteer(geocoder: Geocoder) -> None:
    assert capital_names()["KEN"] == "Nairobi"
    capitals = Capitals(geocoder.gazetteer)
    nairobi = capitals.of("KEN")
    assert nairobi is not None and nairobi.name == "Nairobi"
    washington = capitals.of("USA")
    assert washington is not None and geocoder.gazetteer.entry(washington.admin1_id or 0).name == (
        "District of Columbia"
    )
    assert capitals.of("XXX") is None


def test_seat_phrases_match_whole_words_only() -> None:
    found = [m.group() for m in seat_pattern().finditer("The Senate and the Supreme Court")]
    assert found == ["Senate", "Supreme Court"]
    assert not seat_pattern().search("a congressional hearing, parliamentarians")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Relief flights landed in Manila after the storm, Philippine officials said.", "PHL"),
        ("Washington's backing matters to the talks, Nepali diplomats said.", "USA"),
    ],
)
def test_a_capital_wins_over_its_small_namesakes(places_of, text, country) -> None:
    place = next(p for p in places_of(text) if p.precision == "city")
    assert place.country == country
    if country == "USA":
        assert place.admin1 == "District of Columbia"  # the capital, not Washington state


def test_a_written_container_still_picks_the_namesake(places_of) -> None:
    places = places_of("A county fair opened in Manila, Arkansas, on Saturday.")
    town = next(p for p in places if p.precision == "city")
    assert (town.country, town.admin1) == ("USA", "Arkansas")


def test_a_chain_top_is_not_traded_for_a_hamlet_namesake(places_of) -> None:
    places = places_of(
        "Ministers gathered in Charlevoix, Quebec, as the host, Canada, set out its agenda."
    )
    literal = [p for p in places if p.kind == "literal"]
    assert literal and all(p.country == "CAN" for p in literal)
    assert any(p.admin1 == "Quebec" for p in literal)


def test_a_sentence_without_a_place_takes_its_subjects_country(locate_last) -> None:
    location = locate_last(
        "Officials met in Nepal on Monday. Bhutanese Prime Minister Tobgay announced new duties."
    )
    assert location is not None and location.country == "BTN"
    location = locate_last("Talks ended in Nepal on Monday. Bhutan announced new duties.")
    assert location is not None and location.country == "BTN"


def test_the_subjects_country_keeps_the_paragraphs_place_inside_it(locate_last) -> None:
    location = locate_last(
        "Gunmen raided a bank in Kandy on Tuesday. Sri Lankan police said two guards died."
    )
    assert location is not None and location.country == "LKA"
    assert location.precision != "country" and location.admin1 is not None
    # a place of another country earlier in the paragraph is not taken
    location = locate_last(
        "Gunmen raided a bank in Chennai on Tuesday. Sri Lankan police said two guards died."
    )
    assert location is not None and location.country == "LKA"


def test_the_subject_does_not_override_a_stated_place(locate_last) -> None:
    location = locate_last("Bhutanese officials opened a trade office in Kathmandu on Monday.")
    assert location is not None and (location.country, location.city) == ("NPL", "Kathmandu")


def test_a_nationality_of_the_object_is_not_the_place(locate_last) -> None:
    location = locate_last(
        "Talks ended in Malawi on Monday. Zambian President Hichilema thanked the Malawian team."
    )
    assert location is not None and location.country == "ZMB"


def test_an_institutions_act_is_in_its_capital(locate_last) -> None:
    location = locate_last("The Kenyan parliament approved the budget on Tuesday.")
    assert location is not None and (location.country, location.city) == ("KEN", "Nairobi")
    location = locate_last("Uganda's Supreme Court dismissed the petition on Friday.")
    assert location is not None and location.country == "UGA" and location.city == "Kampala"


def test_an_institution_placed_elsewhere_or_of_another_body_is_not_moved(locate_last) -> None:
    location = locate_last("Norwegian lawmakers visited Kabul on Monday.")
    assert location is not None and location.city == "Kabul"
    location = locate_last("Talks opened in Ghana. The European Parliament approved the plan.")
    assert location is None or location.city is None  # not the capital of anything
