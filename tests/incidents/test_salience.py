"""Salience: which incidents the headline names, and which the story only recalls as repeated
or long-standing acts. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.incidents import IncidentResolver
from sitroom.incidents.salience import headline_lemmas, long_run
from sitroom.models import DateValue
from support.events import event_at

PUBLISHED = dt.date(2024, 6, 12)
TODAY = DateValue(start=PUBLISHED, precision="document")


@pytest.fixture(scope="module")
def resolver() -> IncidentResolver:
    return IncidentResolver()


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The opposition has repeatedly called for a recount of the votes.", "called", True),
        ("The council has never condemned the seizure of the port.", "condemned", True),
        ("Rebels have long accused the army of burning villages.", "accused", True),
        ("The two sides fought for decades over the valley.", "fought", True),
        ("The ministry has imposed strict bans on foreign reporters.", "bans", False),
        ("Farmers have blocked roads across the province for weeks.", "blocked", False),
        ("Police arrested three organisers of the march on Monday.", "arrested", False),
        ("The mayor vowed to never negotiate with the kidnappers.", "negotiate", False),
        ("They would always refuse such a demand, he said.", "refuse", False),
    ],
)
def test_repeated_or_long_standing_acts_are_told_as_background(
    annotator, text: str, trigger: str, expected: bool
) -> None:
    doc = annotator.annotate(text)
    event = event_at(doc, "e1", "REQUEST", trigger, date=TODAY)
    assert long_run(doc, event) is expected


def test_a_stated_date_decides_and_not_the_adverb(annotator) -> None:
    doc = annotator.annotate("The opposition has repeatedly called for a recount since Monday.")
    dated = DateValue(start=dt.date(2024, 6, 10), end=dt.date(2024, 6, 10), precision="day")
    assert not long_run(doc, event_at(doc, "e1", "REQUEST", "called", date=dated))


def test_headline_words_take_the_lemmas_the_article_gives_them(annotator) -> None:
    doc = annotator.annotate(
        "Soldiers rescued forty hostages from a hotel on Tuesday. The army said the siege ended."
    )
    words = headline_lemmas(doc, "Army rescues hostages after hotel siege, officials say")
    assert {"rescue", "hostage", "siege"} <= words
    assert "say" not in words  # a reporting verb names no act of the story
    assert headline_lemmas(doc, None) == frozenset()


def test_the_act_the_headline_names_is_main_where_first_told(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Thousands of people gathered in the capital on Tuesday as talks on the budget resumed. "
        "Officials said the cabinet met for six hours. "
        "Later that day, the finance ministry imposed tariffs on imported steel. "
        "Neighbouring states answered with tariffs of their own on Wednesday."
    )
    events = [
        event_at(doc, "e1", "CONSULT", "talks", date=TODAY, sources=["un"]),
        event_at(doc, "e2", "CONSULT", "met", date=TODAY, sources=["kenya"]),
        event_at(doc, "e3", "SANCTION", "tariffs", date=TODAY, sources=["kenya"]),
        event_at(doc, "e4", "SANCTION", "tariffs", nth=1, date=TODAY, sources=["un"]),
    ]
    actors = _actors()
    title = "Ministry imposes steel tariffs as budget talks resume"
    out = resolver.resolve(doc, events, actors, PUBLISHED, title=title)
    by_trigger = {e.trigger.text + str(e.evidence.start): e.salience for e in out if e.trigger}
    saliences = [e.salience for e in sorted(out, key=lambda e: e.evidence.start)]
    # the lead's talks are main; the tariffs first told are the headline's act; the tariffs
    # of other states told later, and the cabinet's meeting, are not
    assert saliences == ["main", "secondary", "main", "secondary"], by_trigger
    assert any("headline" in n for e in out for n in e.notes)
    # without a title, only the lead is main
    out = resolver.resolve(doc, [e.model_copy(deep=True) for e in events], actors, PUBLISHED)
    assert [e.salience for e in sorted(out, key=lambda e: e.evidence.start)] == [
        "main",
        "secondary",
        "secondary",
        "secondary",
    ]


def test_a_headline_act_the_lead_already_tells_names_nothing_more(annotator, resolver) -> None:
    doc = annotator.annotate(
        "Gunmen attacked a bus near the border on Tuesday, police said. "
        "In a separate attack, militants struck a checkpoint in the north."
    )
    events = [
        event_at(doc, "e1", "ASSAULT", "attacked", date=TODAY, sources=["taliban"]),
        event_at(doc, "e2", "ASSAULT", "struck", date=TODAY, sources=["taliban"]),
    ]
    out = resolver.resolve(doc, events, _actors(), PUBLISHED, title="Gunmen attack bus")
    assert [e.salience for e in out] == ["main", "secondary"]


def _actors():
    from sitroom.models import Actor

    return {
        "un": Actor(id="un", name="United Nations", type="igo", kb=True),
        "kenya": Actor(id="kenya", name="Kenya", type="state", country="KEN", kb=True),
        "taliban": Actor(id="taliban", name="Taliban", type="armed_group", country="AFG", kb=True),
    }
