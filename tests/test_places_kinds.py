"""Tests of how place names are used: person names, datelines and wire credits, metonymy,
demonyms and named features (seas, regions). Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sitroom.anatomy import read_anatomy
from sitroom.models import Place
from sitroom.places.dateline import excluded_spans, find_credits, find_dateline, find_datelines
from sitroom.places.features import FeatureTableError, find_feature, parse_features
from sitroom.places.kinds import default_model, parse_model
from sitroom.places.resolver import Geocoder


def kinds(places: list[Place]) -> dict[str, str]:
    return {m.text: p.kind for p in places for m in p.mentions}


def literal(places: list[Place]) -> list[str]:
    return [m.text for p in places if p.kind == "literal" for m in p.mentions]


# --- datelines and credits (patterns only) ---------------------------------------------------


def test_dateline_with_region_and_credit() -> None:
    text = "TIRANA, Albania (AFP) — Protesters gathered outside parliament on Sunday."
    dateline = find_dateline(text)
    assert dateline is not None and dateline.place == "TIRANA, Albania"
    spans, _ = excluded_spans(text)
    assert spans[0] == (0, dateline.end) and text[dateline.end :].startswith("Protesters")


def test_bare_capital_dateline_after_a_title_line() -> None:
    text = "Talks stall again\nOTTAWA — The minister left the talks early.\nMore text."
    dateline = find_dateline(text)
    assert dateline is not None and dateline.place == "OTTAWA"


def test_no_dateline_in_ordinary_prose() -> None:
    assert find_dateline("Rescuers in Lima — working all night — found two survivors.") is None
    assert find_dateline("UN - a short note.") is None


def test_one_dateline_detector_for_places_and_anatomy() -> None:
    # A date between place and credit, and a second story on the same page.
    text = (
        "OSLO, May 4 (Reuters) - The ferry sailed late.\n\n"
        "Second story\nBERGEN — The bridge reopened on Friday."
    )
    anatomy = read_anatomy(text)
    spans, first = excluded_spans(text)
    assert first is not None and first.place == "OSLO"
    assert [(d.start, d.end) for d in anatomy.datelines] == [
        (d.start, d.end) for d in find_datelines(text)
    ]
    written = [text[s:e].strip() for s, e in spans]
    assert "OSLO, May 4 (Reuters) -" in written and "BERGEN —" in written


def test_wire_credits_anywhere() -> None:
    text = "Officials said (Reuters) that the port (AP/AFP) had reopened (Ap)."
    found = [text[s:e] for s, e in find_credits(text)]
    assert found == ["(Reuters)", "(AP/AFP)", "(Ap)"]
    assert find_credits("The AP said the road (N5) was closed.") == []


# --- data files -------------------------------------------------------------------------------


def test_feature_table_lookup_and_validation() -> None:
    sea = find_feature("the Caspian Sea")
    assert sea is not None and sea.country is None and 35 < sea.lat < 47
    assert find_feature("Kandahar") is None
    with pytest.raises(FeatureTableError, match="listed twice"):
        parse_features("A Sea: {lat: 1, lon: 2}\nB Sea: {lat: 1, lon: 2, aliases: [A Sea]}")
    with pytest.raises(FeatureTableError, match="within range"):
        parse_features("A Sea: {lat: 100, lon: 2}")
    with pytest.raises(FeatureTableError, match="alpha-3"):
        parse_features("A Sea: {lat: 1, lon: 2, country: Narnia}")


def test_metonymy_model_file_and_validation() -> None:
    model = default_model()
    assert 0 < model.threshold < 1 and model.weights
    assert parse_model({"bias": 0, "weights": {"a": 1}}).probability(["a"]) > 0.7
    with pytest.raises(ValueError, match="threshold"):
        parse_model({"bias": 0, "threshold": 1.5, "weights": {}})
    with pytest.raises(ValueError, match="weights"):
        parse_model({"bias": 0, "weights": {"a": "high"}})


# --- person names -------------------------------------------------------------------------------


def test_surname_of_a_named_person_is_no_place(places_of: Callable[..., list[Place]]) -> None:
    places = places_of(
        "Foreign Minister Carla Zamora arrived in Lisbon on Monday. "
        "Zamora told reporters the talks had gone well."
    )
    assert literal(places) == ["Lisbon"]


def test_titled_name_is_a_person(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("President Tyler met farmers in Nebraska. Gen. Mobile inspected the unit.")
    assert "Tyler" not in kinds(places) and "Mobile" not in kinds(places)
    assert "Nebraska" in literal(places)


def test_first_name_alone_is_a_person(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("Olivia said she would stay with her aunt until the floods receded.")
    assert places == []


# --- datelines and credits in resolution ------------------------------------------------------


def test_dateline_and_credit_are_not_places(places_of: Callable[..., list[Place]]) -> None:
    text = "HOUSTON (AP) — A storm flooded roads in Galveston on Tuesday."
    places = places_of(text)
    assert literal(places) == ["Galveston"]
    assert "AP" not in kinds(places) and "HOUSTON" not in kinds(places)


def test_caller_can_pass_excluded_spans_and_prior(places_of: Callable[..., list[Place]]) -> None:
    text = "Filed from Nairobi. Heavy rain fell in Kisumu overnight."
    places = places_of(text, excluded=[(0, 19)], prior_country="KEN")
    assert literal(places) == ["Kisumu"]
    everything = places_of(text, excluded=[])
    assert "Nairobi" in literal(everything)


# --- metonymy and demonyms -------------------------------------------------------------------


def test_capital_as_speaker_is_metonymic_and_no_point(
    places_of: Callable[..., list[Place]],
) -> None:
    places = places_of("Canberra rejected the proposal, while rescuers searched in Darwin.")
    by_kind = kinds(places)
    assert by_kind["Canberra"] == "metonymic" and by_kind["Darwin"] == "literal"
    canberra = next(p for p in places if p.kind == "metonymic")
    assert (canberra.country, canberra.lat, canberra.lon) == ("AUS", None, None)


def test_locate_never_uses_a_metonymic_place(annotator: Any, geocoder: Geocoder) -> None:
    text = "Ottawa condemned the shelling of the border village."
    doc = annotator.annotate(text)
    places = geocoder.resolve(doc)
    location = geocoder.locate(doc, places, 0, len(text))
    assert location is None or location.lat is None or location.precision == "country"


def test_nationality_is_the_sovereign_state(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("French diplomats and Dutch engineers visited the harbour in Lagos.")
    demonyms = {p.country for p in places if p.kind == "demonym"}
    assert demonyms == {"FRA", "NLD"}
    assert all(p.lat is None for p in places if p.kind == "demonym")
    assert literal(places) == ["Lagos"]


# --- named features and abbreviations ---------------------------------------------------------


def test_seas_and_regions_are_features(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("Tankers crossed the Arabian Sea toward East Africa after the storm.")
    features = {p.name: (p.feature, p.country) for p in places if p.feature == "feature"}
    assert features == {"Arabian Sea": ("feature", None), "East Africa": ("feature", None)}


def test_dotted_abbreviations_are_found(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("She moved back to the U.K. after ten years in the U.S. Navy hospital.")
    assert ("U.K.", "GBR") in {(m.text, p.country) for p in places for m in p.mentions}


def test_forms_that_name_a_location_stay_literal(places_of: Callable[..., list[Place]]) -> None:
    # a unit word, a name after "in X,", a name that modifies a place noun: literal whatever
    # the verb that follows
    places = places_of(
        "Militants raided Garissa town. A mine planted near Ifo, Dadaab exploded. "
        "Troops patrolled Mandera and Wajir counties."
    )
    by_kind = kinds(places)
    assert by_kind.get("Garissa town") == "literal"
    assert by_kind.get("Mandera") == "literal"
    assert all(kind == "literal" for kind in by_kind.values())


def test_objects_of_violence_are_locations(places_of: Callable[..., list[Place]]) -> None:
    places = places_of("Rockets hit Mosul overnight. Drones kept up their shelling on Kirkuk.")
    assert kinds(places) == {"Mosul": "literal", "Kirkuk": "literal"}


def test_a_feature_name_inside_a_hierarchy_is_the_unit(
    places_of: Callable[..., list[Place]],
) -> None:
    # "Sahel" is Burkina Faso's region here, not the belt across Africa
    places = places_of("Gunmen attacked Dori, Sahel, Burkina Faso, on Friday.")
    sahel = next(p for p in places if p.name == "Sahel")
    assert (sahel.precision, sahel.country) == ("admin1", "BFA")
