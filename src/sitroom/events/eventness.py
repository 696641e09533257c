"""Eventness: does a trigger's clause tell an act that took place, or only mention one?

An event coder logs acts between actors, not what would happen under a condition, what is
judged possible or necessary, or what a statistic counts (issue 18, point 5: "nothing where
nothing happened"). Each rule below names a class of constructions read from the dependency
parse of the trigger's own clause; the word tables are in ``data/rules/eventness.yaml``.

- *condition*: the clause is a condition or a comparison ("if the Kremlin agrees", "unless
  the debt is paid", "it's like the government is prosecuting a case");
- *judgement*: the clause completes an adjective of judgement or possibility ("it is urgent
  that we act", "crucial for Islamabad to negotiate", "possible for firms to invest") or an
  "it is" that judges it ("it is in its interest to work with Turkey", "it is no crime to
  disagree with the government");
- *obligation*: an infinitive that someone has (in the present) to do or has time to do
  ("they have until Feb. 4 to appeal", "Kenya has to negotiate");
- *reputation*: what someone is known for ("known for its investigations");
- *statistic*: an act whose object is a share ("contributed 7% of the total").

A rule answers for its clause only: a condition inside a threat ("threatened to strike Kyiv
if Ukraine used the missiles") drops the condition, never the threat.
"""

from __future__ import annotations

import logging

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import Draft, Trigger
from sitroom.ontology import ontology
from sitroom.rules import rules

log = logging.getLogger(__name__)

_RULES = rules("eventness")
_CONDITION_MARKS = _RULES.words("condition_marks")
_COMPARISON_MARKS = _RULES.words("comparison_marks")
_JUDGING_ADJECTIVES = _RULES.words("judging_adjectives")
_REPUTATION_WORDS = _RULES.words("reputation_words")
_SHARE_ENTITIES = _RULES.words("share_entities")
_STATE_VERBS = _RULES.words("state_verbs")
_CHARACTERIZING_VERBS = _RULES.words("characterizing_verbs")
_SPAN_NOUNS = _RULES.words("span_nouns")
_SPAN_PREPS = _RULES.words("span_preps")
_SAYING_VERBS = _RULES.words("saying_verbs")
_ERA_NOUNS = _RULES.words("era_nouns")
_CIRCUMSTANCE_SUBJECTS = _RULES.words("circumstance_subjects")
_PARTNER_TYPES = ontology().partner_types
_VIOLENT_TYPES = frozenset(n for n, t in ontology().event_types.items() if t.violent)

