"""Tests of abstention (a weak choice among namesakes falls back to what they share), of region
lists and of big cities that the small model tags as persons.

Every sentence is written for these tests."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from sitroom.models import Place
from sitroom.places.gazetteer import ADMIN1, CITY, COUNTRY, Entry
from sitroom.places.scoring import AbstentionRule, abstention_rule, parse_abstention, weak_choice


def _entry(id: int, kind: int, country: str, admin1: int | None = None) -> Entry:
    return Entry(id, kind, f"E{id}", country, admin1, None, 0.0, 0.0, 1000, None, None)


RULE = AbstentionRule(4.0, frozenset({"country_named_in_text", "focus_country"}))


def test_the_rule_is_read_from_the_data_file() -> None:
    rule = abstention_rule()
    assert rule.min_odds >= 1 and math.isclose(rule.min_margin, math.log(rule.min_odds))
    assert "country_named_in_sentence" in rule.support
    with pytest.raises(ValueError):
        parse_abstention({"abstention": {"min_odds": 0.5, "support": []}})
    with pytest.raises(ValueError):
        parse_abstention({"abstention": {"min_odds": 4, "support": ["no_such_feature"]}})


def test_a_close_unsupported_choice_is_weak() -> None:
    town_a, town_b = _entry(1, CITY, "AAA", 10), _entry(2, CITY, "BBB", 20)
    scored = [(5.0, [("is_city", 1.0)], town_a), (4.5, [("is_city", 1.0)], town_b)]
    assert weak_choice(scored, RULE) == [town_a, town_b]
    # a wide margin (odds above 4 to 1) keeps the choice
    wide = [(5.0, [("is_city", 1.0)], town_a), (3.0, [("is_city", 1.0)], town_b)]
    assert weak_choice(wide, RULE) is None
    # so does context, however close the rival
    backed = [(5.0, [("country_named_in_text", 1.0)], town_a), (4.9, [], town_b)]
    assert weak_choice(backed, RULE) is None
    # a single candidate is no guess
    assert weak_choice(scored[:1], RULE) is None


def test_namesakes_in_one_division_are_no_rivals() -> None:
    unit = _entry(10, ADMIN1, "AAA")
    town, village = _entry(1, CITY, "AAA", 10), _entry(2, CITY, "AAA", 10)
    assert weak_choice([(5.0, [], town), (4.9, [], village)], RULE) is None
    assert weak_choice([(5.0, [], unit), (4.9, [], town)], RULE) is None
    country = _entry(100, COUNTRY, "AAA")
    assert weak_choice([(5.0, [], country), (4.9, [], town)], RULE) is None


def test_a_town_name_shared_across_countries_without_context_is_no_place(
    places_of: Callable[[str], list[Place]],
) -> None:
    places = places_of("Gunmen attacked a market in Springfield on Tuesday.")
    assert not [p for p in places if p.kind == "literal" and p.precision == "city"]


def test_context_keeps_the_town(places_of: Callable[[str], list[Place]]) -> None:
    places = places_of("Gunmen attacked a market in Springfield, Illinois, on Tuesday.")
    towns = [p for p in places if p.precision == "city"]
    assert towns and towns[0].country == "USA" and towns[0].admin1 == "Illinois"
    big = places_of("Thousands of protesters marched through Paris on Saturday.")
    assert any(p.city == "Paris" and p.country == "FRA" for p in big)


def test_namesakes_of_one_country_give_the_country(
    places_of: Callable[[str], list[Place]],
) -> None:
    # Several Indian districts and towns are called Rampur; nothing says which.
    places = places_of("Gunmen attacked a market in Rampur on Tuesday.")
    literal = [p for p in places if p.kind == "literal"]
    assert literal and all(p.country == "IND" and p.precision == "country" for p in literal)


def test_regions_in_a_list_are_found(places_of: Callable[[str], list[Place]]) -> None:
    places = places_of("Investors look to Latin America, Africa and Central Asia for growth.")
    names = {p.name for p in places}
    assert {"Latin America", "Africa", "Central Asia"} <= names
    # a feature inside a written hierarchy is still a unit, not the region
    unit = places_of("Clashes broke out in Dori, Sahel, Burkina Faso.")
    assert all(p.feature != "feature" for p in unit)


def test_a_big_city_tagged_as_a_person_is_a_place(
    places_of: Callable[[str], list[Place]],
) -> None:
    places = places_of("Russian drones struck Kyiv overnight, officials said.")
    assert any(p.city == "Kyiv" and p.country == "UKR" for p in places)
