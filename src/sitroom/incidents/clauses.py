"""Acts told within one clause: one act per clause, and the parts of an attack.

Three kinds of mention are no event of their own (:func:`one_per_clause`,
:func:`parts_of_acts`, :func:`parts_of_attacks`): one of coordinated verbs that share their
subject ("froze the assets and banned them"), the way or the part of another act of the clause
("*Threatening* to kill them, the group demanded ..."), and a withdrawal or a seizure told after
an attack in its sentence.
Moved out of :mod:`sitroom.incidents.clusters` (which groups mentions into incidents).
"""

from __future__ import annotations

from collections.abc import Mapping

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.clusters import VERBAL, Mention, named
from sitroom.incidents.vocabulary import Vocabulary
from sitroom.models import Event

# the arcs by which a verb continues the act of the verb it hangs on, with the same doer: "froze
# the assets and *banned* them" (a conjunct with no subject of its own)
CONTINUING = frozenset({"conj"})
SUBJECT_ARCS = frozenset({"nsubj", "nsubjpass", "expl"})
# prepositions of the means of an act: "ignited the row *by* imposing tariffs"
MEANS_PREPS = frozenset({"by"})
# the arcs of a noun phrase: a "verb" on one is a noun misread ("the arrest ... *protests* over
# the war, has prompted ...")
NOMINAL_ARCS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj", "attr", "appos", "compound"})
# statuses of an act that was done (its attempt counts)
HAPPENED = frozenset({"occurred", "attempted"})


def one_per_clause(
    doc: AnnotatedDoc,
    mentions: list[Mention],
    vocab: Vocabulary | None = None,
    *,
    acts: bool = False,
) -> list[Mention]:
    """One act told with coordinated verbs that share their subject is one event ("froze the
    assets of the four and banned them from travel", "arrested a man and seized two pistols";
    a verb tells the act of its object's event too: "*froze* the assets"): the event of the
    first verb is kept, unless a later one is an attack, which is kept
    instead (the violence is the act a coder logs). Two acts stay two when the conjunct has a
    subject of its own ("X fired and police arrested Y"), when a word of
    ``separate_act_words`` sets them apart ("welcomed the measures *but* criticized ...",
    "arrested him and *later* froze the assets"), and when either is a verbal act of another
    type than the other ("called on them to disarm and warned that ...", "condemned the
    suspensions and demanded that ...": each is said; "is considering sanctions and warned that
    ...": a deed and a word). With ``acts`` (the ``act`` event unit), two acts that differ
    (:func:`distinct_acts`) stay two ("raided the camp and detained 15 people")."""
    separating = vocab.separate_act_words if vocab is not None else frozenset()
    by_verb: dict[int, Mention] = {}
    for m in mentions:
        verb = _verb_of(doc, m)
        if verb is not None:
            by_verb.setdefault(verb.i, m)
    dropped: set[int] = set()
    for m in mentions:
        head = _first_conjunct(doc, m, by_verb, separating)
        if head is None or id(head) in dropped:
            continue
        a, b = head.event.type, m.event.type
        if a != b and (a in VERBAL or b in VERBAL):
            continue  # two things said, or a deed and a word: "considered sanctions and warned"
        if acts and distinct_acts(head.event, m.event):
            continue
        keep, drop = (m, head) if b == "ASSAULT" != a else (head, m)
        drop.event.notes.append(
            f"incidents: one act with the {keep.event.type} of its clause, not an event"
        )
        dropped.add(id(drop))
    return [m for m in mentions if id(m) not in dropped]


