"""The place of an incident merged from several mentions (sitroom.incidents.attributes): a
stated place before an inferred one, and a more specific inferred place inside the stated one.
Events built by hand."""

from __future__ import annotations

from sitroom.incidents.attributes import merge
from sitroom.incidents.clusters import Incident, Mention
from sitroom.models import Event, Location, Span
from sitroom.places.locating import FROM_PARAGRAPH

NIGER = Location(name="Niger", country="NER", precision="country")
OUALLAM = Location(
    name="Ouallam", country="NER", admin1="Tillaberi", city="Ouallam", precision="city"
)
TAHOUA = Location(name="Tahoua", country="NER", admin1="Tahoua", precision="admin1")
GAO = Location(name="Gao", country="MLI", admin1="Gao", city="Gao", precision="city")


def _event(n: int, location: Location | None, notes: list[str] | None = None) -> Event:
    return Event(
        id=f"e{n}",
        type="ASSAULT",
        location=location,
        evidence=Span(start=n * 100, end=n * 100 + 50, text="x"),
        notes=notes or [],
    )


def _merged(*events: Event) -> Event:
    mentions = [
        Mention(
            event=e, sentence=k, trigger=None, lemma="attack", refers_back=k > 0, operation=False
        )
        for k, e in enumerate(events)
    ]
    return merge(Incident(mentions=mentions), {}, {})


def test_a_stated_place_beats_a_more_specific_inferred_one_elsewhere() -> None:
    # "in Tahoua region" stated; "Gao" only from an earlier sentence of another paragraph
    got = _merged(_event(0, TAHOUA), _event(1, GAO, [FROM_PARAGRAPH]))
    assert got.location == TAHOUA
    assert FROM_PARAGRAPH not in got.notes  # the note of the place that was not taken


def test_an_inferred_town_inside_the_stated_country_is_taken() -> None:
    # "in western Niger" stated, the town of the toll sentence inferred
    got = _merged(_event(0, NIGER), _event(1, OUALLAM, [FROM_PARAGRAPH]))
    assert got.location == OUALLAM and FROM_PARAGRAPH in got.notes
    # but not one outside the stated province
    got = _merged(_event(0, TAHOUA), _event(1, OUALLAM, [FROM_PARAGRAPH]))
    assert got.location == TAHOUA


def test_without_a_stated_place_the_most_specific_inferred_one() -> None:
    got = _merged(
        _event(0, NIGER, [FROM_PARAGRAPH]), _event(1, GAO, [FROM_PARAGRAPH]), _event(2, None)
    )
    assert got.location == GAO
    # stated places: the most specific
    assert _merged(_event(0, NIGER), _event(1, OUALLAM)).location == OUALLAM
