"""Status: whether the event occurred, was planned, attempted, thwarted, negated, ..."""

from __future__ import annotations

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import (
    _CLAUSE_BARRIERS,
    _CONDITIONAL_MARKS,
    _FUTURE_AUXILIARIES,
    _FUTURE_BEFORE_INFINITIVE,
    _MODAL_AUXILIARIES,
    _QUESTION_WORDS,
    STATUS_PRIORITY,
    LexiconLike,
    Trigger,
)
from sitroom.events.tree import (
    _in_relative_clause,
    _infinitival,
    _is_prepositional_participle,
    _thwarts_its_head,
)


def _status(
    lex: LexiconLike, doc: AnnotatedDoc, group: list[Trigger]
) -> tuple[str, Token | None, int | None]:
    statuses: list[str] = []
    speaker: Token | None = None
    thwarter: int | None = None
    # "killed three militants who were planning attacks": a trigger inside a relative
    # clause describes someone, and its status is not the incident's.
    main = [t for t in group if not _in_relative_clause(doc, t.anchor)]
    for trig in main or group:
        chain = [doc.tokens[trig.token]]
        if trig.verb is not None:
            chain.append(doc.tokens[trig.verb])
        # Climb through the clauses that govern the trigger ("planned to attack", "denied
        # carrying out"), not out of a prepositional phrase or a relative clause: in "As part
        # of the agreement, X promised ..." the promise does not govern the agreement.
        node = chain[-1]
        while node.head != node.i and len(chain) <= 6:
            if node.dep in _CLAUSE_BARRIERS or (node.pos == "NOUN" and node.dep == "pobj"):
                break
            # A participle or adverbial clause ("Having worked with X, the US is considering
            # ...") keeps its own status; an infinitive ("a plot to attack", "tried to
            # storm") is governed by its head.
            if node.dep in ("advcl", "acl") and not _infinitival(doc, node):
                break
            if _embedded_question(doc, node):
                break  # "can't figure out why the book was banned": the ban is not negated
            node = doc.tokens[node.head]
            if _is_prepositional_participle(doc, node):
                break
            chain.append(node)
        for k, node in enumerate(chain):
            lemma = node.lemma.lower()
            kids = doc.children(node.i)
            if (
                any(c.dep == "neg" for c in kids)
                or any(c.dep == "det" and c.lower == "no" for c in kids if node.pos == "NOUN")
                or (
                    k == 0
                    and node.pos == "VERB"
                    and any(
                        c.dep in ("nsubjpass", "dobj")
                        and any(d.dep == "det" and d.lower == "no" for d in doc.children(c.i))
                        for c in kids
                    )
                )
            ):
                statuses.append("negated")  # "did not", "no attack", "no civilians were hurt"
            if k > 0 and _announces(doc, chain[k - 1], node):
                statuses.append("planned")  # "is set to vote", "is due to travel"
            if k > 0 or node.pos == "VERB":
                cue = lex.status_cue(lemma) if k > 0 else None
                if cue:
                    statuses.append(cue)
                modal = [c for c in kids if c.dep == "aux" and c.lower in _MODAL_AUXILIARIES]
                if modal:
                    statuses.append("hypothetical")
                if any(c.dep == "aux" and c.lower in _FUTURE_AUXILIARIES for c in kids):
                    statuses.append("planned")  # "will meet": announced, not reported
                if any(c.dep == "mark" and c.lower in _CONDITIONAL_MARKS for c in kids):
                    statuses.append("hypothetical")
            if k > 0 and lex.is_reported_speech(lemma) and speaker is None:
                speaker = next((c for c in kids if c.dep == "nsubj"), None)
            # "planned to attack ... before being thwarted by German authorities"
            for c in kids:
                for t in doc.subtree(c.i) if c.dep in ("advcl", "prep", "conj") else []:
                    # Only a verb thwarts from a side clause ("before being stopped");
                    # a noun there is a place or thing ("a bus stop").
                    if (
                        t.pos == "VERB"
                        and lex.status_cue(t.lemma.lower()) == "thwarted"
                        and _thwarts_its_head(doc, t)
                    ):
                        statuses.append("thwarted")
                        agent = next((a for a in doc.children(t.i) if a.dep == "agent"), None)
                        if agent is not None:
                            thwarter = next(
                                (o.i for o in doc.children(agent.i) if o.dep == "pobj"), None
                            )
    sentence = doc.sentences[doc.tokens[group[0].token].sent]
    if doc.text[sentence.start : sentence.end].rstrip(" \"'”’)").endswith("?"):
        statuses.append("hypothetical")  # a question asserts nothing ("Will Russia attack?")
    best = min(statuses, key=STATUS_PRIORITY.index, default="occurred")
    return best, speaker, thwarter


def _embedded_question(doc: AnnotatedDoc, node: Token) -> bool:
    """Is ``node`` the verb of a clause that a question word of ``question_words`` opens
    ("*why* the book was banned", "*how* the attack happened")?"""
    if node.dep not in ("ccomp", "xcomp", "pcomp"):
        return False
    return any(
        c.dep in ("advmod", "mark") and c.lower in _QUESTION_WORDS and c.i < node.i
        for c in doc.children(node.i)
    )


def _announces(doc: AnnotatedDoc, below: Token, node: Token) -> bool:
    """Does ``node`` announce the infinitive ``below`` ("set to vote", "due to travel")?"""
    words = (node.lemma.lower(), node.lower)
    return (
        any(w in _FUTURE_BEFORE_INFINITIVE for w in words)
        and below.dep == "xcomp"
        and below.pos in ("VERB", "AUX")
        and any(c.dep == "aux" and c.lower == "to" for c in doc.children(below.i))
    )
