"""Which clause of its sentence a place name belongs to, seen from an event's trigger.

A sentence often names places that are not where its event happened: "X, who visited Paris
last week, said the attack in Kano killed five" (Paris is in a relative clause about X);
"Speaking in Washington, the minister said troops had clashed with rebels" (Washington is
where the minister spoke, not where the troops fought); "Khalil, who protested the war in
Gaza, was arrested" (Gaza is the subject of a relative clause). The place of the event is the
one whose dependency path reaches the trigger without crossing into another clause.

:func:`clause_affinity` grades a place name against the trigger words of one event:

- ``SAME`` (3): in the trigger's own clause ("the attack in Kano", "troops entered Kano"),
  or in a relative or participial clause that describes the trigger or its object ("the
  bombing, which happened in Kano"; "gunmen stormed a village that lies in Kano state"),
  unless it is where the object was going ("ambushed a convoy heading to Kabul");
- ``FRAME`` (2): in a clause above the trigger's, not as the place of a speech verb
  ("police in Kano said gunmen killed five"; "gunmen stormed Kano and killed five");
- ``SIDE`` (1): in a coordinated or adverbial clause beside the trigger ("troops killed five
  militants in Kunduz and arrested three in Baghlan", for the killing: Baghlan);
- ``OTHER`` (0): in a relative, participial or reported clause about something else ("X,
  who visited Paris"; "the alliance, headquartered in Copenhagen"), or where the speaker of
  a report spoke ("said in Washington that", "speaking in Washington, ... said").

Without trigger words every name is ``SAME``: the sentence is read as before.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from sitroom.annotation import AnnotatedDoc, Token

SAME, FRAME, SIDE, OTHER = 3, 2, 1, 0

# Dependencies that start a clause of their own (a verb in "conj" too: "stormed ... and killed").
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "csubjpass"})
# Clauses that say something about their head noun or report what someone said: a place in
# them belongs to that noun or that report.
_ABOUT_ELSE = frozenset({"relcl", "acl", "ccomp", "csubj", "csubjpass"})
# Prepositions of a destination.
_DESTINATIONS = frozenset({"to", "toward", "towards"})
# A clause about a person tells their story, not the event's setting.
_PERSON_RELATIVES = frozenset({"who", "whom", "whose"})
# The links by which a noun belongs to a trigger's own phrase: its object, a prepositional
# phrase ("at meetings"), an apposition, a compound.
_ARGUMENTS = frozenset(
    {"dobj", "nsubjpass", "pobj", "prep", "attr", "appos", "compound", "conj", "npadvmod"}
)


@functools.cache
def _speech_verbs() -> frozenset[str]:
    # The actors' verbs of saying (one list for the project); imported on first use so that
    # ``import sitroom.places`` stays light.
    from sitroom.actors.words import SPEECH_VERBS

    return frozenset(SPEECH_VERBS)


def _starts_clause(doc: AnnotatedDoc, tok: Token) -> bool:
    if tok.dep == "advcl" and any(c.dep == "aux" and c.lower == "to" for c in doc.children(tok.i)):
        return False  # a purpose ("travelled to Khujand to meet officials"): one setting
    return tok.dep in _CLAUSES or (tok.dep == "conj" and tok.pos in ("VERB", "AUX"))


def _path(doc: AnnotatedDoc, i: int) -> list[int]:
    """Token ``i`` and its ancestors up to the root of its sentence."""
    out = [i]
    while doc.tokens[out[-1]].head != out[-1] and len(out) < 64:
        out.append(doc.tokens[out[-1]].head)
    return out


def _describes(doc: AnnotatedDoc, clause: Token, triggers: Collection[int]) -> bool:
    """Does a relative or participial clause describe a trigger or a noun of the trigger's
    own phrase: its object, or where it happened ("the attack, which took place in Kano";
    "stormed a village that lies in Kano state"; "talks at meetings that ended in Beijing")?
    A clause about the trigger's subject does not ("X, who visited Paris, said"), nor one
    about a person ("the arrest of X, who led protests in Y")."""
    if clause.dep not in ("relcl", "acl"):
        return False
    noun = doc.tokens[clause.head]
    if noun.ent_type == "PERSON" or any(
        c.lower in _PERSON_RELATIVES for c in doc.children(clause.i)
    ):
        return False  # about a person: "the activist, who led a march in Lyon"
    for _ in range(8):
        if noun.i in triggers:
            return True
        head = doc.tokens[noun.head]
        if noun.dep == "nsubj" and head.lemma.lower() == "be":
            # "The message we brought to Taiwan was support": the subject of a copula whose
            # complement is the trigger
            return any(c.dep == "attr" and c.i in triggers for c in doc.children(head.i))
        if noun.dep not in _ARGUMENTS or head.i == noun.i:
            return False
        noun = head
    return False


def _affinity_to(doc: AnnotatedDoc, anchor: int, trigger: int, triggers: Collection[int]) -> int:
    m_path, t_path = _path(doc, anchor), _path(doc, trigger)
    t_pos = {i: k for k, i in enumerate(t_path)}
    meet = next((k for k, i in enumerate(m_path) if i in t_pos), None)
    if meet is None:
        return OTHER  # another sentence
    lca = doc.tokens[m_path[meet]]
    m_clauses = [
        doc.tokens[i]
        for k, i in enumerate(m_path[1:meet], start=1)
        if _starts_clause(doc, doc.tokens[i])
        and not (
            _describes(doc, doc.tokens[i], triggers) and not _heading(doc.tokens[m_path[k - 1]])
        )
    ]
    t_clauses = [
        doc.tokens[i] for i in t_path[: t_pos[lca.i]] if _starts_clause(doc, doc.tokens[i])
    ]
    speech_frame = bool(t_clauses) and lca.lemma.lower() in _speech_verbs()
    if m_clauses:
        if any(c.dep in _ABOUT_ELSE for c in m_clauses):
            return OTHER
        if speech_frame and m_clauses[-1].head == lca.i:
            return OTHER  # "Speaking in Washington, the minister said ..."
        return SIDE
    if not t_clauses:
        return SAME
    if speech_frame and _governor(doc, anchor) == lca.i:
        return OTHER  # "the minister said in Washington that ..."
    return FRAME


def _heading(tok: Token) -> bool:
    """Does the clause say where something goes ("a convoy heading *to* Kabul was ambushed":
    not where the ambush was)?"""
    return tok.dep == "prep" and tok.lower in _DESTINATIONS


def _governor(doc: AnnotatedDoc, anchor: int) -> int:
    """The word a place name is the place of: the head of its preposition, or its verb."""
    tok = doc.tokens[anchor]
    if tok.dep == "pobj":
        return doc.tokens[tok.head].head
    return tok.head


def clause_affinity(doc: AnnotatedDoc, anchor: int, triggers: Collection[int]) -> int:
    """How closely the place name whose head token is ``anchor`` belongs to the clause of the
    event with these trigger tokens (see the module docstring); ``SAME`` without triggers."""
    if not triggers:
        return SAME
    words = set(triggers) | {h for t in triggers if (h := _participle_head(doc, t)) is not None}
    return max(_affinity_to(doc, anchor, t, words) for t in words)


def _participle_head(doc: AnnotatedDoc, i: int) -> int | None:
    """The verb a subjectless participle hangs on ("police fired at a car, *injuring* one"):
    the participle's event has that verb's setting."""
    tok = doc.tokens[i]
    if tok.dep != "advcl" or tok.tag not in ("VBG", "VBN") or tok.head == tok.i:
        return None
    if any(c.dep in ("nsubj", "nsubjpass", "mark") for c in doc.children(i)):
        return None
    return tok.head
