"""ACLED and GTD codes of sitroom events (sitroom.coding), on events built for these tests."""

from __future__ import annotations

import pytest

from sitroom.coding import (
    BATTLES,
    REMOTE_VIOLENCE,
    RIOTS,
    STRATEGIC_DEVELOPMENTS,
    VIOLENCE_AGAINST_CIVILIANS,
    DatasetCodes,
    answered,
    code_event,
    phrase_side,
    target_side,
)
from sitroom.models import Event, Span

TYPES = {
    "rebels": "armed_group",
    "army": "military",
    "police": "police",
    "villagers": "civilians",
    "mayor": "person",
    "crowd": "civilians",
    "state": "state",
}


def ev(
    mode: str | None,
    *,
    type_: str = "ASSAULT",
    status: str = "occurred",
    sources: tuple[str, ...] = ("rebels",),
    targets: tuple[str, ...] = (),
    target_text: str | None = None,
    text: str = "Something happened.",
    more: tuple[str, ...] = (),
    killed: int | None = None,
) -> Event:
    return Event(
        id="e1",
        type=type_,  # type: ignore[arg-type]
        mode=mode,
        status=status,  # type: ignore[arg-type]
        sources=list(sources),
        targets=list(targets),
        target_text=target_text,
        killed=killed,
        evidence=Span(start=0, end=len(text), text=text),
        more_evidence=[Span(start=0, end=len(m), text=m) for m in more],
    )


def acled(event: Event) -> tuple[str | None, str | None]:
    codes = code_event(event, TYPES)
    return codes.acled_event_type, codes.acled_sub_event_type


# --- who was attacked ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "side"),
    [
        ("two police personnel", "armed"),
        ("a Govt force (assumed military)", "armed"),
        ("a Govt (assumed military) troop position near the ford", "armed"),
        ("two peacekeepers on patrol", "armed"),
        ("a peacekeeping base", "armed"),
        ("an army checkpoint near the bridge", "armed"),
        ("a convoy of peacekeeping troops travelling north", "armed"),
        ("a military camp", "armed"),
        ("the rebel positions in the hills", "armed"),
        ("a refugee camp", "unknown"),
        ("four fishermen", "civilian"),
        ("the daughter of a police officer", "civilian"),
        ("the vehicle of a judge", "unknown"),
        ("a car carrying five militants", "armed"),
        ("a former soldier", "civilian"),
        ("an off-duty policeman at his home", "civilian"),
        ("the house of an off duty army officer", "civilian"),
        ("armed men", "armed"),
        ("the men", "civilian"),
        (None, "unknown"),
    ],
)
def test_phrase_side(phrase: str | None, side: str) -> None:
    assert phrase_side(phrase) == side


def test_an_armed_target_decides_even_among_civilians() -> None:
    event = ev("armed_assault", targets=("villagers", "police"), target_text="three villagers")
    assert target_side(event, TYPES) == "armed"


def test_a_state_named_as_target_is_not_by_itself_an_armed_side() -> None:
    # "an Ivorian woman was stabbed": the nationality links the state, not its forces
    assert target_side(ev("armed_assault", targets=("state",)), TYPES) == "unknown"


# --- ACLED -------------------------------------------------------------------------------------


def test_attack_on_an_armed_side_is_a_battle() -> None:
    assert acled(ev("armed_assault", targets=("army",))) == (BATTLES, "Armed clash")
    # unnamed attackers ("gunmen") firing on two policemen: still a battle
    unnamed = ev("armed_assault", sources=(), target_text="two policemen")
    assert acled(unnamed) == (BATTLES, "Armed clash")


def test_attack_on_civilians_is_violence_against_civilians() -> None:
    assert acled(ev("armed_assault", targets=("villagers",))) == (
        VIOLENCE_AGAINST_CIVILIANS,
        "Attack",
    )
    assert acled(ev("assassination", targets=("mayor",))) == (
        VIOLENCE_AGAINST_CIVILIANS,
        "Attack",
    )
    assert acled(ev("kidnapping", target_text="three traders")) == (
        VIOLENCE_AGAINST_CIVILIANS,
        "Abduction/forced disappearance",
    )
    assert acled(ev("sexual_violence")) == (VIOLENCE_AGAINST_CIVILIANS, "Sexual violence")


def test_clash_without_a_known_target_stays_a_battle() -> None:
    assert acled(ev("armed_clash", sources=())) == (BATTLES, "Armed clash")


