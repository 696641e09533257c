"""Sides of an event read from the article around its sentence (sitroom.incidents.discourse):
short articles written for the test, each rule with a case where it must abstain."""

from __future__ import annotations

import pytest

from sitroom.incidents.discourse import default_words, parse_words
from sitroom.models import Analysis, Event
from sitroom.rules import load_yaml

pytestmark = pytest.mark.model


def _event(analysis: Analysis, type_: str, trigger: str) -> Event:
    found = [
        e for e in analysis.events if e.type == type_ and e.trigger and e.trigger.text == trigger
    ]
    assert len(found) == 1, [(e.type, e.trigger and e.trigger.text) for e in analysis.events]
    return found[0]


def _inferred(event: Event) -> list[str]:
    return [n for n in event.notes if n.startswith("discourse:")]


# --- rule 1: a reaction to an act a definite noun names ---------------------------------------


def test_a_rejection_of_the_sanctions_targets_who_imposed_them(analyze) -> None:
    a = analyze(
        "The European Union imposed sanctions on three Sudanese commanders on Monday. "
        "The Rapid Support Forces rejected the sanctions on Tuesday."
    )
    reject = _event(a, "REJECT", "rejected")
    assert reject.targets == ["european-union"]
    assert reject.target_basis == "inferred"
    assert _inferred(reject) == ["discourse: target inferred (the author of the act it answers)"]
    sanction = _event(a, "SANCTION", "sanctions")
    assert sanction.target_basis == "stated" and not _inferred(sanction)


def test_a_welcome_of_the_agreement_targets_both_parties(analyze) -> None:
    a = analyze(
        "The government of Colombia and the ELN signed a ceasefire agreement in Havana on "
        "Monday. The United Nations welcomed the agreement."
    )
    assert set(_event(a, "SUPPORT", "welcomed").targets) == {"colombia-government", "eln"}


def test_two_authors_of_sanctions_leave_the_rejection_without_target(analyze) -> None:
    a = analyze(
        "The European Union imposed sanctions on Sudan's army chief on Monday. Britain "
        "imposed sanctions on two Rapid Support Forces commanders. "
        "The Rapid Support Forces rejected the sanctions on Tuesday."
    )
    reject = _event(a, "REJECT", "rejected")
    assert reject.targets == [] and reject.target_basis is None


def test_defending_ones_own_ban_answers_no_one(analyze) -> None:
    a = analyze(
        "The Taliban banned a newspaper in Kabul on Monday. The Taliban defended the ban on "
        "Tuesday."
    )
    assert _event(a, "SUPPORT", "defended").targets == []


def test_the_decision_answers_the_act_told_just_before(analyze) -> None:
    a = analyze(
        "The government of Kenya imposed a curfew in Mombasa on Monday. "
        "Amnesty International condemned the decision on Tuesday."
    )
    assert _event(a, "ACCUSE", "condemned").targets == ["kenya-government"]


def test_the_decision_told_two_sentences_after_the_act_answers_no_one(analyze) -> None:
    a = analyze(
        "The government of Kenya imposed a curfew in Mombasa on Monday. "
        "Many shops in the city stayed shut all week. "
        "Amnesty International condemned the decision on Thursday."
    )
    assert _event(a, "ACCUSE", "condemned").targets == []


# --- rule 2: an actor described by its kind ---------------------------------------------------


def test_the_three_nations_are_the_three_named_together_before(analyze) -> None:
    a = analyze(
        "Burkina Faso, Mali and Niger left the regional bloc in January. "
        "The three nations accused ECOWAS of serving foreign interests."
    )
    accuse = _event(a, "ACCUSE", "accused")
    assert accuse.sources == ["burkina-faso", "mali", "niger"]
    assert accuse.source_basis == "inferred"


def test_a_count_that_does_not_fit_points_to_no_one(analyze) -> None:
    a = analyze(
        "Mali and Niger left the regional bloc in January. "
        "The three nations accused ECOWAS of serving foreign interests."
    )
    assert _event(a, "ACCUSE", "accused").sources == []


