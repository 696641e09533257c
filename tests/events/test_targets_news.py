"""Targets of full-length news (issues #13 and #18): what a speech act judges and who made it,
the topic of talks, where the deported were sent, what a threatened act is aimed at. Sentences
written for these tests; they run the spaCy model."""

from __future__ import annotations

from typing import Any


def _one(analysis: Any, kind: str) -> Any:
    (ev,) = [e for e in analysis.events if e.type == kind]
    return ev


# --- a speech act that judges an act or a statement: its author is the target ---------------


def test_the_author_of_a_condemned_invasion_is_the_target_not_its_victim(analyze) -> None:
    a = analyze("Japan condemned Russia's invasion of Georgia on Monday.")
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["japan"]
    assert ev.targets == ["russia"]


def test_a_plan_proposed_by_a_body_makes_the_body_the_target_of_its_rejection(analyze) -> None:
    a = analyze("Niger's junta rejected the transition calendar proposed by the African Union.")
    ev = _one(a, "REJECT")
    assert ev.targets == ["african-union"]


def test_a_condemned_arrest_does_not_make_the_prisoner_the_accused(analyze) -> None:
    a = analyze("Canada condemned the arrest of the Japanese reporter Kenji Sato.")
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["canada"]
    assert "kenji-sato" not in ev.targets


def test_an_accused_named_as_the_object_stays_the_target(analyze) -> None:
    a = analyze("Kenya accused Somalia of shelling its border posts.")
    ev = _one(a, "ACCUSE")
    assert ev.targets == ["somalia"]


def test_an_accusation_by_no_one_named_keeps_its_only_party(analyze) -> None:
    # without a source, the event would name nobody and be lost: the phrase's actor stays
    a = analyze("Critics condemned the arrest of the Japanese reporter Kenji Sato.")
    events = [e for e in a.events if e.type in ("ACCUSE", "COERCE")]
    assert any("kenji-sato" in e.targets for e in events)


# --- talks: what is talked about is no party --------------------------------------------------


def test_what_ministers_discussed_is_not_a_party_to_the_talks(analyze) -> None:
    a = analyze("Chancellor Olaf Scholz discussed Iran's nuclear program with Emmanuel Macron.")
    ev = _one(a, "CONSULT")
    assert "iran" not in ev.targets
    assert ev.targets == ["emmanuel-macron"]


def test_the_topic_of_a_meeting_noun_is_not_its_partner(analyze) -> None:
    a = analyze("Olaf Scholz held a meeting on Syria with Emmanuel Macron in Berlin.")
    ev = _one(a, "CONSULT")
    assert "syria" not in ev.targets


# --- where the deported were sent is no party ---------------------------------------------------


def test_the_country_migrants_were_deported_to_is_not_the_target(analyze) -> None:
    a = analyze("Italian police deported 40 migrants from Lampedusa to Tunisia on Friday.")
    ev = _one(a, "COERCE")
    assert "tunisia" not in ev.targets


# --- a threatened act aimed at someone ---------------------------------------------------------


def test_a_threat_to_use_force_against_a_country_targets_the_country(analyze) -> None:
    a = analyze("Serbia threatened to use force against Kosovo.")
    ev = _one(a, "THREATEN")
    assert ev.sources == ["serbia"]
    assert ev.targets == ["kosovo"]


# --- the title of a person coordinated with another names no second party --------------------


def test_the_title_of_a_second_named_person_is_not_a_government(analyze) -> None:
    a = analyze(
        "Kenya's president met with Ethiopian Prime Minister Abiy Ahmed and Somali President "
        "Hassan Sheikh Mohamud in Nairobi."
    )
    ev = _one(a, "CONSULT")
    assert "hassan-sheikh-mohamud" in ev.targets
    assert "somalia-government" not in ev.sources + ev.targets


# --- a refusal: who the refused act would have been done to ----------------------------------


def test_the_object_of_a_refused_act_is_the_target_of_the_refusal(analyze) -> None:
    a = analyze("The academy refused to admit his son, Daniel Okoro, last year.")
    ev = _one(a, "REJECT")
    assert ev.targets == ["daniel-okoro"]


# --- a protest outside a building protests against who it houses ------------------------------


