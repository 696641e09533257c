"""Dependency-tree helpers shared by the rules of the events stage."""

from __future__ import annotations

from collections.abc import Iterable

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.casualties import TOLL_LEMMAS
from sitroom.events.base import (
    _AIMING_VERBS,
    _ANAPHORIC_DETS,
    _ATTACHING,
    _CARRYING,
    _NEGATIVE_PRONOUNS,
    _PREPOSITIONAL_PARTICIPLES,
    _RESTATING_SUBJECTS,
    _TIME_NOUNS,
    Trigger,
)


def _target_heads(doc: AnnotatedDoc, tok: Token) -> list[Token]:
    """Heads of the phrases an act is aimed at: its object, passive subject, "on"/"at"/
    "against" objects, the object of a "targeting ..." participle, and what a device was
    attached to ("a bomb planted under the vehicle of X")."""
    heads: list[Token] = []
    for c in doc.children(tok.i):
        if c.dep in ("dobj", "nsubjpass", "obj"):
            heads.append(c)
        elif c.dep == "prep" and c.lower in ("on", "at", "against", "upon"):
            heads += [o for o in doc.children(c.i) if o.dep == "pobj"]
        elif c.dep == "acl" and c.lemma.lower() in _ATTACHING:
            heads += doc.prep_objects(c.i, "to", "on", "under", "beneath", "inside")
        elif c.dep in ("advcl", "acl", "xcomp") and c.lemma.lower() in _AIMING_VERBS:
            heads += [o for o in doc.children(c.i) if o.dep in ("dobj", "obj")]
            heads += [
                o
                for p in doc.children(c.i)
                if p.dep == "prep"
                for o in doc.children(p.i)
                if o.dep == "pobj"
            ]
    return heads


def _np_tokens(doc: AnnotatedDoc, head: Token) -> list[Token]:
    """The noun phrase of ``head`` with its appositions and "of" complements ("the vehicle
    of X, a member of parliament") and whom a vehicle carries ("a car carrying officials"),
    without other clauses."""
    out = [head]
    stack = [head.i]
    while stack:
        cur = stack.pop()
        for c in doc.children(cur):
            if (
                c.dep in ("compound", "amod", "appos", "poss", "nmod", "conj", "pobj")
                or (c.dep == "prep" and c.lower == "of")
                or (c.dep in ("acl", "dobj") and c.lemma.lower() in _CARRYING)
                or (c.dep == "dobj" and doc.tokens[c.head].lemma.lower() in _CARRYING)
            ):
                out.append(c)
                stack.append(c.i)
    return out


def _surnames(doc: AnnotatedDoc, phrase: list[Token]) -> set[str]:
    """Last words of the person names in a phrase: how a later sentence refers to them. The
    small model often tags a foreign name as an organization, so any proper name that is not
    a place or a group of people counts."""
    out: set[str] = set()
    for tok in phrase:
        nxt = doc.tokens[tok.i + 1] if tok.i + 1 < len(doc.tokens) else None
        last_of_name = nxt is None or nxt.pos != "PROPN"
        if (
            tok.pos == "PROPN"
            and tok.ent_type not in ("GPE", "LOC", "FAC", "NORP", "DATE")
            and last_of_name
            and len(tok.text) > 2
            and tok.text.isalpha()
        ):
            out.add(tok.lower)
    return out


def _in_relative_clause(doc: AnnotatedDoc, i: int) -> bool:
    tok = doc.tokens[i]
    return tok.dep in ("relcl", "acl") or any(a.dep == "relcl" for a in doc.ancestors(i))


def _infinitival(doc: AnnotatedDoc, tok: Token) -> bool:
    return any(c.dep == "aux" and c.lower == "to" for c in doc.children(tok.i))


