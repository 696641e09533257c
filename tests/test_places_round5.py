"""Issue #14, fifth round: verbs whose object acts or feels, place parts and journeys written
with a name, features the model tags as organizations or writes with a unit word, countries
that survive a person-name part, claimed provinces. Every sentence is written for these
tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitroom.models import Place
from sitroom.places.decision import _claimed
from sitroom.places.gazetteer import ADMIN1, CITY, COUNTRY, Entry
from sitroom.places.kinds import syntax_decides

PlacesOf = Callable[..., list[Place]]


def _kinds(places: list[Place], name: str) -> list[str]:
    return [p.kind for p in places for m in p.mentions if m.text == name]


@pytest.mark.parametrize(
    ("features", "decided"),
    [
        (["class=country", "dep=dobj", "object_of=VERB", "object_of_actor_verb"], True),
        # a sea or a region as such an object is left to the weights
        (["class=feature", "dep=dobj", "object_of=VERB", "object_of_actor_verb"], None),
        (["class=country", "dep=compound", "modifies_place_part"], False),
        (["class=country", "dep=pobj", "prep=with", "object_of_place_part"], False),
    ],
)
def test_syntax_decides_the_new_forms(features: list[str], decided: bool | None) -> None:
    assert syntax_decides(features) is decided


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the object of a verb whose object acts or feels is the state or its people
        ("The minister thanked Norway for its help with the talks.", "Norway"),
        ("Officials in Lima keep praising Peru in their speeches.", "Peru"),
        ("Warships sailed by again, angering Vietnam once more.", "Vietnam"),
        ("The envoy urged Chad to reopen the crossing.", "Chad"),
    ],
)
def test_the_object_of_an_actor_verb_is_a_state(places_of: PlacesOf, text: str, name: str) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a movement to a place or an act of violence on it keeps it a location
        ("The convoy entered Chad on Sunday.", "Chad"),
        ("Artillery shelled Peru's northern border overnight.", "Peru"),
    ],
)
def test_other_objects_stay_literal(places_of: PlacesOf, text: str, name: str) -> None:
    assert _kinds(places_of(text), name) == ["literal"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name that modifies a place part or a journey says where
        ("The detainees were flown back to the U.S. mainland on Friday.", "U.S."),
        ("Her Kenya trip was cut short by the storm.", "Kenya"),
        # the place a place part belongs to or borders
        ("Troops were sent to the long border with Chile last week.", "Chile"),
        ("Fishermen work the coast of Ghana every season.", "Ghana"),
    ],
)
def test_place_parts_and_journeys_are_locations(places_of: PlacesOf, text: str, name: str) -> None:
    assert _kinds(places_of(text), name) == ["literal"]


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        # the model tags these as organizations, or writes them with a unit word
        ("Fishing boats crowded around the Senkaku/Diaoyu islands again.", "Senkaku Islands"),
        ("Trade in the Indo-Pacific region grew last year.", "Indo-Pacific"),
        ("Coast guard ships shadowed the boats near Whitsun Reef.", "Whitsun Reef"),
        ("Talks on the Western Balkans resumed in the spring.", "Western Balkans"),
        ("Clan elders met in Puntland on Monday.", "Puntland"),
        ("Farmers fled the fighting in Darfur.", "Darfur"),
        ("The tanker anchored off Kharg Island at dawn.", "Kharg Island"),
    ],
)
def test_features_are_found(places_of: PlacesOf, text: str, feature: str) -> None:
    from sitroom.places.features import find_feature

    places = places_of(text)
    named = [p for p in places if p.feature == "feature"]
    found = {find_feature(m.text.removesuffix(" region")) for p in named for m in p.mentions}
    assert feature in {f.name for f in found if f is not None}


def test_a_unit_word_name_the_gazetteer_knows_stays_a_unit(places_of: PlacesOf) -> None:
    # "Sahel region" is Burkina Faso's province, not the belt south of the Sahara
    places = places_of("Gunmen attacked a market in the Sahel region of Burkina Faso.")
    sahel = [p for p in places for m in p.mentions if m.text.startswith("Sahel")]
    assert [(p.country, p.precision) for p in sahel] == [("BFA", "admin1")]


def test_an_organization_entity_is_not_cut_into_a_place(places_of: PlacesOf) -> None:
    # "the Taliban" stays whole: a leading "the" is dropped only before a feature's name
    places = places_of("The Taliban, the de facto rulers, barred the envoy from the country.")
    assert all(m.text != "Taliban" for p in places for m in p.mentions)


def test_a_country_survives_a_person_name_part(places_of: PlacesOf) -> None:
    # the model reads "Wildlife Peru" as a person; "Peru" alone is still the country
    text = (
        "Wind farms are spreading across Peru's coast. "
        "Ana Ruiz of Wildlife Peru said birds were at risk."
    )
    places = places_of(text)
    assert ("Peru", "PER") in {(m.text, p.country) for p in places for m in p.mentions}


def test_a_surname_part_still_hides_a_town(places_of: PlacesOf) -> None:
    text = "Senator Marco Rubio spoke on Monday. Later, Rubio left for the airport."
    names = [m.text for p in places_of(text) for m in p.mentions]
    assert "Rubio" not in names


def test_a_claimed_province_is_the_country(places_of: PlacesOf) -> None:
    # a province that a neighbour claims on the same land is the country named
    places = places_of("The delegation visited Taiwan in August.")
    assert [(p.country, p.precision) for p in places] == [("TWN", "country")]


def _entry(kind: int, country: str, lat: float, lon: float, population: int) -> Entry:
    return Entry(1, kind, "X", country, None, None, lat, lon, population, None, None)


def test_only_claims_on_the_same_land_are_dropped() -> None:
    country = _entry(COUNTRY, "GEO", 42.0, 43.5, 3_700_000)
    # a state of another country far away and full of towns ("Georgia", "Niger") stays
    assert not _claimed(_entry(ADMIN1, "USA", 32.7, -83.4, 10_000_000), country)
    # one on the country's own land, or holding no town of the gazetteer, is a claim
    assert _claimed(_entry(ADMIN1, "RUS", 42.3, 44.0, 50_000), country)
    assert _claimed(_entry(ADMIN1, "RUS", 10.0, 10.0, 0), country)
    # a town is no claim (towns are the dwarfed-namesake rule's)
    assert not _claimed(_entry(CITY, "RUS", 42.3, 44.0, 0), country)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a message between states has states as its parties
        ("The drills sent a clear signal to Hanoi, analysts said.", "Hanoi"),
        ("The boats moved under orders from Manila, the report said.", "Manila"),
        ("The letter was a stern warning to Peru.", "Peru"),
    ],
)
def test_the_party_to_a_message_is_a_state(places_of: PlacesOf, text: str, name: str) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


def test_a_unit_after_a_located_name_is_still_literal(places_of: PlacesOf) -> None:
    places = places_of("Gunmen killed two traders near Dasht, Mastung on Monday.")
    assert ("Mastung", "literal") in {(m.text, p.kind) for p in places for m in p.mentions}


@pytest.mark.parametrize(
    "text",
    [
        "Investors want access to Chile's copper deposits.",
        "Economists expect Chile's population to shrink.",
    ],
)
def test_what_the_land_holds_is_owned_by_a_location(places_of: PlacesOf, text: str) -> None:
    assert _kinds(places_of(text), "Chile") == ["literal"]


@pytest.mark.parametrize(
    "text",
    [
        "The fair drew buyers from 40 countries, including Chile and Peru.",
        "Medical teams have flown in from abroad, including Chile and Peru.",
    ],
)
def test_examples_of_a_place_of_origin_are_locations(places_of: PlacesOf, text: str) -> None:
    assert _kinds(places_of(text), "Chile") == ["literal"]
    assert _kinds(places_of(text), "Peru") == ["literal"]


def test_examples_of_parties_are_left_to_the_weights() -> None:
    from sitroom.places.kinds import _origin_before

    class _T:
        def __init__(self, text: str, dep: str, head: int) -> None:
            self.text, self.lower, self.dep, self.head = text, text.lower(), dep, head

    # "among countries, including ...": no place of origin before "including"
    words = [_T("among", "prep", 0), _T("countries", "pobj", 0), _T(",", "punct", 1)]
    assert not _origin_before(words, 3)  # type: ignore[arg-type]
    words[0] = _T("from", "prep", 0)
    assert _origin_before(words, 3)  # type: ignore[arg-type]