def test_the_country_is_the_one_country_named_before(analyze) -> None:
    a = analyze(
        "Kenya hosted the summit on Monday. The country accused Somalia of violating its airspace."
    )
    assert _event(a, "ACCUSE", "accused").sources == ["kenya"]


def test_the_country_after_two_countries_is_no_one(analyze) -> None:
    a = analyze(
        "Kenya hosted Ethiopia on Monday. The country accused Somalia of violating its airspace."
    )
    accuse = _event(a, "ACCUSE", "accused")
    assert accuse.sources == [] and accuse.source_basis is None


def test_both_sides_are_the_two_parties_of_the_act_just_told(analyze) -> None:
    a = analyze(
        "Somalia accused Kenya of violating its airspace on Monday. "
        "The African Union urged both sides to settle the dispute through talks."
    )
    urge = _event(a, "REQUEST", "urged")
    assert set(urge.targets) == {"somalia", "kenya"} and urge.target_basis == "inferred"


def test_both_sides_long_after_the_last_dyad_are_no_one(analyze) -> None:
    a = analyze(
        "Somalia accused Kenya of violating its airspace on Monday. "
        "Ethiopia hosted talks between the two countries in 2019. "
        "The rains came late this year. Livestock prices rose in Mogadishu. "
        "The African Union urged both sides to settle the dispute through talks."
    )
    assert _event(a, "REQUEST", "urged").targets == []


# --- rule 3: "it" opening a report --------------------------------------------------------------


def test_it_is_the_organisation_that_spoke_in_the_sentence_before(analyze) -> None:
    a = analyze(
        "The African Union condemned the coup in Gabon on Thursday. "
        "It demanded that the army release the president."
    )
    demand = _event(a, "REQUEST", "demanded")
    assert demand.sources == ["african-union"] and demand.source_basis == "inferred"


def test_it_after_two_subjects_is_no_one(analyze) -> None:
    a = analyze(
        "Kenya and Uganda condemned the coup in Gabon on Thursday. "
        "It demanded that the army release the president."
    )
    assert _event(a, "REQUEST", "demanded").sources == []


# --- rule 4: "we" in a quotation whose speaker another sentence names -----------------------


def test_we_in_a_quotation_is_the_speaker_named_at_its_end(analyze) -> None:
    a = analyze(
        "The African Union said on Monday it would send more troops to Somalia. "
        '"We will cooperate with the Somali army to defeat al-Shabaab. We have no other '
        'choice," the AU said in a statement.'
    )
    cooperate = _event(a, "COOPERATE", "cooperate")
    assert cooperate.sources == ["african-union"]
    assert _inferred(cooperate) == ["discourse: source inferred (the speaker of the quotation)"]


def test_we_in_a_quotation_nobody_is_said_to_speak_is_no_one(analyze) -> None:
    a = analyze(
        '"We will cooperate with the Somali army to defeat al-Shabaab." '
        "No official gave further details."
    )
    assert _event(a, "COOPERATE", "cooperate").sources == []


def test_we_in_a_quotation_two_speakers_say_is_no_one(analyze) -> None:
    a = analyze(
        '"We will cooperate with the Somali army. We have no other choice," Kenya and Uganda said.'
    )
    assert _event(a, "COOPERATE", "cooperate").sources == []


# --- the word lists -----------------------------------------------------------------------------


def test_the_shipped_word_lists_load() -> None:
    words = default_words()
    assert "SANCTION" in words.act_nouns["sanction"]
    assert words.count_words["three"] == 3


def test_a_malformed_word_list_is_refused() -> None:
    with pytest.raises(ValueError, match="count_words"):
        data = load_yaml(
            "reaction_types: [REJECT]\nact_nouns: {ban: [COERCE]}\njoint_types: [AGREE]\n"
            "generic_act_nouns: [decision]\n"
            "definite_determiners: [the]\nclass_nouns: {nation: [state]}\n"
            "count_words: {one: 1}\ngroup_pronouns: [it]\nfirst_person: {we: group}\n"
        )
        parse_words(data)
    with pytest.raises(ValueError, match="keys"):
        parse_words({"reaction_types": ["REJECT"]})