def test_remote_violence_by_weapon() -> None:
    assert acled(ev("air_strike", targets=("rebels",))) == (REMOTE_VIOLENCE, "Air/drone strike")
    assert acled(ev("shelling")) == (REMOTE_VIOLENCE, "Shelling/artillery/missile attack")
    assert acled(ev("bombing", text="A roadside bomb hit a bus.")) == (
        REMOTE_VIOLENCE,
        "Remote explosive/landmine/IED",
    )
    assert acled(ev("bombing", text="A suicide bomber struck a market.")) == (
        REMOTE_VIOLENCE,
        "Suicide bomb",
    )
    assert acled(ev("bombing", text="Attackers hurled a grenade at a bar.")) == (
        REMOTE_VIOLENCE,
        "Grenade",
    )


def test_remote_violence_that_was_answered_is_a_battle() -> None:
    answered_in_a_later_sentence = ev(
        "shelling",
        targets=("army",),
        text="Rebels fired mortars at an army post.",
        more=("The soldiers returned fire for an hour.",),
    )
    assert answered(answered_in_a_later_sentence)
    assert acled(answered_in_a_later_sentence) == (BATTLES, "Armed clash")
    followed = ev("bombing", text="A mine exploded under a patrol, followed by gunfire.")
    assert acled(followed) == (BATTLES, "Armed clash")
    one_sided = ev("shelling", text="Artillery shells hit the market of the town.")
    assert not answered(one_sided)


def test_crowds_riot_and_unarmed_perpetrators_of_arson_destroy_property() -> None:
    mob = ev("unarmed_assault", sources=("crowd",), targets=("police",))
    assert acled(mob) == (RIOTS, "Mob violence")
    arson = ev("facility_attack", sources=("crowd",), target_text="a school")
    assert acled(arson) == (STRATEGIC_DEVELOPMENTS, "Looting/property destruction")
    # armed perpetrators burning homes attack civilians
    assert acled(ev("facility_attack", target_text="the houses")) == (
        VIOLENCE_AGAINST_CIVILIANS,
        "Attack",
    )


def test_status_decides_whether_there_is_an_event() -> None:
    assert code_event(ev("bombing", status="planned"), TYPES) == DatasetCodes()
    assert code_event(ev("bombing", status="negated"), TYPES) == DatasetCodes()
    defused = code_event(ev("bombing", status="thwarted"), TYPES)
    assert (defused.acled_event_type, defused.acled_sub_event_type) == (
        STRATEGIC_DEVELOPMENTS,
        "Disrupted weapons use",
    )
    # GTD keeps an attack whose perpetrators were in the field as an unsuccessful one
    assert defused.gtd_attack_type == "Bombing/Explosion"
    failed = code_event(ev("armed_assault", status="attempted", targets=("army",)), TYPES)
    assert failed.acled_event_type == BATTLES


def test_non_violent_types() -> None:
    assert acled(ev("demonstration", type_="PROTEST")) == ("Protests", "Peaceful protest")
    assert acled(ev("riot", type_="PROTEST")) == (RIOTS, "Violent demonstration")
    assert acled(ev("arrest", type_="COERCE", sources=("police",))) == (
        STRATEGIC_DEVELOPMENTS,
        "Arrests",
    )
    # a rebel group "detaining" people abducts them: arrests are what state forces do
    assert acled(ev("arrest", type_="COERCE", sources=("rebels",))) == (
        VIOLENCE_AGAINST_CIVILIANS,
        "Abduction/forced disappearance",
    )
    assert acled(ev(None, type_="AGREE")) == (STRATEGIC_DEVELOPMENTS, "Agreement")
    assert code_event(ev(None, type_="CONSULT"), TYPES) == DatasetCodes()


# --- GTD ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "attack_type"),
    [
        ("bombing", "Bombing/Explosion"),
        ("shelling", "Bombing/Explosion"),
        ("air_strike", "Bombing/Explosion"),
        ("armed_assault", "Armed Assault"),
        ("armed_clash", "Armed Assault"),
        ("assassination", "Assassination"),
        ("kidnapping", "Hostage Taking (Kidnapping)"),
        ("hostage_taking", "Hostage Taking (Barricade Incident)"),
        ("hijacking", "Hijacking"),
        ("facility_attack", "Facility/Infrastructure Attack"),
        ("unarmed_assault", "Unarmed Assault"),
        ("sexual_violence", "Unarmed Assault"),
        (None, "Unknown"),
    ],
)
def test_gtd_attack_type_follows_the_mode(mode: str | None, attack_type: str) -> None:
    assert code_event(ev(mode), TYPES).gtd_attack_type == attack_type


def test_gtd_does_not_depend_on_who_was_attacked() -> None:
    on_army = code_event(ev("armed_assault", targets=("army",)), TYPES)
    on_villagers = code_event(ev("armed_assault", targets=("villagers",)), TYPES)
    assert on_army.gtd_attack_type == on_villagers.gtd_attack_type == "Armed Assault"
    assert on_army.acled_event_type != on_villagers.acled_event_type
