"""The dateline's place as a prior: looked up apart from the text's places (the geocoder reads
no place inside a dateline), and given to country-level events in its country."""

from __future__ import annotations

import datetime as dt

from sitroom.models import Dateline
from sitroom.places import Geocoder


def _dateline(place: str, region: str | None = None, country: str | None = None) -> Dateline:
    text = ", ".join(p for p in (place, region) if p) + " —"
    return Dateline(start=0, end=len(text), text=text, place=place, region=region, country=country)


def test_a_dateline_names_its_town_in_its_country(geocoder: Geocoder) -> None:
    place = geocoder.dateline_place(_dateline("KANDAHAR", "Afghanistan"))
    assert place is not None
    assert (place.country, place.admin1) == ("AFG", "Kandahar")


def test_a_dateline_town_outside_its_country_or_unknown_gives_nothing(geocoder: Geocoder) -> None:
    assert geocoder.dateline_place(_dateline("KANDAHAR", "Somalia")) is None
    assert geocoder.dateline_place(_dateline("QWERTZVILLE", "Afghanistan")) is None
    assert geocoder.dateline_place(_dateline("", None)) is None


def test_country_level_events_take_the_datelines_division(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "KANDAHAR, Afghanistan (AP) — Gunmen attacked a police checkpoint on Monday, killing "
        "three officers, Afghan officials said."
    )
    a = analyze(text, published=dt.date(2024, 10, 24))
    (attack,) = [e for e in a.events if e.type == "ASSAULT"]
    assert attack.location is not None
    assert (attack.location.country, attack.location.admin1) == ("AFG", "Kandahar")
    assert attack.location.precision == "admin1" and attack.location.lat is None
    assert "incidents: first-level division from the dateline" in attack.notes
    # A place the text states wins over the dateline's.
    text = (
        "KANDAHAR, Afghanistan (AP) — Gunmen attacked a police checkpoint in Herat on Monday, "
        "killing three officers, Afghan officials said."
    )
    (attack,) = [e for e in analyze(text, published=dt.date(2024, 10, 24)).events]
    assert attack.location is not None and attack.location.admin1 == "Herat"


def test_the_datelines_names_are_places_of_the_article(geocoder: Geocoder) -> None:
    from sitroom.places.dateline import dateline_toponyms

    line = _dateline("KANDAHAR", "Afghanistan")
    text = line.text + " Gunmen attacked a checkpoint."
    town = geocoder.dateline_place(line)
    places = dateline_toponyms(geocoder.gazetteer, text, line, town)
    assert [(p.name, p.precision, p.mentions[0].start, p.mentions[0].text) for p in places] == [
        ("Kandahar", "city", 0, "KANDAHAR"),
        ("Afghanistan", "country", 10, "Afghanistan"),
    ]
    assert all(p.kind == "literal" for p in places)
    # an unknown town gives only the country; a region the gazetteer does not know, nothing
    line = _dateline("QWERTZVILLE", "Afghanistan")
    found = dateline_toponyms(geocoder.gazetteer, line.text, line, None)
    assert [p.name for p in found] == ["Afghanistan"]
    line = _dateline("KANDAHAR", "Xyzland")
    assert dateline_toponyms(geocoder.gazetteer, line.text, line, None) == []


def test_dateline_places_are_listed_but_locate_no_event(analyze) -> None:  # type: ignore[no-untyped-def]
    text = "NAIROBI, Kenya — Gunmen attacked a bus on Tuesday, killing two passengers, police said."
    a = analyze(text, published=dt.date(2024, 10, 24))
    listed = {(p.name, m.start) for p in a.places for m in p.mentions}
    assert ("Nairobi", 0) in listed and ("Kenya", 9) in listed
    # the dateline's town is where the story was filed: the attack gets its province only
    (attack,) = [e for e in a.events if e.type == "ASSAULT"]
    assert attack.location is not None and attack.location.city is None
    assert attack.location.admin1 == "Nairobi City" and attack.location.lat is None


def test_a_dateline_town_is_the_place_of_that_very_name(geocoder: Geocoder) -> None:
    # "Islamabad" is also an old name of Chattogram (Bangladesh), a bigger city: the dateline
    # names Pakistan's capital
    place = geocoder.dateline_place(_dateline("ISLAMABAD"))
    assert place is not None and (place.country, place.precision) == ("PAK", "city")


def test_a_credits_places_are_listed_but_locate_no_event(analyze) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen attacked a bus on Tuesday in northern Mali, killing two passengers, officials"
        " said.\nOusmane Diallo contributed to this report from Bamako."
    )
    a = analyze(text, published=dt.date(2024, 10, 24))
    at = text.index("Bamako")
    listed = {(p.name, p.kind, m.start) for p in a.places for m in p.mentions}
    assert ("Bamako", "literal", at) in listed
    (attack,) = [e for e in a.events if e.type == "ASSAULT"]
    assert attack.location is not None and attack.location.city is None
    assert attack.location.country == "MLI"