# how far a trigger climbs to the verb of its clause, and through coordinated verbs
MAX_CLIMB = 8
# the arcs by which a verb continues the clause above it without a subject of its own
CONTINUING = frozenset({"xcomp", "conj"})
# the arcs by which a clause completes the word it hangs on
COMPLEMENTS = frozenset({"xcomp", "ccomp", "advcl"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def asserted_drafts(doc: AnnotatedDoc, drafts: list[Draft]) -> list[Draft]:
    """The drafts of one sentence that tell an act: a draft goes when each of its triggers
    is unasserted."""
    kept = []
    for d in drafts:
        reasons = [unasserted(doc, t) for t in d.triggers]
        if all(reasons):
            log.debug(
                "no event: %s %r (%s)", d.type, doc.tokens[d.triggers[0].token].text, reasons[0]
            )
            continue
        kept.append(d)
    return kept


def unasserted(doc: AnnotatedDoc, trig: Trigger) -> str | None:
    """Why the trigger's clause tells no act that took place, or None."""
    verb = clause_verb(doc, doc.tokens[trig.anchor])
    if verb is None:
        return None
    for why, test in (
        ("a condition or a comparison", _conditional),
        ("judged, not done", _judged),
        ("an obligation or a deadline", _obligation),
        ("not said", _unsaid),
        ("history", _era),
    ):
        if test(doc, verb):
            return why
    if _reputation(doc, doc.tokens[trig.token], verb):
        return "a reputation"
    if _statistic(doc, doc.tokens[trig.anchor]):
        return "a statistic"
    trigger = doc.tokens[trig.token]
    if trig.type in _PARTNER_TYPES and _state_of_relation(doc, trigger):
        return "the state of a relation"
    if _characterized(doc, trigger):
        return "a characterization"
    if verb.i == trig.anchor and _summary(doc, verb):
        return "a summary of years"
    if trig.type not in _VIOLENT_TYPES and _done_by_a_circumstance(doc, doc.tokens[trig.anchor]):
        return "a circumstance, not an actor, does it"
    return None


def clause_verb(doc: AnnotatedDoc, tok: Token) -> Token | None:
    """The verb of the clause a trigger belongs to: the trigger itself, or the first verb
    above a noun ("the *talks* fail": "fail")."""
    node = tok
    for _ in range(MAX_CLIMB):
        if node.pos in ("VERB", "AUX"):
            return node
        if node.head == node.i or node.dep in ("relcl", "acl"):
            return None
        node = doc.tokens[node.head]
    return None


def _chain(doc: AnnotatedDoc, verb: Token, arcs: frozenset[str] = CONTINUING) -> list[Token]:
    """The verb and the verbs it continues without a subject of its own ("if Russia agrees
    *to talk*", "if they attack and *seize* the town")."""
    out = [verb]
    node = verb
    for _ in range(MAX_CLIMB):
        if node.dep not in arcs or node.head == node.i:
            break
        if any(c.dep in SUBJECTS for c in doc.children(node.i)):
            break
        node = doc.tokens[node.head]
        out.append(node)
    return out


def _marks(doc: AnnotatedDoc, verb: Token) -> set[str]:
    return {c.lower for c in doc.children(verb.i) if c.dep == "mark"}


def _conditional(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "if the Kremlin agrees", "unless the debt is paid", "as if", "(it is) like the
    government is prosecuting"."""
    for v in _chain(doc, verb):
        marks = _marks(doc, v)
        if marks & _CONDITION_MARKS or marks & _COMPARISON_MARKS:
            return True
    return False


def _judged(doc: AnnotatedDoc, verb: Token) -> bool:
    """The clause completes an adjective of judgement, or an "it is" that judges it. Only a
    complement (an infinitive, "for X to", "that"): a clause of concession or time beside the
    judgement ("it is hard to predict, although the two *spoke* by phone") is told."""
    for v in _chain(doc, verb):
        if v.head == v.i:
            return False
        marks = _marks(doc, v)
        if not (_infinitive(doc, v) or marks & {"that", "for"} or (v.dep == "ccomp" and not marks)):
            continue
        head = doc.tokens[v.head]
        if v.dep in COMPLEMENTS and _judging(head):
            return True  # "possible for firms to invest"
        if head.lemma.lower() == "be" and v.dep in COMPLEMENTS and v.i > head.i:
            kids = doc.children(head.i)
            if any(c.dep == "acomp" and _judging(c) for c in kids):
                return True  # "is crucial for Islamabad to negotiate", "it is urgent that"
            if _infinitive(doc, v) and any(
                c.dep in ("nsubj", "expl") and c.lower == "it" for c in kids
            ):
                return True  # "it is in its interest to work with"
        if v.dep in ("acl", "relcl") and _infinitive(doc, v) and head.dep == "attr":
            copula = doc.tokens[head.head]
            if copula.lemma.lower() == "be" and any(
                c.dep in ("nsubj", "expl") and c.lower == "it" for c in doc.children(copula.i)
            ):
                return True  # "it is no crime to disagree"
    return False


def _judging(tok: Token) -> bool:
    return tok.pos == "ADJ" and tok.lemma.lower() in _JUDGING_ADJECTIVES


def _infinitive(doc: AnnotatedDoc, verb: Token) -> bool:
    return any(c.dep == "aux" and c.lower == "to" for c in doc.children(verb.i))


def _obligation(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "they have until Feb. 4 to appeal", "Kenya has to negotiate": an infinitive under a
    present-tense "have" is owed or allowed, not done ("had to flee" was done)."""
    for v in _chain(doc, verb):
        if v.head == v.i or not _infinitive(doc, v):
            continue
        head = doc.tokens[v.head]
        if (
            head.lemma.lower() == "have"
            and head.tag in ("VBP", "VBZ")
            and v.dep in COMPLEMENTS
            and not any(c.dep in ("dobj", "obj") for c in doc.children(head.i))
        ):
            return True
    return False


def _reputation(doc: AnnotatedDoc, trigger: Token, verb: Token) -> bool:
    """ "The newspaper was known for its investigations", "notorious for kidnappings": what
    someone is known for is a trait, not an act told."""
    if not ({verb.lemma.lower(), verb.lower} & _REPUTATION_WORDS):
        return False
    node = trigger
    for _ in range(MAX_CLIMB):
        if node.head == node.i:
            return False
        head = doc.tokens[node.head]
        if head.i == verb.i:
            return node.dep == "prep" and node.lower == "for"
        node = head
    return False


def _statistic(doc: AnnotatedDoc, anchor: Token) -> bool:
    """ "China contributed 7% of the total", "invested 9% of its GDP": an act whose object is a
    share tells a statistic."""
    for c in doc.children(anchor.i):
        objects = [c] if c.dep in ("dobj", "obj") else []
        if c.dep == "prep" and c.lower == "like":
            objects = [o for o in doc.children(c.i) if o.dep == "pobj"]
        if any(o.ent_type in _SHARE_ENTITIES for o in objects):
            return True
    return False


def _state_of_relation(doc: AnnotatedDoc, trigger: Token) -> bool:
    """ "the cooperation between X and Y still stands", "ties will likely deepen": a relation
    between partners (a noun of a partner type) as the subject of a verb of state or change
    tells how the relation stands, not an act."""
    if trigger.pos not in ("NOUN", "PROPN") or trigger.dep != "nsubj" or trigger.head == trigger.i:
        return False
    return doc.tokens[trigger.head].lemma.lower() in _STATE_VERBS


def _characterized(doc: AnnotatedDoc, trigger: Token) -> bool:
    """ "sees the ban as part of a larger crackdown", "described the raid as an invasion": an
    act named in the "as" of a verb of characterizing is how something is seen, not an act
    of its own (the thing characterized, the object, stays)."""
    node = trigger
    for _ in range(MAX_CLIMB):
        if node.head == node.i:
            return False
        head = doc.tokens[node.head]
        if node.dep == "prep" and node.lower == "as":
            return head.pos == "VERB" and head.lemma.lower() in _CHARACTERIZING_VERBS
        if node.dep not in ("pobj", "prep", "attr", "appos", "conj"):
            return False
        node = head
    return False


def _summary(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "In the past two years, journalists have been detained and assaulted", "the two
    countries have been disputing the islands for decades": acts done over a span of years in
    the present perfect, to or by a kind of people named by a bare plural or as an activity that
    went on (the progressive), sum up many incidents or a standing dispute without telling
    one. Only an act told by its verb: "negotiations have gone on for years" tells talks that
    go on."""
    # "have been harassed while covering events and detained": the side clause shares the span
    chain = _chain(doc, verb, CONTINUING | {"advcl"})
    top = chain[-1]
    kids = doc.children(top.i)
    if not any(c.dep in ("aux", "auxpass") and c.lemma.lower() == "have" for c in kids):
        return False
    if any(c.dep == "agent" for v in chain for c in doc.children(v.i)):
        return False  # "by the police": who did it is told
    if not any(_span_of_years(doc, c) for v in chain for c in doc.children(v.i)):
        return False
    if top.tag == "VBG" and any(c.dep == "aux" and c.lower == "been" for c in kids):
        return True  # "have been disputing ... for years"
    subject = next((c for c in kids if c.dep in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag != "NNS" or subject.pos != "NOUN":
        return False
    return not any(c.dep in ("det", "poss", "nummod", "compound") for c in doc.children(subject.i))


def _span_of_years(doc: AnnotatedDoc, prep: Token) -> bool:
    """ "in the past two years", "for decades", "over the years"."""
    if prep.dep != "prep" or prep.lower not in _SPAN_PREPS:
        return False
    return any(
        o.dep == "pobj" and o.tag == "NNS" and o.lemma.lower() in _SPAN_NOUNS
        for o in doc.children(prep.i)
    )


def _unsaid(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "Turkey cannot say it will renounce their support", "police did not say that the
    army attacked": what a negated verb of saying governs was not said."""
    top = _chain(doc, verb)[-1]
    if top.dep != "ccomp" or top.head == top.i:
        return False
    head = doc.tokens[top.head]
    return head.lemma.lower() in _SAYING_VERBS and any(c.dep == "neg" for c in doc.children(head.i))


def _era(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "Russia annexed the region during the 19th century": an act of an era long before any
    event data is history told, not an event to log."""
    return any(
        o.dep == "pobj" and o.lemma.lower() in _ERA_NOUNS
        for v in _chain(doc, verb)
        for c in doc.children(v.i)
        if c.dep == "prep"
        for o in doc.children(c.i)
    )


def _done_by_a_circumstance(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "conditions for journalists have improved", "the absence of border checks has been
    facilitating smuggling": a non-violent act needs an actor; a circumstance as the active
    subject (``circumstance_subjects``) tells how things stand. Violence is judged apart (a
    blast kills)."""
    if verb.pos != "VERB":
        return False
    return any(
        c.dep == "nsubj" and c.pos == "NOUN" and c.lemma.lower() in _CIRCUMSTANCE_SUBJECTS
        for c in doc.children(verb.i)
    )
