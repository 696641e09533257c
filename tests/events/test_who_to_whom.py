"""Sources and targets of full-length news (issues #13 and #18): relative clauses in the passive,
event nouns performed by the subject of a verb of doing or of travel, requests for an act that
someone would undergo, and a state body named with its own country. Sentences written for these
tests; they run the spaCy model."""

from __future__ import annotations

from typing import Any


def _one(analysis: Any, kind: str) -> Any:
    (ev,) = [e for e in analysis.events if e.type == kind]
    return ev


# --- a relative clause in the passive: the noun it describes underwent the act --------------


def test_the_noun_a_passive_relative_clause_describes_is_the_target(analyze) -> None:
    a = analyze(
        "The prosecutor Elena Marsh, who was sanctioned by the European Union last year, "
        "resigned on Tuesday."
    )
    ev = _one(a, "SANCTION")
    assert ev.sources == ["european-union"]
    assert ev.targets == ["elena-marsh"]


def test_a_person_who_was_arrested_by_police_is_the_target(analyze) -> None:
    a = analyze("The reporter Tomas Varga, who was arrested by police in May, remains in jail.")
    ev = _one(a, "COERCE")
    assert ev.targets == ["tomas-varga"]
    assert "tomas-varga" not in ev.sources


def test_an_active_relative_clause_keeps_its_antecedent_as_the_source(analyze) -> None:
    a = analyze("The Northern Front, which attacked Japan's embassy in March, denied the claim.")
    ev = _one(a, "ASSAULT")
    assert ev.targets != ["northern-front"]


# --- an event noun as the object of a verb of doing ------------------------------------------


def test_the_subject_of_a_verb_of_doing_performs_the_event_its_object_names(analyze) -> None:
    a = analyze("Japan imposed new tariffs on Canada on Monday.")
    ev = _one(a, "SANCTION")
    assert ev.sources == ["japan"]
    assert ev.targets == ["canada"]


def test_a_raising_passive_lends_its_subject_to_the_verb_of_doing(analyze) -> None:
    a = analyze(
        "Foreign Minister Tomas Varga is expected to have a meeting with Japanese Prime "
        "Minister Shigeru Ishiba on Thursday."
    )
    ev = _one(a, "CONSULT")
    assert ev.sources == ["tomas-varga"]


def test_a_verb_that_judges_an_event_does_not_perform_it(analyze) -> None:
    a = analyze("Japan condemned the attack on Canada's embassy.")
    ev = _one(a, "ASSAULT")
    assert "japan" not in ev.sources


def test_the_traveller_takes_part_in_the_talks_the_trip_is_for(analyze) -> None:
    a = analyze(
        "Foreign Minister Tomas Varga is scheduled to travel to Ottawa on Friday for talks "
        "with Canadian Prime Minister Mark Carney."
    )
    ev = _one(a, "CONSULT")
    assert ev.sources == ["tomas-varga"]
    assert ev.targets == ["mark-carney"]


# --- a request for an act that someone would undergo ------------------------------------------


def test_a_request_for_a_release_is_not_addressed_to_the_prisoner(analyze) -> None:
    a = analyze("Human Rights Watch called for the immediate release of Tomas Varga.")
    ev = _one(a, "REQUEST")
    assert ev.sources == ["human-rights-watch"]
    assert "tomas-varga" not in ev.targets


def test_a_request_for_a_release_by_a_named_holder_is_addressed_to_the_holder(analyze) -> None:
    a = analyze(
        "Human Rights Watch demanded the release by the Egyptian authorities of the reporter "
        "Tomas Varga."
    )
    ev = _one(a, "REQUEST")
    assert "tomas-varga" not in ev.targets
    assert ev.targets == ["egypt-government"]


def test_a_request_addressed_by_name_keeps_its_addressee(analyze) -> None:
    a = analyze("Human Rights Watch urged Egypt to release Tomas Varga.")
    ev = _one(a, "REQUEST")
    assert ev.targets == ["egypt"]


# --- a state body and its own country in one phrase are one party ----------------------------


def test_a_government_named_with_its_country_is_one_target(analyze) -> None:
    a = analyze("The European Union said on Monday that it would support Kenya's government.")
    ev = _one(a, "SUPPORT")
    assert ev.targets == ["kenya-government"]
    assert "kenya-government" not in ev.sources


def test_an_envoy_of_a_country_is_one_source(analyze) -> None:
    a = analyze("Somalia's ambassador accused Kenya of meddling in the election.")
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["somalia-government"]
    assert ev.targets == ["kenya"]


def test_a_trip_for_a_march_does_not_make_the_marcher_its_source(analyze) -> None:
    a = analyze(
        "Teachers marched in Nairobi on Monday. Tomas Varga, a teacher who travelled to the "
        "capital for the march, said the pay deal was broken."
    )
    assert all("tomas-varga" not in e.sources for e in a.events if e.type == "PROTEST")


# --- the possessor of a noun of relation is someone else ------------------------------------


def test_a_rival_named_with_its_rival_is_one_party(analyze) -> None:
    a = analyze("Egypt signed an agreement with Turkey's rival Greece on Monday.")
    ev = _one(a, "AGREE")
    assert ev.sources == ["egypt"]
    assert ev.targets == ["greece"]


def test_a_son_is_not_his_father(analyze) -> None:
    a = analyze("Jimmy Lai's son Sebastien met with Secretary of State Marco Rubio in Washington.")
    ev = _one(a, "CONSULT")
    assert "jimmy-lai" not in ev.sources + ev.targets


def test_a_country_s_unnamed_neighbour_is_no_target(analyze) -> None:
    a = analyze("Kenya accused its neighbor of meddling in the election.")
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["kenya"]
    assert ev.targets == []


def test_a_body_acts_through_its_spokesman(analyze) -> None:
    a = analyze("Russia's foreign ministry spokesman accused Japan of provocation.")
    ev = _one(a, "ACCUSE")
    assert ev.targets == ["japan"]
    assert ev.sources != []
