"""Which knowledge-base names the entity ruler matches with their case (``sitroom.nlp``), and how
that rule relates to the shared acronym test (``sitroom.text.is_acronym``). No spaCy model."""

from __future__ import annotations

import pytest

from sitroom.nlp import knowledge_base_patterns, matches_case
from sitroom.text import is_acronym


@pytest.mark.parametrize(
    "text", ["IS-K", "AQAP", "NATO", "LeT", "JeM", "FAMa", "ISIS-Sinai", "OLF-Shane", "M23F"]
)
def test_short_forms_keep_their_case(text: str) -> None:
    assert matches_case(text)


@pytest.mark.parametrize(
    "text", ["Taliban", "al-Shabaab", "Boko Haram", "Hamas", "Mr", "X", "ISIS Libya", "Isis", ""]
)
def test_names_and_single_capitals_match_any_case(text: str) -> None:
    assert not matches_case(text)


def test_mixed_case_short_forms_are_why_the_rule_is_wider_than_is_acronym() -> None:
    # Lowered, these are English words; the shared acronym test (all capitals) rejects them.
    for text in ("LeT", "JuD", "LeJ"):
        assert matches_case(text) and not is_acronym(text)


def test_every_shipped_acronym_pattern_matches_its_case() -> None:
    """Over the shipped knowledge base, the shared acronym test implies the ruler's rule."""
    texts = [p.text for p in knowledge_base_patterns()]
    acronyms = [t for t in texts if is_acronym(t)]
    assert len(acronyms) > 100
    assert [t for t in acronyms if not matches_case(t)] == []
