"""The validating loader of ``vocabulary.yaml`` (the incidents stage's word lists)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sitroom.rules import load_yaml

ATTRIBUTIONS = ("stated", "claimed", "alleged", "inferred")
_LISTS = (
    "violence_cues",
    "metaphor_prone_cues",
    "peaceful_domain_words",
    "metaphor_frames",
    "incident_nouns",
    "new_incident_words",
    "ordinal_incident_words",
    "operation_words",
    "newsroom_verbs",
    "newsroom_nouns",
    "anonymity_words",
    "naming_words",
    "commentator_nouns",
    "attitude_nouns",
    "attitude_verbs",
    "striving_verbs",
    "striving_nouns",
    "trend_verbs",
    "conflict_nouns",
    "continuation_verbs",
    "affiliation_participles",
    "grounds_words",
    "purpose_types",
    "commentator_titles",
    "research_bodies",
    "assessment_verbs",
    "assessed_nouns",
    "question_verbs",
    "negative_subjects",
    "disposition_adjectives",
    "needs_source",
    "habitual_adverbs",
    "needs_named_party",
    "separate_act_words",
    "possibility_modals",
    "outcome_verbs",
    "restated_types",
    "restated_with_target",
    "placeless_types",
    "text_nouns",
    "text_verbs",
    "goal_prepositions",
    "act_precedence",
)


@dataclass(frozen=True)
class Vocabulary:
    violence_cues: frozenset[str]  # single lemmas
    violence_phrases: tuple[str, ...]  # multi-word cues, lower-case text
    metaphor_frames: tuple[str, ...]
    incident_nouns: frozenset[str]
    new_incident_words: frozenset[str]
    operation_words: frozenset[str]
    attribution_verbs: dict[str, str]  # lemma -> claimed | alleged
    newsroom_verbs: frozenset[str] = frozenset()  # the reporting itself: contact, respond
    ordinal_incident_words: frozenset[str] = frozenset()  # "the second attack": one counted
    newsroom_nouns: frozenset[str] = frozenset()  # comment, inquiry: what a reporter asks for
    anonymity_words: frozenset[str] = frozenset()  # anonymity: "requested anonymity"
    naming_words: frozenset[str] = frozenset()  # name, identify: "asked not to be named"
    commentator_nouns: frozenset[str] = frozenset()  # analyst, expert: commentary is no event
    attitude_nouns: frozenset[str] = frozenset()  # "concerns that ...": not asserted
    attitude_verbs: frozenset[str] = frozenset()  # "hopes ...", "wants to ...": not asserted
    striving_verbs: frozenset[str] = frozenset()  # "sought to sign ...": a goal, not an act
    striving_nouns: frozenset[str] = frozenset()  # "a campaign to free ...": a goal
    trend_verbs: frozenset[str] = frozenset()  # "attacks have surged": a trend, no event
    conflict_nouns: frozenset[str] = frozenset()  # "the war has killed ...": its whole course
    continuation_verbs: frozenset[str] = frozenset()  # "fighting has continued": a state
    affiliation_participles: frozenset[str] = frozenset()  # "militias allied with": a relation
    grounds_words: frozenset[str] = frozenset()  # "suspected of helping": the charge, no act
    purpose_types: frozenset[str] = frozenset()  # "blocked roads to protest": a protest
    # cues of sport and business as much as of war: alone, they make no conflict document
    metaphor_prone_cues: frozenset[str] = frozenset()
    # words of sport and markets: an article full of them tells its conflict words as metaphors
    peaceful_domain_words: frozenset[str] = frozenset()
    # a named person described anywhere in the article as one of these is a commentator
    commentator_titles: frozenset[str] = frozenset()  # professor, fellow: "X, a professor at"
    research_bodies: tuple[str, ...] = ()  # university, think tank: "X of the Y Institute"
    assessment_verbs: frozenset[str] = frozenset()  # pose, perceive: "poses a threat"
    assessed_nouns: frozenset[str] = frozenset()  # threat: an assessment, not a threat made
    question_verbs: frozenset[str] = frozenset()  # ask: with no one asked to act, a question
    negative_subjects: frozenset[str] = frozenset()  # "No country has recognized ...": no act
    disposition_adjectives: frozenset[str] = frozenset()  # "open to dialogue": no talks held
    needs_source: frozenset[str] = frozenset()  # PLOVER types with no act without a doer
    habitual_adverbs: frozenset[str] = frozenset()  # always, long: a habit, not an event
    needs_named_party: frozenset[str] = frozenset()  # types with no act between "people" only
    separate_act_words: frozenset[str] = frozenset()  # "but", "later": two coordinated acts
    possibility_modals: frozenset[str] = frozenset()  # could, may, must: no act happened
    outcome_verbs: frozenset[str] = frozenset()  # "Fighting killed dozens": the act happened
    restated_types: frozenset[str] = frozenset()  # types an article tells again in other words
    restated_with_target: frozenset[str] = frozenset()  # ... only when they name a target too
    placeless_types: frozenset[str] = frozenset()  # types whose places do not tell acts apart
    # texts (an agreement, a law) and their verbs (allow, require): what they provide is no act
    text_nouns: frozenset[str] = frozenset()
    text_verbs: frozenset[str] = frozenset()
    # prepositions that take what a verb aims at ("push *for* his release"), not a circumstance
    goal_prepositions: frozenset[str] = frozenset()
    # pairs of modes by which the words of one act may name it either way (ban, restrict)
    confusable_modes: frozenset[frozenset[str]] = frozenset()
    # type -> modes (none listed: any) of what attackers do within their attack
    attack_parts: dict[str, frozenset[str]] = field(default_factory=dict)
    # PLOVER types in the order by which one of two acts told as one is kept
    act_precedence: tuple[str, ...] = ()


def parse_vocabulary(data: Any) -> Vocabulary:
    if not isinstance(data, dict):
        raise ValueError("incidents vocabulary: a mapping of list name -> words")
    unknown = set(data) - {*_LISTS, "attribution_verbs", "attack_parts", "confusable_modes"}
    if unknown:
        raise ValueError(f"incidents vocabulary: unknown keys {sorted(unknown)}")
    lists: dict[str, list[str]] = {}
    for key in _LISTS:
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            raise ValueError(f"incidents vocabulary: {key} must be a list of non-empty strings")
        lists[key] = [x.strip().lower() for x in items]
    verbs = data.get("attribution_verbs") or {}
    if not isinstance(verbs, dict) or any(v not in ATTRIBUTIONS for v in verbs.values()):
        raise ValueError(f"incidents vocabulary: attribution_verbs map a verb to {ATTRIBUTIONS}")
    parts = data.get("attack_parts") or {}
    if not isinstance(parts, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in parts.values()
    ):
        raise ValueError("incidents vocabulary: attack_parts map a PLOVER type to a list of modes")
    if not set(lists["restated_with_target"]) <= set(lists["restated_types"]):
        raise ValueError("incidents vocabulary: restated_with_target lists restated_types only")
    pairs = data.get("confusable_modes") or []
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise ValueError("incidents vocabulary: confusable_modes is a list of pairs of modes")
    cues = lists["violence_cues"]
    return Vocabulary(
        violence_cues=frozenset(c for c in cues if " " not in c),
        violence_phrases=tuple(c for c in cues if " " in c),
        metaphor_frames=tuple(lists["metaphor_frames"]),
        incident_nouns=frozenset(lists["incident_nouns"]),
        new_incident_words=frozenset(lists["new_incident_words"]),
        ordinal_incident_words=frozenset(lists["ordinal_incident_words"]),
        operation_words=frozenset(lists["operation_words"]),
        attribution_verbs={str(k).lower(): str(v) for k, v in verbs.items()},
        newsroom_verbs=frozenset(lists["newsroom_verbs"]),
        newsroom_nouns=frozenset(lists["newsroom_nouns"]),
        anonymity_words=frozenset(lists["anonymity_words"]),
        naming_words=frozenset(lists["naming_words"]),
        commentator_nouns=frozenset(lists["commentator_nouns"]),
        attitude_nouns=frozenset(lists["attitude_nouns"]),
        attitude_verbs=frozenset(lists["attitude_verbs"]),
        striving_verbs=frozenset(lists["striving_verbs"]),
        striving_nouns=frozenset(lists["striving_nouns"]),
        trend_verbs=frozenset(lists["trend_verbs"]),
        conflict_nouns=frozenset(lists["conflict_nouns"]),
        continuation_verbs=frozenset(lists["continuation_verbs"]),
        affiliation_participles=frozenset(lists["affiliation_participles"]),
        grounds_words=frozenset(lists["grounds_words"]),
        purpose_types=frozenset(x.upper() for x in lists["purpose_types"]),
        metaphor_prone_cues=frozenset(lists["metaphor_prone_cues"]),
        peaceful_domain_words=frozenset(lists["peaceful_domain_words"]),
        commentator_titles=frozenset(lists["commentator_titles"]),
        research_bodies=tuple(lists["research_bodies"]),
        assessment_verbs=frozenset(lists["assessment_verbs"]),
        assessed_nouns=frozenset(lists["assessed_nouns"]),
        question_verbs=frozenset(lists["question_verbs"]),
        negative_subjects=frozenset(lists["negative_subjects"]),
        disposition_adjectives=frozenset(lists["disposition_adjectives"]),
        needs_source=frozenset(x.upper() for x in lists["needs_source"]),
        habitual_adverbs=frozenset(lists["habitual_adverbs"]),
        needs_named_party=frozenset(x.upper() for x in lists["needs_named_party"]),
        separate_act_words=frozenset(lists["separate_act_words"]),
        possibility_modals=frozenset(lists["possibility_modals"]),
        outcome_verbs=frozenset(lists["outcome_verbs"]),
        restated_types=frozenset(x.upper() for x in lists["restated_types"]),
        restated_with_target=frozenset(x.upper() for x in lists["restated_with_target"]),
        placeless_types=frozenset(x.upper() for x in lists["placeless_types"]),
        text_nouns=frozenset(lists["text_nouns"]),
        text_verbs=frozenset(lists["text_verbs"]),
        goal_prepositions=frozenset(lists["goal_prepositions"]),
        attack_parts={str(k).upper(): frozenset(v) for k, v in parts.items()},
        confusable_modes=frozenset(frozenset(p) for p in pairs),
        act_precedence=tuple(x.upper() for x in lists["act_precedence"]),
    )


@functools.cache
def default_vocabulary() -> Vocabulary:
    text = (resources.files("sitroom.incidents") / "vocabulary.yaml").read_text(encoding="utf-8")
    return parse_vocabulary(load_yaml(text))
