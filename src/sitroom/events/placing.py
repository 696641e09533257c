"""The place of an act done where its source is.

A statement, a demand, an accusation or a sanction happens where the side that makes it is,
not in the country it is about: "Trump doubled the tariff on Canadian steel" is a U.S. act,
"Russia accused Ukraine of shelling" a Russian one. The geocoder places an event by the places
of its sentence, which for these acts are often only the target's country. For the types the
ontology lists as ``placed_with_source``, an event placed only at country precision, whose
sources all belong to one other country, is placed in the sources' country instead (a
country, never a point inside it), with a note saying so. A place below country precision
("said in Ottawa") is kept: the sentence states where the act was; so is the place of an
event whose source has no country or several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sitroom.models import Actor, Event, Location
from sitroom.ontology import ontology

NOTE = "place: the source's country (the sentence names only another country)"


def place_with_source(
    event: Event,
    actors: Mapping[str, Actor],
    country_location: Callable[[str], Location],
) -> Event:
    """``event``, placed in its source's country when the rule above applies."""
    location = event.location
    if event.type not in ontology().placed_with_source or location is None:
        return event
    if location.precision != "country" or location.country is None:
        return event
    source_countries = list(
        dict.fromkeys(actors[a].country for a in event.sources if a in actors and actors[a].country)
    )
    if len(source_countries) != 1 or source_countries[0] == location.country:
        return event
    country = source_countries[0]
    assert country is not None
    return event.model_copy(
        update={"location": country_location(country), "notes": [*event.notes, NOTE]}
    )
