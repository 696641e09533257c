"""Acts that an article speaks of without telling them: no event of their own.

Two kinds of mention repeat, in other words, an event the article tells elsewhere (or tell
none), and so gave a second event for one incident:

- **what a text provides**: an act in the clausal complement of a verb of ``text_verbs``
  (allow, require, commit, call on ...) whose subject is a noun of ``text_nouns`` (an
  agreement, a law, a resolution, a charter ...): "the agreement *commits* both sides *to stop*
  all attacks", "the new law *allows* the government *to seize* the party's assets", "the
  charter *calls on* democracies *to impose* sanctions". The text is the event (an agreement, a
  coercion, a demand); what it provides for is its content, not something done. The act stays
  when it is told apart from the text, in an adverbial clause ("the deal collapsed *after*
  rebels attacked the town");
- **an attribution in passing**: an accusation told by a participle of ``attribution_verbs``
  that describes an event noun of another mention of its sentence ("one of the worst
  *attacks blamed* on the group", "the killings *attributed* to the army") is who the article
  says did it (the events stage reads that doer onto the attack), not an accusation made by
  someone on some day. A finite accusation stays ("Islamabad has *blamed* the attacks on
  militants").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.vocabulary import Vocabulary

if TYPE_CHECKING:
    from sitroom.incidents.clusters import Mention

# the arcs from a text's verb down to what the text provides: "commits both sides *to stop*",
# "allows the government *to seize*"
PROVIDED = frozenset({"xcomp", "ccomp"})
# the arcs that keep an act inside what is provided: its object, its conjuncts, its
# prepositions ("to stop *all attacks*", "to pull back and *disarm*")
INSIDE = frozenset({"dobj", "obj", "conj", "pobj", "prep", "xcomp", "compound", "amod"})
# how far up the parse a trigger looks for the text that provides it
MAX_DEPTH = 8


def drop_spoken(
    doc: AnnotatedDoc, mentions: list[Mention], vocab: Vocabulary | None
) -> list[Mention]:
    """The mentions that are neither what a text provides nor an attribution in passing (see
    the module docstring); the others get a note."""
    if vocab is None:
        return mentions
    by_token = {m.trigger.i: m for m in mentions if m.trigger is not None}
    out = []
    for m in mentions:
        if m.trigger is None:
            out.append(m)
        elif (text := provided_by_a_text(doc, m.trigger, vocab)) is not None:
            m.event.notes.append(f"incidents: what the {text.lower} provides, not an event")
        elif _attribution_in_passing(doc, m, by_token, vocab):
            m.event.notes.append("incidents: who the article says did an act, not an accusation")
        else:
            out.append(m)
    return out


def provided_by_a_text(doc: AnnotatedDoc, trigger: Token, vocab: Vocabulary) -> Token | None:
    """The noun of the text (``text_nouns``) whose verb (``text_verbs``) has the trigger in
    its clausal complement, if any."""
    below = trigger
    for steps, up in enumerate(doc.ancestors(trigger.i)):
        if up.sent != trigger.sent or steps > MAX_DEPTH:
            return None
        if below.dep in PROVIDED and up.pos in ("VERB", "AUX") and _lemma(up) in vocab.text_verbs:
            for c in doc.children(up.i):
                if c.dep in ("nsubj", "nsubjpass") and _lemma(c) in vocab.text_nouns:
                    return c
            return None
        if below.dep not in INSIDE and below.dep not in PROVIDED:
            return None
        below = up
    return None


def _attribution_in_passing(
    doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention], vocab: Vocabulary
) -> bool:
    t = m.trigger
    if t is None or m.event.type != "ACCUSE" or t.tag != "VBN" or t.dep != "acl":
        return False
    if _lemma(t) not in vocab.attribution_verbs or t.head == t.i:
        return False
    described = by_token.get(t.head)
    return described is not None and described is not m and described.sentence == m.sentence


def _lemma(t: Token) -> str:
    return t.lemma.lower()
