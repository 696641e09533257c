"""The way, the means or the part of another act of its clause is one event with it in the
``incident`` unit (:func:`sitroom.incidents.clauses.parts_of_acts`), and two in the ``act``
unit; sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.incidents import IncidentResolver
from sitroom.incidents.clauses import _ranked, parts_of_acts
from sitroom.incidents.clusters import mention_of
from sitroom.incidents.vocabulary import default_vocabulary, parse_vocabulary
from sitroom.models import Actor, Event
from support.events import event_at

PUBLISHED = dt.date(2023, 3, 15)
VOCAB = default_vocabulary()
RANKS = VOCAB.act_precedence
ACTORS = {
    "gov": Actor(id="gov", name="Government of Chad", type="government", country="TCD"),
    "rebels": Actor(id="rebels", name="Front for Change", type="armed_group", country="TCD"),
    "army": Actor(id="army", name="Military of Chad", type="military", country="TCD"),
    "police": Actor(id="police", name="Police of Chad", type="police", country="TCD"),
}


@pytest.fixture(scope="module")
def resolver() -> IncidentResolver:
    return IncidentResolver()


@pytest.fixture(scope="module")
def act_resolver() -> IncidentResolver:
    return IncidentResolver(acts=True)


def _types(out: list[Event]) -> list[str]:
    return sorted(e.type for e in out)


def _accusation_and_attack(annotator):
    doc = annotator.annotate(
        "Accusing the rebels of sheltering bandits, the soldiers shelled their camp near Abeche."
    )
    return doc, [
        event_at(doc, "e1", "ACCUSE", "Accusing", sources=["army"], targets=["rebels"]),
        event_at(doc, "e2", "ASSAULT", "shelled", sources=["army"], targets=["rebels"]),
    ]


def test_a_fronted_participle_is_the_way_of_the_act(annotator, resolver) -> None:
    doc, events = _accusation_and_attack(annotator)
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]  # the attack ranks before the accusation
    assert any("the way or the part of the ASSAULT" in n for n in events[0].notes)


def test_a_coder_of_sentences_keeps_both_acts(annotator, act_resolver) -> None:
    doc, events = _accusation_and_attack(annotator)
    out = act_resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ACCUSE", "ASSAULT"]


def test_a_trailing_participle_is_the_outcome_of_the_attack(annotator, resolver) -> None:
    doc = annotator.annotate("Rebels stormed the jail in Abeche on Monday, freeing 300 prisoners.")
    events = [
        event_at(doc, "e1", "ASSAULT", "stormed", sources=["rebels"]),
        event_at(doc, "e2", "CONCEDE", "freeing", sources=["rebels"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]


def test_a_means_told_with_by_is_one_act(annotator, resolver) -> None:
    doc = annotator.annotate("The soldiers punished the village by burning its granaries.")
    events = [
        event_at(doc, "e1", "COERCE", "punished", sources=["army"]),
        event_at(doc, "e2", "ASSAULT", "burning", sources=["army"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]  # the violence is the act a coder logs


def test_a_participle_of_time_stays_an_act(annotator) -> None:
    # "after meeting": a later act, not the way of the first
    doc = annotator.annotate("The minister warned the rebels after meeting the president.")
    events = [
        event_at(doc, "e1", "THREATEN", "warned", sources=["gov"], targets=["rebels"]),
        event_at(doc, "e2", "CONSULT", "meeting", sources=["gov"]),
    ]
    mentions = [mention_of(doc, e, VOCAB) for e in events]
    assert parts_of_acts(doc, mentions, RANKS) == mentions
    # with "by" it is the means of the warning
    doc = annotator.annotate("The minister warned the rebels by meeting the president.")
    events = [
        event_at(doc, "e1", "THREATEN", "warned", sources=["gov"], targets=["rebels"]),
        event_at(doc, "e2", "CONSULT", "meeting", sources=["gov"]),
    ]
    kept = parts_of_acts(doc, [mention_of(doc, e, VOCAB) for e in events], RANKS)
    assert [m.event.type for m in kept] == ["THREATEN"]


def test_what_an_operation_did_is_the_operation(annotator, resolver) -> None:
    doc = annotator.annotate(
        "A police operation arrested twelve suspects and killed two gunmen in Moundou."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "operation", sources=["police"]),
        event_at(doc, "e2", "COERCE", "arrested", mode="arrest", sources=["police"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]


def test_what_an_act_is_said_to_mean_is_no_part_of_it(annotator, resolver) -> None:
    # a statement whose subject is an act noun is not what the act did
    doc = annotator.annotate("The arrest of the editor sent a warning to every journalist.")
    events = [
        event_at(doc, "e1", "COERCE", "arrest", mode="arrest", sources=["police"]),
        event_at(doc, "e2", "THREATEN", "warning", sources=["police"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["COERCE", "THREATEN"]


def test_an_act_only_considered_ranks_after_one_done(annotator) -> None:
    doc, events = _accusation_and_attack(annotator)
    events[1].status = "hypothetical"
    a, b = (mention_of(doc, e, VOCAB) for e in events)
    keep, drop = _ranked(a, b, RANKS)
    assert keep.event.type == "ACCUSE" and drop.event.type == "ASSAULT"
    events[1].status = "occurred"
    keep, drop = _ranked(a, b, RANKS)
    assert keep.event.type == "ASSAULT"


def test_the_precedence_lists_plover_types() -> None:
    assert parse_vocabulary({"act_precedence": ["assault", "request"]}).act_precedence == (
        "ASSAULT",
        "REQUEST",
    )
    assert RANKS[0] == "ASSAULT" and RANKS.index("THREATEN") < RANKS.index("ACCUSE")


def test_an_act_noun_that_talks_are_about_is_their_topic(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The two ministers discussed the sanctions on Chad during their visit."
    )
    events = [
        event_at(doc, "e1", "CONSULT", "discussed", sources=["gov"]),
        event_at(doc, "e2", "SANCTION", "sanctions", targets=["gov"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["CONSULT"]
    assert any("the content of another act" in n for n in events[1].notes)


def test_an_agreement_signed_at_talks_stays(annotator, resolver) -> None:
    # the agreement is what was signed, not what the talks were about
    doc = annotator.annotate("The ministers met in Abeche and signed a security agreement.")
    events = [
        event_at(doc, "e1", "CONSULT", "met", sources=["gov"], targets=["rebels"]),
        event_at(doc, "e2", "AGREE", "agreement", sources=["gov"], targets=["rebels"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["AGREE", "CONSULT"]


def test_an_attack_talks_are_about_stays(annotator, resolver) -> None:
    doc = annotator.annotate("The envoys held talks on Monday about the attack on the convoy.")
    events = [
        event_at(doc, "e1", "CONSULT", "talks", sources=["gov"]),
        event_at(doc, "e2", "ASSAULT", "attack", sources=["rebels"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert "ASSAULT" in _types(out)
