"""The place of an act done where its source is.

A statement, a demand, an accusation or a sanction happens where the side that makes it is,
not in the country it is about: "Trump doubled the tariff on Canadian steel" is a U.S. act,
"Russia accused Ukraine of shelling" a Russian one. The geocoder places an event by the places
of its sentence, which for these acts are often only the target's country, and by the places
of earlier sentences when its own names none. For the types the ontology lists as
``placed_with_source``, an event whose sources all belong to one other country is placed in
the sources' country instead (a country, never a point inside it), with a note saying so,
when its place is only a country, or a place that its sentence does not state (the
geocoder's note says it was inferred) in the country of one of its targets ("Trump demanded
that Ottawa drop its tariffs" after a paragraph on Ontario) or, for an act aimed at no one
named, in any other country ("Trump raised the tariffs", the place read from a clause on
Ontario). A person's country is that of
the organization the text ties them to ("U.S. President Donald Trump": the U.S.
government's). A place below country precision that the sentence states ("said in Ottawa")
is kept; so is an inferred one in a third country (the source may be there: "Rubio will urge
G7 ministers ..." after a paragraph on the summit in Quebec), and the place of an event whose
source has no country or several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sitroom.models import Actor, Event, Location
from sitroom.ontology import ontology
from sitroom.places.capitals import igo_seats
from sitroom.places.locating import INFERRED

NOTE = "place: the source's country (the sentence names only another country)"
NOTE_INFERRED = f"{INFERRED}: the source's country (the sentence states no place)"


def place_with_source(
    event: Event,
    actors: Mapping[str, Actor],
    country_location: Callable[[str], Location],
) -> Event:
    """``event``, placed in its source's country when the rule above applies."""
    location = event.location
    if event.type not in ontology().placed_with_source or location is None:
        return event
    inferred = any(n.startswith(INFERRED) for n in event.notes)
    if location.precision != "country" or location.country is None:
        if not inferred:
            return event  # "said in Ottawa"; "warned ships in the South China Sea"
        # a town that an earlier sentence names, in the country the act is aimed at
        # ("Trump demanded ..." after a sentence on Ontario): the source's country; one in a
        # third country may be where the source is (a summit abroad)
        # an act aimed at no one named has no country it is aimed at; a place inferred from
        # elsewhere abroad is then no better evidence than the source's own country
        targets = {_country(actors, a) for a in event.targets}
        if event.targets and location.country not in targets:
            return event
    source_countries = list(
        dict.fromkeys(c for a in event.sources if (c := _country(actors, a)) is not None)
    )
    if len(source_countries) != 1 or source_countries[0] == location.country:
        return event
    country = source_countries[0]
    if inferred:  # the note says how the place is now known, not how it was before
        notes = [n for n in event.notes if not n.startswith(INFERRED)] + [NOTE_INFERRED]
    else:
        notes = [*event.notes, NOTE]
    return event.model_copy(update={"location": country_location(country), "notes": notes})


def _country(actors: Mapping[str, Actor], actor_id: str) -> str | None:
    """An actor's country, or that of the organization a person belongs to ("U.S. President
    Donald Trump": the U.S. government's)."""
    actor = actors.get(actor_id)
    if actor is None:
        return None
    if actor.country is None and actor.affiliation is not None:
        org = actors.get(actor.affiliation)
        return org.country if org is not None else None
    return actor.country


NOTE_SEAT = f"{INFERRED}: the capital's province, where the government acts"
NOTE_IGO_SEAT = f"{INFERRED}: the province of the organization's seat"


def _seated(actors: Mapping[str, Actor], actor_id: str) -> bool:
    """Is the actor a civil institution of a state (not its armed forces or police), or a
    person the text ties to one ("U.S. Secretary of State Antony Blinken")?"""
    kinds = ontology().actor_types
    actor = actors.get(actor_id)
    if actor is not None and actor.type == "person" and actor.affiliation is not None:
        actor = actors.get(actor.affiliation)
    if actor is None or actor.type not in kinds:
        return False
    kind = kinds[actor.type]
    return kind.state and not kind.armed


def place_at_seat(
    event: Event,
    actors: Mapping[str, Actor],
    capital_location: Callable[[str], Location | None],
) -> Event:
    """A political act of a state's civil institutions (a type of the ontology's
    ``placed_at_seat``: a statement, a decision, a court's order, a sanction) that is placed
    only in that state's country is placed in the first-level division of its capital, where
    they sit ("A Kenyan court suspended the swearing-in": Nairobi county; "Washington imposed
    tariffs": the District of Columbia), at admin1 precision with no point and a note saying it
    is inferred. Acts done in the field (attacks,
    deployments, an arrest), acts of the police or the armed forces, acts with a source of
    another kind or of another country, and events placed below the country (a town or
    province named, or the dateline's division) are left alone. An intergovernmental
    organization's act is placed at its seat likewise (see :func:`_igo_seat`)."""
    location = event.location
    kinds = ontology()
    if event.type in kinds.placed_with_source and event.mode not in kinds.field_modes:
        at_igo = _igo_seat(event, actors, capital_location)
        if at_igo is not None:
            return at_igo
    if (
        event.type not in kinds.placed_at_seat
        or event.mode in kinds.field_modes
        or location is None
        or location.precision != "country"
        or not event.sources
        or not all(_seated(actors, a) for a in event.sources)
    ):
        return event
    if any(_country(actors, a) != location.country for a in event.sources):
        return event
    capital = capital_location(location.country) if location.country is not None else None
    if capital is None or not capital.admin1:
        return event
    # Only the capital's first-level division, and no point: the seat is inferred, not stated,
    # and a guessed town would be drawn on the map as a fact.
    seat = Location(
        name=capital.admin1,
        country=capital.country,
        admin1=capital.admin1,
        precision="admin1",
    )
    notes = [n for n in event.notes if not n.startswith(INFERRED)] + [NOTE_SEAT]
    return event.model_copy(update={"location": seat, "notes": notes})


def _igo_seat(
    event: Event,
    actors: Mapping[str, Actor],
    capital_location: Callable[[str], Location | None],
) -> Event | None:
    """An act done where its source is (the ontology's ``placed_with_source``: a statement,
    a demand, a sanction; not an agreement, which has a counterpart, nor an act in the field)
    placed at the seat of the intergovernmental organization that is all its sources
    (``igo_seats`` in ``places/capitals.yaml``), when its place is only a country,
    inferred, or unknown ("the EU imposed sanctions on Russia": Brussels); None when the rule
    does not apply: a town or province that the sentence states is kept, and the act of a
    person of the organization is not moved (its officials travel)."""
    location = event.location
    inferred = any(n.startswith(INFERRED) for n in event.notes)
    if location is not None and location.precision != "country" and not inferred:
        return None
    seats = igo_seats()
    if not event.sources or any(a not in seats for a in event.sources):
        return None
    countries = {seats[a] for a in event.sources}
    if len(countries) != 1:
        return None
    capital = capital_location(countries.pop())
    if capital is None or not capital.admin1:
        return None
    seat = Location(
        name=capital.admin1, country=capital.country, admin1=capital.admin1, precision="admin1"
    )
    notes = [n for n in event.notes if not n.startswith(INFERRED)] + [NOTE_IGO_SEAT]
    return event.model_copy(update={"location": seat, "notes": notes})
