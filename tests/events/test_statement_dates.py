"""A statement dated by its attribution in the next sentence (``events/dates.py``), on text
written for the test (published Wednesday 2023-03-15)."""

from __future__ import annotations

NOTE = "date of the statement's attribution in the next sentence"


def _speech(analysis, kind: str):  # type: ignore[no-untyped-def]
    return next(e for e in analysis.events if e.type == kind)


def test_the_day_of_he_said_dates_the_statement_before_it(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Freedonia's foreign minister accused Ruritania of arming the rebels in the north. "
        '"This must stop now," he said on Monday.'
    )
    ev = _speech(a, "ACCUSE")
    assert str(ev.date.start) == "2023-03-13" and ev.date.precision == "day"
    assert NOTE in ev.notes
    assert "date inherited from an earlier sentence" not in ev.notes


def test_the_same_speaker_named_again_counts(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "A spokesperson for the Freedonian government urged Ruritania to free the detained "
        "journalists. "
        '"They have done nothing wrong," the spokesperson added in a statement on Tuesday.'
    )
    ev = _speech(a, "REQUEST")
    assert str(ev.date.start) == "2023-03-14" and NOTE in ev.notes


def test_a_date_inside_the_quote_dates_the_quoted_act_not_the_statement(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Freedonia's defence minister accused Ruritania of breaking the truce. "
        '"Their artillery shelled our positions on Monday," he said.'
    )
    ev = _speech(a, "ACCUSE")
    assert NOTE not in ev.notes and str(ev.date.start) != "2023-03-13"


def test_another_speaker_does_not_date_the_statement(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Freedonia's foreign minister accused Ruritania of arming the rebels in the north. "
        "Ruritania's ambassador said on Monday that the claims were baseless."
    )
    ev = _speech(a, "ACCUSE")
    assert NOTE not in ev.notes and str(ev.date.start) != "2023-03-13"
