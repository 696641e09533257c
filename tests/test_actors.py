"""Actor linking rules on sentences written for these tests."""

from __future__ import annotations

import pytest

from sitroom.models import Analysis


def ids(a: Analysis) -> set[str]:
    return {x.id for x in a.actors}


def test_acronym_and_full_name_link_to_one_entry(analyze, pipeline) -> None:
    a = analyze(
        "Islamic State West Africa Province fighters raided a base. ISWAP later released a video."
    )
    iswap = pipeline.kb.best("ISWAP").entry.id
    actor = a.actor(iswap)
    assert actor is not None and actor.kb
    assert len(actor.mentions) >= 2


def test_hyphenated_acronym_stays_one_token_with_possessive(analyze, pipeline) -> None:
    a = analyze("IS-K's fighters ambushed a convoy. Officials blamed IS-K.")
    isk = a.actor("islamic-state-khorasan")
    assert isk is not None
    assert {m.text for m in isk.mentions} >= {"IS-K"}
    assert isk.parent == "islamic-state"


def test_generic_agents_take_the_country_the_text_gives(analyze, pipeline) -> None:
    a = analyze("Afghan soldiers and German authorities met US service members in Kabul.")
    got = ids(a)
    assert pipeline.kb.state_actor("AFG", "military").id in got
    assert pipeline.kb.state_actor("DEU", "government").id in got
    assert pipeline.kb.state_actor("USA", "military").id in got


def test_unnamed_attackers_stay_unidentified(analyze) -> None:
    a = analyze("Gunmen on motorbikes attacked a market; the assailants fled.")
    assert "unidentified-armed-group" in ids(a)
    assert not any(x.kb and x.type == "armed_group" for x in a.actors)


def test_other_forces_are_not_guessed_to_be_the_focus_country(analyze, pipeline) -> None:
    a = analyze("In Mali, other forces may be willing to support the rebels.")
    assert pipeline.kb.state_actor("MLI", "military").id not in ids(a)


def test_person_with_role_before_the_name(analyze, pipeline) -> None:
    a = analyze("Al-Shabaab spokesman Ali Dhere said the group would fight on.")
    person = next(x for x in a.actors if x.name == "Ali Dhere")
    assert person.type == "person"
    assert person.affiliation == pipeline.kb.best("Al-Shabaab").entry.id
    assert person.role == "spokesman"
    assert any(r.type == "spokesperson_of" and r.source == person.id for r in a.relations)


def test_person_with_role_in_apposition_after_the_name(analyze) -> None:
    a = analyze("Jane Okafor, the chairwoman of the Borno Peace Committee, called for calm.")
    person = next(x for x in a.actors if x.name == "Jane Okafor")
    assert person.role == "chairwoman"
    assert person.affiliation is not None
    assert any(r.type == "leader_of" for r in a.relations)


def test_the_group_resolves_to_the_closest_group(analyze, pipeline) -> None:
    a = analyze(
        "Hamas and Hezbollah issued statements. Later, Boko Haram attacked a village, "
        "and the group burned dozens of homes."
    )
    boko = a.actor(pipeline.kb.best("Boko Haram").entry.id)
    assert boko is not None
    assert any(m.text.lower() == "the group" for m in boko.mentions)


def test_the_latter_refers_to_the_second_of_two(analyze, pipeline) -> None:
    a = analyze(
        "Talks between Hamas and Fatah stalled. The latter has since claimed responsibility "
        "for an attack on a checkpoint."
    )
    fatah = a.actor(pipeline.kb.best("Fatah").entry.id)
    assert fatah is not None
    assert any(m.text.lower() == "the latter" for m in fatah.mentions)


def test_unknown_organization_becomes_a_document_actor(analyze) -> None:
    a = analyze("The Zorvan Liberation Front attacked a police post in the hills.")
    actor = next(x for x in a.actors if "Zorvan" in x.name)
    assert not actor.kb
    assert actor.type == "armed_group"


def test_countries_in_a_place_chain_are_not_actors(analyze) -> None:
    a = analyze("Assailants attacked a checkpoint in Gwoza, Borno, Nigeria.")
    assert not any(x.type == "state" for x in a.actors)
    assert a.events[0].location is not None and a.events[0].location.country == "NGA"


def test_countries_acting_are_actors(analyze) -> None:
    a = analyze("Some states, including Russia and China, have criticised the sanctions.")
    got = ids(a)
    assert any(i.startswith("russia") for i in got)
    assert any(i.startswith("china") for i in got)


def test_possessive_pronoun_prefers_the_main_clause_subject(analyze, pipeline) -> None:
    a = analyze(
        "Hamas, an ally of Hezbollah, has fought Israel for years. "
        "Its rivalry with Fatah has also grown."
    )
    hamas = a.actor(pipeline.kb.best("Hamas").entry.id)
    assert hamas is not None and any(m.text == "Its" for m in hamas.mentions)