def test_a_protest_outside_an_embassy_targets_its_government(analyze) -> None:
    a = analyze("Hundreds of students demonstrated outside the Russian consulate in Tbilisi.")
    ev = _one(a, "PROTEST")
    assert ev.targets == ["russia-government"]


def test_a_protest_outside_a_city_has_no_target(analyze) -> None:
    a = analyze("Farmers protested outside Nairobi on Monday.")
    ev = _one(a, "PROTEST")
    assert ev.targets == []


# --- a condemned attack: who carried it out, as the article reports it ------------------------


def test_a_condemned_attack_blames_its_perpetrator_named_earlier(analyze) -> None:
    a = analyze(
        "Fighters of the Northern Front attacked a police station in Garissa on Monday, "
        "killing four officers. Kenya's president condemned the attack on Tuesday."
    )
    ev = _one(a, "ACCUSE")
    assert ev.sources == ["kenya-government"]
    assert ev.targets == ["northern-front"]


def test_a_condemned_attack_by_unknown_gunmen_blames_no_one(analyze) -> None:
    a = analyze(
        "Unknown gunmen attacked a police station in Garissa on Monday, killing four officers. "
        "Kenya's president condemned the attack on Tuesday."
    )
    ev = _one(a, "ACCUSE")
    assert ev.targets == []


# --- a refusal of an accusation answers the accuser -----------------------------------------


def test_a_rejection_of_the_charges_answers_the_prosecutors(analyze) -> None:
    a = analyze(
        "Prosecutors in Harare charged the journalist Tendai Moyo with incitement on Monday. "
        "Moyo rejects the charges."
    )
    ev = _one(a, "REJECT")
    assert ev.sources == ["tendai-moyo"]
    assert ev.targets == ["zimbabwe-prosecution"]  # the prosecutors, their own institution


def test_a_rejection_of_accusations_nobody_reported_has_no_target(analyze) -> None:
    a = analyze("Somalia rejected the accusations on Tuesday.")
    ev = _one(a, "REJECT")
    assert ev.targets == []


def test_a_rejection_of_someone_s_claims_keeps_their_author(analyze) -> None:
    a = analyze(
        "Kenya accused Somalia of meddling in its elections. Somalia rejected Ethiopia's "
        "claims on Tuesday."
    )
    ev = _one(a, "REJECT")
    assert "kenya" not in ev.targets


# --- a request for a release is addressed to who holds the prisoner ---------------------------


def test_a_call_for_a_release_is_addressed_to_who_arrested_the_prisoner(analyze) -> None:
    a = analyze(
        "Ugandan police arrested the reporter Samuel Okello in June. Amnesty International "
        "called for the release of Okello on Friday."
    )
    ev = _one(a, "REQUEST")
    assert ev.targets == ["uganda-police"]


def test_a_call_for_a_release_without_a_reported_arrest_is_not_addressed(analyze) -> None:
    a = analyze("Amnesty International called for the release of the reporter Samuel Okello.")
    ev = _one(a, "REQUEST")
    assert ev.targets == []


def test_a_call_addressed_by_name_keeps_its_addressee(analyze) -> None:
    a = analyze(
        "Ugandan police arrested the reporter Samuel Okello in June. Amnesty International "
        "urged Kenya to press for the release of Okello."
    )
    ev = _one(a, "REQUEST")
    assert ev.targets == ["kenya"]


# --- a warning: who it says would act or suffer -----------------------------------------------


def test_a_warning_about_a_country_s_actions_targets_the_country(analyze) -> None:
    a = analyze("The European Union warned that Kenya's actions would divide the region.")
    ev = _one(a, "THREATEN")
    assert ev.targets == ["kenya"]


def test_a_warning_that_a_group_will_not_be_spared_targets_the_group(analyze) -> None:
    a = analyze("Kenya's army chief warned that al-Shabaab militants will not be spared.")
    ev = _one(a, "THREATEN")
    assert ev.targets == ["al-shabaab"]


def test_a_warning_that_the_speaker_will_act_targets_whom_the_act_is_aimed_at(analyze) -> None:
    a = analyze("Al-Shabaab warned that it would retaliate against Kenya.")
    ev = _one(a, "THREATEN")
    assert ev.sources == ["al-shabaab"]
    assert ev.targets == ["kenya"]
