"""The pure rules of sitroom.events.acts and the act-unit test of sitroom.incidents.clauses on
hand-made events (no model)."""

from __future__ import annotations

from sitroom.incidents.clauses import distinct_acts
from sitroom.models import Event, Span
from sitroom.settings import Settings

_SPAN = Span(start=0, end=1, text="x")


def _event(kind: str, mode: str | None, target_text: str | None) -> Event:
    return Event(id="e", type=kind, mode=mode, evidence=_SPAN, target_text=target_text)  # type: ignore[arg-type]


def test_acts_of_other_types_are_distinct() -> None:
    assert distinct_acts(_event("COERCE", "arrest", "two men"), _event("SANCTION", None, None))


def test_same_type_needs_another_mode_and_another_target() -> None:
    arrest = _event("COERCE", "arrest", "two men")
    assert distinct_acts(arrest, _event("COERCE", "seize", "their weapons"))
    assert not distinct_acts(arrest, _event("COERCE", "arrest", "their weapons"))
    assert not distinct_acts(arrest, _event("COERCE", "seize", "Two men"))
    assert not distinct_acts(arrest, _event("COERCE", "seize", None))


def test_the_event_unit_is_a_setting() -> None:
    assert Settings().event_unit == "incident"
    assert Settings(event_unit="act").event_unit == "act"
