"""Where an event is when its sentence names places in several clauses
(``sitroom.places.clauses`` and ``Geocoder.locate(..., triggers=...)``), and how the place was
found (``Geocoder.locate_noted``).

Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sitroom.annotation import AnnotatedDoc
from sitroom.models import Location
from sitroom.places.clauses import FRAME, OTHER, SAME, SIDE, clause_affinity
from sitroom.places.locating import FROM_CLAUSE, FROM_FOCUS, FROM_PARAGRAPH, INFERRED
from sitroom.places.resolver import Geocoder


def _token(doc: AnnotatedDoc, word: str, nth: int = 0) -> int:
    found = [t.i for t in doc.tokens if t.text == word]
    return found[nth]


@pytest.fixture(scope="session")
def locate_at(
    annotator: Any, geocoder: Geocoder
) -> Callable[[str, str], tuple[Location | None, str | None]]:
    """Where the event of the last sentence whose trigger is ``word`` is, and the note."""

    def run(text: str, word: str) -> tuple[Location | None, str | None]:
        doc = annotator.annotate(text)
        places = geocoder.resolve(doc)
        last = doc.sentences[-1]
        trigger = next(t.i for t in doc.tokens[last.token_start : last.token_end] if t.text == word)
        return geocoder.locate_noted(doc, places, last.start, last.end, (), (trigger,))

    return run


@pytest.fixture(scope="session")
def affinity(annotator: Any) -> Callable[[str, str, str], int]:
    def run(text: str, place: str, trigger: str) -> int:
        doc = annotator.annotate(text)
        return clause_affinity(doc, _token(doc, place), {_token(doc, trigger)})

    return run


def test_the_grades_of_clauses(affinity) -> None:
    text = "The envoy, who toured Lyon last month, said the raid in Tamale wounded four guards."
    assert affinity(text, "Tamale", "raid") == SAME
    assert affinity(text, "Lyon", "raid") == OTHER  # a relative clause about the envoy
    # where the speaker spoke is not where the reported event happened
    text = "Speaking in Ottawa, the minister said soldiers had fought rebels near Goma."
    assert affinity(text, "Goma", "fought") == SAME
    assert affinity(text, "Ottawa", "fought") == OTHER
    text = "The minister said in Ottawa that soldiers had fought rebels."
    assert affinity(text, "Ottawa", "fought") == OTHER
    # local officials' town frames what they report
    assert affinity("Officials in Tamale said gunmen shot two guards.", "Tamale", "shot") == FRAME
    text = "Soldiers killed six fighters in Gao and detained four suspects in Mopti."
    assert affinity(text, "Mopti", "detained") == SAME
    assert affinity(text, "Gao", "detained") == FRAME
    assert affinity(text, "Mopti", "killed") == SIDE


def test_clauses_that_describe_the_event_or_its_object_keep_their_place(affinity) -> None:
    text = "The blast, which happened in Tamale on Friday, wounded four guards."
    assert affinity(text, "Tamale", "blast") == SAME
    text = "Militants stormed a checkpoint that lies outside Mopti on Friday."
    assert affinity(text, "Mopti", "stormed") == SAME
    # but a clause about a person tells their story
    text = "Police confirmed the detention of the activist, who led protests in Lyon last year."
    assert affinity(text, "Lyon", "detention") == OTHER
    # a purpose clause shares its setting
    text = "The envoy travelled to Tamale on Monday to meet the regional governor."
    assert affinity(text, "Tamale", "meet") == SAME
    # without trigger words every name is in the event's clause (the old reading)
    doc_text = "The envoy, who toured Lyon last month, said the raid wounded four guards."
    assert affinity(doc_text, "Lyon", "raid") == OTHER


def test_a_place_of_a_relative_clause_is_not_the_events(locate_at) -> None:
    # the place of the event's own clause is stated, the other one is passed over
    location, note = locate_at(
        "The envoy, who toured Lyon last month, said the raid in Tamale wounded four guards.",
        "raid",
    )
    assert location is not None and location.city == "Tamale" and note is None
    # with no place of its own clause, the other clause's place is only an inference
    location, note = locate_at(
        "The activist, who led a march in Lyon last year, was detained on Monday.", "detained"
    )
    assert location is not None and location.city == "Lyon" and note == FROM_CLAUSE


def test_where_the_object_was_going_is_not_where_it_was_hit(affinity) -> None:
    text = "Gunmen ambushed a convoy heading to Tamale after it left Kumasi."
    assert affinity(text, "Tamale", "ambushed") == OTHER
    text = "Gunmen ambushed a convoy that was parked in Tamale."
    assert affinity(text, "Tamale", "ambushed") == SAME


def test_the_speakers_place_is_not_the_reported_events(locate_at) -> None:
    location, note = locate_at(
        "Speaking in Ottawa on Monday, the minister said soldiers had fought rebels near Kharkiv.",
        "fought",
    )
    assert location is not None and location.country == "UKR" and note is None
    # the statement itself is where it was made
    location, note = locate_at(
        "Speaking in Ottawa on Monday, the minister said soldiers had fought rebels near Kharkiv.",
        "said",
    )
    assert location is not None and location.city == "Ottawa"


def test_a_place_of_a_clause_beside_the_events_is_an_inference(locate_at) -> None:
    location, note = locate_at(
        "Soldiers killed six fighters in Gao and detained four suspects on Friday.", "detained"
    )
    assert location is not None and location.city == "Gao" and note is None
    location, note = locate_at(
        "Soldiers killed six fighters on Friday and detained four suspects in Mopti.", "killed"
    )
    assert location is not None and location.city == "Mopti" and note == FROM_CLAUSE


def test_a_text_without_a_place_for_the_event_says_it_is_inferred(
    annotator: Any, geocoder: Geocoder
) -> None:
    doc = annotator.annotate("Ghana's economy grew. Officials said the talks were useful.")
    places = geocoder.resolve(doc)
    last = doc.sentences[-1]
    location, note = geocoder.locate_noted(doc, places, last.start, last.end)
    assert location is not None and location.country == "GHA"
    assert note is not None and note.startswith(INFERRED) and note == FROM_FOCUS
    # locate() gives the same place without the note
    assert geocoder.locate(doc, places, last.start, last.end) == location


def test_a_states_civil_act_without_a_town_is_in_its_capital_s_province(analyze) -> None:
    # the pipeline: the seat of government after the incidents are merged; its division only,
    # no town and no point (the seat is inferred)
    (event,) = analyze("A Kenyan court suspended the new tax law on Tuesday.").events
    loc = event.location
    assert loc is not None and loc.precision == "admin1" and loc.admin1 == "Nairobi City"
    assert loc.city is None and loc.lat is None
    assert any(n.startswith(INFERRED) for n in event.notes)
    # the police act where their target is: the country, not a guessed town
    (event,) = analyze("Kenyan police arrested twelve protesters on Tuesday.").events
    assert event.location is not None and event.location.precision == "country"


# --- where an actor is based, the earlier sentence's place (issue #13) -------------------------


def test_where_an_actor_is_based_is_the_last_place_of_its_sentence(locate_at) -> None:
    # the raid's own place comes first, the charity's home after it
    location, note = locate_at(
        "A charity based in Accra said its office in Tamale was raided.", "raided"
    )
    assert location is not None and location.city == "Tamale" and note is None
    # after the subject's country: the police act in Ghana, the charity is at home in Kumasi
    location, note = locate_at(
        "Ghana's police detained the head of a charity headquartered in Kumasi.", "detained"
    )
    assert location is not None and location.precision == "country" and location.country == "GHA"
    # alone in its sentence, the home is still taken
    location, note = locate_at("The Kumasi-based charity was raided on Monday.", "raided")
    assert location is not None and location.city == "Kumasi"


def test_an_earlier_sentence_lends_its_main_place_not_a_trailing_one(locate_at) -> None:
    location, note = locate_at(
        "The Kenyan minister flew to Ghana for the anniversary of its independence from "
        "Britain. She signed a water agreement.",
        "signed",
    )
    assert location is not None and location.country == "GHA" and note == FROM_PARAGRAPH


def test_a_sea_or_continent_of_an_earlier_sentence_is_not_lent(locate_at) -> None:
    # the Atlantic lies in no one country: the country the text is about says more
    location, note = locate_at(
        "Fishing is banned in Ghana in July. Trawlers still crowd the Atlantic Ocean. "
        "Six of them were seized on Monday.",
        "seized",
    )
    assert location is not None and location.country == "GHA" and note == FROM_FOCUS
