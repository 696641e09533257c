"""The incidents stage on sentences written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.incidents import IncidentResolver
from sitroom.incidents.clusters import compatible
from sitroom.incidents.vocabulary import default_vocabulary, parse_vocabulary
from sitroom.models import Actor, DateValue, Event, Location, Span
from support.events import event_at

PUBLISHED = dt.date(2023, 3, 15)
ACTORS = {
    "taliban": Actor(id="taliban", name="Taliban", type="armed_group", country="AFG", kb=True),
    "afg-police": Actor(id="afg-police", name="Afghan police", type="police", country="AFG"),
    "afg-army": Actor(id="afg-army", name="Afghan army", type="military", country="AFG"),
    "un": Actor(id="un", name="United Nations", type="igo", kb=True),
    "teachers": Actor(id="teachers", name="teachers", type="other"),
    "kenya": Actor(id="kenya", name="Kenya", type="state", country="KEN", kb=True),
}  # fmt: skip


def _day(y: int, m: int, d: int) -> DateValue:
    return DateValue(start=dt.date(y, m, d), end=dt.date(y, m, d), precision="day")


@pytest.fixture(scope="module")
def resolver() -> IncidentResolver:
    return IncidentResolver()


def test_mentions_of_one_attack_become_oneevent_at(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen attacked a police post in Kandahar on Monday. "
        "The attack killed four officers, the governor said. "
        "The Taliban claimed responsibility for the assault. "
        "At least six officers died in the attack, police said on Tuesday."
    )
    kandahar = Location(name="Kandahar", country="AFG", admin1="Kandahar", precision="city")
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", sources=["unidentified-armed-group"],
               targets=["afg-police"], date=_day(2023, 3, 13), location=kandahar),
        event_at(doc, "e2", "ASSAULT", "attack", nth=1, killed=4, targets=["afg-police"],
               date=DateValue(start=PUBLISHED, precision="document"),
               location=Location(name="Afghanistan", country="AFG", precision="country")),
        event_at(doc, "e3", "ASSAULT", "assault", claimed_by=["taliban"]),
        event_at(doc, "e4", "ASSAULT", "attack", nth=2, killed=6),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert len(out) == 1
    e = out[0]
    assert e.sources == ["taliban"] and e.claimed_by == ["taliban"] and e.source_basis == "claimed"
    assert e.killed == 6  # the later, higher "at least" figure
    assert e.location is not None and e.location.name == "Kandahar"  # the most specific place
    assert e.date.start == dt.date(2023, 3, 13)  # the stated date over the default one
    assert len(e.more_evidence) == 3 and e.salience == "main"


def test_an_attack_and_the_operation_that_ended_it_stay_two(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Militants stormed a hotel in Kabul on Monday and took guests hostage. "
        "Soldiers ended the siege in a rescue operation on Tuesday, killing five militants."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "stormed", sources=["taliban"], date=_day(2023, 3, 13)),
        event_at(doc, "e2", "ASSAULT", "operation", sources=["afg-army"], targets=["taliban"],
               killed=5, date=_day(2023, 3, 14), mode="rescue_operation"),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert len(out) == 2
    assert [e.salience for e in out] == ["main", "secondary"]


def test_same_type_different_place_or_date_stays_distinct() -> None:
    ev = Span(start=0, end=1, text="x")
    a = Event(
        id="a",
        type="ASSAULT",
        evidence=ev,
        date=_day(2023, 3, 13),
        location=Location(name="Kandahar", country="AFG", precision="city"),
    )
    b = a.model_copy(update={"date": _day(2023, 3, 10)})
    c = a.model_copy(update={"location": Location(name="Herat", country="AFG", precision="city")})
    d = a.model_copy(update={"location": Location(name="Quetta", country="PAK", precision="city")})
    e = a.model_copy(update={"date": DateValue(start=PUBLISHED, precision="document")})
    f = a.model_copy(update={"sources": ["taliban"], "targets": ["afg-police"]})
    g = a.model_copy(update={"sources": ["afg-police"], "targets": ["taliban"]})
    assert not compatible(a, b, False, False)
    assert not compatible(a, c, False, False)
    assert not compatible(a, d, False, False)
    assert compatible(a, e, False, False)
    assert not compatible(f, g, False, False)  # reversed sides: a response, not a mention
    assert not compatible(a, a.model_copy(update={"status": "planned"}), False, False)
    assert not compatible(a, a.model_copy(update={"type": "COERCE"}), False, False)  # fmt: skip


def test_repeated_calls_merge_but_different_addressees_do_not(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations urged Kenya to keep the camps open. "
        "Aid groups praised the decision of the court. "
        "The United Nations also urged Kenya to protect refugees. "
        "The United Nations urged the Taliban to reopen schools."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "urged", sources=["un"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "urged", nth=1, sources=["un"], targets=["kenya"]),
        event_at(doc, "e3", "REQUEST", "urged", nth=2, sources=["un"], targets=["taliban"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [len(e.more_evidence) for e in out] == [1, 0]


def test_conflict_free_article_gives_no_violentevent_at(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Exports hit a record in March as the trade war eased. "
        "Shares plunged on Tuesday, wiping out gains. "
        "The United Nations held talks with Kenya."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "hit"),
        event_at(doc, "e2", "ASSAULT", "plunged"),
        event_at(doc, "e3", "CONSULT", "talks", sources=["un"], targets=["kenya"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.type for e in out] == ["CONSULT"]


def test_metaphors_in_a_conflict_article_are_no_attacks(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen killed two soldiers near the border on Monday. "
        "The club faces a relegation battle after the defeat. "
        "Teachers went on strike over pay on Tuesday. "
        "Ministers pledged to fight against corruption."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "killed", killed=2),
        event_at(doc, "e2", "ASSAULT", "battle"),
        event_at(doc, "e3", "ASSAULT", "strike", sources=["teachers"]),
        event_at(doc, "e4", "ASSAULT", "fight"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [(e.type, e.mode) for e in out] == [("ASSAULT", None), ("PROTEST", "strike")]


def test_a_standoff_of_wills_or_nerves_is_no_battle(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Rebels attacked an army post on Monday. "
        "The nurses' walkout over wages became a battle of wills with the ministry. "
        "Talks between the two parties turned into a war of nerves. "
        "The budget vote was a tug of war between the two chambers."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked"),
        event_at(doc, "e2", "ASSAULT", "battle"),
        event_at(doc, "e3", "ASSAULT", "war"),
        event_at(doc, "e4", "ASSAULT", "war", nth=1),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.id for e in out] == ["e1"]


def test_recalled_events_are_background_and_keep_their_own_date(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Police arrested a journalist in Harare on Wednesday. "
        "The same reporter was detained in 2020 over his reporting. "
        "He was also held for a week, his lawyer said."
    )
    events = [
        event_at(doc, "e1", "COERCE", "arrested", date=_day(2023, 3, 15)),
        event_at(doc, "e2", "COERCE", "detained",
               date=DateValue(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31),
                              precision="year")),
        event_at(doc, "e3", "COERCE", "held", date=DateValue(start=PUBLISHED, precision="document"),
               status="planned"),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.salience for e in out] == ["main", "background", "secondary"]
    assert out[1].date.start == dt.date(2020, 1, 1)


def test_vocabulary_is_validated() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        parse_vocabulary({"violence": []})
    with pytest.raises(ValueError, match="attribution_verbs"):
        parse_vocabulary({"attribution_verbs": {"claim": "maybe"}})
    v = parse_vocabulary({"violence_cues": ["gun", "car bomb"]})
    assert v.violence_cues == {"gun"} and v.violence_phrases == ("car bomb",)


def test_the_content_of_a_demand_is_no_event_of_its_own(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations urged the Taliban to lift the ban on girls' schools. "
        "Kenya demanded the release of the prisoners. "
        "The Taliban accused Kenya of killing two herders."
    )
    events = [
        event_at(doc, "e1", "REQUEST", "urged", sources=["un"], targets=["taliban"]),
        event_at(doc, "e2", "CONCEDE", "lift", sources=["taliban"]),
        event_at(doc, "e3", "REQUEST", "demanded", sources=["kenya"]),
        event_at(doc, "e4", "CONCEDE", "release", sources=["kenya"]),
        event_at(doc, "e5", "ACCUSE", "accused", sources=["taliban"], targets=["kenya"]),
        event_at(doc, "e6", "ASSAULT", "killing", sources=["kenya"], killed=2),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # the accusation's object is a real (alleged) killing: kept
    assert [e.type for e in out] == ["REQUEST", "REQUEST", "ACCUSE", "ASSAULT"]


def test_acts_without_any_identifiable_actor_are_not_codable(annotator, resolver) -> None:
    doc = annotator.annotate("Talks will continue next month. Police detained a man in Nairobi.")
    events = [event_at(doc, "e1", "CONSULT", "Talks"), event_at(doc, "e2", "COERCE", "detained")]
    assert [e.type for e in resolver.resolve(doc, events, ACTORS, PUBLISHED)] == ["COERCE"]


def test_acts_that_are_only_possible_are_no_events(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations could impose sanctions on Kenya. "
        "Kenya may ask the United Nations to mediate. "
        "The United Nations imposed sanctions on Kenya in 2020."
    )
    events = [
        event_at(doc, "e1", "SANCTION", "impose", sources=["un"], targets=["kenya"]),
        event_at(doc, "e2", "REQUEST", "ask", sources=["kenya"], targets=["un"]),
        event_at(doc, "e3", "SANCTION", "imposed", sources=["un"], targets=["kenya"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.evidence.text.split()[3] for e in out] == ["imposed"]


def test_a_word_of_a_name_is_no_trigger(annotator, resolver) -> None:
    from sitroom.annotation import EntitySpan

    doc = annotator.annotate(
        "Kenya joined the Alliance of Democracies in 2020. The United Nations met Kenya. "
        "Kenya signed the Nairobi Agreement in 2021."
    )

    def mark(first_word: str, last_word: str, label: str) -> EntitySpan:
        # the name as the NER stage would mark it (the rule, not the model, is under test)
        first = doc.token_at_or_after(doc.text.index(first_word))
        last = doc.token_at_or_after(doc.text.index(last_word))
        for t in doc.tokens[first.i : last.i + 1]:
            t.pos = "PROPN" if t.text[0].isupper() else t.pos
        return EntitySpan(label, first.idx, last.end, first.i, last.i + 1,
                          doc.text[first.idx : last.end])  # fmt: skip

    doc.entities = [mark("Alliance", "Democracies", "ORG"), mark("Nairobi", "Agreement", "LAW")]
    doc._entity_of = None
    events = [
        event_at(doc, "e1", "COOPERATE", "Alliance", sources=["kenya"]),
        event_at(doc, "e2", "CONSULT", "met", sources=["un"], targets=["kenya"]),
        event_at(doc, "e3", "AGREE", "Agreement", sources=["kenya"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # an organization's name is no act; a named agreement is one
    assert [e.trigger.text for e in out if e.trigger] == ["met", "Agreement"]


def test_later_reports_of_an_incident_join_it_despite_their_own_day(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen attacked a market in Kandahar on Monday, killing four people. "
        "The death toll rose to nine on Wednesday after five of the wounded died in hospital. "
        "The Taliban said on Thursday that its fighters had carried out the attack."
    )
    kandahar = Location(name="Kandahar", country="AFG", admin1="Kandahar", precision="city")
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", sources=["unidentified-armed-group"],
               killed=4, date=_day(2023, 3, 13), location=kandahar),
        event_at(doc, "e2", "ASSAULT", "died", killed=9, date=_day(2023, 3, 15)),
        event_at(doc, "e3", "ASSAULT", "attack", nth=1, sources=["taliban"],
               claimed_by=["taliban"], date=_day(2023, 3, 16)),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, dt.date(2023, 3, 17))
    assert len(out) == 1
    e = out[0]
    assert e.date.start == dt.date(2023, 3, 13)  # the incident's day, not the reports'
    assert e.sources == ["taliban"] and e.source_basis == "claimed"


def test_a_later_report_is_no_licence_to_join_a_different_day_far_apart() -> None:
    ev = Span(start=0, end=1, text="x")
    a = Event(id="a", type="ASSAULT", evidence=ev, date=_day(2023, 3, 13))
    soon = a.model_copy(update={"date": _day(2023, 3, 15)})
    months_later = a.model_copy(update={"date": _day(2023, 6, 15)})
    before = a.model_copy(update={"date": _day(2023, 3, 10)})
    assert not compatible(a, soon, False, False)  # a new incident told with its own day
    assert compatible(a, soon, False, False, later_report=True)  # the day it was reported
    assert not compatible(a, months_later, False, False, later_report=True)
    assert not compatible(a, before, False, False, later_report=True)


def test_coordinated_verbs_with_one_subject_tell_one_act(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The United Nations froze the assets of the Taliban and banned its leaders from travel. "
        "Afghan police detained a trader and killed his driver. "
        "Kenya welcomed the decision but criticized the United Nations. "
        "The United Nations urged the Taliban to talk and warned that it would act. "
        "Afghan police detained a man on Monday, and the Taliban attacked a school."
    )
    events = [
        event_at(doc, "e1", "SANCTION", "froze", sources=["un"], targets=["taliban"]),
        event_at(doc, "e2", "COERCE", "banned", sources=["un"], targets=["taliban"]),
        event_at(doc, "e3", "COERCE", "detained", sources=["afg-police"]),
        event_at(doc, "e4", "ASSAULT", "killed", sources=["afg-police"], killed=1),
        event_at(doc, "e5", "SUPPORT", "welcomed", sources=["kenya"]),
        event_at(doc, "e6", "ACCUSE", "criticized", sources=["kenya"], targets=["un"]),
        event_at(doc, "e7", "REQUEST", "urged", sources=["un"], targets=["taliban"]),
        event_at(doc, "e8", "THREATEN", "warned", sources=["un"]),
        event_at(doc, "e9", "COERCE", "detained", nth=1, sources=["afg-police"]),
        event_at(doc, "e10", "ASSAULT", "attacked", sources=["taliban"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # one act: the first verb's type, unless a later one is an attack; a contrast ("but"), two
    # verbal acts of two types and a conjunct with its own subject stay two
    assert [e.type for e in out] == [
        "SANCTION", "ASSAULT", "SUPPORT", "ACCUSE", "REQUEST", "THREATEN", "COERCE", "ASSAULT"
    ]  # fmt: skip


def test_a_weapon_word_inside_a_name_is_no_violence_cue(annotator) -> None:
    from sitroom.incidents.signals import read_signals
    from sitroom.incidents.vocabulary import default_vocabulary

    doc = annotator.annotate("Budget carrier Sky Jet cut its fares to Nairobi on Monday.")
    jet = doc.token_at_or_after(doc.text.index("Jet"))
    if jet.pos != "PROPN" or doc.entity_at_token(jet.i) is None:
        pytest.skip("the parser does not read 'Sky Jet' as a name")
    assert not read_signals(doc, default_vocabulary()).conflict


def test_what_attackers_do_within_their_attack_is_the_attack(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Taliban fighters attacked an army base on Monday, seized rifles and withdrew at dawn. "
        "Kenya withdrew its troops in May, leaving the Afghan army to fight the Taliban. "
        "Gunmen attacked a market on Friday, and police later detained two suspects."
    )
    events = [
        event_at(
            doc,
            "e1",
            "ASSAULT",
            "attacked",
            sources=["taliban"],
            targets=["afg-army"],
            date=_day(2023, 3, 13),
        ),
        event_at(doc, "e2", "COERCE", "seized", sources=["taliban"], mode="seize"),
        event_at(doc, "e3", "RETREAT", "withdrew", sources=["taliban"]),
        event_at(doc, "e4", "RETREAT", "withdrew", nth=1, sources=["kenya"]),
        event_at(
            doc,
            "e5",
            "ASSAULT",
            "fight",
            sources=["afg-army"],
            targets=["taliban"],
            date=_day(2023, 3, 1),
        ),
        event_at(
            doc,
            "e6",
            "ASSAULT",
            "attacked",
            nth=1,
            sources=["unidentified-armed-group"],
            date=_day(2023, 3, 10),
        ),
        event_at(doc, "e7", "COERCE", "detained", sources=["afg-police"], mode="arrest"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # the seizure and the withdrawal after the attack are the attack; a withdrawal told before
    # a fight and an arrest by others are events of their own
    assert sorted((e.type, e.trigger.text) for e in out if e.trigger) == [
        ("ASSAULT", "attacked"), ("ASSAULT", "attacked"), ("ASSAULT", "fight"),
        ("COERCE", "detained"), ("RETREAT", "withdrew"),
    ]  # fmt: skip


def test_a_definite_act_noun_refers_back_to_the_act(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Kenya freed two Taliban prisoners on Monday. "
        "The United Nations welcomed the release on Tuesday. "
        "The Taliban imposed a ban on music in 2021. "
        "The United Nations criticized the ban."
    )
    events = [
        event_at(doc, "e1", "CONCEDE", "freed", sources=["kenya"], targets=["taliban"]),
        event_at(doc, "e2", "SUPPORT", "welcomed", sources=["un"]),
        event_at(doc, "e3", "CONCEDE", "release"),
        event_at(doc, "e4", "COERCE", "imposed", sources=["taliban"], mode="ban"),
        event_at(doc, "e5", "ACCUSE", "criticized", sources=["un"], targets=["taliban"]),
        event_at(doc, "e6", "COERCE", "ban", nth=3, mode="ban"),  # "Taliban" holds "ban" too
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [(e.type, len(e.more_evidence)) for e in out] == [
        ("CONCEDE", 1), ("SUPPORT", 0), ("COERCE", 1), ("ACCUSE", 0)
    ]  # fmt: skip


def test_a_thing_called_an_attack_is_no_attack(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen killed two soldiers near the border on Monday. "
        "The new tax is an assault on farmers, the opposition said. "
        "This was a deliberate attack on our troops, the army said."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "killed", killed=2, sources=["unidentified-armed-group"]),
        event_at(doc, "e2", "ASSAULT", "assault"),
        event_at(doc, "e3", "ASSAULT", "attack"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # said of a tax, "assault" judges it; said of "this", it is a mention of the attack
    assert [(e.type, len(e.more_evidence)) for e in out] == [("ASSAULT", 1)]
    assert "attack" in out[0].more_evidence[0].text


def test_a_participle_that_recalls_an_act_joins_it(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Taliban fighters ambushed an army patrol near Kandahar on Sunday. "
        "The patrol was returning from a village. "
        "The army sent helicopters to the area. "
        "Schools in the district stayed closed on Monday. "
        "Markets reopened on Tuesday. "
        "The widow of one of the soldiers killed on Sunday spoke to reporters."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "ambushed", sources=["taliban"], targets=["afg-army"]),
        event_at(doc, "e2", "ASSAULT", "killed", targets=["afg-army"]),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [(e.type, len(e.more_evidence)) for e in out] == [("ASSAULT", 1)]


def test_an_act_told_again_with_its_word_and_no_doer_joins_it(annotator, resolver) -> None:
    doc = annotator.annotate(
        "The Taliban banned a novel by a Kenyan author on Monday. "
        "The author spoke to students in Nairobi. "
        "Students read poems at the meeting. "
        "Schools in Nairobi stayed open. "
        "The novel was banned because it described the war, the author said. "
        "Afghan police banned a newspaper on Tuesday."
    )
    events = [
        event_at(doc, "e1", "COERCE", "banned", sources=["taliban"], mode="ban"),
        event_at(doc, "e2", "COERCE", "banned", nth=1, mode="ban"),
        event_at(doc, "e3", "COERCE", "banned", nth=2, sources=["afg-police"], mode="ban"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # the passive without a doer tells the ban again; a ban by another doer is another act
    assert [(e.type, len(e.more_evidence)) for e in out] == [("COERCE", 1), ("COERCE", 0)]


def test_an_act_with_no_named_party_near_an_incident_of_its_type_joins_it(
    annotator, resolver
) -> None:
    doc = annotator.annotate(
        "Afghan police detained a Taliban commander in Kandahar on Monday. "
        "He was held for six hours. "
        "The army sent helicopters to the area. "
        "Schools in the district stayed closed. "
        "Markets reopened on Tuesday. "
        "Shops stayed shut. "
        "A trader was arrested on Friday."
    )
    events = [
        event_at(doc, "e1", "COERCE", "detained", sources=["afg-police"], targets=["taliban"]),
        event_at(doc, "e2", "COERCE", "held"),
        event_at(doc, "e3", "COERCE", "arrested"),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # within three sentences, an act with no named party tells the incident again; far from
    # it, it is an act of its own
    assert [(e.type, len(e.more_evidence)) for e in out] == [("COERCE", 1), ("COERCE", 0)]


def test_an_act_that_is_only_owed_is_noevent_at(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Kenya must reject the United Nations plan, the minister said. "
        "Kenya rejected the United Nations plan on Monday."
    )
    events = [
        event_at(doc, "e1", "REJECT", "reject", sources=["kenya"], targets=["un"]),
        event_at(
            doc,
            "e2",
            "REJECT",
            "rejected",
            sources=["kenya"],
            targets=["un"],
            date=_day(2023, 3, 13),
        ),
    ]
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert [e.trigger.text for e in out if e.trigger] == ["rejected"]
    assert "must" in default_vocabulary().possibility_modals


def test_a_definite_ordinal_is_an_incident_counted_already(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen attacked a police post in Kandahar on Monday. "
        "Fighters also attacked an army base in Helmand on Wednesday. "
        "The second attack began late on Wednesday, when about 40 fighters overran the gate. "
        "A second attack hit a checkpoint in Helmand on Wednesday night."
    )
    helmand = Location(name="Helmand", country="AFG", admin1="Helmand", precision="admin1")
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", date=_day(2023, 3, 13), targets=["afg-police"],
                 location=Location(name="Kandahar", country="AFG", precision="city")),
        event_at(doc, "e2", "ASSAULT", "attacked", nth=1, date=_day(2023, 3, 15),
                 targets=["afg-army"], location=helmand),
        event_at(doc, "e3", "ASSAULT", "attack", nth=2, date=_day(2023, 3, 15)),
        event_at(doc, "e4", "ASSAULT", "attack", nth=3, date=_day(2023, 3, 15),
                 location=helmand),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    # "the second attack" is the base attack; "a second attack" is one more
    assert len(out) == 3
    assert len(out[1].more_evidence) == 1 and "The second attack" in out[1].more_evidence[0].text


def test_a_definite_ordinal_joins_no_incident_of_another_day(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen attacked a church in Kaduna on Sunday. "
        "The second attack, on a mosque in Kaduna on Tuesday, killed five worshippers."
    )
    kaduna = Location(name="Kaduna", country="NGA", precision="city")
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", date=_day(2023, 3, 12), location=kaduna),
        event_at(doc, "e2", "ASSAULT", "attack", nth=1, date=_day(2023, 3, 14), killed=5,
                 location=kaduna),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert len(out) == 2


def test_a_later_report_names_the_act_of_an_attack_told_with_no_weapon(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Armed men stormed a boarding school in Kumbo on Wednesday and marched 14 students "
        "into the forest. On Friday, the governor blamed the kidnapping on the Taliban."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "stormed", mode="armed_assault", date=_day(2023, 3, 15),
                 sources=["unidentified-armed-group"]),
        event_at(doc, "e2", "ASSAULT", "kidnapping", mode="kidnapping", sources=["taliban"],
                 date=_day(2023, 3, 17)),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert len(out) == 1 and out[0].sources == ["taliban"]


def test_a_later_report_prefers_an_incident_of_its_own_mode(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen kidnapped 20 passengers near Kaduna on Monday. "
        "Gunmen also attacked a police post near Kaduna on Monday. "
        "Police blamed the kidnapping on the Taliban."
    )
    kaduna = Location(name="Kaduna", country="NGA", precision="city")
    events = [
        event_at(doc, "e1", "ASSAULT", "kidnapped", mode="kidnapping", date=_day(2023, 3, 13),
                 location=kaduna),
        event_at(doc, "e2", "ASSAULT", "attacked", mode="armed_assault", date=_day(2023, 3, 13),
                 targets=["afg-police"], location=kaduna),
        event_at(doc, "e3", "ASSAULT", "kidnapping", mode="kidnapping", sources=["taliban"]),
    ]  # fmt: skip
    out = resolver.resolve(doc, events, ACTORS, PUBLISHED)
    assert len(out) == 2
    kidnap = next(e for e in out if e.mode == "kidnapping")
    assert kidnap.sources == ["taliban"] and len(kidnap.more_evidence) == 1
