"""Triggers of political acts that no single word names: joint undertakings ("joint patrols"),
riots told as violence by protesters, ultimatums ("leave or face expulsion"), conditional threats
("said it would cut gas supplies unless ..."), warnings addressed to a party, and disapproval
said by naming ("called the ruling arbitrary")."""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import (
    _ADDRESSED_THREAT_VERBS,
    _ALONGSIDE_PREPS,
    _CONDITIONAL_MARKS,
    _DISAPPROVING_WORDS,
    _FUTURE_AUXILIARIES,
    _JOINT_MARKERS,
    _JOINT_NOUNS,
    _MANNER_PROTEST_NOUNS,
    _MODAL_AUXILIARIES,
    _NAMING_VERBS,
    _PROTESTER_NOUNS,
    _THREAT_ACT_TYPES,
    _ULTIMATUM_CONJUNCTIONS,
    _ULTIMATUM_VERBS,
    Trigger,
)

_PARTY_ENTITIES = frozenset({"GPE", "NORP", "ORG", "PERSON"})
# Complements through which a verb of saying governs what it says or orders.
_SAID_DEPS = frozenset({"ccomp", "xcomp"})


def political_triggers(
    doc: AnnotatedDoc, tokens: list[Token], found: list[Trigger]
) -> list[Trigger]:
    """``found`` with the triggers of joint undertakings, riots, ultimatums and conditional
    threats among one sentence's ``tokens``."""
    out = [_manner_protest(doc, t) for t in found]
    taken = {t.token for t in found} | {t.verb for t in found if t.verb is not None}
    cooperating = {t.token for t in found if t.type == "COOPERATE"}
    for k, trig in enumerate(found):
        if trig.type == "ASSAULT" and _by_protesters(doc, trig):
            out.append(Trigger(trig.token, "PROTEST", "riot", verb=trig.verb))
        if trig.type == "ASSAULT" and _alongside(doc, trig):
            # "Chadian troops fought alongside Nigerian soldiers": they cooperate
            out.append(Trigger(trig.token, "COOPERATE", None, verb=trig.verb))
        elif trig.token not in cooperating and _joint_noun(doc, doc.tokens[trig.token]):
            # "held joint air force drills": a joint show of force is cooperation; a joint
            # attack stays an attack as well
            joint = Trigger(trig.token, "COOPERATE", None, verb=trig.verb)
            if trig.type == "ASSAULT":
                out.append(joint)
            else:
                out[k] = joint
            cooperating.add(trig.token)
        speaker = _conditional_threat(doc, trig)
        if speaker is not None and speaker not in taken:
            out.append(Trigger(speaker, "THREATEN", None))
            taken.add(speaker)
    for tok in tokens:
        if tok.i in taken:
            continue
        if _joint_noun(doc, tok):
            # "set up a joint venture": the verb whose object it is names the parties
            verb = tok.head if tok.dep in ("dobj", "obj") and tok.head != tok.i else None
            out.append(Trigger(tok.i, "COOPERATE", None, verb=verb))
            taken.add(tok.i)
        if tok.pos == "VERB" and any(
            c.dep == "advmod" and c.lower in _JOINT_MARKERS for c in doc.children(tok.i)
        ):
            # "are jointly developing a drone": a joint undertaking of the subject's parties
            out.append(Trigger(tok.i, "COOPERATE", None))
            taken.add(tok.i)
            continue
        speaker = _ultimatum(doc, tok)
        if speaker is not None and speaker not in taken:
            out.append(Trigger(speaker, "THREATEN", None))
            taken.add(speaker)
        elif _names_with_disapproval(doc, tok):
            # "Leavitt called Ford's comments 'egregious'": an accusation of the thing named
            out.append(Trigger(tok.i, "ACCUSE", "disapprove"))
            taken.add(tok.i)
    return out


def _names_with_disapproval(doc: AnnotatedDoc, verb: Token) -> bool:
    """A verb of naming with an object, whose predicate holds a word of disapproval: "called
    the ruling arbitrary" (object predicative), "described the move as illegal" ("as", which
    the parser may hang on the object), 'called the tariffs "outrageous"' (an adjective after
    the object), "branded the referendum a sham" (read as a small clause)."""
    if verb.pos != "VERB" or verb.lemma.lower() not in _NAMING_VERBS:
        return False
    kids = doc.children(verb.i)
    objects = [c for c in kids if c.dep in ("dobj", "obj", "nsubjpass")]
    predicates = [c for c in kids if c.dep == "oprd"]
    if not objects:
        # 'called X's tariffs "outrageous"' parsed with the object as the predicative
        objects, predicates = predicates, []
    if not objects:
        return False
    for head in (verb, *objects):
        predicates += [
            o
            for c in doc.children(head.i)
            if c.dep == "prep" and c.lower == "as"
            for o in doc.children(c.i)
        ]
    for obj in objects:
        predicates += [c for c in doc.children(obj.i) if c.dep == "amod" and c.i > obj.i]
        if any(c.dep == "nsubj" for c in doc.children(obj.i)):
            predicates.append(obj)  # "the referendum a sham"
    for p in predicates:
        # the words of the predicate, not of the thing named ("the illegal settlers a ...")
        named = {t.i for c in doc.children(p.i) if c.dep == "nsubj" for t in doc.subtree(c.i)}
        if any(
            t.lemma.lower() in _DISAPPROVING_WORDS or t.lower in _DISAPPROVING_WORDS
            for t in doc.subtree(p.i)
            if t.i not in named
        ):
            return True
    return False


