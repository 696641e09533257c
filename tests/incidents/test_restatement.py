"""Fewer duplicate events: an act told again in other words joins its incident
(:mod:`sitroom.incidents.restatement`), act nouns refer back by their lemma, and what a demand
says is no act; sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.incidents import IncidentResolver
from sitroom.incidents.restatement import Restatements
from sitroom.incidents.vocabulary import default_vocabulary, parse_vocabulary
from sitroom.models import Act, Actor, Event, Location, Span
from support.events import event_at

PUBLISHED = dt.date(2023, 3, 15)
ACTORS = {
    "taliban": Actor(id="taliban", name="Taliban", type="armed_group", country="AFG", kb=True),
    "un": Actor(id="un", name="United Nations", type="igo", kb=True),
    "kenya": Actor(id="kenya", name="Kenya", type="state", country="KEN", kb=True),
    "somalia": Actor(id="somalia", name="Somalia", type="state", country="SOM", kb=True),
    "envoy": Actor(id="envoy", name="Ana Ruiz", type="person"),
    "eu": Actor(id="eu", name="European Union", type="igo", kb=True),
    "rsf": Actor(id="rsf", name="Rapid Support Forces", type="armed_group", country="SDN"),
    "driver": Actor(id="driver", name="Omar Zaki", type="person"),
    "union": Actor(id="union", name="teachers' union", type="other"),
    "ministry": Actor(id="ministry", name="ministry", type="government"),
}  # fmt: skip


@pytest.fixture(scope="module")
def resolver() -> IncidentResolver:
    return IncidentResolver()


def _evidence_counts(out: list[Event]) -> list[int]:
    return [1 + len(e.more_evidence) for e in out]


def test_a_ban_told_again_in_other_words_is_oneevent_at(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The Taliban have barred the United Nations envoy Ana Ruiz from entering Afghanistan. "
        "She has visited the country four times since her appointment. "
        "Her reports on schools drew sharp criticism in Kabul. "
        "A spokesman said on Tuesday that the Taliban had prohibited Ruiz from travelling there."
    )
    events = [
        event_at(doc, "e1", "COERCE", "barred", sources=["taliban"], targets=["envoy"]),
        event_at(doc, "e2", "COERCE", "prohibited", sources=["taliban"], targets=["envoy"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [2]
    assert "incidents: 2 mentions of one incident merged" in out[0].notes


def test_a_ban_and_a_restriction_can_name_one_act(annotator, resolver) -> None:
    # "barred" (restrict) and "prohibited" (ban): confusable_modes; an arrest and a
    # deportation of the same person are two acts
    doc = annotator.annotate(
        "The Taliban have barred the United Nations envoy Ana Ruiz from the country. "
        "A spokesman said the Taliban had prohibited Ruiz from entering Afghanistan. "
        "The Taliban arrested Ruiz's driver in Kabul on Monday. "
        "The Taliban deported Ruiz's driver to Pakistan on Tuesday."
    )
    events = [
        event_at(doc, "e1", "COERCE", "barred", mode="restrict", sources=["taliban"],
               targets=["envoy"]),
        event_at(doc, "e2", "COERCE", "prohibited", mode="ban", sources=["taliban"],
               targets=["envoy"]),
        event_at(doc, "e3", "COERCE", "arrested", mode="arrest", sources=["taliban"],
               targets=["driver"]),
        event_at(doc, "e4", "COERCE", "deported", mode="deport", sources=["taliban"],
               targets=["driver"]),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [2, 1, 1]


def test_bans_of_one_authority_on_different_things_stay_apart(annotator, resolver) -> None:
    # a coercion by the same doer that names no target of the incident is another act
    doc = annotator.annotate(
        "The Taliban have barred the United Nations envoy Ana Ruiz from entering Afghanistan. "
        "The Taliban have also imposed a ban on a radio station in Kandahar."
    )
    events = [
        event_at(doc, "e1", "COERCE", "barred", sources=["taliban"], targets=["envoy"]),
        event_at(doc, "e2", "COERCE", "ban on", sources=["taliban"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [1, 1]


def test_a_demand_restated_by_its_speaker_is_oneevent_at(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations called on Kenya to keep the refugee camps open. "
        "The camps house more than 400,000 people near the border. "
        "Many have lived there for two decades. "
        "Officials of the United Nations pleaded with the authorities in Nairobi to reconsider."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["un"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "pleaded", sources=["un"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [2]
    assert out[0].sources == ["un"] and out[0].targets == ["kenya"]


def test_two_demands_of_different_acts_stay_two(annotator, resolver) -> None:
    # the same speaker asks for two different things: talks, and a release
    doc = annotator.annotate(
        "The United Nations called on Kenya to resume talks with Somalia. "
        "The United Nations also pressed Kenya to free the detained journalists."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["un"], targets=["kenya"],
               act=Act(type="CONSULT")),
        event_at(doc, "e2", "REQUEST", "pressed", sources=["un"], targets=["kenya"],
               act=Act(type="CONCEDE")),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [1, 1]


def test_two_speakers_with_the_same_demand_stay_two(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations called on Kenya to keep the refugee camps open. "
        "Somalia also pleaded with Kenya to keep the camps open."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["un"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "pleaded", sources=["somalia"], targets=["kenya"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [1, 1]


def test_sanctions_told_in_detail_are_the_sanctions(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The European Union imposed sanctions on Monday on two commanders of the Rapid Support "
        "Forces. The measures follow months of fighting in Darfur. "
        "EU ministers froze the assets of the two men and banned them from travel to the bloc."
    )
    events = [
        event_at(doc, "e1", "SANCTION", "sanctions", sources=["eu"], targets=["rsf"]),
        event_at(doc, "e2", "SANCTION", "froze", sources=["eu"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [2]


def test_talks_with_no_named_doer_told_again_nearby_are_one(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Talks with Somalia resumed in Nairobi on Monday. "
        "Negotiations with Somalia are expected to last a week."
    )
    events = [
        event_at(doc, "e1", "CONSULT", "Talks", targets=["somalia"]),
        event_at(doc, "e2", "CONSULT", "Negotiations", targets=["somalia"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [2]


def test_talks_with_no_named_doer_far_apart_stay_two(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Talks with Somalia resumed in Nairobi on Monday. "
        "The border has been closed since 2011. "
        "Trade across it has collapsed. "
        "Herders have lost their markets. "
        "Many families have moved to the camps. "
        "Negotiations with Somalia over the sea border failed last year."
    )
    events = [
        event_at(doc, "e1", "CONSULT", "Talks", targets=["somalia"]),
        event_at(doc, "e2", "CONSULT", "Negotiations", targets=["somalia"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [1, 1]


def test_attacks_by_one_group_in_other_words_stay_apart(annotator, resolver) -> None:
    # attacks are not told again by their doer alone: a group carries out many
    doc = annotator.annotate(
        "Taliban fighters attacked a police post in Kandahar. "
        "Taliban fighters ambushed an army convoy in Helmand."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", sources=["taliban"]),
        event_at(doc, "e2", "ASSAULT", "ambushed", sources=["taliban"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert _evidence_counts(out) == [1, 1]


def test_restates_checks_type_doer_target_and_act() -> None:
    r = Restatements(types=frozenset({"REQUEST", "COERCE"}), with_target=frozenset({"COERCE"}))
    span = Span(start=0, end=1, text="x")
    demand = Event(id="e", type="REQUEST", evidence=span, act=Act(type="CONSULT"))
    ban = Event(id="e", type="COERCE", evidence=span)
    attack = Event(id="e", type="ASSAULT", evidence=span)
    un, kenya = {"un"}, {"kenya"}
    assert r.restates(demand, (un, set()), (un, kenya), {"CONSULT", None}, near=False)
    assert not r.restates(demand, (un, set()), (un, kenya), {"CONCEDE"}, near=False)
    assert not r.restates(demand, ({"somalia"}, set()), (un, kenya), set(), near=False)
    assert not r.restates(ban, (un, set()), (un, kenya), set(), near=False)
    assert r.restates(ban, (un, kenya), (un, kenya), set(), near=False)
    assert not r.restates(attack, (un, kenya), (un, kenya), set(), near=True)
    # no doer of its own: the same party, and only nearby
    assert r.restates(demand, (set(), kenya), (set(), kenya), set(), near=True)
    assert not r.restates(demand, (set(), kenya), (set(), kenya), set(), near=False)
    # a later mention with no doer contradicts none: the same party nearby suffices
    assert r.restates(demand, (set(), kenya), (un, kenya), set(), near=True)
    assert not r.restates(demand, (set(), kenya), (un, kenya), set(), near=False)


def test_restated_vocabulary_is_validated() -> None:
    v = default_vocabulary()
    assert "REQUEST" in v.restated_types and "ASSAULT" not in v.restated_types
    assert v.restated_with_target <= v.restated_types
    assert frozenset({"ban", "restrict"}) in v.confusable_modes
    with pytest.raises(ValueError, match="confusable_modes"):
        parse_vocabulary({"confusable_modes": [["ban", "restrict", "arrest"]]})
    with pytest.raises(ValueError, match="restated_with_target"):
        parse_vocabulary({"restated_types": ["REQUEST"], "restated_with_target": ["COERCE"]})


def test_an_infinitive_whose_subject_is_a_demand_noun_is_what_was_said(annotator, resolver) -> None:
    # the parser makes "call" the subject of "free": the release is the content of the call
    doc = annotator.annotate(
        'The union welcomed the decision and renewed "its call to the ministry to promptly '
        'free the detained teachers."'
    )
    events = [
        event_at(doc, "e1", "REQUEST", "call", sources=["union"], targets=["ministry"]),
        event_at(doc, "e2", "CONCEDE", "free", sources=["union"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.type for e in out] == ["REQUEST"]
    assert "incidents: the content of another act, not an event" in events[1].notes


def test_plural_and_new_act_nouns_refer_back_by_their_lemma(annotator, resolver) -> None:
    # "the talks" (lemma talk) and "the walkout" recall the talks and the strike told before
    doc = annotator.annotate(
        "Teachers went on strike across Kenya on Monday. "
        "Kenya and Somalia held talks in Nairobi on Tuesday. "
        "Schools in the capital stayed closed. "
        "Parents kept their children at home. "
        "Officials said buses ran normally. "
        "The union said 100,000 teachers had joined the walkout. "
        "The talks ended without a deal, diplomats said."
    )
    events = [
        event_at(doc, "e1", "PROTEST", "strike", sources=["civilians"]),
        event_at(doc, "e2", "CONSULT", "talks", sources=["kenya"], targets=["somalia"]),
        event_at(doc, "e3", "PROTEST", "walkout", sources=["union"]),
        event_at(doc, "e4", "CONSULT", "talks", nth=1),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [(e.type, 1 + len(e.more_evidence)) for e in out] == [("PROTEST", 2), ("CONSULT", 2)]


def test_a_demand_made_in_one_place_to_a_party_elsewhere_is_one(annotator, resolver) -> None:
    sudan = Location(name="Sudan", country="SDN", precision="country")
    brussels = Location(name="Brussels", country="BEL", city="Brussels", precision="city")
    nairobi = Location(name="Nairobi", country="KEN", city="Nairobi", precision="city")
    doc = annotator.annotate(
        "The European Union called on Sudan's Rapid Support Forces to end the siege. "
        "Ministers meeting in Brussels urged the paramilitary group to let aid through. "
        "The European Union met Kenya in Brussels. "
        "The European Union also met Kenya in Nairobi."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["eu"], targets=["rsf"], location=sudan),
        event_at(doc, "e2", "REQUEST", "urged", sources=["eu"], location=brussels),
        event_at(doc, "e3", "CONSULT", "met", sources=["eu"], targets=["kenya"], location=brussels),
        event_at(
            doc, "e4", "CONSULT", "met", nth=1, sources=["eu"], targets=["kenya"], location=nairobi
        ),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # a demand has no place of its own to tell two apart; meetings in two cities are two
    assert [(e.type, 1 + len(e.more_evidence)) for e in out] == [
        ("REQUEST", 2),
        ("CONSULT", 1),
        ("CONSULT", 1),
    ]


def test_a_quoted_demand_with_no_doer_joins_the_demand_it_repeats(annotator, resolver) -> None:
    # the quotation's "we" is no actor: with no doer of its own, the demand towards the same
    # party (here an organ of the same state) a sentence later is the demand told again
    doc = annotator.annotate(
        "The teachers' union called on Kenya to release the detained strikers. "
        "“We urge the ministry to free our colleagues today,” the union said in a statement."
    )
    ministry = Actor(id="ken-ministry", name="ministry", type="government", country="KEN")
    actors = {**ACTORS, "ken-ministry": ministry}
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["union"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "urge", targets=["ken-ministry"]),
    ]
    out = resolver.resolve(doc, events, actors, PUBLISHED)
    assert _evidence_counts(out) == [2]
    # a party of another state is another demand
    events = [
        event_at(doc, "e1", "REQUEST", "called", sources=["union"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "urge", targets=["somalia"]),
    ]
    assert _evidence_counts(resolver.resolve(doc, events, ACTORS, PUBLISHED)) == [1, 1]
