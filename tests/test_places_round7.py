"""Issue #14, seventh round (geoparsing full news): names after a capitalized preposition that
the model took into a person's name. Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitroom.models import Place
from sitroom.places.kinds import syntax_decides

PlacesOf = Callable[..., list[Place]]


def _kinds(places: list[Place], name: str) -> list[str]:
    return [p.kind for p in places for m in p.mentions if m.text == name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Beyond Ukraine, the ministers also discussed trade and migration.", "Ukraine"),
        ("Beyond Ukraine, the summit turned to the trade quarrel with Ottawa.", "Ukraine"),
    ],
)
def test_a_name_after_a_capitalized_preposition_is_a_place(
    places_of: PlacesOf, text: str, name: str
) -> None:
    places = places_of(text)
    assert _kinds(places, name), [(p.name, [m.text for m in p.mentions]) for p in places]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The new levies will raise prices for U.S. consumers, economists warned.", "U.S."),
        ("Higher interest rates have slowed the Kenya economy this year.", "Kenya"),
        ("Drought has pushed many of Malawi's farmers off their land.", "Malawi"),
        ("She teaches history at one of Nairobi's universities.", "Nairobi"),
    ],
)
def test_who_lives_and_works_in_a_place_makes_it_a_location(
    places_of: PlacesOf, text: str, name: str
) -> None:
    assert _kinds(places_of(text), name) == ["literal"]


def _sites(places: list[Place]) -> list[str]:
    return [m.text for p in places if p.feature == "site" for m in p.mentions]


def test_a_site_named_with_a_lower_case_word_after_the_name(places_of: PlacesOf) -> None:
    text = "The reporter was held for a week at Tolberto Quiroga prison outside Lima, Peru."
    places = places_of(text)
    assert _sites(places) == ["Tolberto Quiroga prison"]
    assert {p.country for p in places if p.feature == "site"} == {"PER"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a nationality or an actor of the knowledge base names no site
        ("The tanker docked at the Iranian port of Bushehr on Monday.", "Bushehr"),
        ("Workers repaired the Kabul airport runway after the storm.", "Kabul"),
        ("Flights resumed at the Mosul airport on Monday.", "Mosul"),
    ],
)
def test_no_site_over_a_nationality_or_a_known_name(
    places_of: PlacesOf, text: str, name: str
) -> None:
    places = places_of(text)
    assert _sites(places) == []
    assert _kinds(places, name) == ["literal"]


def test_every_name_of_a_long_list_shares_the_role_of_the_first(places_of: PlacesOf) -> None:
    text = (
        "The festival drew dancers from 20 countries, including Chile, Peru, Portugal,"
        " Morocco, Vietnam and Ghana."
    )
    places = places_of(text)
    for name in ("Chile", "Peru", "Portugal", "Morocco", "Vietnam", "Ghana"):
        assert _kinds(places, name) == ["literal"], name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Uganda's announcement surprised the donors at the conference.", "Uganda"),
        ("Analysts in Lagos worried about Ghana's expansion of its navy.", "Ghana"),
        ("Peru's dispute with Chile over fishing rights is decades old.", "Peru"),
    ],
)
def test_a_name_that_owns_an_act_stands_for_its_state(
    places_of: PlacesOf, text: str, name: str
) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


@pytest.mark.parametrize(
    ("features", "decided"),
    [
        (["class=country", "dep=poss", "possessive", "possessive_act"], True),
        (["class=feature", "dep=poss", "possessive", "possessive_act"], None),
    ],
)
def test_syntax_decides_a_possessive_act(features: list[str], decided: bool | None) -> None:
    assert syntax_decides(features) is decided


def _precision(places: list[Place], name: str) -> list[str | None]:
    return [p.precision for p in places for m in p.mentions if m.text == name]


def test_a_name_listed_with_units_is_a_unit(places_of: PlacesOf) -> None:
    text = "The storm cut power to homes in Ohio, Indiana and New York on Sunday."
    assert _precision(places_of(text), "New York") == ["admin1"]


def test_a_name_listed_with_towns_is_still_a_town(places_of: PlacesOf) -> None:
    text = "Gunmen attacked checkpoints in Kabul, Herat and Kandahar on Monday."
    assert _precision(places_of(text), "Kandahar") == ["city"]


@pytest.mark.parametrize(
    ("text", "country", "unit"),
    [
        ("Troops flew near the U.S. state of Alaska on Monday.", "U.S.", "Alaska"),
        ("Clashes broke out in Mexico's state of Sonora on Monday.", "Mexico", "Sonora"),
    ],
)
def test_a_country_before_its_unit_word_and_of_holds_the_next_name(
    places_of: PlacesOf, text: str, country: str, unit: str
) -> None:
    places = places_of(text)
    assert _precision(places, country) == ["country"]
    assert _precision(places, unit) == ["admin1"]


def test_a_unit_word_and_of_after_a_district_is_still_a_hierarchy(places_of: PlacesOf) -> None:
    places = places_of("Gunmen attacked Achin district of Nangarhar on Monday.")
    assert _precision(places, "Achin district") == ["admin2"]


def test_a_site_lies_in_the_town_written_after_it(places_of: PlacesOf) -> None:
    places = places_of("The reporter was held at Tolberto Quiroga prison in Arequipa, Peru.")
    (site,) = [p for p in places if p.feature == "site"]
    (town,) = [p for p in places if p.precision == "city"]
    assert site.country == "PER" and (site.lat, site.lon) == (town.lat, town.lon)


def test_a_site_in_a_province_takes_its_country_but_no_point(places_of: PlacesOf) -> None:
    text = "Officials in Lima said the men were held at the Quiroga Detention Facility in Texas."
    (site,) = [p for p in places_of(text) if p.feature == "site"]
    assert site.country == "USA" and site.lat is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Last year Chad experienced a sharp rise in cholera cases.", "Chad"),
        ("Lisbon has attracted thousands of retirees from abroad.", "Lisbon"),
        ("Zambia recorded its wettest season in decades, officials said.", "Zambia"),
    ],
)
def test_the_subject_of_a_setting_verb_is_a_location(
    places_of: PlacesOf, text: str, name: str
) -> None:
    assert _kinds(places_of(text), name) == ["literal"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The company donated 5,000 tents to Malawi last month.", "Malawi"),
        ("Moscow annexed the peninsula from Ukraine in 2014.", "Ukraine"),
        ("The navy leased the harbor from Djibouti for 20 years.", "Djibouti"),
    ],
)
def test_the_party_to_a_transfer_of_ownership_is_a_state(
    places_of: PlacesOf, text: str, name: str
) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


def test_goods_imported_from_a_country_come_from_the_place(places_of: PlacesOf) -> None:
    text = "Farmers in Ghana import chicks and eggs from Brazil every spring."
    assert _kinds(places_of(text), "Brazil") == ["literal"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The drought is forcing Zambia to import maize this year.", "Zambia"),
        ("The border clashes led Peru to recall its ambassador.", "Peru"),
    ],
)
def test_an_object_that_is_the_subject_of_a_to_infinitive_acts(
    places_of: PlacesOf, text: str, name: str
) -> None:
    assert _kinds(places_of(text), name) == ["metonymic"]


def test_a_place_left_to_do_something_stays_a_place(places_of: PlacesOf) -> None:
    text = "The floods forced thousands to leave Mosul to find shelter."
    assert _kinds(places_of(text), "Mosul") == ["literal"]


def test_names_in_a_quoted_title_are_no_places(places_of: PlacesOf) -> None:
    text = 'She wrote the memoir "A Long Winter in Tromso, Norway" after her return to Lagos.'
    places = places_of(text)
    assert not _kinds(places, "Tromso") and not _kinds(places, "Norway")
    assert _kinds(places, "Lagos") == ["literal"]


def test_names_in_quoted_speech_are_places(places_of: PlacesOf) -> None:
    text = 'A resident said: "We stayed in Tromso for a week before the road reopened."'
    assert _kinds(places_of(text), "Tromso") == ["literal"]