def _manner_protest(doc: AnnotatedDoc, trig: Trigger) -> Trigger:
    """ "blocked the crossing in protest at new fees": the protest is the act of the verb the
    phrase qualifies, whose subject protests."""
    tok = doc.tokens[trig.token]
    if (
        trig.type != "PROTEST"
        or trig.verb is not None
        or tok.lemma.lower() not in _MANNER_PROTEST_NOUNS
    ):
        return trig
    prep = doc.tokens[tok.head]
    if tok.dep != "pobj" or prep.lower != "in" or prep.head == prep.i:
        return trig
    verb = doc.tokens[prep.head]
    return Trigger(trig.token, trig.type, trig.mode, verb=verb.i) if verb.pos == "VERB" else trig


def counted_noun(doc: AnnotatedDoc, noun: Token) -> Token:
    """ "$2 billion in military aid", "500 million euros of humanitarian assistance": what a
    sum of money is given in; any other noun is itself."""
    if noun.ent_type == "MONEY" or noun.pos == "NUM" or noun.like_num:
        return next(iter(doc.prep_objects(noun.i, "in", "of")), noun)
    if any(c.dep == "nummod" for c in doc.children(noun.i)):
        # "500 million euros in aid", "40 tons of food" (the caller falls back on the noun
        # itself: "40 prisoners of war")
        return next(iter(doc.prep_objects(noun.i, "in", "of")), noun)
    return noun


def addressed_warning(doc: AnnotatedDoc, verb: Token, obj: Token | None) -> bool:
    """ "warned Sweden of consequences", "cautioned Iran against ...": a warning with a party
    as its object threatens that party."""
    return (
        verb.lemma.lower() in _ADDRESSED_THREAT_VERBS
        and obj is not None
        and (obj.ent_type in _PARTY_ENTITIES or obj.pos == "PROPN")
    )


def _joint_noun(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "joint patrols", "a joint venture", "joint military exercises": a joint undertaking."""
    if tok.pos not in ("NOUN", "PROPN", "VERB") or tok.dep in ("compound", "ROOT"):
        return False
    lemma = tok.lemma.lower()
    keyed = [
        f"{c.lemma.lower()} {lemma}" for c in doc.children(tok.i) if c.dep in ("compound", "amod")
    ]
    if lemma not in _JOINT_NOUNS and not any(k in _JOINT_NOUNS for k in keyed):
        return False
    modifiers = [c for c in doc.children(tok.i) if c.dep in ("amod", "compound")]
    modifiers += [g for c in modifiers for g in doc.children(c.i) if g.dep in ("amod", "compound")]
    return any(c.lower in _JOINT_MARKERS and c.i < tok.i for c in modifiers)


def _alongside(doc: AnnotatedDoc, trig: Trigger) -> bool:
    """ "fought alongside X": a side with a partner (not "a militia that fights alongside
    the army", which describes the militia)."""
    if doc.tokens[trig.anchor].dep in ("relcl", "acl"):
        return False
    return any(c.dep == "prep" and c.lower in _ALONGSIDE_PREPS for c in doc.children(trig.anchor))


def _subject(doc: AnnotatedDoc, verb: int) -> Token | None:
    return next((c for c in doc.children(verb) if c.dep in ("nsubj", "agent")), None)


def _by_protesters(doc: AnnotatedDoc, trig: Trigger) -> bool:
    """ "Rioters torched cars", "protesters stormed parliament": violence by a crowd of
    protesters is a riot as well as an assault."""
    tok = doc.tokens[trig.anchor]
    if tok.pos != "VERB":
        return False
    subj = _subject(doc, tok.i)
    if subj is None and tok.dep == "conj" and tok.head != tok.i:
        subj = _subject(doc, tok.head)  # "rioters torched cars and looted shops"
    return subj is not None and subj.lemma.lower() in _PROTESTER_NOUNS


def _speaking_verb(doc: AnnotatedDoc, tok: Token) -> int | None:
    """The verb of saying or ordering whose complement ``tok`` is ("said it would ...", "told
    the envoy to leave ..."): the nearest ancestor reached through complements, else None."""
    cur = tok
    while cur.dep in _SAID_DEPS | {"conj"} and cur.head != cur.i:
        head = doc.tokens[cur.head]
        if head.pos not in ("VERB", "AUX"):
            return None
        if cur.dep in _SAID_DEPS and _subject(doc, head.i) is not None:
            return head.i
        cur = head
    return None


def _conditional_threat(doc: AnnotatedDoc, trig: Trigger) -> int | None:
    """ "Russia said it would cut gas supplies unless the debt was paid": a hostile act
    announced under a condition makes the announcement a threat (its token is returned)."""
    if trig.type not in _THREAT_ACT_TYPES:
        return None
    verb = doc.tokens[trig.anchor]
    if verb.pos != "VERB":
        return None
    kids = doc.children(verb.i)
    announced = any(
        c.dep == "aux" and c.lower in (_FUTURE_AUXILIARIES | _MODAL_AUXILIARIES) for c in kids
    )
    conditioned = any(
        c.dep == "advcl"
        and any(m.dep == "mark" and m.lower in _CONDITIONAL_MARKS for m in doc.children(c.i))
        for c in kids
    )
    if not (announced and conditioned):
        return None
    return _speaking_verb(doc, verb)


def _ultimatum(doc: AnnotatedDoc, tok: Token) -> int | None:
    """ "told the ambassador to leave within 48 hours or face expulsion": the verb of saying
    that carries an alternative of harm is a threat (its token is returned)."""
    if tok.lemma.lower() not in _ULTIMATUM_VERBS or tok.dep != "conj" or tok.head == tok.i:
        return None
    head = doc.tokens[tok.head]
    alternatives = [*doc.children(head.i), *doc.children(tok.i)]
    if not any(
        c.dep in ("cc", "advmod") and c.lower in _ULTIMATUM_CONJUNCTIONS for c in alternatives
    ):
        return None
    return _speaking_verb(doc, head)
