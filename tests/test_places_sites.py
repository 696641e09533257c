"""Issue #14, sixth round: named sites and natural features that a unit word marks ("Liuheng
Island", "Tarsim Detention Facility") are literal features of the document's country, without
a point unless the feature table knows the name. Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitroom.models import Place
from sitroom.places.features import site_feature

PlacesOf = Callable[..., list[Place]]


def _place(places: list[Place], name: str) -> Place | None:
    return next((p for p in places for m in p.mentions if m.text == name), None)


@pytest.mark.parametrize(
    ("name", "label", "site"),
    [
        ("Liuheng Island", "ORG", True),  # natural: whatever the model calls it
        ("the Dorvan Reef", "PERSON", True),
        ("Lake Albert", "GPE", True),  # the unit word before the name
        ("Mount Sinjar", "LOC", True),
        ("Tarsim Detention Facility", "FAC", True),
        ("Hotel Sahafi", "FAC", True),
        ("Marnu International Airport", "GPE", True),
        # a building the model calls an organization or a person is an institution
        ("City Hospital", "ORG", False),
        ("Kuje Prison", "PERSON", False),
        # no unit word, no name beside it, a unit word that is only written after the name
        ("Liuheng", "GPE", False),
        ("the old river", "LOC", False),
        ("Island", "LOC", False),
        ("Prison Kuje", "FAC", False),
    ],
)
def test_site_feature_by_unit_word(name: str, label: str, site: bool) -> None:
    feature = site_feature(name, label)
    assert (feature is not None) is site
    if feature is not None:
        assert feature.site and feature.lat is None and feature.country is None


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Coast guard ships anchored off Dorvan Island in Zhejiang for a week.",
            "Dorvan Island",
            "CHN",
        ),
        (
            "Shells hit the runway of Marnu International Airport in Chad on Friday.",
            "Marnu International Airport",
            "TCD",
        ),
        ("Rebels crossed Lake Tarvo into Uganda at dawn.", "Lake Tarvo", "UGA"),
        ("Fighters held Mount Kelvo above the valley in Sudan.", "Mount Kelvo", "SDN"),
    ],
)
def test_a_site_is_a_literal_feature_of_the_document_country(
    places_of: PlacesOf, text: str, name: str, country: str
) -> None:
    place = _place(places_of(text), name)
    assert place is not None
    assert place.kind == "literal" and place.feature == "site"
    assert place.country == country
    assert place.lat is None and place.lon is None  # the gazetteer does not know it


def test_an_institution_named_like_a_building_is_no_place(places_of: PlacesOf) -> None:
    places = places_of("Mercy Hospital said twelve people were treated after the blast in Mosul.")
    assert _place(places, "Mercy Hospital") is None
    assert _place(places, "Mosul") is not None


def test_a_known_feature_keeps_its_point_after_a_comma(places_of: PlacesOf) -> None:
    # the feature table places it; the comma after it read as a possible hierarchy before
    text = "Fishing boats returned to Scarborough Shoal, the coast guard said on Monday."
    place = _place(places_of(text), "Scarborough Shoal")
    assert place is not None and place.lat is not None


def _kinds(places: list[Place], name: str) -> list[str]:
    return [p.kind for p in places for m in p.mentions if m.text == name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a state's allies and foes, its will and conduct, feelings toward it
        ("Militias acted at the behest of Tehran during the unrest.", "Tehran"),
        ("Qatar has long been a close ally of Egypt in the region.", "Egypt"),
        ("The deal does not serve the interests of Chad, the minister wrote.", "Chad"),
        ("Neighbors worry about the behavior of Beijing at sea.", "Beijing"),
        ("The singer never hid his affection for Peru in interviews.", "Peru"),
    ],
)
def test_the_party_to_a_stance_noun_is_a_state(places_of: PlacesOf, text: str, name: str) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


def test_a_site_without_a_point_is_no_place_of_events(annotator, geocoder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Clashes spread across Kaduna, Nigeria, last week. Gunmen then shelled Marnu "
        "International Airport on Monday."
    )
    doc = annotator.annotate(text)
    places = geocoder.resolve(doc)
    site = _place(places, "Marnu International Airport")
    assert site is not None and site.feature == "site"
    start = text.index("Gunmen")
    location = geocoder.locate(doc, places, start, len(text))
    assert location is not None and location.name == "Kaduna"
