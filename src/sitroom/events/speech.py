"""Speech acts: THREATEN, REQUEST, ACCUSE, REJECT and SUPPORT events speak of another act.

"Russia threatened to strike Kyiv" is one THREATEN event (Russia -> Ukraine) whose ``act`` is
the strike (ASSAULT), not an assault: the act spoken of is folded into the speech act. The same
for "demanded that Russia withdraw" (REQUEST, act RETREAT), "accused X of shelling" (ACCUSE, act
ASSAULT), "refused to hold talks" (REJECT, act CONSULT). A vow, pledge or promise is a threat
when what is vowed is hostile and an agreement when it is cooperative. An act named as an event
that happened ("condemned the attack", "rejected Tuesday's strikes") stays an event of its own:
the speech act only records its type.
"""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc
from sitroom.events.arguments import PATIENT_NOUNS
from sitroom.events.base import (
    _ACT_COMPLEMENT_DEPS,
    _ANAPHORIC_DETS,
    _COMMITMENT_VERBS,
    _HOSTILE_VOW_OBJECTS,
    _SPEECH_ACT_TYPES,
    Draft,
)
from sitroom.ontology import ontology

# The speech acts whose addressee is who is to act ("urged X to ...", "praised X for ..."):
# without an addressee of their own, their target is the actor of the act spoken of.
_ADDRESSEE_ACTS = frozenset({"REQUEST", "SUPPORT", "REJECT", "ACCUSE"})


def _is_commitment(doc: AnnotatedDoc, d: Draft) -> bool:
    trig = d.triggers[0]
    return trig.verb is None and doc.tokens[trig.token].lemma.lower() in _COMMITMENT_VERBS


def _vows_harm(doc: AnnotatedDoc, d: Draft) -> bool:
    """ "vowed a harsh response", "promised revenge": the object vowed is harm to come."""
    verb = d.triggers[0].token
    return any(
        c.dep in ("dobj", "obj") and c.lemma.lower() in _HOSTILE_VOW_OBJECTS
        for c in doc.children(verb)
    )


def _speaks_of(doc: AnnotatedDoc, act: Draft, speech: Draft) -> bool:
    """Is ``act`` a complement of the speech act's trigger (through the clauses and
    prepositional phrases that say what was threatened, asked, alleged)?"""
    heads = {i for t in speech.triggers for i in (t.anchor, t.token)}
    tok = doc.tokens[act.triggers[0].token]
    for _ in range(8):
        if tok.head == tok.i or tok.dep not in _ACT_COMPLEMENT_DEPS:
            return False
        if tok.head in heads:
            return True
        tok = doc.tokens[tok.head]
    return False


def _names_a_happened_event(doc: AnnotatedDoc, act: Draft) -> bool:
    """ "the attack", "Tuesday's strikes": a reference to an event that happened."""
    trig = act.triggers[0]
    if trig.verb is not None:
        return False
    noun = doc.tokens[trig.token]
    if noun.pos not in ("NOUN", "PROPN"):
        return False
    return any(
        (c.dep == "det" and c.lower in _ANAPHORIC_DETS) or c.dep == "poss"
        for c in doc.children(noun.i)
    )


def _undergoes(doc: AnnotatedDoc, act: Draft) -> bool:
    """Is the act named by a noun whose object or possessor undergoes it ("release", "arrest")?"""
    trig = act.triggers[0]
    noun = doc.tokens[trig.token]
    return trig.verb is None and (
        noun.lemma.lower() in PATIENT_NOUNS or noun.lower in PATIENT_NOUNS
    )


def fold_speech_acts(doc: AnnotatedDoc, drafts: list[Draft]) -> list[Draft]:
    """Give each speech act of a sentence the act it speaks of; drop the act unless it is an
    event that happened in its own right."""
    dropped: set[int] = set()
    quads = ontology().event_types
    for speech in drafts:
        commitment = _is_commitment(doc, speech)
        if speech.type not in _SPEECH_ACT_TYPES and not commitment:
            continue
        acts = [
            d
            for d in drafts
            if d is not speech and id(d) not in dropped and _speaks_of(doc, d, speech)
        ]
        if not acts:
            if commitment and _vows_harm(doc, speech):
                # "vowed a merciless response", "promised revenge": a hostile thing vowed
                speech.type = "THREATEN"
                continue
            if commitment and speech.type == "THREATEN":
                # "vowed to fight corruption": nothing hostile is vowed (a pledge or promise
                # without an act stays an agreement: "pledged to hold elections")
                dropped.add(id(speech))
            continue
        act = acts[0]
        speech.act = (act.type, act.mode)
        if commitment:
            # "vowed to retaliate" threatens; "pledged to cooperate" agrees
            speech.type = "AGREE" if quads[act.type].cooperative else "THREATEN"
        if not speech.targets:
            order = (
                act.sources + act.targets
                if speech.type in _ADDRESSEE_ACTS
                else act.targets + act.sources
            )
            if speech.type == "REQUEST" and speech.sources and _undergoes(doc, act):
                # "called for X's release", "demanded the extradition of X": X undergoes the
                # act; who is asked is who would carry it out, when named
                order = act.sources
            speech.targets = [x for x in dict.fromkeys(order) if x not in speech.sources]
        speech.target_text = speech.target_text or act.target_text
        if not _names_a_happened_event(doc, act):
            dropped.add(id(act))
            speech.notes.append(f"act spoken of: {act.type}")
    return [d for d in drafts if id(d) not in dropped]
