"""A definite office noun points back at the person named with that title just before
(sitroom.actors.coref): short articles written for the test, with the cases it must leave."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _sources(analysis, trigger: str) -> list[str]:
    (event,) = [e for e in analysis.events if e.trigger and e.trigger.text == trigger]
    return event.sources


def test_the_president_is_the_president_named_before(analyze) -> None:
    a = analyze(
        "Kenyan President William Ruto arrived in Kampala on Monday. "
        "The president accused Uganda of harboring rebels."
    )
    assert _sources(a, "accused") == ["william-ruto"]


def test_the_prime_minister_needs_every_title_word(analyze) -> None:
    a = analyze(
        "Outgoing Canadian Prime Minister Justin Trudeau spoke in Ottawa on Monday. "
        "The prime minister accused the United States of waging a trade war."
    )
    assert _sources(a, "accused") == ["justin-trudeau"]
    b = analyze(
        "Canadian Prime Minister Justin Trudeau spoke in Ottawa on Monday. "
        "The foreign minister accused the United States of waging a trade war."
    )
    assert "justin-trudeau" not in _sources(b, "accused")


def test_the_former_president_is_someone_else(analyze) -> None:
    a = analyze(
        "Kenyan President William Ruto arrived in Kampala on Monday. "
        "The former president accused Uganda of harboring rebels."
    )
    assert "william-ruto" not in _sources(a, "accused")


def test_two_presidents_named_before_leave_the_president_alone(analyze) -> None:
    a = analyze(
        "Kenyan President William Ruto met Ugandan President Yoweri Museveni on Monday. "
        "The president accused Sudan of harboring rebels."
    )
    sources = _sources(a, "accused")
    assert "william-ruto" not in sources and "yoweri-museveni" not in sources


def _linked_at(pipeline, annotator, text: str, word: str) -> list[str]:
    doc = annotator.annotate(text)
    out = pipeline.linker.link(doc)
    (tok,) = [t for t in doc.tokens if t.text == word]
    return out.at(tok.i)


def test_the_president_is_linked_to_the_holder(pipeline, annotator) -> None:
    text = "President William Ruto spoke in Nairobi on Monday. He warned the president's rivals."
    assert _linked_at(pipeline, annotator, text, "president") == ["william-ruto"]


def test_a_deputy_or_a_nominee_is_not_the_president(pipeline, annotator) -> None:
    for title in ("Deputy President", "President nominee"):
        text = f"{title} Rigathi Gachagua spoke in Nairobi. He warned the president's rivals."
        assert "rigathi-gachagua" not in _linked_at(pipeline, annotator, text, "president")
