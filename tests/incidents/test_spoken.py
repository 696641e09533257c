"""Fewer duplicate events: acts an article speaks of without telling them (what a text
provides, an attribution in passing, what is hoped for), a seizure within an attack whose
attacker is unnamed, and actors whose country is not given; sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.incidents import IncidentResolver
from sitroom.incidents.clusters import compatible
from sitroom.models import Actor, Event, Span
from support.events import event_at

PUBLISHED = dt.date(2023, 3, 15)
ACTORS = {
    "gov": Actor(id="gov", name="Government of Sudan", type="government", country="SDN"),
    "rebels": Actor(id="rebels", name="Sudan People's Front", type="armed_group", country="SDN"),
    "party": Actor(id="party", name="National Party", type="party", country="SDN"),
    "army": Actor(id="army", name="Military of Sudan", type="military", country="SDN"),
    "kenya": Actor(id="kenya", name="Kenya", type="state", country="KEN", kb=True),
    "somalia": Actor(id="somalia", name="Somalia", type="state", country="SOM", kb=True),
    "ali": Actor(id="ali", name="Hassan Ali", type="person"),
    "government-authorities": Actor(
        id="government-authorities", name="Government authorities (country not given)",
        type="government",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def resolver() -> IncidentResolver:
    return IncidentResolver()


def _types(out: list[Event]) -> list[str]:
    return [e.type for e in out]


def test_what_an_agreement_provides_is_no_event(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The government and the rebels signed a ceasefire agreement in Nairobi on Tuesday. "
        "The agreement commits both sides to stop all attacks within 72 hours."
    )
    events = [
        event_at(doc, "e1", "AGREE", "agreement", sources=["gov"], targets=["rebels"]),
        event_at(doc, "e2", "AGREE", "agreement", 1, sources=["gov"], targets=["rebels"]),
        event_at(doc, "e3", "ASSAULT", "attacks", status="thwarted"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["AGREE"]
    assert any("what the agreement provides" in n for n in events[2].notes)


def test_what_a_law_allows_is_no_event(annotator, resolver) -> None:
    doc = annotator.annotate("The new law allows the government to seize the party's assets.")
    events = [
        event_at(doc, "e1", "COERCE", "seize", mode="seize", sources=["gov"], targets=["party"])
    ]
    assert resolver.resolve(doc, events, ACTORS, PUBLISHED) == []
    assert any("what the law provides" in n for n in events[0].notes)


def test_an_act_told_beside_a_text_stays_an_event(annotator, resolver) -> None:
    # an adverbial clause tells an act apart from the text: the attack happened
    doc = annotator.annotate("The peace deal collapsed on Friday after rebels attacked a town.")
    events = [event_at(doc, "e1", "ASSAULT", "attacked", sources=["rebels"])]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]


def test_an_act_a_person_provides_for_stays_an_event(annotator, resolver) -> None:
    # the subject is no text: "the minister allowed police to arrest" tells an arrest ordered
    doc = annotator.annotate("The minister ordered the army to seize the rebels' weapons.")
    events = [event_at(doc, "e1", "COERCE", "seize", mode="seize", sources=["army"])]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["COERCE"]


def test_an_attribution_in_passing_is_no_accusation(annotator, resolver) -> None:
    doc = annotator.annotate(
        "In one of the worst attacks blamed on the group, its fighters killed about 60 people "
        "at a camp in February 2022."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "attacks", sources=["rebels"]),
        event_at(doc, "e2", "ACCUSE", "blamed", targets=["rebels"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]
    assert any("who the article says did an act" in n for n in events[1].notes)


def test_an_accusation_told_by_its_verb_stays(annotator, resolver) -> None:
    doc = annotator.annotate("The government blamed the attacks on the rebels on Monday.")
    events = [
        event_at(doc, "e1", "ACCUSE", "blamed", sources=["gov"], targets=["rebels"]),
        event_at(doc, "e2", "ASSAULT", "attacks", sources=["rebels"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert sorted(_types(out)) == ["ACCUSE", "ASSAULT"]


def test_a_release_pushed_for_in_hope_is_not_asserted(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Her son met Kenyan officials in Nairobi this week in hopes that Kenya can help push "
        "for her release."
    )
    events = [
        event_at(doc, "e1", "CONSULT", "met", sources=["ali"], targets=["kenya"]),
        event_at(doc, "e2", "CONCEDE", "release", mode="release", targets=["ali"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["CONSULT"]


def test_talks_during_which_something_is_hoped_for_happen(annotator, resolver) -> None:
    doc = annotator.annotate("Kenya hopes to settle the dispute during talks with Somalia today.")
    events = [event_at(doc, "e1", "CONSULT", "talks", sources=["kenya"], targets=["somalia"])]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["CONSULT"]


def test_a_seizure_within_an_attack_by_no_one_named_is_the_attack(annotator, resolver) -> None:
    doc = annotator.annotate("Five rebels were killed, and troops recovered rifles and explosives.")
    events = [
        event_at(doc, "e1", "ASSAULT", "killed", targets=["rebels"]),
        event_at(doc, "e2", "COERCE", "recovered", mode="seize", sources=["army"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["ASSAULT"]


def test_a_seizure_by_another_party_than_a_named_attacker_stays(annotator, resolver) -> None:
    # the attacker is named and the seizure is by someone else: an act of its own
    doc = annotator.annotate("Rebels killed five soldiers, and the government seized a truck.")
    events = [
        event_at(doc, "e1", "ASSAULT", "killed", sources=["rebels"], targets=["army"]),
        event_at(doc, "e2", "COERCE", "seized", mode="seize", sources=["gov"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert sorted(_types(out)) == ["ASSAULT", "COERCE"]


def _request(targets: list[str]) -> Event:
    span = Span(start=0, end=5, text="urged")
    return Event(id="e", type="REQUEST", sources=["ali"], targets=targets, evidence=span)


def test_authorities_of_no_country_do_not_tell_two_demands_apart() -> None:
    # "urged the president" (no country given) and "urged Kenya": one party may be both
    a, b = _request(["government-authorities"]), _request(["kenya"])
    assert compatible(a, b, False, False)
    assert not compatible(_request(["somalia"]), b, False, False)


def test_an_act_told_by_a_light_verb_and_a_coordinated_verb_is_one(annotator, resolver) -> None:
    # "froze the assets" (the act is the verb's object) "and banned them": one sanction
    doc = annotator.annotate(
        "The ministers froze the assets of the four men and banned them from travelling."
    )
    events = [
        event_at(doc, "e1", "SANCTION", "assets", sources=["gov"]),
        event_at(doc, "e2", "COERCE", "banned", mode="ban", sources=["gov"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _types(out) == ["SANCTION"]


def test_a_coordinated_act_with_its_own_subject_stays(annotator, resolver) -> None:
    doc = annotator.annotate("The ministers froze the assets and the police banned a march.")
    events = [
        event_at(doc, "e1", "SANCTION", "assets", sources=["gov"]),
        event_at(doc, "e2", "COERCE", "banned", mode="ban", sources=["gov"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert sorted(_types(out)) == ["COERCE", "SANCTION"]


def test_a_deed_and_a_word_of_one_subject_stay_two(annotator, resolver) -> None:
    # "is considering sanctions" (the act is the verb's object) "and warned that ...": a deed
    # and a word, each its own event
    doc = annotator.annotate(
        "Kenya is considering sanctions and warned that Somalia's actions would divide the region."
    )
    events = [
        event_at(doc, "e1", "SANCTION", "sanctions", status="hypothetical", sources=["kenya"]),
        event_at(doc, "e2", "THREATEN", "warned", sources=["kenya"], targets=["somalia"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert sorted(_types(out)) == ["SANCTION", "THREATEN"]
