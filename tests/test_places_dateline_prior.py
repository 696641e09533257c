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
