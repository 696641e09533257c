"""The types the rules of the events stage share: what they need from the lexicon, triggers,
drafts of events, and the word tables of ``data/rules/events.yaml``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sitroom.annotation import Sentence
from sitroom.casualties import CasualtyStatement
from sitroom.models import Location, TimeExpression
from sitroom.ontology import ontology
from sitroom.rules import rules

# --- what the stage needs from the lexicon (see sitroom.lexicon) -----------------------------


class SenseLike(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def mode(self) -> str | None: ...


class LexiconLike(Protocol):
    # Dominant mode when one incident is reported with several verbs, after GTD's attack-type
    # hierarchy ("opened fire before detonating a truck bomb" is a bombing).
    mode_priority: tuple[str, ...]
    # Nouns of office holders: an attack aimed at one is an assassination.
    assassination_targets: frozenset[str]

    def verb(
        self,
        lemma: str,
        *,
        particle: str | None = None,
        prep: str | None = None,
        obj: str | None = None,
        pobj: str | None = None,
        subj: str | None = None,
        obj_mods: Iterable[str] = (),
    ) -> SenseLike | None: ...
    def pattern_preps(self, lemma: str) -> frozenset[str]: ...
    def noun(self, lemma: str) -> SenseLike | None: ...
    def noun_in_context(self, lemma: str, context: Iterable[str]) -> SenseLike | None: ...
    def light_verb(
        self, verb_lemma: str, noun_lemma: str, *, particle: str | None = None
    ) -> SenseLike | None: ...
    def mode_from_cues(self, lemmas: Iterable[str]) -> str | None: ...
    def status_cue(self, lemma: str) -> str | None: ...
    def is_claim_verb(self, lemma: str) -> bool: ...
    def is_claim_noun(self, lemma: str) -> bool: ...
    def is_reported_speech(self, lemma: str) -> bool: ...


# (start, end, trigger token indexes) of an event -> where it happened, and a note when the
# place is inferred, not stated in its sentence
Locator = Callable[[int, int, tuple[int, ...]], tuple[Location | None, str | None]]

STATUS_PRIORITY = list(ontology().status_priority)
_PARTNER_TYPES = ontology().partner_types

# --- word tables (data/rules/events.yaml) ------------------------------------------------------

RULES = rules("events")
_SUBJECT_CONTROL = RULES.words("subject_control")
_CONTROL_ADJECTIVES = RULES.words("subject_control_adjectives")
_CHARGE_NOUNS = RULES.words("charge_nouns")
_TARGET_PREPS = RULES.words("target_preps")
_PARTNER_PREPS = RULES.words("partner_preps")
_RELATIVE_PRONOUNS = RULES.words("relative_pronouns")
_INHERIT_MARKERS = RULES.words("inherit_markers")
_ANAPHORIC_DETS = RULES.words("anaphoric_determiners")
_HAPPEN_VERBS = RULES.words("happen_verbs")
_IDENTIFYING = RULES.words("identifying_verbs")
_INCIDENT_NOUNS = RULES.words("incident_nouns")
_GROUP_NOUNS = RULES.words("group_nouns")
_NP_DEPS = RULES.words("noun_phrase_deps")
_CLAUSE_BARRIERS = RULES.words("clause_barriers")
_FORCE_NOUNS = RULES.words("force_nouns")
_OUTCOME_VERBS = RULES.words("outcome_verbs")
_CARRYING = RULES.words("carrying_verbs")
_ATTACHING = RULES.words("attaching_verbs")
_CONTINUATION_WORDS = RULES.words("continuation_words")
_RESPONSE_LEMMAS = RULES.words("response_lemmas")
_CAPTIVE_NOUNS = RULES.words("captive_nouns")
_TIME_NOUNS = RULES.words("time_nouns")
_MODAL_AUXILIARIES = RULES.words("modal_auxiliaries")
_CONDITIONAL_MARKS = RULES.words("conditional_marks")
_PREPOSITIONAL_PARTICIPLES = RULES.words("prepositional_participles")
_ATTRIBUTION_VERBS = RULES.words("attribution_verbs")
_ACCUSING_VERBS = RULES.words("accusing_verbs")
_ATTRIBUTION_NOUNS = RULES.words("attribution_nouns")
_NEGATIVE_PRONOUNS = RULES.words("negative_pronouns")
_AIMING_VERBS = RULES.words("aiming_verbs")
_RESTATING_SUBJECTS = RULES.words("restating_subjects")
_ACT_COMPLEMENT_DEPS = RULES.words("act_complement_deps")
_COMPLEMENT_MARKS = RULES.words("complement_marks")
_QUESTION_WORDS = RULES.words("question_words")
_COMMITMENT_VERBS = RULES.words("commitment_verbs")
_HOSTILE_VOW_OBJECTS = RULES.words("hostile_vow_objects")
_FUTURE_AUXILIARIES = RULES.words("future_auxiliaries")
_FUTURE_BEFORE_INFINITIVE = RULES.words("future_before_infinitive")
_SPEAKER_PRONOUNS = RULES.words("speaker_pronouns")
_IMPERSONAL_SPEAKER_PRONOUNS = RULES.words("impersonal_speaker_pronouns")
_ALLEGING_MODIFIERS = RULES.words("alleging_modifiers")
_DYADIC_PREPS = RULES.words("dyadic_preps")
_JOINT_MARKERS = RULES.words("joint_markers")
_QUANTITY_NOUNS = RULES.words("quantity_nouns")
_SUBJECT_DOER_TYPES = RULES.words("subject_doer_types")
_PARTICLE_ADVERBS = RULES.words("particle_adverbs")
_ADVERB_PARTICLE_VERBS = RULES.words("adverb_particle_verbs")
_JOINT_NOUNS = RULES.words("joint_nouns")
_SECOND_OBJECT_PREPS = RULES.words("second_object_preps")
_PASSIVE_LIGHT_TYPES = RULES.words("passive_light_types")
_MANNER_PROTEST_NOUNS = RULES.words("manner_protest_nouns")
_ALONGSIDE_PREPS = RULES.words("alongside_preps")
_PROTESTER_NOUNS = RULES.words("protester_nouns")
_ADDRESSED_THREAT_VERBS = RULES.words("addressed_threat_verbs")
_ULTIMATUM_VERBS = RULES.words("ultimatum_verbs")
_NAMING_VERBS = RULES.words("naming_verbs")
_DISAPPROVING_WORDS = RULES.words("disapproving_words")
_ULTIMATUM_CONJUNCTIONS = RULES.words("ultimatum_conjunctions")
_THREAT_ACT_TYPES = RULES.words("threat_act_types")
_NONVIOLENT_MODIFIERS = RULES.words("nonviolent_modifiers")
_NONVIOLENT_OBJECTS = RULES.words("nonviolent_objects")
_SPORT_CUES = RULES.words("sport_cues")
_ECONOMIC_NOUNS = RULES.words("economic_nouns")
_REPORT_NOUNS = RULES.words("report_nouns")
_CONTACT_VERBS = RULES.words("contact_verbs")
_FIGHTING_WORDS = RULES.words("fighting_words")
_SPEECH_ACT_TYPES = ontology().speech_act_types
_BOTH_SIDES_PAIRS = frozenset(tuple(pair) for pair in RULES.raw("both_sides_pairs"))


@dataclass(slots=True)
class Trigger:
    token: int  # the trigger word (verb or event noun)
    type: str
    mode: str | None
    verb: int | None = None  # the light verb governing a noun trigger ("carried out" an attack)

    @property
    def anchor(self) -> int:
        return self.verb if self.verb is not None else self.token


@dataclass
class Draft:
    """An event under construction."""

    triggers: list[Trigger]
    sentence: Sentence
    type: str
    mode: str | None = None
    status: str = "occurred"
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    casualties: list[CasualtyStatement] = field(default_factory=list)
    more: list[Sentence] = field(default_factory=list)
    date: TimeExpression | None = None
    date_inherited: bool = False
    speaker: str | None = None
    notes: list[str] = field(default_factory=list)
    target_text: str | None = None
    anaphoric: bool = False
    zero_toll: bool = False  # only says that nobody was hurt
    # No word named the tactic: the mode is the armed-sides default, which a later report of
    # the incident does not pass on.
    mode_guessed: bool = False
    attributed: list[str] = field(default_factory=list)  # perpetrators named by sources
    act: tuple[str, str | None] | None = None  # (type, mode) of the act a speech act speaks of
    source_basis: str | None = None  # stated | claimed | alleged | inferred
    clausal: bool = False  # a verb reports it ("workers went on strike"), not a noun alone
    # The event that happened which a speech act judges ("condemned the attack"), and the draft
    # a later report was merged into (the incident it reports).
    judged: Draft | None = None
    merged_into: Draft | None = None
    # Who would undergo the act a request asks for ("called for X's release": X).
    undergoers: list[str] = field(default_factory=list)


def _add(into: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in into:
            into.append(item)


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out
