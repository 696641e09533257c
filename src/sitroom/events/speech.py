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

from sitroom.actors import CIVILIANS, UNIDENTIFIED
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.arguments import PATIENT_NOUNS
from sitroom.events.base import (
    _ACT_COMPLEMENT_DEPS,
    _ANAPHORIC_DETS,
    _COMMITMENT_VERBS,
    _COMPLEMENT_MARKS,
    _HOSTILE_VOW_OBJECTS,
    _SPEECH_ACT_TYPES,
    Draft,
)
from sitroom.ontology import ontology
from sitroom.rules import rules

# The speech acts whose addressee is who is to act ("urged X to ...", "praised X for ..."):
# without an addressee of their own, their target is the actor of the act spoken of.
_ADDRESSEE_ACTS = frozenset({"REQUEST", "SUPPORT", "REJECT", "ACCUSE"})
# The speech acts that blame someone for the act spoken of: their target is who did it.
_JUDGING_ACTS = frozenset({"ACCUSE"})
_ACCUSATION_NOUNS = rules("arguments").words("accusation_nouns")


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
    return _complement_of(doc, act.triggers[0].token, heads)


def _judges(doc: AnnotatedDoc, act: Draft, speech: Draft) -> bool:
    """Is a later trigger of the incident ``act`` (not its first) a reference to an event that
    happened ("the attack") that the speech act judges ("condemning the attack")?"""
    heads = {i for t in speech.triggers for i in (t.anchor, t.token)}
    return any(
        t.verb is None and _happened_noun(doc, t.token) and _complement_of(doc, t.token, heads)
        for t in act.triggers[1:]
    )


def _complement_of(doc: AnnotatedDoc, i: int, heads: set[int]) -> bool:
    tok = doc.tokens[i]
    for _ in range(8):
        if tok.head == tok.i:
            return False
        if tok.dep not in _ACT_COMPLEMENT_DEPS and not _marked_complement(doc, tok):
            return False
        if tok.head in heads:
            return True
        tok = doc.tokens[tok.head]
    return False


def _marked_complement(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "called for the Taliban *to lift* the ban": a clause the parser hangs as an adverbial
    but marked by a word of ``complement_marks`` after its verb is the verb's complement."""
    return (
        tok.dep == "advcl"
        and tok.head < tok.i
        and any(c.dep == "mark" and c.lower in _COMPLEMENT_MARKS for c in doc.children(tok.i))
    )


def _names_a_happened_event(doc: AnnotatedDoc, act: Draft) -> bool:
    """ "the attack", "Tuesday's strikes": a reference to an event that happened."""
    trig = act.triggers[0]
    return trig.verb is None and _happened_noun(doc, trig.token)


def _happened_noun(doc: AnnotatedDoc, i: int) -> bool:
    noun = doc.tokens[i]
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
            judged = [d for d in drafts if d is not speech and _judges(doc, d, speech)]
            if judged:
                # "..., X said, condemning the attack": the incident the sentence reports
                speech.judged = judged[0]
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
        if speech.type == "REQUEST" and _undergoes(doc, act):
            speech.undergoers = list(act.targets)
        if commitment:
            # "vowed to retaliate" threatens; "pledged to cooperate" agrees
            speech.type = "AGREE" if quads[act.type].cooperative else "THREATEN"
        if not speech.targets:
            order = (
                act.sources + act.targets
                if speech.type in _ADDRESSEE_ACTS
                else act.targets + act.sources
            )
            if speech.type in _JUDGING_ACTS and speech.sources:
                # "condemned the arrest of X", "denounced the attack on Y": who is blamed is
                # who did it (unnamed here), not who underwent it (who stays the target of an
                # accusation by no one named, lest the event be lost)
                order = act.sources
            elif speech.type == "REQUEST" and speech.sources and _undergoes(doc, act):
                # "called for X's release", "demanded the extradition of X": X undergoes the
                # act; who is asked is who would carry it out, when named
                order = act.sources
            speech.targets = [x for x in dict.fromkeys(order) if x not in speech.sources]
        speech.target_text = speech.target_text or act.target_text
        if not _names_a_happened_event(doc, act):
            dropped.add(id(act))
            speech.notes.append(f"act spoken of: {act.type}")
        else:
            speech.judged = act
    return [d for d in drafts if id(d) not in dropped]


def blame_judged_events(drafts: list[Draft]) -> None:
    """ "X condemned the attack", "Y denounced Tuesday's bombing": an accusation by a named
    party that names no one blames who carried out the event it refers to, as the article
    reports it (the incident the reference was merged into, else the last earlier report of an
    event of that type that names who did it); nobody when its perpetrator is unknown."""
    for speech in drafts:
        judged = speech.judged
        if speech.type not in _JUDGING_ACTS or speech.targets or not speech.sources:
            continue
        if judged is None:
            continue
        anaphoric = judged.anaphoric
        while judged.merged_into is not None:
            judged = judged.merged_into
        doers = _named(judged.sources)
        if not doers and anaphoric:
            earlier = [
                _named(d.sources)
                for d in drafts
                if d.type == judged.type
                and d is not judged
                and d.sentence.i < judged.sentence.i
                and d.status == judged.status
            ]
            doers = next((ids for ids in reversed(earlier) if ids), [])
        speech.targets = [x for x in doers if x not in speech.sources]


def _named(ids: list[str]) -> list[str]:
    return [x for x in ids if x not in (UNIDENTIFIED, CIVILIANS)]


def answer_accusations(doc: AnnotatedDoc, drafts: list[Draft]) -> None:
    """ "Lai rejects the charges", "the ministry denied the allegations": a refusal of an
    accusation that names no one answers the last accusation the article reported against the
    one who refuses; its accuser is the target (nobody when no such accusation names one)."""
    for n, reply in enumerate(drafts):
        if reply.type != "REJECT" or reply.targets or not reply.sources:
            continue
        if not any(_refuses_an_accusation(doc, t.anchor) for t in reply.triggers):
            continue
        accusers = next(
            (
                _named(d.sources)
                for d in reversed(drafts[:n])
                if d.type == "ACCUSE" and set(d.targets) & set(reply.sources) and _named(d.sources)
            ),
            [],
        )
        reply.targets = [x for x in accusers if x not in reply.sources]


def _refuses_an_accusation(doc: AnnotatedDoc, anchor: int) -> bool:
    """Is the object of the refusal an accusation without an author of its own ("the charges",
    "the accusations against him"; not "Kenya's claims")?"""
    return any(
        c.dep in ("dobj", "obj")
        and c.lemma.lower() in _ACCUSATION_NOUNS
        and not any(k.dep in ("poss", "compound") for k in doc.children(c.i))
        for c in doc.children(anchor)
    )


def address_requests(drafts: list[Draft]) -> None:
    """ "Rights groups called for Zamora's release": a request for an act that someone would
    undergo is addressed to who holds them, as the article reports it (the last earlier
    coercion of one of them that names who did it), not to the prisoner; unchanged when no
    such report names a holder."""
    for n, request in enumerate(drafts):
        if request.type != "REQUEST" or not request.undergoers:
            continue
        if not set(request.targets) <= set(request.undergoers):
            continue  # addressed by name ("urged Egypt to release X")
        holders = next(
            (
                _named(d.sources)
                for d in reversed(drafts[:n])
                if d.type == "COERCE"
                and set(d.targets) & set(request.undergoers)
                and _named(d.sources)
            ),
            [],
        )
        holders = [x for x in holders if x not in request.sources]
        if holders:
            request.targets = holders
