"""Which date of a sentence dates its event (``events/dates.py``): a date in a clause of its
own does not, a deadline does not date an act that happened, a date opening the sentence
frames all of it. Text written for the test (published Wednesday 2023-03-15)."""

from __future__ import annotations

import datetime as dt


def _event(analysis, kind: str):  # type: ignore[no-untyped-def]
    return next(e for e in analysis.events if e.type == kind)


def test_a_date_in_a_relative_clause_of_another_noun_does_not_date_the_event(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Police in Freedonia arrested Karim Dallo, who was jailed in 2013 for sedition, "
        "outside his home."
    )
    ev = _event(a, "COERCE")
    assert ev.date.start is None or ev.date.start.year != 2013


def test_the_event_s_own_date_beside_a_relative_clause_still_counts(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("Police in Freedonia arrested Karim Dallo, who was jailed in 2013, on Tuesday.")
    ev = _event(a, "COERCE")
    assert ev.date.start == dt.date(2023, 3, 14) and ev.date.precision == "day"


def test_a_relative_clause_of_the_trigger_noun_dates_it(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("The attack, which happened on Monday, killed four soldiers in Ruritania.")
    ev = _event(a, "ASSAULT")
    assert ev.date.start == dt.date(2023, 3, 13)


def test_the_date_of_the_act_requested_is_not_the_request_s(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("The Freedonian minister urged the rebels to return to talks on Monday.")
    ev = _event(a, "REQUEST")
    assert ev.date.start != dt.date(2023, 3, 13)
    # the request's own date, on the speech verb, still counts
    b = analyze("On Monday, the Freedonian minister urged the rebels to return to talks.")
    assert _event(b, "REQUEST").date.start == dt.date(2023, 3, 13)


def test_a_deadline_does_not_date_an_act_that_happened(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("Canada imposed tariffs on Mexican steel, then delayed the duties until May 2.")
    ev = _event(a, "SANCTION")
    # (read alone, "May 2" would be taken as the last May 2, 2022)
    assert ev.date.start is None or (ev.date.start.month, ev.date.start.day) != (5, 2)


def test_a_deadline_does_date_an_announced_act(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("The Freedonian army will withdraw its troops from the border by June.")
    ev = _event(a, "RETREAT")
    assert ev.status == "planned" and (ev.date.start.year, ev.date.start.month) == (2023, 6)


def test_a_date_opening_the_sentence_frames_it(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "As reported on 2 March 2023, gunmen killed three farmers in a village near Ruritania's "
        "northern border."
    )
    ev = _event(a, "ASSAULT")
    assert ev.date.start == dt.date(2023, 3, 2)


def test_a_date_the_event_comes_before_is_not_its_date(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Speaking ahead of Monday's court hearing, the lawyer said the arrest of the Freedonian "
        "reporter Ana Petrova by the police was unlawful."
    )
    ev = _event(a, "COERCE")
    assert ev.date.start != dt.date(2023, 3, 13)
    # "before dawn on Monday" is dated Monday
    b = analyze("Gunmen attacked a police post in northern Ruritania before dawn on Monday.")
    assert _event(b, "ASSAULT").date.start == dt.date(2023, 3, 13)


def test_a_state_told_in_the_present_does_not_inherit_the_act_before_it(analyze) -> None:  # type: ignore[no-untyped-def]
    first = "In January, Freedonian police arrested the mayor of Tarsk. "
    a = analyze(first + "Three of his deputies are also in jail, facing charges of bribery.")
    deputies = [e for e in a.events if "deputies" in e.evidence.text]
    assert deputies and all(e.date.precision in ("document", "unknown") for e in deputies)
    # told in the past, the same sentence continues the arrest and takes its month
    b = analyze(first + "Three of his deputies were also jailed, facing charges of bribery.")
    deputies = [e for e in b.events if "deputies" in e.evidence.text]
    assert deputies and all(e.date.precision == "month" for e in deputies)
    assert all(e.date.start is not None and e.date.start.month == 1 for e in deputies)
