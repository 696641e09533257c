"""Distinct acts of one sentence: "Gunmen killed two police officers and kidnapped three
teachers" is two acts for a coder of sentences (PLOVER codes one event per act), one incident
for a coder of incidents (ACLED, GTD).

With the ``act`` event unit (:class:`sitroom.settings.Settings`), the events stage splits the
violent triggers of one incident (:func:`sitroom.events.incidents._group_incidents`) into the
acts told by distinct predicates: a verb coordinated with another ("shelled Kharkiv *and
stormed* the town") or chained to it ("bombed a station and then *ambushed* a convoy"); the
acts stay apart when they differ in tactic and in target (:func:`distinct`). A verb of harm
that follows another act ("attacked the village, *killing* five", "stormed a post and
*killed* four soldiers") tells its outcome, not an act of its own.
"""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.casualties import TOLL_LEMMAS
from sitroom.events.base import RULES, Trigger
from sitroom.events.tree import _np_tokens, _target_heads

# the arcs by which a predicate tells a further act of the one it hangs on: a coordinated verb
# ("and kidnapped") or a clause chained to it ("..., then set fire to", "before abducting")
CHAINING = frozenset({"conj", "advcl"})
# prepositions that chain a later act to an earlier one ("ambushed a convoy *before kidnapping*")
SEQUENCE_PREPS = frozenset({"before", "after"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
OUTCOME_VERBS = RULES.words("act_outcome_verbs")


def predicate(doc: AnnotatedDoc, trig: Trigger) -> int:
    """The verb that tells a trigger's act: the trigger's verb, its light verb, or the nearest
    verb above a noun ("killed in an *attack*")."""
    tok = doc.tokens[trig.anchor]
    if tok.pos in ("VERB", "AUX"):
        return tok.i
    for anc in doc.ancestors(tok.i):
        if anc.pos == "VERB":
            return anc.i
    return tok.i


def split_by_predicate(doc: AnnotatedDoc, group: list[Trigger]) -> list[list[Trigger]]:
    """The triggers of ``group`` in runs by the chained predicate that tells them, in word
    order; a predicate not chained to another one's act (a subject's own clause, a noun
    phrase) stays with the act before it."""
    preds = {id(t): predicate(doc, t) for t in group}
    heads = sorted(set(preds.values()))
    acts: dict[int, list[Trigger]] = {}
    for trig in sorted(group, key=lambda t: t.token):
        p = preds[id(trig)]
        owner = p if p == heads[0] or _chained(doc, doc.tokens[p], set(heads)) else None
        if owner is None:
            earlier = [h for h in acts if h <= p]
            owner = earlier[-1] if earlier else heads[0]
        acts.setdefault(owner, []).append(trig)
    return [acts[h] for h in sorted(acts)]


def _chained(doc: AnnotatedDoc, verb: Token, heads: set[int]) -> bool:
    """Is ``verb`` a further act of another act's verb: reached from it through coordination or
    a chained clause without a subject ("..., abducting 20 people")? A coordinated verb may
    have a subject of its own that names no other actor ("a drone hit a wedding, and gunmen
    later attacked the mourners"; a named one is grouped apart by subject)."""
    if verb.head == verb.i:
        return False
    if verb.dep == "advcl" and any(c.dep in SUBJECTS for c in doc.children(verb.i)):
        return False  # "... if Ukraine used missiles": a condition or a time, not a further act
    cur = verb
    while cur.head != cur.i:
        up = doc.tokens[cur.head]
        if cur.dep == "pcomp" and up.lower in SEQUENCE_PREPS and up.head != up.i:
            up = doc.tokens[up.head]  # "before kidnapping": the act the preposition hangs on
        elif cur.dep not in CHAINING:
            return False
        cur = up
        if cur.i in heads:
            return True
    return False


def is_outcome(doc: AnnotatedDoc, act: list[Trigger]) -> bool:
    """An act told only by verbs of harm ("killed", "wounded") with no tactic of their own, or
    of damage (``act_outcome_verbs``: "damaging a terminal"): the outcome of the act before
    it, not an act."""
    return all(
        (t.mode is None and doc.tokens[t.token].lemma.lower() in TOLL_LEMMAS)
        or doc.tokens[t.anchor].lemma.lower() in OUTCOME_VERBS
        for t in act
    )


def target_words(doc: AnnotatedDoc, act: list[Trigger]) -> set[int]:
    """The tokens of the phrases an act is aimed at (its objects, "on"/"at" objects; those of
    the verb a noun trigger is the subject of: "a drone strike *hit a wedding party*")."""
    out: set[int] = set()
    for trig in act:
        for i in {trig.anchor, trig.token, predicate(doc, trig)}:
            for head in _target_heads(doc, doc.tokens[i]):
                if head.pos == "PRON":
                    out.add(-1)  # "stormed it": the target already named
                out.update(t.i for t in _np_tokens(doc, head))
    return out


def distinct(
    doc: AnnotatedDoc,
    first: list[Trigger],
    later: list[Trigger],
    first_mode: str | None,
    later_mode: str | None,
) -> bool:
    """Are two acts of a sentence two events: a later act with a tactic of its own (not a mere
    outcome), another mode than the act before it, and another target (both aimed at a phrase,
    neither a pronoun, no word shared)?"""
    if is_outcome(doc, later) or first_mode == later_mode:
        return False
    a, b = target_words(doc, first), target_words(doc, later)
    return bool(a) and bool(b) and -1 not in a | b and not a & b


def own_words(doc: AnnotatedDoc, act: list[Trigger], others: list[list[Trigger]]) -> set[int]:
    """The words of an act's own predicate: the verb and its complements, without its subject
    (shared by the acts chained to it) and without the clauses that tell the other acts; and
    the phrase of its trigger noun."""
    mine = {predicate(doc, t) for t in act}
    theirs = {predicate(doc, t) for o in others for t in o} - mine
    # the phrase of a noun trigger ("a drone strike hit ..."), wherever it stands
    out = {x.i for t in act if t.token not in mine for x in doc.subtree(t.token)}
    for p in mine:
        out.add(p)
        for c in doc.children(p):
            if c.dep in SUBJECTS:
                continue
            sub = {t.i for t in doc.subtree(c.i)}
            if sub & theirs:
                continue
            out |= sub
    return out


def others_words(doc: AnnotatedDoc, act: list[Trigger], acts: list[list[Trigger]]) -> set[int]:
    """The words that tell the other acts of the sentence: not cues of this act's tactic."""
    others = [o for o in acts if o is not act]
    out: set[int] = set()
    for o in others:
        out |= own_words(doc, o, [x for x in acts if x is not o])
    return out - own_words(doc, act, others)