def test_armed_men_are_an_armed_group_not_civilians(analyze) -> None:
    a = analyze(
        "Late on Friday, four armed men stormed a bakery in Tegucigalpa and shot the owner."
    )
    assert "unidentified-armed-group" in ids(a)
    assert a.events[0].sources == ["unidentified-armed-group"]


def test_informal_government_forces_are_the_focus_countrys_military(analyze, pipeline) -> None:
    a = analyze("Rebels ambushed Govt forces on the road between Kismayo and Jamaame in Somalia.")
    assert pipeline.kb.state_actor("SOM", "military").id in ids(a)
    assert not any(x.name.lower() == "govt" for x in a.actors)


def test_capitalized_first_word_still_forms_an_agent_phrase(analyze, pipeline) -> None:
    a = analyze("Prison guards beat two inmates at a jail near Bulawayo, Zimbabwe.")
    assert pipeline.kb.state_actor("ZWE", "police").id in ids(a)


def test_regime_aircraft_are_its_military(analyze, pipeline) -> None:
    a = analyze("Regime helicopters dropped barrel bombs on a village in Idlib province, Syria.")
    assert a.events[0].sources == [pipeline.kb.state_actor("SYR", "military").id]


def test_a_nationality_on_militants_is_not_the_state(analyze) -> None:
    a = analyze("Lebanese militants fired rockets at a border post near Metula.")
    assert not any(x.type == "state" for x in a.actors)
    assert "unidentified-armed-group" in ids(a)


def test_peacekeeping_missions_are_armed_forces(analyze, pipeline) -> None:
    for name in ("AMISOM", "ATMIS", "MONUSCO", "UNMISS", "MINUSMA", "UNAMID", "SAMIM", "MNJTF"):
        entry = pipeline.kb.best(name).entry
        assert entry.type == "military" and entry.country is None, name
    assert pipeline.kb.best("SADC").entry.type == "igo"  # the political body is not the force
    # A mission does not stand for the force of the country it operates in.
    assert pipeline.kb.state_actor("SOM", "military").id == "somalia-military"
    a = analyze("On 2 May, al-Shabaab fighters attacked an AMISOM base near Baidoa, Somalia.")
    from sitroom.coding import BATTLES, actor_types_of, code_event

    assert code_event(a.events[0], actor_types_of(a.actors)).acled_event_type == BATTLES


def test_unknown_units_are_typed_by_their_unit_word(analyze) -> None:
    a = analyze("The 9th Corps shelled positions held by the Tarvin Division near the river.")
    types = {x.name: x.type for x in a.actors if not x.kb}
    assert types.get("9th Corps") == "military"
    assert types.get("Tarvin Division") == "armed_group"


def test_foreign_forces_named_stay_foreign(analyze, pipeline) -> None:
    a = analyze("Turkish troops shelled a village near Qamishli in northern Syria.")
    got = ids(a)
    assert pipeline.kb.state_actor("TUR", "military").id in got
    assert pipeline.kb.state_actor("SYR", "military").id not in got


def test_the_army_without_a_country_takes_the_named_groups_country(analyze, pipeline) -> None:
    a = analyze("Boko Haram fighters and the army clashed overnight; the army lost two trucks.")
    assert pipeline.kb.state_actor("NGA", "military").id in ids(a)
    assert "military-forces" not in ids(a)
    # A country the text gives still wins over the group's home.
    a = analyze("Boko Haram fighters attacked Chadian soldiers near the lake.")
    assert pipeline.kb.state_actor("TCD", "military").id in ids(a)


@pytest.mark.parametrize(
    ("sentence", "force"),
    [
        ("Ethiopian airstrikes hit a market in Mekelle on Monday.", "ethiopia-military"),
        ("Armenian artillery shelled villages near Tovuz.", "armenia-military"),
        ("A Pakistani drone strike killed four men in Datta Khel.", "pakistan-military"),
    ],
)
def test_a_nationality_on_a_state_means_of_attack_names_the_force(
    analyze, sentence: str, force: str
) -> None:
    a = analyze(sentence)
    assert a.events and a.events[0].sources == [force]


def test_a_nationality_on_a_weapon_anyone_uses_names_no_force(analyze) -> None:
    a = analyze("A Syrian rocket attack hit the market, killing three.")
    assert not any(actor.type == "military" for actor in a.actors)


def test_a_nationality_on_civilians_is_not_the_state(analyze) -> None:
    a = analyze("Gunmen kidnapped two Italian tourists and a Malian driver near Mopti.")
    assert "italy" not in ids(a) and "mali" not in ids(a)
    assert a.events[0].targets == ["civilians"]


def test_a_place_the_model_tags_as_a_person_is_no_actor(analyze) -> None:
    a = analyze("Mortar fire killed three children near Sheikh Maskin, Daraa, on Sunday.")
    assert not any(actor.type == "person" for actor in a.actors)


def test_a_person_named_like_a_town_stays_a_person(analyze) -> None:
    a = analyze("Police chief Ahmed Jama Mogadishu said gunmen shot a trader in Beledweyne.")
    assert any(actor.type == "person" for actor in a.actors)
