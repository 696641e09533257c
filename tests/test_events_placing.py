"""Acts placed where their source is (sitroom.events.placing): events built by hand."""

from __future__ import annotations

from sitroom.events.placing import NOTE, place_with_source
from sitroom.models import Actor, Event, Location, Span

ACTORS = {
    "usa": Actor(id="usa", name="Government of United States", type="government", country="USA"),
    "trump": Actor(id="trump", name="Donald Trump", type="person", country="USA"),
    "can": Actor(id="can", name="Canada", type="state", country="CAN"),
    "rus": Actor(id="rus", name="Russia", type="state", country="RUS"),
    "nobody": Actor(id="nobody", name="Protesters", type="civilians"),
}


def country(code: str) -> Location:
    return Location(name=code, country=code, precision="country")


def event(kind: str, sources: list[str], location: Location | None, **kw: object) -> Event:
    return Event(
        id="e1",
        type=kind,  # type: ignore[arg-type]
        sources=sources,
        targets=["can"],
        location=location,
        evidence=Span(start=0, end=10, text="x"),
        **kw,  # type: ignore[arg-type]
    )


def test_a_sanction_named_only_by_its_target_country_is_placed_at_home() -> None:
    # "Trump doubled the tariff on Canadian steel": a U.S. act
    got = place_with_source(event("SANCTION", ["trump"], country("CAN")), ACTORS, country)
    assert got.location is not None and got.location.country == "USA"
    assert got.location.precision == "country" and NOTE in got.notes


def test_speech_acts_follow_their_speaker() -> None:
    for kind in ("ACCUSE", "THREATEN", "REQUEST", "REJECT", "SUPPORT"):
        got = place_with_source(event(kind, ["rus"], country("CAN")), ACTORS, country)
        assert got.location is not None and got.location.country == "RUS", kind


def test_a_stated_place_below_country_is_kept() -> None:
    # "Trump said in Ottawa that ...": the sentence says where the act was
    ottawa = Location(name="Ottawa", country="CAN", city="Ottawa", precision="city")
    got = place_with_source(event("ACCUSE", ["trump"], ottawa), ACTORS, country)
    assert got.location == ottawa and NOTE not in got.notes


def test_material_acts_and_unclear_sources_are_left_alone() -> None:
    # an attack or a deployment happens where it is named
    for kind in ("ASSAULT", "MOBILIZE", "CONSULT", "AID"):
        got = place_with_source(event(kind, ["rus"], country("CAN")), ACTORS, country)
        assert got.location is not None and got.location.country == "CAN", kind
    # no source country, sources of two countries, the source's own country, no place
    for sources in ([], ["nobody"], ["rus", "usa"], ["can"]):
        got = place_with_source(event("ACCUSE", sources, country("CAN")), ACTORS, country)
        assert got.location is not None and got.location.country == "CAN", sources
    assert place_with_source(event("ACCUSE", ["rus"], None), ACTORS, country).location is None
