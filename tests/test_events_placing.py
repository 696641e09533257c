"""Acts placed where their source is, and political acts of a state placed at its seat of
government (sitroom.events.placing): events built by hand."""

from __future__ import annotations

from sitroom.events.placing import (
    NOTE,
    NOTE_IGO_SEAT,
    NOTE_INFERRED,
    NOTE_SEAT,
    place_at_seat,
    place_with_source,
)
from sitroom.models import Actor, Event, Location, Span
from sitroom.places.locating import FROM_PARAGRAPH

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


# --- inferred places, affiliations, the seat of government ------------------------------------

SEATED = {
    **ACTORS,
    "ken-court": Actor(id="ken-court", name="Judiciary of Kenya", type="government", country="KEN"),
    "ken-police": Actor(id="ken-police", name="Police of Kenya", type="police", country="KEN"),
    "ken": Actor(id="ken", name="Kenya", type="state", country="KEN"),
    "minister": Actor(id="minister", name="Musalia Mudavadi", type="person", affiliation="ken"),
    "loner": Actor(id="loner", name="Jane Doe", type="person"),
}
NAIROBI = Location(
    name="Nairobi", country="KEN", admin1="Nairobi", city="Nairobi", precision="city"
)


def capital(code: str) -> Location | None:
    return NAIROBI if code == "KEN" else None


def test_an_inferred_town_in_the_targets_country_goes_to_the_source() -> None:
    # "Trump demanded that Ottawa drop its tariffs", after a paragraph on Toronto
    toronto = Location(name="Toronto", country="CAN", city="Toronto", precision="city")
    inferred = event("REQUEST", ["trump"], toronto, notes=[FROM_PARAGRAPH])
    got = place_with_source(inferred, ACTORS, country)
    assert got.location is not None and got.location.country == "USA"
    assert NOTE_INFERRED in got.notes and FROM_PARAGRAPH not in got.notes
    # stated, it stays; inferred in a third country (a summit abroad), it stays too
    assert place_with_source(event("REQUEST", ["trump"], toronto), ACTORS, country).location == (
        toronto
    )
    geneva = Location(name="Geneva", country="CHE", city="Geneva", precision="city")
    abroad = event("REQUEST", ["trump"], geneva, notes=[FROM_PARAGRAPH])
    assert place_with_source(abroad, ACTORS, country).location == geneva


def test_an_inferred_place_abroad_of_an_act_aimed_at_no_one_goes_to_the_source() -> None:
    # "Trump raised the steel tariffs" (no target named), the place inferred from a clause
    # on Ontario: nothing ties the act to Canada but the inference, so it is a U.S. act
    ontario = Location(name="Ontario", country="CAN", admin1="Ontario", precision="admin1")
    aimless = event("SANCTION", ["trump"], ontario, notes=[FROM_PARAGRAPH])
    aimless.targets = []
    got = place_with_source(aimless, ACTORS, country)
    assert got.location is not None and got.location.country == "USA"
    # with a target of another country (a summit abroad), the inferred place stays
    abroad = event("SANCTION", ["trump"], ontario, notes=[FROM_PARAGRAPH])
    abroad.targets = ["rus"]
    assert place_with_source(abroad, ACTORS, country).location == ontario


def test_a_persons_country_is_that_of_their_organization() -> None:
    got = place_with_source(event("ACCUSE", ["minister"], country("CAN")), SEATED, country)
    assert got.location is not None and got.location.country == "KEN"
    got = place_with_source(event("ACCUSE", ["loner"], country("CAN")), SEATED, country)
    assert got.location is not None and got.location.country == "CAN"


SEAT = Location(name="Nairobi", country="KEN", admin1="Nairobi", precision="admin1")


