"""Acts told only as the goal or the grounds of another act of their sentence.

Two kinds of mention are no event of their own when the act they hang on is told in their
sentence:

- a *goal* (:func:`~sitroom.incidents.assertion.sought`): "signed pacts *to boost
  cooperation*" (a purpose), "the campaign to secure his *release*" (the goal of a striving).
  The act it hangs on must be an event of the sentence of another type, told by its verb or
  that verb's object ("*signed pacts*"); alone, a goal stands for the striving ("Britain is
  seeking to finalize a deal"; "troops arrived to reinforce the battle group"), and a goal of
  the act's own type is one incident with it. An act with no party takes its goal's targets
  ("took to the streets to protest *Maduro's* reelection"). A purpose of ``purpose_types``
  names the act better than its verb: "residents blocked the road *to protest* the
  withdrawal" is a protest, the blocking its manner (an attack stays the attack);
- the *grounds* of an accusation, a coercion or a sanction: what someone is accused, arrested,
  sentenced or suspected *of* or *for* ("sentenced him for *defying* the court", "accused
  Kabul of *giving* shelter to the group and allowing it to plan *attacks*", "arrested on
  suspicion of *supplying* food to the rebels"). It is the charge, told as the reason of the
  act; an event coder logs the act. An attack told as grounds is kept when it happened
  ("arrested for the *bombing* of the market", status occurred): it is an incident of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitroom.annotation import AnnotatedDoc
from sitroom.incidents.assertion import sought
from sitroom.incidents.vocabulary import Vocabulary

if TYPE_CHECKING:
    from sitroom.incidents.clusters import Mention

# the arcs by which an act's verb tells it by its object: "*signed pacts* to boost cooperation"
GOAL_ACTS = frozenset({"dobj", "obj"})
# the acts whose reason is the charge: "sentenced *for* defying", "accused X *of* lying"
GROUNDED = frozenset({"ACCUSE", "COERCE", "SANCTION"})
# the arcs from an act up to the gerund of the grounds: "of giving shelter and allowing it to
# plan *attacks*"
GROUNDS_ARCS = frozenset({"dobj", "obj", "xcomp", "ccomp", "conj", "pcomp"})
# the prepositions that introduce the grounds
GROUNDS_PREPS = frozenset({"of", "for"})
OCCURRED = frozenset({"occurred", "attempted"})
# how far up the parse a trigger looks for the act it is the grounds of
MAX_DEPTH = 12


def drop_goals_and_grounds(
    doc: AnnotatedDoc, mentions: list[Mention], vocab: Vocabulary | None
) -> list[Mention]:
    """The mentions that are neither a goal nor the grounds of an act told in their sentence
    (see the module docstring); the others get a note."""
    if vocab is None:
        return mentions
    by_token = {m.trigger.i: m for m in mentions if m.trigger is not None}
    dropped: set[int] = set()
    for m in mentions:
        if m.trigger is None or id(m) in dropped:
            continue
        act = _goal_of_a_told_act(doc, m, by_token, vocab)
        if act is None or id(act) in dropped:
            continue
        if m.event.type in vocab.purpose_types and act.event.type != "ASSAULT":
            # "residents blocked the road to protest the withdrawal": a protest, told by the
            # way it was made
            act.event.notes.append("incidents: the manner of the act its purpose names")
            if not (m.event.sources or m.event.claimed_by):
                m.event.sources = list(act.event.sources)
            dropped.add(id(act))
            continue
        m.event.notes.append("incidents: a purpose or a goal of another act, not an event")
        if not (act.event.sources or act.event.claimed_by or act.event.targets):
            # "took to the streets to protest Maduro's reelection": whom the act is aimed at
            # is named by its purpose
            act.event.targets = list(m.event.targets)
        dropped.add(id(m))
    out = []
    for m in mentions:
        if id(m) in dropped:
            continue
        if m.trigger is not None and _grounds(doc, m, by_token, vocab):
            m.event.notes.append("incidents: the grounds of another act, not an event")
        else:
            out.append(m)
    return out


def _goal_of_a_told_act(
    doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention], vocab: Vocabulary
) -> Mention | None:
    """The mention of another type whose act the mention is the goal of, if any (an act of
    the goal's type merges with it as one incident instead)."""
    assert m.trigger is not None
    gov = sought(doc, m.trigger, vocab)
    if gov is None:
        return None
    told = [by_token.get(gov.i)]
    told += [by_token.get(c.i) for c in doc.children(gov.i) if c.dep in GOAL_ACTS]
    for act in told:
        if act is not None and act is not m and act.event.type != m.event.type:
            return act
    return None


def _grounds(
    doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention], vocab: Vocabulary
) -> bool:
    """Is the mention what an act of its sentence (or a word of ``grounds_words``: "on
    suspicion of", "suspected of") is done or alleged for?"""
    assert m.trigger is not None
    if m.event.type == "ASSAULT" and m.event.status in OCCURRED:
        return False  # "arrested for attacking a police post": an incident of its own
    below = m.trigger
    for steps, up in enumerate(doc.ancestors(m.trigger.i)):
        if up.sent != m.trigger.sent or steps > MAX_DEPTH:
            return False
        if below.dep not in GROUNDS_ARCS:
            return False  # a circumstance ("for taking photos *during the arrest*") or a
            # clause of its own ("arrested X, who had fled")
        if up.pos == "ADP" and up.lower in GROUNDS_PREPS and below.dep == "pcomp":
            if up.head == up.i:
                return False
            act = doc.tokens[up.head]
            while act.pos == "ADP" and act.dep == "conj" and act.head != act.i:
                act = doc.tokens[act.head]  # "over his activities and *for* defying ..."
            if act.pos == "ADP" and act.dep == "prep" and act.head != act.i:
                act = doc.tokens[act.head]
            gov = by_token.get(act.i)
            if gov is not None and gov is not m and gov.event.type in GROUNDED:
                return True
            return act.lemma.lower() in vocab.grounds_words
        below = up
    return False
