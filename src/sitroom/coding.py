"""Dataset codes for sitroom events: ACLED event and sub-event types, GTD attack types.

sitroom describes an attack by its PLOVER type, its mode (how it was done) and its actors. The
two datasets that human coders build, and that users compare sitroom with, cut the same events
differently, and this module applies their rules to a sitroom event:

* **ACLED** (ACLED Codebook, the event scheme used since 2019: Battles, Explosions/Remote
  violence, Violence against civilians, Riots, Protests, Strategic developments). The event type
  depends on who fought whom, not only on the weapon: a *battle* is violence between two
  organized armed sides (state forces, rebels, militias, unidentified armed groups); *explosions
  and remote violence* are one-sided attacks with weapons the other side cannot answer (bombs,
  shells, air strikes); *violence against civilians* is violence by an armed side against people
  who are not combatants. So the ACLED code of a sitroom event is read from its mode together with
  the types of its target actors (``Actor.type``) and, where the targets are not actors, the head
  of the target phrase as written ("two soldiers", "a police checkpoint"). Remote violence that
  the text reports as part of an exchange of fire ("... followed by gunfire", "clashes") is a
  battle, since the other side did respond.
* **GTD** (GTD Codebook, START: attack types and their hierarchy). The attack type is a property
  of the tactic alone, so it follows the mode; sitroom's mode priority already applies GTD's
  hierarchy (an attack on an office holder is an assassination whatever the weapon, explosives
  dominate firearms). GTD has no state-on-state violence: shelling and air strikes are explosions.

Only the decisions are taken from the codebooks; the names are the datasets' own labels.
Events that a dataset does not code (a planned or denied attack, most non-violent PLOVER types)
get ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from sitroom.kb import singular_forms
from sitroom.models import Event
from sitroom.ontology import ontology
from sitroom.rules import rules

Side = Literal["armed", "civilian", "unknown"]

# --- ACLED labels -------------------------------------------------------------------------------

_DATASETS = ontology().datasets
BATTLES = _DATASETS.acled_event_types["battles"]
REMOTE_VIOLENCE = _DATASETS.acled_event_types["remote_violence"]
VIOLENCE_AGAINST_CIVILIANS = _DATASETS.acled_event_types["violence_against_civilians"]
PROTESTS = _DATASETS.acled_event_types["protests"]
RIOTS = _DATASETS.acled_event_types["riots"]
STRATEGIC_DEVELOPMENTS = _DATASETS.acled_event_types["strategic_developments"]

ACLED_EVENT_TYPES: tuple[str, ...] = tuple(_DATASETS.acled_event_types.values())

# --- GTD labels ---------------------------------------------------------------------------------

GTD_ATTACK_TYPES: Mapping[str | None, str] = _DATASETS.gtd_attack_types

# --- who is armed -------------------------------------------------------------------------------

# Actor types that are organized armed sides. ("state" is not one: "an Israeli woman" names
# the state as a nationality, not as a side.)
ARMED_ACTOR_TYPES = ontology().armed_actor_types
# Actor types that are not combatants: civilians, persons, officials, parties, media, NGOs.
UNARMED_ACTOR_TYPES = ontology().unarmed_actor_types

_RULES = rules("coding")
# Heads of target phrases that name combatants or military installations.
ARMED_HEADS = _RULES.words("armed_heads")
# Heads that are combatants or installations only with a force word before them: "a police
# officer", "a military camp", "an army vehicle", "a militia member".
ARMED_WITH_MODIFIER = _RULES.words("armed_with_modifier")
FORCE_WORDS = _RULES.words("force_words")
# Heads that carry or house someone else: "the vehicle of a judge", "a car carrying five
# militants", "a convoy of AMISOM forces" take the side of whom they carry.
CONTAINER_HEADS = _RULES.words("container_heads")
_CARRIED = _RULES.words("carried_markers")
CIVILIAN_HEADS = _RULES.words("civilian_heads")

# Where a target phrase's head ends: before a complement, clause or place ("a convoy of AMISOM
# forces travelling from ...", "a man in Kabul").
_PHRASE_END = re.compile(
    r"\s(?:of|in|at|near|on|from|by|with|who|which|that|while|as|during|along|outside|inside|"
    r"carrying|travelling|traveling|belonging|including|identified|named|and)\b|[,;(\[]",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ASIDE = re.compile(r"\s*\([^()]*\)")


def _singular(word: str) -> str:
    """The form of a head word that the lists above know ("soldiers", "positions", "militias")."""
    return next((c for c in (word, *singular_forms(word)) if c in _KNOWN_HEADS), word)


_KNOWN_HEADS = ARMED_HEADS | ARMED_WITH_MODIFIER | CIVILIAN_HEADS | FORCE_WORDS

# Combatants out of combat are civilians to ACLED: "a former soldier", "an off-duty policeman".
_OUT_OF_COMBAT = re.compile(
    r"\b(?:former|ex-|off[- ]duty|retired|demobili[sz]ed|unarmed)", re.IGNORECASE
)


def phrase_side(phrase: str | None) -> Side:
    """Whether a target phrase as written names combatants ("two police personnel", "a Govt
    force", "an army checkpoint"), non-combatants ("four fishermen", "the daughter of an
    officer", "an off-duty policeman") or neither."""
    if not phrase:
        return "unknown"
    if _OUT_OF_COMBAT.search(phrase):
        return "civilian"
    # A coder's aside is not the head: "a Govt (assumed military) troop position".
    phrase = _ASIDE.sub("", phrase)
    end = _PHRASE_END.search(phrase)
    words = [_singular(w.lower()) for w in _WORD.findall(phrase[: end.start()] if end else phrase)]
    if not words:
        return "unknown"
    head, modifiers = words[-1], set(words[:-1])
    if head in CONTAINER_HEADS and not modifiers & FORCE_WORDS:
        if end is not None and end.group().strip().lower() in _CARRIED:
            return phrase_side(phrase[end.end() :])
        return "armed" if head == "convoy" else "unknown"
    if head in ARMED_HEADS:
        return "armed"
    if head in (ARMED_WITH_MODIFIER | CONTAINER_HEADS) and modifiers & FORCE_WORDS:
        return "armed"
    if head in CIVILIAN_HEADS:
        return "civilian"
    return "unknown"


def target_side(event: Event, actor_types: Mapping[str, str]) -> Side:
    """Were the targets combatants? An armed target among others decides (civilians caught in
    an attack on a checkpoint do not make it violence against civilians); then the target
    phrase; then unarmed target actors."""
    types = [actor_types.get(t) for t in event.targets]
    side = phrase_side(event.target_text)
    if side == "civilian" and _OUT_OF_COMBAT.search(event.target_text or ""):
        return side  # "a former member of the police" names the police, not a combatant
    if any(t in ARMED_ACTOR_TYPES for t in types):
        return "armed"
    if side != "unknown":
        return side
    if any(t in UNARMED_ACTOR_TYPES for t in types):
        return "civilian"
    return "unknown"


def _armed_source(event: Event, actor_types: Mapping[str, str]) -> bool:
    return any(actor_types.get(s) in ARMED_ACTOR_TYPES for s in event.sources)


def _crowd_source(event: Event, actor_types: Mapping[str, str]) -> bool:
    """Violence by civilians only ("residents", "a mob"): a riot, not an armed side."""
    return bool(event.sources) and all(actor_types.get(s) == "civilians" for s in event.sources)


# --- the evidence: was the violence answered? ---------------------------------------------------

# Words that report fighting between two sides, or fire returned: remote violence reported with
# them was answered, which the ACLED codebook codes as a battle.
_TWO_SIDED = re.compile(
    r"\b(?:clash(?:es|ed)?|fight(?:ing|s)?|fought|firefights?|gunfights?|gun ?battles?|"
    r"shoot-?outs?|skirmish(?:es|ed)?|crossfire|exchang(?:e|ed|es|ing) (?:of )?(?:heavy )?"
    r"(?:fire|gunfire|shots)|exchang(?:e|ed|es|ing) (?:fire|gunfire|shots)|"
    r"return(?:ed|ing)? (?:the )?fire|gunfire exchange|followed by (?:heavy )?(?:gunfire|"
    r"gunshots|shooting)|small arms)\b",
    re.IGNORECASE,
)
_SUICIDE = re.compile(r"\bsuicide\b", re.IGNORECASE)
_GRENADE = re.compile(r"\bgrenades?\b", re.IGNORECASE)
_CHEMICAL = re.compile(r"\b(?:chemical|chlorine|sarin|mustard gas|nerve agent)\b", re.IGNORECASE)


def _evidence(event: Event) -> str:
    return " ".join([event.evidence.text, *(m.text for m in event.more_evidence)])


def answered(event: Event) -> bool:
    """Does the event's own evidence report fighting or returned fire?"""
    return bool(_TWO_SIDED.search(_evidence(event)))


# --- the codes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetCodes:
    """An event as ACLED and GTD would label it; ``None`` where the dataset codes no event."""

    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    gtd_attack_type: str | None = None


_DIRECT = _DATASETS.acled_direct_modes
_ABDUCTION = _DATASETS.acled_abduction_modes
_REMOTE = _DATASETS.acled_remote_modes
# Statuses the datasets code as attacks: both keep failed attacks; neither keeps plans,
# threats, conjectures or denials. A foiled attack is ACLED's "Disrupted weapons use".
_CODED_STATUSES = ontology().coded_statuses


def _remote_sub_type(event: Event) -> str:
    if event.mode == "air_strike":
        return "Air/drone strike"
    if event.mode == "shelling":
        return "Shelling/artillery/missile attack"
    text = _evidence(event)
    if _CHEMICAL.search(text):
        return "Chemical weapon"
    if _SUICIDE.search(text):
        return "Suicide bomb"
    if _GRENADE.search(text):
        return "Grenade"
    return "Remote explosive/landmine/IED"


def _acled_assault(event: Event, actor_types: Mapping[str, str]) -> tuple[str, str]:
    mode = event.mode
    side = target_side(event, actor_types)
    if mode in _REMOTE:
        if answered(event):
            return BATTLES, "Armed clash"
        return REMOTE_VIOLENCE, _remote_sub_type(event)
    if mode == "sexual_violence":
        return VIOLENCE_AGAINST_CIVILIANS, "Sexual violence"
    if mode in _ABDUCTION:
        if side == "armed":
            return BATTLES, "Armed clash"
        return VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"
    # Direct violence (firearms, blades, beatings, arson) or an unknown weapon.
    if side == "armed" or answered(event) or (mode == "armed_clash" and side == "unknown"):
        if mode == "unarmed_assault" and _crowd_source(event, actor_types):
            return RIOTS, "Mob violence"  # a crowd beating a policeman is not a battle
        return BATTLES, "Armed clash"
    if mode == "facility_attack" and not (
        _armed_source(event, actor_types) or event.killed or event.wounded
    ):
        return STRATEGIC_DEVELOPMENTS, "Looting/property destruction"
    if mode == "unarmed_assault" and _crowd_source(event, actor_types):
        return RIOTS, "Mob violence"
    return VIOLENCE_AGAINST_CIVILIANS, "Attack"


_STATE_TYPES = ontology().state_actor_types


def _acled_other(event: Event, actor_types: Mapping[str, str]) -> tuple[str | None, str | None]:
    """ACLED's counterparts of non-violent PLOVER events, where it has one."""
    if event.type == "PROTEST":
        if event.mode == "riot":
            return RIOTS, "Violent demonstration"
        return PROTESTS, "Peaceful protest"
    if event.type == "COERCE" and event.mode == "arrest":
        # Arrests are what state forces do; a rebel group or militia "detaining" people
        # abducts them.
        if any(actor_types.get(s) == "armed_group" for s in event.sources) and not any(
            actor_types.get(s) in _STATE_TYPES for s in event.sources
        ):
            return VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance"
        return STRATEGIC_DEVELOPMENTS, "Arrests"
    if event.type == "AGREE":
        return STRATEGIC_DEVELOPMENTS, "Agreement"
    if event.type == "MOBILIZE" and event.mode == "establish":
        return STRATEGIC_DEVELOPMENTS, "Headquarters or base established"
    return None, None


def code_event(event: Event, actor_types: Mapping[str, str]) -> DatasetCodes:
    """ACLED event/sub-event type and GTD attack type of ``event``.

    ``actor_types`` maps the actor ids of the event to their ``Actor.type`` (an analysis'
    actors, or the store's); ids it does not know count as untyped.
    """
    if event.status not in _CODED_STATUSES and event.status != "thwarted":
        return DatasetCodes()
    if event.type != "ASSAULT":
        if event.status == "thwarted":
            return DatasetCodes()
        acled_type, acled_sub = _acled_other(event, actor_types)
        return DatasetCodes(acled_type, acled_sub, None)
    gtd = GTD_ATTACK_TYPES.get(event.mode, "Unknown")
    if event.status == "thwarted":
        # A defused bomb or an intercepted attack: ACLED codes the interception; GTD keeps an
        # attack whose perpetrators were in the field as an unsuccessful one of its type.
        return DatasetCodes(STRATEGIC_DEVELOPMENTS, "Disrupted weapons use", gtd)
    acled_type, acled_sub = _acled_assault(event, actor_types)
    return DatasetCodes(acled_type, acled_sub, gtd)


class _Typed(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...


def actor_types_of(actors: Iterable[_Typed]) -> dict[str, str]:
    """``{id: type}`` of actors (``Actor`` of an analysis, ``ActorRow`` of the store)."""
    return {a.id: a.type for a in actors}