def parts_of_acts(
    doc: AnnotatedDoc, mentions: list[Mention], ranks: tuple[str, ...] = ()
) -> list[Mention]:
    """An act told as the way, the manner or the doer of another act of its clause is one event
    with it (the ``incident`` unit; a coder of sentences logs each act):

    - an adjunct participle that shares the subject of the verb it hangs on, with no
      conjunction of its own ("*Threatening* to kill the hostages, the group demanded ...",
      "stormed the prison, *freeing* 200 inmates"), or its means with "by" ("ignited the row
      by *imposing* tariffs");
    - a deed whose subject (its own, or the shared one of the verbs it is coordinated with) is
      the noun of another act ("a military *operation* rescued 190 passengers and killed 30
      fighters": what the operation did is the operation); not a statement ("the arrest sent
      a chilling message" tells what the arrest meant to someone).

    Of the two, the act that ranks first (:func:`_ranked`) is kept. Acts of one type are left
    to the grouping of incidents."""
    by_verb: dict[int, Mention] = {}
    by_noun: dict[int, Mention] = {}
    for m in mentions:
        verb = _verb_of(doc, m)
        if verb is not None:
            by_verb.setdefault(verb.i, m)
        if m.trigger is not None and m.trigger.pos in ("NOUN", "PROPN"):
            by_noun.setdefault(m.trigger.i, m)
    dropped: set[int] = set()
    for m in mentions:
        verb = _verb_of(doc, m)
        if verb is None or id(m) in dropped:
            continue
        other = _governing_act(doc, verb, by_verb)
        if other is None and m.event.type not in VERBAL and verb.dep not in NOMINAL_ARCS:
            subject = _subject_of(doc, verb)
            other = by_noun.get(subject.i) if subject is not None else None
        if other is None or other is m or id(other) in dropped:
            continue
        if other.event.type == m.event.type:
            continue
        keep, drop = _ranked(other, m, ranks)
        drop.event.notes.append(
            f"incidents: the way or the part of the {keep.event.type} of its clause, not an event"
        )
        dropped.add(id(drop))
    return [m for m in mentions if id(m) not in dropped]


def _governing_act(doc: AnnotatedDoc, verb: Token, by_verb: dict[int, Mention]) -> Mention | None:
    """The act whose verb ``verb`` is an adjunct participle of, sharing its subject (no subject
    or conjunction of its own), or the means of ("by imposing")."""
    if verb.tag != "VBG" or verb.head == verb.i:
        return None
    if any(c.dep in SUBJECT_ARCS or c.dep == "mark" for c in doc.children(verb.i)):
        return None
    head = doc.tokens[verb.head]
    if verb.dep == "pcomp" and head.lower in MEANS_PREPS and head.head != head.i:
        return by_verb.get(head.head)
    if verb.dep == "advcl":
        return by_verb.get(head.i)
    return None


def _subject_of(doc: AnnotatedDoc, verb: Token) -> Token | None:
    """The subject of ``verb``: its own, or the one it shares with the verb it is coordinated
    with ("an operation rescued ... and *killed* ...")."""
    t = verb
    while True:
        for c in doc.children(t.i):
            if c.dep in ("nsubj", "nsubjpass"):
                return c
        if t.dep not in CONTINUING or t.head == t.i:
            return None
        t = doc.tokens[t.head]


def _ranked(first: Mention, second: Mention, ranks: tuple[str, ...]) -> tuple[Mention, Mention]:
    """The act to keep and the act to drop of two told as one: an act that happened before one
    only planned or considered ("is *considering* sanctions and *warned* ..."), then the type
    listed first in ``act_precedence`` (the act a coder logs: the violence, then the deed, then
    the demand or the threat over the judgment), then the act told first."""

    def rank(m: Mention) -> tuple[int, int]:
        e = m.event
        t = ranks.index(e.type) if e.type in ranks else len(ranks)
        return (0 if e.status in HAPPENED else 1, t)

    return (second, first) if rank(second) < rank(first) else (first, second)


