"""One event per distinct act of a sentence (the ``act`` event unit: sitroom.events.acts and the
act-unit rules of sitroom.incidents.clauses), one per incident by default; the people who
protest (sitroom.events.protesters); the coercing authority as the doer (subject_doer_types).
Sentences written for these tests; they run the spaCy model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(scope="module")
def by_act(pipeline: Any) -> Any:
    """Analyze a text with the ``act`` event unit (the pipeline's models shared)."""
    from sitroom.ingest import read_text

    acts = pipeline.with_settings(event_unit="act")

    def run(text: str) -> Any:
        return acts.analyze(read_text(text, published=dt.date(2023, 3, 15)))

    return run


def _kinds(analysis: Any) -> list[tuple[str, str | None]]:
    return [(e.type, e.mode) for e in analysis.events]


# --- two acts of one sentence -----------------------------------------------------------------


def test_coordinated_acts_of_other_tactics_and_targets_are_two_events(by_act, analyze) -> None:
    text = "Armed men attacked a police station in the north and kidnapped four nurses."
    assert _kinds(by_act(text)) == [("ASSAULT", "armed_clash"), ("ASSAULT", "kidnapping")]
    # an incident coder logs the incident once (the default unit)
    assert len(analyze(text).events) == 1


def test_a_participle_of_another_tactic_is_a_second_act(by_act) -> None:
    kinds = _kinds(by_act("Fighters overran a farming village, abducting 25 women."))
    assert ("ASSAULT", "kidnapping") in kinds and len(kinds) == 2


def test_a_verb_of_harm_after_an_attack_is_its_outcome(by_act) -> None:
    assert len(by_act("Militants attacked a market town, killing seven traders.").events) == 1
    assert len(by_act("Jihadists stormed an army post and killed nine soldiers.").events) == 1


def test_damage_after_an_attack_is_its_outcome(by_act) -> None:
    text = "Drones struck the river port overnight, damaging a warehouse and a crane."
    assert len(by_act(text).events) == 1


def test_killed_and_wounded_are_one_act(by_act) -> None:
    assert len(by_act("Gunmen killed two guards and wounded three others.").events) == 1


def test_a_shared_object_is_one_act(by_act) -> None:
    assert len(by_act("Soldiers shot and killed a farmer near the camp.").events) == 1


def test_each_act_reads_its_own_tactic(by_act) -> None:
    # the cue of one act (the drone) does not give its mode to the other
    analysis = by_act("A drone strike hit a funeral, and gunmen later attacked the mourners.")
    assert _kinds(analysis) == [("ASSAULT", "air_strike"), ("ASSAULT", "armed_assault")]


def test_a_sequence_preposition_chains_the_second_act(by_act) -> None:
    kinds = _kinds(by_act("Rebels ambushed a convoy before kidnapping two drivers."))
    assert kinds[-1] == ("ASSAULT", "kidnapping") and len(kinds) == 2


def test_a_condition_is_no_further_act(by_act) -> None:
    analysis = by_act("Moscow threatened to strike Kyiv if Ukraine used long-range missiles.")
    assert [e.type for e in analysis.events] == ["THREATEN"]


def test_a_raid_and_an_arrest_are_two_acts_by_act_one_incident_by_default(by_act, analyze) -> None:
    text = "Troops raided a clinic and arrested two doctors."
    assert _kinds(by_act(text)) == [("ASSAULT", "armed_assault"), ("COERCE", "arrest")]
    assert [e.type for e in analyze(text).events] == ["ASSAULT"]


def test_a_seizure_aimed_elsewhere_is_its_own_act(by_act) -> None:
    kinds = _kinds(by_act("Gunmen fired on a fishing boat and seized a cargo ship off Puntland."))
    assert ("COERCE", "seize") in kinds


# --- who protests -----------------------------------------------------------------------------


def _protest(analysis: Any) -> Any:
    (ev,) = [e for e in analysis.events if e.type == "PROTEST"]
    return ev


def test_a_counted_nationality_protests_not_its_state(analyze) -> None:
    ev = _protest(analyze("Thousands of Ghanaians protested against the government in Accra."))
    assert ev.sources == ["civilians"] and ev.targets == ["ghana-government"]


def test_followers_of_a_leader_protest_not_the_leader(analyze) -> None:
    ev = _protest(analyze("Supporters of the jailed former president marched in the capital."))
    assert ev.sources == ["civilians"]


def test_people_already_named_protest_even_when_the_object_names_them(analyze) -> None:
    ev = _protest(analyze("Hundreds of students demonstrated against the university's fee rise."))
    assert ev.sources == ["civilians"]


def test_an_organisation_that_protests_keeps_its_name(analyze) -> None:
    ev = _protest(analyze("The Kenyan government protested to Uganda over the arrests."))
    assert ev.sources == ["kenya-government"]


# --- who coerces ------------------------------------------------------------------------------


def test_the_authority_that_arrests_its_own_official_is_the_doer(analyze) -> None:
    (ev,) = [
        e
        for e in analyze("Turkish authorities detained Ankara's mayor on Tuesday.").events
        if e.type == "COERCE"
    ]
    assert ev.sources == ["turkey-government"] and "turkey-government" not in ev.targets


def test_a_seizure_within_the_attack_stays_part_of_it_by_default(analyze) -> None:
    text = "Gunmen fired on a fishing boat and seized a cargo ship off Puntland."
    assert [e.type for e in analyze(text).events] == ["ASSAULT"]


def test_a_protest_against_a_decision_is_aimed_at_the_government(analyze) -> None:
    ev = _protest(analyze("Shopkeepers protested in Lusaka against the new fuel levy."))
    assert ev.targets == ["government-authorities"]


def test_a_decision_with_its_author_named_is_aimed_at_the_author(analyze) -> None:
    ev = _protest(analyze("Students protested against the mining law passed by parliament."))
    assert "government-authorities" not in ev.targets


def test_a_protest_against_no_decision_names_no_government(analyze) -> None:
    ev = _protest(analyze("Residents protested against the lack of clean water."))
    assert ev.targets == []
