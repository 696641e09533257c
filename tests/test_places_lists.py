"""Tests of lists of places against written hierarchies, and of capitals that the model tags
as organizations (issue #14). Every sentence is written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.places.resolver import Geocoder


def resolved(annotator: Any, geocoder: Geocoder, text: str) -> dict[str, tuple[str, Any, Any]]:
    return {
        m.text: (p.kind, p.country, p.city or p.admin1)
        for p in geocoder.resolve(annotator.annotate(text))
        for m in p.mentions
    }


@pytest.mark.parametrize(
    ("text", "name", "city"),
    [
        # a famous place first in "A, B and C" is a sibling, not a county of B
        ("Crowds rallied in Washington, New York and San Francisco.", "Washington", "Washington"),
        ("The firm opened offices in Berlin, Paris and Madrid.", "Berlin", "Berlin"),
        ("Delegates flew to Nairobi, London or Tokyo last year.", "Nairobi", "Nairobi"),
    ],
)
def test_a_famous_place_first_in_a_list_is_a_sibling(annotator, geocoder, text, name, city):
    found = resolved(annotator, geocoder, text)
    assert found[name][0] == "literal" and found[name][2] == city


def test_a_small_town_first_in_a_list_keeps_its_hierarchy(annotator, geocoder) -> None:
    found = resolved(annotator, geocoder, "Gunmen raided Gwoza, Borno and Maiduguri on Monday.")
    assert found["Gwoza"][1:] == ("NGA", "Gwoza") and found["Maiduguri"][1] == "NGA"


def test_a_town_and_its_state_are_still_a_hierarchy(annotator, geocoder) -> None:
    found = resolved(annotator, geocoder, "A storm hit Albany, New York, on Friday.")
    assert found["Albany"][1:] == ("USA", "Albany")


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Washington said the talks would resume next week.", "Washington", "USA"),
        ("Moscow insists the new sanctions are illegal.", "Moscow", "RUS"),
    ],
)
def test_a_capital_tagged_as_an_organization_stands_for_its_government(
    annotator, geocoder, text, name, country
) -> None:
    found = resolved(annotator, geocoder, text)
    assert found[name][:2] == ("metonymic", country)
