"""The reporting of a story is no event: sentences written for the test."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

CONFLICT = "Gunmen attacked a police post in Kandahar on Monday, killing four officers. "


def _types(analyze, sentence: str) -> list[str]:
    analysis = analyze(CONFLICT + sentence)
    start = len(CONFLICT)
    return [e.type for e in analysis.events if e.evidence.start >= start]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pakistan's foreign ministry did not respond to a Reuters request for comment.",
        "Kenya's interior ministry refused to comment.",
        "The Afghan defense ministry declined to comment on the attack.",
        "The Taliban did not reply to an AFP inquiry about the attack.",
        "When contacted by Reuters, the embassy said it had no information.",
        "The provincial police chief spoke with Reuters by telephone from Kandahar.",
        # a source's terms with the reporter
        "A doctor at the hospital, who asked not to be named, said the wards were full.",
        "“We buried them at night,” said a farmer, asking that his name not be used.",
        "One officer requested anonymity because he feared reprisals.",
        "A teacher who asked not to be identified said classes had stopped.",
    ],
)
def test_the_reporting_itself_gives_no_event(analyze, sentence: str) -> None:
    assert _types(analyze, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The governor refused to release the detained officers.", "REJECT"),
        ("The United Nations demanded an inquiry into the killings.", "REQUEST"),
        ("Afghanistan's interior minister demanded an inquiry into the killings.", "REQUEST"),
        # naming without a negation is an act of its own
        ("The families asked the governor to name the officers who fired.", "REQUEST"),
    ],
)
def test_acts_near_the_same_words_stay_events(analyze, sentence: str, kind: str) -> None:
    assert kind in _types(analyze, sentence)