def test_a_civil_institutions_act_placed_at_its_country_is_in_the_capital_s_province() -> None:
    for kind, source in (("REJECT", "ken-court"), ("SANCTION", "ken"), ("REQUEST", "minister")):
        got = place_at_seat(event(kind, [source], country("KEN")), SEATED, capital)
        # the capital's division only, no town and no point: the seat is inferred
        assert got.location == SEAT and NOTE_SEAT in got.notes, (kind, source)
    # a court's ban is done where it sits; an arrest where its target is
    got = place_at_seat(event("COERCE", ["ken-court"], country("KEN"), mode="ban"), SEATED, capital)
    assert got.location == SEAT
    arrest = event("COERCE", ["ken-court"], country("KEN"), mode="arrest")
    assert place_at_seat(arrest, SEATED, capital).location == country("KEN")


def test_field_acts_other_forces_and_known_places_are_not_moved_to_the_capital() -> None:
    kenya = country("KEN")
    # attacks, deployments, meetings happen where they happen
    for kind in ("ASSAULT", "MOBILIZE", "CONSULT", "AID"):
        assert place_at_seat(event(kind, ["ken"], kenya), SEATED, capital).location == kenya
    # the police, a person of no organization, no source, a source of another country
    for sources in (["ken-police"], ["loner"], [], ["usa"], ["ken", "usa"]):
        got = place_at_seat(event("REJECT", sources, kenya), SEATED, capital)
        assert got.location == kenya, sources
    # a town or province is kept; a country without a capital in the table is left
    mombasa = Location(name="Mombasa", country="KEN", city="Mombasa", precision="city")
    assert place_at_seat(event("REJECT", ["ken"], mombasa), SEATED, capital).location == mombasa
    assert place_at_seat(event("REJECT", ["rus"], country("RUS")), ACTORS, capital).location == (
        country("RUS")
    )


# --- the seat of an intergovernmental organization (issue #13) --------------------------------

IGOS = {
    **ACTORS,
    "european-union": Actor(id="european-union", name="European Union", type="igo"),
    "african-union": Actor(id="african-union", name="African Union", type="igo"),
    "united-nations": Actor(id="united-nations", name="United Nations", type="igo"),
    "envoy": Actor(id="envoy", name="Ana Ruiz", type="person", affiliation="european-union"),
}
BRUSSELS = Location(name="Brussels", country="BEL", admin1="Brussels Capital", precision="city")
ADDIS = Location(name="Addis Ababa", country="ETH", admin1="Addis Ababa", precision="city")


def seat_capital(code: str) -> Location | None:
    return {"BEL": BRUSSELS, "ETH": ADDIS}.get(code)


def test_an_organizations_political_act_is_at_its_seat() -> None:
    # "The EU imposed sanctions on Russia": Brussels' division, no town, no point
    for location, notes in ((country("RUS"), []), (None, []), (NAIROBI, [FROM_PARAGRAPH])):
        act = event("SANCTION", ["european-union"], location, notes=notes)
        got = place_at_seat(act, IGOS, seat_capital)
        assert got.location == Location(
            name="Brussels Capital", country="BEL", admin1="Brussels Capital", precision="admin1"
        ), location
        assert NOTE_IGO_SEAT in got.notes and FROM_PARAGRAPH not in got.notes
    got = place_at_seat(event("REQUEST", ["african-union"], None), IGOS, seat_capital)
    assert got.location is not None and got.location.country == "ETH"


def test_organizations_seated_elsewhere_their_people_and_field_acts_stay() -> None:
    russia = country("RUS")
    # a town the sentence states; an organization not seated in a capital; one of its people;
    # sources of two kinds; a field act; a deployment; an agreement (it has a counterpart)
    cases = [
        event("SANCTION", ["european-union"], NAIROBI),
        event("SANCTION", ["united-nations"], russia),
        event("ACCUSE", ["envoy"], russia),
        event("SANCTION", ["european-union", "usa"], russia),
        event("COERCE", ["european-union"], russia, mode="seize"),
        event("MOBILIZE", ["european-union"], russia),
        event("AGREE", ["european-union"], russia),
    ]
    for case in cases:
        assert place_at_seat(case, IGOS, seat_capital).location == case.location, case
