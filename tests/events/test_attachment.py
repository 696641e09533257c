"""Argument attachment (issues #13 and #18): the possessor of an act noun that is a capital, the
topic of a joint act, the home country of people given aid, a capital named as the place
visited. Sentences written for these tests; they run the spaCy model."""

from __future__ import annotations

from typing import Any


def _one(analysis: Any, kind: str) -> Any:
    (ev,) = [e for e in analysis.events if e.type == kind]
    return ev


# --- a capital that owns an act noun is its state ----------------------------------------------


def test_a_capital_owning_sanctions_is_their_source(analyze) -> None:
    ev = _one(
        analyze("Beijing's new sanctions on Lithuanian exporters came into force."), "SANCTION"
    )
    assert ev.sources == ["china"]


def test_a_capital_owning_a_condemnation_is_its_source(analyze) -> None:
    a = analyze("Tehran's condemnation of the Israeli air strike was swift.")
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["iran"]


def test_a_capital_owning_a_place_noun_is_no_actor(analyze) -> None:
    a = analyze("Ankara's main airport reopened on Sunday.")
    assert not any("turkey" in (e.sources + e.targets) for e in a.events)


# --- the topic of a joint act is no party to it ------------------------------------------------


def test_the_topic_on_the_object_of_a_joint_act_is_no_target(analyze) -> None:
    ev = _one(
        analyze("Kenya and Uganda shared intelligence on Islamic State fighters."), "COOPERATE"
    )
    assert ev.sources == ["kenya"]
    assert ev.targets == ["uganda"]


def test_the_partner_of_a_joint_act_stays_its_target(analyze) -> None:
    ev = _one(analyze("Peru cooperated with Chile on border security."), "COOPERATE")
    assert ev.sources == ["peru"]
    assert ev.targets == ["chile"]


def test_on_still_names_the_target_of_a_sanction(analyze) -> None:
    ev = _one(analyze("Japan imposed sanctions on Syria."), "SANCTION")
    assert ev.targets == ["syria"]


# --- aid to people: their home country ---------------------------------------------------------


def test_aid_to_people_named_by_nationality_goes_to_their_country(analyze) -> None:
    ev = _one(analyze("UNICEF airlifted vaccines to Yemeni families."), "AID")
    assert ev.sources == ["unicef"]
    assert "yemen" in ev.targets


def test_aid_to_people_placed_by_the_verb_goes_to_the_place(analyze) -> None:
    ev = _one(analyze("UNHCR delivered food to refugees in Niger."), "AID")
    assert "niger" in ev.targets


def test_aid_with_no_named_giver_does_not_make_the_people_its_giver(analyze) -> None:
    a = analyze("Oxfam trucked water to families in Somalia.")
    assert not any(e.type == "AID" and "civilians" in e.sources for e in a.events)


# --- a capital named as the place visited ------------------------------------------------------


def test_a_visited_capital_is_the_visit_target(analyze) -> None:
    ev = _one(analyze("Brazil's foreign minister visited Ankara on Tuesday."), "CONSULT")
    assert ev.targets == ["turkey"]


def test_a_capital_where_an_act_happens_is_no_party(analyze) -> None:
    a = analyze("Mexico and Canada signed a trade pact in Washington.")
    ev = _one(a, "AGREE")
    assert "united-states" not in ev.sources + ev.targets


def test_a_capital_left_is_the_target_of_a_withdrawal(analyze) -> None:
    ev = _one(analyze("Ethiopian troops withdrew from Mogadishu in January."), "RETREAT")
    assert "somalia" in ev.targets


def test_a_capital_protested_outside_is_no_target(analyze) -> None:
    ev = _one(analyze("Teachers rallied outside Accra on Friday."), "PROTEST")
    assert "ghana" not in ev.targets


# --- a series of acts: the verb's subject performs them ----------------------------------------


def test_the_holder_of_a_round_of_talks_is_a_party(analyze) -> None:
    ev = _one(analyze("Egypt and Ethiopia held another round of talks in Cairo."), "CONSULT")
    assert ev.sources == ["egypt"]
    assert ev.targets == ["ethiopia"]


def test_who_imposes_a_wave_of_sanctions_is_their_source(analyze) -> None:
    ev = _one(analyze("Britain imposed a new wave of sanctions on Iranian officials."), "SANCTION")
    assert ev.sources == ["united-kingdom"]


# --- the source's own envoy; verbs of placing a sanction ---------------------------------------


def test_a_recalled_envoy_of_the_source_is_no_target(analyze) -> None:
    ev = _one(analyze("Algeria recalled its ambassador to Spain."), "SANCTION")
    assert ev.sources == ["algeria"]
    assert ev.targets == ["spain"]


def test_who_places_an_embargo_is_its_source(analyze) -> None:
    ev = _one(analyze("Canada placed an arms embargo on Myanmar."), "SANCTION")
    assert ev.sources == ["canada"]
    assert ev.targets == ["myanmar"]


# --- where a trip for talks goes -----------------------------------------------------------------


def test_the_capital_reached_for_talks_is_the_other_party(analyze) -> None:
    ev = _one(analyze("Oman's foreign minister arrived in Tehran for talks."), "CONSULT")
    assert ev.targets == ["iran"]


def test_a_named_partner_of_the_talks_comes_before_the_place(analyze) -> None:
    a = analyze("Antony Blinken arrived in Jordan on Monday for talks with King Abdullah.")
    ev = _one(a, "CONSULT")
    assert "jordan" not in ev.targets
    assert ev.targets


def test_a_capital_people_were_taken_to_is_a_place(analyze) -> None:
    a = analyze("The freed hostages were released and flown to Nairobi on Sunday.")
    assert all("kenya" not in e.sources + e.targets for e in a.events)


# --- aid received: the subject gets it, the "from" phrase gives it -----------------------------


def test_aid_received_from_a_country_has_the_giver_as_source(analyze) -> None:
    ev = _one(analyze("Moldova received military aid from Romania."), "AID")
    assert ev.sources == ["romania"]
    assert ev.targets == ["moldova"]


def test_aid_received_from_no_one_named_is_no_event(analyze) -> None:
    a = analyze("Families in the camp received food.")
    assert not [e for e in a.events if e.type == "AID" and e.sources]