def _thwarts_its_head(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "before being thwarted", "but police foiled it": the side clause stops the event; in
    "coordinating with X to defeat Y" the purpose clause defeats someone else."""
    kids = doc.children(verb.i)
    if any(c.dep in ("auxpass", "nsubjpass") for c in kids):
        return True
    # "was discovered and safely defused": the conjunct shares the passive
    if verb.dep == "conj" and any(
        c.dep in ("auxpass", "nsubjpass") for c in doc.children(verb.head)
    ):
        return True
    return any(c.dep == "dobj" and c.pos == "PRON" for c in kids)


def _is_prepositional_participle(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "considering X", "given X", "following X" used as prepositions carry no status."""
    return (
        tok.tag == "VBG"
        and tok.dep in ("advcl", "prep", "pcomp", "acl")
        and not any(c.dep in ("nsubj", "nsubjpass") for c in doc.children(tok.i))
        and tok.lemma.lower() in _PREPOSITIONAL_PARTICIPLES
    )


def _noun_key(doc: AnnotatedDoc, tok: Token) -> str:
    """ "air strike", "car bomb", "explosive device": the modifier right before the noun."""
    mods = [c for c in doc.children(tok.i) if c.dep in ("compound", "amod") and c.i == tok.i - 1]
    hyphened = [
        c
        for c in doc.children(tok.i)
        if c.dep in ("compound", "amod") and c.i == tok.i - 2 and doc.tokens[tok.i - 1].text == "-"
    ]
    if hyphened and not mods:  # "sit-in", "cease-fire": one word split at its hyphen
        return f"{hyphened[0].lemma.lower()}-{tok.lemma.lower()}"
    if mods:
        return f"{mods[0].lemma.lower()} {tok.lemma.lower()}"
    return tok.lemma.lower()


def _tree_distance(doc: AnnotatedDoc, a: int, triggers: Iterable[Trigger]) -> int:
    """Fewest dependency edges from token ``a`` to a trigger word or its light verb."""
    a_path = [a, *[t.i for t in doc.ancestors(a)]]
    best = 99
    for trig in triggers:
        for b in {trig.anchor, trig.token}:
            b_path = [b, *[t.i for t in doc.ancestors(b)]]
            common = set(a_path) & set(b_path)
            if common:
                best = min(best, min(a_path.index(c) + b_path.index(c) for c in common))
    return best


def _clause_root(doc: AnnotatedDoc, i: int) -> Token:
    tok = doc.tokens[i]
    while tok.head != tok.i and tok.dep not in ("ROOT", "ccomp", "advcl", "relcl"):
        tok = doc.tokens[tok.head]
    return tok


def _reaches_via(doc: AnnotatedDoc, tok: Token, top: int, deps: set[str]) -> bool:
    cur = tok
    steps = 0
    while cur.head != cur.i and steps < 8:
        if cur.dep not in deps and cur.dep not in ("compound", "det", "punct", "advmod", "amod"):
            return False
        if cur.head == top:
            return True
        cur = doc.tokens[cur.head]
        steps += 1
    return False


def _phrase(doc: AnnotatedDoc, head: Token) -> str:
    toks = [t for t in doc.subtree(head.i) if t.dep not in ("relcl", "acl")]
    if not toks:
        return head.text
    return doc.text[toks[0].idx : toks[-1].end][:200]


def _victim_phrase(doc: AnnotatedDoc, head: Token) -> str:
    """The victims' noun phrase without the clause that reports their fate: "1 militant" in
    "1 militant killed during a raid", "two soldiers who were on patrol" -> "two soldiers"."""
    clauses = {
        t.i for c in doc.children(head.i) if c.dep in ("relcl", "acl") for t in doc.subtree(c.i)
    }
    kept = [t.i for t in doc.subtree(head.i) if t.i not in clauses]
    first = last = head.i
    while first - 1 in kept:
        first -= 1
    while last + 1 in kept:
        last += 1
    return doc.text[doc.tokens[first].idx : doc.tokens[last].end][:200]


def _is_anaphoric_noun(doc: AnnotatedDoc, i: int) -> bool:
    tok = doc.tokens[i]
    return (
        tok.pos == "NOUN"
        and any(c.dep == "det" and c.lower in _ANAPHORIC_DETS for c in doc.children(i))
        and not any(c.dep in ("relcl", "acl") for c in doc.children(i))
    )


def _temporal_prep(doc: AnnotatedDoc, prep: Token) -> bool:
    """ "for three hours", "on Monday": a preposition whose object is a date or a time."""
    return any(
        o.dep == "pobj" and (o.ent_type in ("DATE", "TIME") or o.lemma.lower() in _TIME_NOUNS)
        for o in doc.children(prep.i)
    )


def _denies_victims(doc: AnnotatedDoc, trig: Trigger) -> bool:
    """ "no civilians were harmed", "nobody was hurt": a toll of zero, not an act."""
    tok = doc.tokens[trig.token]
    if tok.lemma.lower() not in TOLL_LEMMAS:
        return False
    for c in doc.children(tok.i):
        if c.dep in ("nsubjpass", "dobj", "nsubj") and (
            c.lower in _NEGATIVE_PRONOUNS
            or any(d.dep == "det" and d.lower == "no" for d in doc.children(c.i))
        ):
            return True
    return False


def _restates_an_incident(doc: AnnotatedDoc, i: int) -> bool:
    """ "This was one of two related attacks": a sentence about the incident just reported."""
    for anc in doc.ancestors(i):
        if anc.lemma == "be":
            return any(
                c.dep == "nsubj" and c.lower in _RESTATING_SUBJECTS for c in doc.children(anc.i)
            )
        if anc.dep in ("relcl", "advcl", "ccomp"):
            return False
    return False