def parts_of_attacks(
    mentions: list[Mention],
    parts: Mapping[str, frozenset[str]] | None = None,
    *,
    acts: bool = False,
) -> list[Mention]:
    """What attackers do within their attack is the attack: "the attackers *withdrew* under
    fire", "fighters *overran* the base", "troops *recovered* rifles" in a sentence that tells
    an attack is no event of its own. ``parts`` (``attack_parts`` of the vocabulary): the
    types and, when any are listed, the modes that are such a part (a withdrawal; a seizure,
    not an arrest). The attack is told first ("X withdrew, leaving Y to fight" tells no part of
    a fight), and the part's named doers are a side of the attack (or none is named; or the
    attack names no attacker and they are not its victims: "five rebels were killed, and troops
    recovered rifles"). With ``acts`` (the ``act`` event unit), a part aimed at another
    target than the attack is an act of its own ("fired at a tanker and seized a ship")."""
    if not parts:
        return mentions
    attacks: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.event.type == "ASSAULT":
            attacks.setdefault(m.sentence, []).append(m)
    out = []
    for m in mentions:
        e = m.event
        modes = parts.get(e.type)
        if modes is not None and (not modes or e.mode in modes):
            doers = _doers(e)
            for am in attacks.get(m.sentence, []):
                a = am.event
                first = (
                    am.trigger is not None and m.trigger is not None and am.trigger.i < m.trigger.i
                )
                if acts and _other_target(a, e):
                    continue
                if first and _a_side_of(doers, a):
                    e.notes.append("incidents: part of the attack told in its sentence")
                    break
            else:
                out.append(m)
        else:
            out.append(m)
    return out


def distinct_acts(a: Event, b: Event) -> bool:
    """Two acts of a clause a coder of sentences logs apart: of different types, or of different
    modes aimed at different targets (the phrases as written). Two attacks of one clause are
    two acts already told apart by the events stage (:mod:`sitroom.events.acts`)."""
    if a.type != b.type or a.type == "ASSAULT":
        return True
    ta, tb = (a.target_text or "").lower().strip(), (b.target_text or "").lower().strip()
    return a.mode != b.mode and bool(ta) and bool(tb) and ta != tb


def _other_target(attack: Event, part: Event) -> bool:
    """Is a part of an attack aimed at a target of its own, as written?"""
    tp = (part.target_text or "").lower().strip()
    return bool(tp) and tp != (attack.target_text or "").lower().strip()


def _a_side_of(doers: set[str], attack: Event) -> bool:
    """Are ``doers`` (of a withdrawal, a seizure) a side of the attack, or none named? When
    the attack names no attacker ("five rebels were killed, and troops recovered rifles"), any
    doer but its victims may be one."""
    attackers = named([*attack.sources, *attack.claimed_by])
    victims = named(attack.targets)
    if doers <= attackers | victims:
        return True
    return not attackers and not doers & victims


def _doers(e: Event) -> set[str]:
    return named([*e.sources, *e.claimed_by])


def _first_conjunct(
    doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention], separating: frozenset[str]
) -> Mention | None:
    """The mention on the verb this mention's verb is coordinated with, sharing its subject,
    with no word between them that sets the two acts apart. ``by_token``: the mentions by
    their verb (:func:`_verb_of`)."""
    t = _verb_of(doc, m)
    if t is None or t.dep not in CONTINUING or t.head == t.i:
        return None
    if any(c.dep in SUBJECT_ARCS or c.lower in separating for c in doc.children(t.i)):
        return None
    while t.dep in CONTINUING and t.head != t.i:
        below, t = t, doc.tokens[t.head]
        kids = doc.children(t.i)
        if any(c.dep == "cc" and c.lower in separating and c.i < below.i for c in kids):
            return None
        gov = by_token.get(t.i)
        if gov is not None and gov is not m and t.pos == "VERB":
            return gov
        if any(c.dep in SUBJECT_ARCS for c in doc.children(t.i)):
            return None
    return None


def _verb_of(doc: AnnotatedDoc, m: Mention) -> Token | None:
    """The verb that tells the mention's act: its trigger, or the verb whose object the
    trigger is ("*froze* the assets", "*imposed* a ban")."""
    t = m.trigger
    if t is None:
        return None
    if t.pos == "VERB":
        return t
    if t.pos == "NOUN" and t.dep in ("dobj", "obj") and t.head != t.i:
        verb = doc.tokens[t.head]
        return verb if verb.pos == "VERB" else None
    return None
