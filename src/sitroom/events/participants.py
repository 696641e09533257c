"""Who did it to whom, beyond the clause of the trigger, and whether a trigger asserts an event.

* the speaker of a report is the source of what it says "it" or "we" did ("the army said it
  killed 20 militants");
* a perpetrator named with "suspected", "alleged" is alleged, not stated;
* the victims of an attack are its targets when nothing else is ("two soldiers were killed");
* violence words in a sentence about sport, and generic statements ("Wars kill civilians"),
  assert no event.
"""

from __future__ import annotations

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.casualties import CasualtyStatement
from sitroom.events.arguments import _np_actors
from sitroom.events.base import (
    _ALLEGING_MODIFIERS,
    _IMPERSONAL_SPEAKER_PRONOUNS,
    _SPEAKER_PRONOUNS,
    _SPORT_CUES,
    Draft,
    LexiconLike,
    Trigger,
)
from sitroom.ontology import ontology


def _subject_of(doc: AnnotatedDoc, trig: Trigger) -> list[int]:
    anchor = doc.tokens[trig.anchor]
    subj = [c.i for c in doc.children(anchor.i) if c.dep in ("nsubj", "agent")]
    if not subj and anchor.dep == "conj":
        subj = [c.i for c in doc.children(anchor.head) if c.dep == "nsubj"]
    return subj


def _speaker_subject(
    doc: AnnotatedDoc, group: list[Trigger], speaker_type: str | None = None
) -> bool:
    """Is the subject of the trigger a pronoun that stands for the speaker ("it", "we")? A
    person speaker is no "it" nor "they" ("'they banned it,' he said")."""
    pronouns = _SPEAKER_PRONOUNS
    if speaker_type == "person":
        pronouns = pronouns - _IMPERSONAL_SPEAKER_PRONOUNS
    return any(doc.tokens[i].lower in pronouns for t in group for i in _subject_of(doc, t))


def _alleged_subject(doc: AnnotatedDoc, group: list[Trigger]) -> bool:
    """ "suspected Boko Haram militants attacked ...": the perpetrator is alleged."""
    for t in group:
        for i in _subject_of(doc, t):
            if any(x.lower in _ALLEGING_MODIFIERS for x in doc.subtree(i)):
                return True
    return False


def _victims_as_targets(
    lex: LexiconLike, doc: AnnotatedDoc, d: Draft, actors: LinkedActors
) -> None:
    """An attack aimed at no one named targets its named victims ("two Kenyan soldiers were
    killed": the Kenyan military)."""
    if d.type != "ASSAULT" or d.targets:
        return
    for st in d.casualties:
        if not st.count:
            continue
        for v in st.victims:
            found = [a for a in _np_actors(lex, doc, doc.tokens[v], actors) if a not in d.sources]
            d.targets += [a for a in found if a not in d.targets and a != UNIDENTIFIED]


def _asserted(
    doc: AnnotatedDoc,
    sentence: Sentence,
    triggers: list[Trigger],
    statements: list[CasualtyStatement],
    actors: LinkedActors,
) -> list[Trigger]:
    """Drop the violent triggers of a sentence about sport ("beat Arsenal 3-1", "the team
    attacked from the start") unless someone was hurt or an armed side is named, and the
    triggers of generic statements ("Wars kill civilians and destroy economies")."""
    tokens = doc.sentence_tokens(sentence)
    words = {t.lower for t in tokens} | {t.lemma.lower() for t in tokens}
    hurt = any(st.count for st in statements)
    armed = ontology().armed_actor_types | ontology().state_actor_types
    named_armed = any(
        (a := actors.actors.get(x)) is not None and a.type in armed
        for t in tokens
        for x in actors.at(t.i)
    )
    if words & _SPORT_CUES and not hurt and not named_armed:
        triggers = [t for t in triggers if t.type != "ASSAULT"]
    return [t for t in triggers if not _generic(doc, t, actors)]


def _generic(doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors) -> bool:
    """A present-tense verb whose subject is a bare plural naming no one ("Wars kill
    civilians", "Sanctions hurt the poor"): a statement about the world, not an event. A
    headline ("Militants attack army post") has a singular or named object."""
    verb = doc.tokens[trig.anchor]
    if verb.pos != "VERB" or verb.tag not in ("VBP", "VBZ"):
        return False
    kids = doc.children(verb.i)
    if any(c.dep in ("aux", "auxpass") for c in kids):
        return False
    subj = next((c for c in kids if c.dep == "nsubj"), None)
    if verb.dep == "conj" and subj is None:
        subj = next((c for c in doc.children(verb.head) if c.dep == "nsubj"), None)
    if subj is None or subj.tag not in ("NNS", "NNPS") or subj.ent_type or actors.at(subj.i):
        return False
    if any(c.dep in ("det", "poss", "nummod", "compound", "amod") for c in doc.children(subj.i)):
        return False
    objs = [c for c in kids if c.dep in ("dobj", "obj")]
    return all((o.tag == "NNS" and not actors.at(o.i)) or o.lower == CIVILIANS for o in objs)
