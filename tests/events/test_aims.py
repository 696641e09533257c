"""What an act is aimed at beyond its verb's own arguments (sitroom.events.aims and the target
rules of sitroom.events.arguments): shows of force, refusals, withdrawals, aid, deportations and
protests phrased in the many ways news phrases them. Sentences written for these tests; they
run the spaCy model."""

from __future__ import annotations

from typing import Any


def _one(analysis: Any, kind: str) -> Any:
    (ev,) = [e for e in analysis.events if e.type == kind]
    return ev


# --- MOBILIZE: the country a force is moved against or to whose border ------------------------


def test_a_force_of_the_source_beside_a_border_phrase_aims_beyond_the_border(analyze) -> None:
    ev = _one(
        analyze("Serbia stationed thousands of soldiers along its border with Kosovo on Friday."),
        "MOBILIZE",
    )
    assert ev.sources == ["serbia"] and ev.targets == ["kosovo"]


def test_a_target_inside_the_state_a_force_is_put_in(analyze) -> None:
    ev = _one(analyze("Greece put its navy on alert against Turkey on Monday."), "MOBILIZE")
    assert ev.targets == ["turkey"]


def test_a_country_inside_the_place_a_force_goes_to(analyze) -> None:
    ev = _one(analyze("Moldova sent police to the waters off Romania."), "MOBILIZE")
    assert ev.targets == ["romania"]


def test_a_force_moved_closer_to_a_border(analyze) -> None:
    ev = _one(analyze("Armenia moved its troops closer to the Azerbaijani border."), "MOBILIZE")
    assert ev.targets == ["azerbaijan"]


def test_the_purpose_of_a_show_of_force_names_its_target(analyze) -> None:
    ev = _one(analyze("Colombia mobilized troops for a campaign against the ELN."), "MOBILIZE")
    assert ev.targets == ["eln"]
    ev = _one(analyze("Greece deployed warships to the Aegean to counter Turkey."), "MOBILIZE")
    assert ev.targets == ["turkey"]


# --- REJECT: who made what is rejected, or whom the refused act would have touched ------------


def test_the_author_of_a_judged_noun_after_a_light_verb(analyze) -> None:
    ev = _one(analyze("Kenya rejected the proposal put forward by Tanzania."), "REJECT")
    assert ev.targets == ["tanzania"]
    ev = _one(analyze("Libya turned down a request by Egypt for a meeting."), "REJECT")
    assert ev.targets == ["egypt"]


def test_the_author_of_what_a_refusal_would_have_accepted(analyze) -> None:
    ev = _one(analyze("Cuba refused to accept a peace plan put forward by Mexico."), "REJECT")
    assert ev.targets == ["mexico"]


def test_the_receiver_of_a_refused_act(analyze) -> None:
    ev = _one(analyze("Hungary refused to hand over the documents to Poland."), "REJECT")
    assert ev.targets == ["poland"]


def test_rebuffed_offers_and_ruled_out_talks_are_rejections(analyze) -> None:
    ev = _one(analyze("Cameroon rebuffed Nigeria's offer of mediation."), "REJECT")
    assert ev.targets == ["nigeria"]
    ev = _one(analyze("Ethiopia ruled out talks with the Fano militia."), "REJECT")
    assert ev.sources == ["ethiopia"]
    # a reassurance is no refusal
    assert not [
        e
        for e in analyze("The minister rebuffed fears of a recession.").events
        if e.type == "REJECT"
    ]


# --- RETREAT: the party a force yields to ----------------------------------------------------


def test_fighters_who_surrender_yield_to_the_force_they_surrender_to(analyze) -> None:
    ev = _one(
        analyze("About 200 rebel fighters surrendered to Ugandan soldiers near the border."),
        "RETREAT",
    )
    assert ev.targets == ["uganda-military"]


def test_control_handed_to_someone_is_a_withdrawal_to_them(analyze) -> None:
    ev = _one(
        analyze("The army handed control of the airport to the African Union mission."), "RETREAT"
    )
    assert ev.targets == ["african-union"]


# --- AID and deportations: the country of the people ----------------------------------------


def test_aid_to_people_in_a_country_is_aid_to_the_country(analyze) -> None:
    ev = _one(analyze("Oman sent medicine to displaced families in Sudan."), "AID")
    assert "sudan" in ev.targets
    ev = _one(
        analyze("Zambia pledged 10 million dollars to assist displaced families in Malawi."), "AID"
    )
    assert "malawi" in ev.targets


def test_relief_goods_by_the_tonne_and_weapons_armed_with_are_aid(analyze) -> None:
    ev = _one(analyze("Australia shipped 500 tonnes of rice to Papua New Guinea."), "AID")
    assert ev.targets == ["papua-new-guinea"]
    ev = _one(analyze("Russia armed the Houthis with anti-ship missiles, officials said."), "AID")
    assert ev.targets == ["houthis"]


def test_deported_foreigners_are_aimed_at_their_country(analyze) -> None:
    ev = _one(analyze("Tunisia deported dozens of Guinean migrants last month."), "COERCE")
    assert "guinea" in ev.targets
    # an arrest of foreigners is not (the people are its target)
    ev = _one(analyze("Tunisian police arrested dozens of Guinean migrants."), "COERCE")
    assert "guinea" not in ev.targets


# --- PROTEST: who is protested against or asked to act --------------------------------------


def test_a_protest_demanding_that_someone_act_is_aimed_at_them(analyze) -> None:
    ev = _one(
        analyze(
            "Farmers marched on parliament in Warsaw, demanding that Prime Minister Donald Tusk "
            "resign."
        ),
        "PROTEST",
    )
    assert "donald-tusk" in ev.targets


def test_a_protest_against_a_law_is_aimed_at_who_passed_it(analyze) -> None:
    ev = _one(
        analyze("Students rallied in Accra against the mining law passed by parliament."), "PROTEST"
    )
    assert ev.targets == ["ghana-legislature"]


def test_strikers_at_a_company_strike_against_it(analyze) -> None:
    a = analyze("Workers at the Chevron refinery in Richmond went on strike.")
    ev = _one(a, "PROTEST")
    assert [x.name for x in a.actors if x.id in ev.targets] == ["Chevron"]


# --- CONSULT ----------------------------------------------------------------------------------


def test_a_phone_call_with_a_counterpart_is_a_consultation(analyze) -> None:
    ev = _one(
        analyze("Kenya's foreign minister held a phone call with his Somali counterpart."),
        "CONSULT",
    )
    assert ev.mode == "phone" and ev.targets == ["somalia"]
