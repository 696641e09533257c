"""Tests of the place rules that use the text's context: actors' countries, written
hierarchies and lists, province and capital names, coordinates written in the text.

Every sentence is written for these tests, and the places in them are not in the dev set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sitroom.annotation import AnnotatedDoc, EntitySpan
from sitroom.models import Location, Place
from sitroom.places.coordinates import find_coordinates


def event_location(analyze: Callable[[str], Any], text: str) -> Location:
    analysis = analyze(text)
    assert analysis.events, f"no event in {text!r}"
    location = analysis.events[0].location
    assert location is not None, f"no location for {text!r}"
    return location  # type: ignore[no-any-return]


def summary(places: list[Place]) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.name, p.precision, p.country) for p in places]


# --- actors' countries ----------------------------------------------------------------------


def test_text_without_places_takes_the_country_of_its_named_armed_group(analyze) -> None:
    location = event_location(analyze, "Boko Haram fighters raided a market at dawn, killing nine.")
    assert (location.country, location.precision) == ("NGA", "country")


def test_two_word_demonyms_point_to_their_country(analyze) -> None:
    location = event_location(analyze, "South Sudanese soldiers shot dead two traders at a gate.")
    assert location.country == "SSD"  # not Sudan, from "Sudanese" alone


def test_a_named_place_wins_over_the_actors_countries(analyze) -> None:
    location = event_location(analyze, "Russian jets bombed the town of Saraqib on Tuesday.")
    assert (location.city, location.country) == ("Saraqib", "SYR")
    location = event_location(analyze, "Boko Haram fighters stormed a camp near Nguigmi, Niger.")
    assert location.country == "NER"


@pytest.mark.parametrize(
    ("text", "home", "country"),
    [
        ("Fighters stormed a police post in Rustaq overnight.", "AFG", "AFG"),
        ("Gunmen attacked a market in Kita on Sunday.", "MLI", "MLI"),
        ("Gunmen attacked a market in Gaya on Sunday.", "NGA", "NGA"),
    ],
)
def test_actors_countries_choose_between_namesakes(places_of, text, home, country) -> None:
    without = places_of(text)
    # alone: the larger namesake abroad, or no place when it wins by too little (abstention)
    assert not without or without[0].country != country
    assert places_of(text, [home])[0].country == country


# --- names the small model cuts or mislabels -----------------------------------------------


def test_country_name_cut_by_the_model_is_joined(places_of) -> None:
    places = places_of("Gunmen attacked a clinic in Butembo, Democratic Republic of the Congo.")
    assert ("Democratic Republic of the Congo", "country", "COD") in summary(places)
    assert (
        places_of("Fighting in the Democratic Republic of the Congo killed ten.")[0].country
        == "COD"
    )


def test_bare_congo_follows_the_places_around_it(places_of) -> None:
    assert places_of("Clashes erupted in Brazzaville, Congo, on Monday.")[-1].country == "COG"
    assert places_of("Rebels shelled Butembo and Kasindi in eastern Congo.")[-1].country == "COD"


def test_direction_word_before_a_country(places_of) -> None:
    places = places_of("Drones struck fighters in Northern Syria on Sunday.")
    assert summary(places) == [("Northern Syria", "country", "SYR")]
    # a name that has the direction word in it is found whole
    assert places_of("Rebels took Kadugli in South Kordofan.")[-1].admin1 == "South Kordofan"


def test_name_tagged_as_a_date_is_still_a_place(annotator, geocoder) -> None:
    doc = annotator.annotate("Militants shelled a checkpoint in Sheberghan, Afghanistan.")
    maimana = next(e for e in doc.entities if e.text == "Sheberghan")
    as_date = EntitySpan(
        "DATE", maimana.start, maimana.end, maimana.token_start, maimana.token_end, maimana.text
    )
    entities = [as_date if e is maimana else e for e in doc.entities]
    relabelled = AnnotatedDoc(doc.text, doc.tokens, doc.sentences, entities)
    for token in relabelled.tokens[maimana.token_start : maimana.token_end]:
        token.ent_type = "DATE"
    assert ("Jowzjan", "city") in [(p.admin1, p.precision) for p in geocoder.resolve(relabelled)]


def test_article_only_difference_is_an_exact_match(geocoder) -> None:
    for written in ("Ar Rastan", "Al-Rastan", "Rastan"):
        hits = geocoder.gazetteer.find([written])[written]
        assert any(h.entry.country == "SYR" and not h.loose for h in hits), written


def test_actor_names_and_acronyms_are_not_places(annotator, geocoder) -> None:
    text = "Gunmen shot two members of the Internal Control Taskforce (ICT) in Sialkot."
    assert [p.name for p in geocoder.resolve(annotator.annotate(text))] == ["Sialkot"]
    # the same acronym written as a place stays one (Islamabad Capital Territory)
    text = "Police patrols were doubled across ICT after the attack in Sialkot."
    assert "PAK" in [
        p.country for p in geocoder.resolve(annotator.annotate(text)) if p.precision == "admin1"
    ]


# --- written hierarchies and lists ----------------------------------------------------------


def test_chain_top_follows_what_it_contains(places_of) -> None:
    # "Niger" is a country, but also the Nigerian state that holds Wushishi and Zungeru
    places = places_of("Gunmen abducted travellers near Zungeru (Wushishi LGA, Niger) on Friday.")
    assert [(p.name, p.country) for p in places] == [
        ("Zungeru", "NGA"),
        ("Wushishi LGA", "NGA"),
        ("Niger", "NGA"),
    ]
    places = places_of("A gunman opened fire at a bar in Macon, Georgia, wounding three.")
    assert [(p.name, p.country, p.precision) for p in places][-1] == ("Georgia", "USA", "admin1")


def test_list_of_places_is_not_a_hierarchy(places_of) -> None:
    places = places_of("Police clashed with protesters in Multan, Sialkot and Sargodha on Friday.")
    assert [p.city for p in places] == ["Multan", "Sialkot", "Sargodha"]
    places = places_of("Militias fought in Karbala, Najaf and Kufa.")
    assert len(places) == 3


def test_unit_words_make_a_division_a_place(places_of) -> None:
    places = places_of(
        "Bandits attacked a school in Marsabit County near the border with Ethiopia."
    )
    assert ("KEN", "Marsabit") in [(p.country, p.admin1) for p in places]


def test_town_in_a_stated_unit_with_a_namesake_abroad(places_of) -> None:
    # "X in Y": a name that only exists abroad is dropped, one of Y's country is kept
    places = places_of("Gunmen shot a farmer in the village of Lyon in the countryside of Tartus.")
    assert [p.country for p in places] == ["SYR"]
    places = places_of("Police said families from Aibak in Sheberghan were given shelter.")
    assert [p.city for p in places] == ["Aibak", "Shibirghan"]  # GeoNames spelling


# --- provinces and their capitals -----------------------------------------------------------


def test_bare_province_name_is_its_capital_town(places_of) -> None:
    town = places_of("A roadside bomb killed two policemen in Karbala on Monday.")[0]
    assert (town.precision, town.city, town.admin1) == ("city", "Karbala", "Karbala'")
    for written in ("in Karbala province", "in the Karbala countryside"):
        unit = places_of(f"A roadside bomb killed two policemen {written} on Monday.")[0]
        assert (unit.precision, unit.admin1) == ("admin1", "Karbala'"), written


def test_bare_unit_name_keeps_the_unit_when_its_namesake_town_is_minor(places_of) -> None:
    # Sinaloa's capital is Culiacan; the small town called Sinaloa is not what the text means
    unit = places_of("Gunmen shot two police officers in Sinaloa on Friday.")[0]
    assert (unit.precision, unit.country) == ("admin1", "MEX")
    town = places_of("Gunmen shot two police officers in Dhamar on Friday.")[0]
    assert (town.precision, town.country) == ("city", "YEM")


def test_the_one_unit_of_a_name_written_as_a_place_is_kept(places_of) -> None:
    # tagged as an organization by the model, named nowhere else in the text
    places = places_of("A bomb exploded near a school of Upper Dir on Monday.")
    assert [(p.country, p.admin1) for p in places] == [("PAK", "Khyber Pakhtunkhwa")]


def test_province_holding_a_named_district_stays_a_province(places_of) -> None:
    places = places_of("Fighting broke out in Gosfandi district center, Sar-e Pol, on Monday.")
    assert summary(places)[-1] == ("Sar-e Pol", "admin1", "AFG")


# --- where the event is ---------------------------------------------------------------------


def test_event_in_a_written_hierarchy_takes_the_town(analyze) -> None:
    location = event_location(
        analyze, "Militants stormed a hotel in Mombasa, Mombasa County, Kenya."
    )
    assert (location.city, location.precision) == ("Mombasa", "city")
    location = event_location(analyze, "Fighting broke out in Gosfandi district center, Sar-e Pol.")
    assert location.admin2 == "Gosfandi"


def test_later_sentence_takes_the_best_place_of_the_previous_one(annotator, geocoder) -> None:
    text = "Gunmen ambushed a convoy near Tartus, Syria. Two soldiers were killed in the ambush."
    doc = annotator.annotate(text)
    second = doc.sentences[1]
    location = geocoder.locate(doc, geocoder.resolve(doc), second.start, second.end)
    assert location is not None and location.city == "Tartus"  # not "Syria", the last name


# --- coordinates written in the text --------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "lat", "lon"),
    [
        ("34.52N 69.17E", 34.52, 69.17),
        ("34°31'12\"N, 69°10'48\"E", 34.52, 69.18),
        ("12° 30′ S 40° 15′ W", -12.5, -40.25),
        ("lat/long 12.3, 45.6", 12.3, 45.6),
        ("latitude 12.35, longitude -13.62", 12.35, -13.62),
        ("coordinates: -1.2345, 36.8", -1.2345, 36.8),
        ("31.2 North, 16.6 East", 31.2, 16.6),
    ],
)
def test_coordinates_are_read(written: str, lat: float, lon: float) -> None:
    found = find_coordinates(f"The strike hit a compound at {written} on Monday.")
    assert len(found) == 1
    assert (found[0].lat, found[0].lon) == pytest.approx((lat, lon), abs=1e-3)


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose 12.5, 45.2 and 60.1 percent.",
        "Take Route 5 N and exit 3 E.",
        "The 10.5N note was signed.",
        "A position at 95.5N 20.0E does not exist.",
    ],
)
def test_numbers_that_are_no_position_are_not_read(text: str) -> None:
    assert find_coordinates(text) == []


def test_written_coordinates_locate_the_event(analyze) -> None:
    text = "An airstrike hit a compound near Sirte at 31.2N 16.6E on Monday, killing four."
    location = event_location(analyze, text)
    assert location.precision == "coordinates"
    assert (location.lat, location.lon) == (31.2, 16.6)
    assert (location.country, location.admin1) == ("LBY", "Surt")  # from the nearest town


# --- regions, lists of countries, nationalities ---------------------------------------------


def test_world_regions_are_not_resolved_to_namesake_towns(places_of) -> None:
    places = places_of(
        "Veterans of wars in the Middle East and the Horn of Africa met in Mombasa, "
        "and traders from the Levant and the Maghreb joined them."
    )
    assert summary(places) == [
        ("Middle East", None, None),
        ("Horn of Africa", None, None),
        ("Mombasa", "city", "KEN"),
        ("Levant", None, None),
        ("Maghreb", None, None),
    ]
    # the regions are named features with a rough centre, not namesake towns
    assert all(p.feature == "feature" for p in places if p.name != "Mombasa")


def test_a_list_of_countries_is_not_read_as_town_then_country(places_of) -> None:
    places = places_of("The network recruited in Tajikistan, Pakistan, Iran and Turkey.")
    assert {(p.name, p.precision) for p in places} == {
        ("Tajikistan", "country"),
        ("Pakistan", "country"),
        ("Iran", "country"),
        ("Turkey", "country"),
    }
    capital = places_of("Gunmen shot a judge in Panama, Panama on Monday.")
    assert ("Panama", "PAN") in {(p.name, p.country) for p in capital if p.precision == "city"}


def test_a_country_named_as_a_nationality_does_not_place_the_event(analyze) -> None:
    text = (
        "Fighting spread across Helmand province in the spring.\n\n"
        "A roadside bomb killed nine US soldiers and two UK contractors in March."
    )
    bombing = next(e for e in analyze(text).events if e.mode == "bombing")
    assert bombing.location is not None
    assert bombing.location.country == "AFG"  # the text's country, not the victims'"


def test_a_country_where_something_happens_still_places_the_event(analyze) -> None:
    location = event_location(analyze, "A car bomb exploded in Lebanon on Friday, killing six.")
    assert (location.country, location.precision) == ("LBN", "country")
