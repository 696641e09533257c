"""The ``relations`` stage: actor-to-actor relations, stated in the text or implied by events.

Explicit relations come from relation nouns and verbs whose participants the parse names:
"the Taliban's alliance with Al Qaeda" (ally), "tensions between X and Y" (rival), "the Afghan
chapter of ISIS, now known as IS-K" (affiliate_of), "defections from X to Y" (splinter_of),
"support IS-K" (supports), plus the roles of persons ("Taliban spokesman X": spokesperson_of).
Events imply relations too: an ASSAULT makes its source hostile to its target, talks and
agreements are negotiations, aid is support. Each relation keeps its evidence and the time span
the text gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.models import Event, EventStatus, Relation, RelationType, Span, TimeExpression
from sitroom.ontology import ontology
from sitroom.rules import rules

_RULES = rules("relations")
RELATION_NOUNS: dict[str, str] = _RULES.table("relation_nouns")
RELATION_VERBS: dict[str, str] = _RULES.table("relation_verbs")
SYMMETRIC = _RULES.words("symmetric")
EVENT_RELATION = ontology().event_relations()
ROLE_RELATION: dict[str, str] = _RULES.table("role_relation")
_HYPOTHETICAL_CUES = _RULES.words("hypothetical_cues")
_NAMING_VERBS = _RULES.words("naming_verbs")
_GENERIC = {UNIDENTIFIED, CIVILIANS}


@dataclass(frozen=True, slots=True)
class _Found:
    source: str
    target: str
    type: str
    status: str
    sentence: Sentence
    start: str | None


class RelationExtractor:
    def extract(
        self,
        doc: AnnotatedDoc,
        actors: LinkedActors,
        events: list[Event],
        times: list[TimeExpression],
    ) -> list[Relation]:
        found: list[_Found] = []
        for sentence in doc.sentences:
            found += self._explicit(doc, sentence, actors, times)
        for person, relation, org, sent_i in actors.roles:
            rtype = ROLE_RELATION.get(relation, "member_of")
            found.append(_Found(person, org, rtype, "occurred", doc.sentences[sent_i], None))
        relations = _aggregate(doc, found)
        relations += self._from_events(events, relations)
        return relations

    # -- explicit statements ------------------------------------------------------------------

    def _explicit(
        self,
        doc: AnnotatedDoc,
        sentence: Sentence,
        actors: LinkedActors,
        times: list[TimeExpression],
    ) -> list[_Found]:
        out: list[_Found] = []
        when = _sentence_time(sentence, times)
        for tok in doc.sentence_tokens(sentence):
            lemma = tok.lemma.lower()
            if tok.pos == "NOUN" and lemma in RELATION_NOUNS:
                rtype = RELATION_NOUNS[lemma]
                pairs = self._noun_pairs(doc, tok, rtype, actors)
            elif tok.pos == "VERB" and lemma in RELATION_VERBS:
                rtype = RELATION_VERBS[lemma]
                pairs = self._verb_pairs(doc, tok, actors)
            else:
                continue
            if not pairs:
                continue
            status = _status(doc, tok)
            for a, b in pairs:
                if a != b and a not in _GENERIC and b not in _GENERIC:
                    out.append(_Found(a, b, rtype, status, sentence, when))
        return out

    def _noun_pairs(
        self, doc: AnnotatedDoc, noun: Token, rtype: str, actors: LinkedActors
    ) -> list[tuple[str, str]]:
        owners: list[str] = []
        others: list[str] = []
        origin: list[str] = []
        for c in doc.children(noun.i):
            if c.dep == "poss":
                owners += _np(doc, c, actors)
            elif c.dep == "prep":
                objs = [o for o in doc.children(c.i) if o.dep == "pobj"]
                ids = [a for o in objs for a in _np(doc, o, actors)]
                group_of = c.lower == "of" and rtype in ("affiliate_of", "splinter_of")
                if c.lower == "from" or group_of:
                    origin += ids
                elif c.lower in ("with", "between", "among", "against", "to", "for", "of", "into"):
                    others += ids
        if rtype in ("affiliate_of", "splinter_of"):
            # "the Afghan chapter of ISIS, now known as IS-K"; "defections from X to Y".
            named = _named_by(doc, noun, actors) or others
            return [(n, o) for n in named for o in origin if n != o]
        if owners and others:
            return [(o, t) for o in owners for t in others]
        if len(others) >= 2 and any(
            c.dep == "prep" and c.lower in ("between", "among") for c in doc.children(noun.i)
        ):
            return [(others[0], t) for t in others[1:]]
        if rtype == "supports" and others:
            subj = _clause_subject(doc, noun, actors)
            return [(s, t) for s in subj for t in others]
        return []

    def _verb_pairs(
        self, doc: AnnotatedDoc, verb: Token, actors: LinkedActors
    ) -> list[tuple[str, str]]:
        subj = _clause_subject(doc, verb, actors)
        objs: list[str] = []
        for c in doc.children(verb.i):
            if c.dep in ("dobj", "obj"):
                objs += _np(doc, c, actors)
            elif c.dep == "prep" and c.lower in ("with", "to"):
                objs += [
                    a for o in doc.children(c.i) if o.dep == "pobj" for a in _np(doc, o, actors)
                ]
        return [(s, o) for s in subj for o in objs]

    # -- relations implied by events ----------------------------------------------------------

    def _from_events(self, events: list[Event], explicit: list[Relation]) -> list[Relation]:
        grouped: dict[tuple[str, str, str, str], Relation] = {}
        for ev in events:
            rtype = EVENT_RELATION.get(ev.type)
            if rtype is None:
                continue
            sources = [s for s in [*ev.sources, *ev.claimed_by] if s not in _GENERIC]
            targets = [t for t in ev.targets if t not in _GENERIC]
            for s in dict.fromkeys(sources):
                for t in targets:
                    if s == t:
                        continue
                    a, b = (min(s, t), max(s, t)) if rtype in SYMMETRIC else (s, t)
                    key = (a, b, rtype, ev.status)
                    month = (
                        ev.date.start.isoformat()[:7]
                        if ev.date.start and ev.date.precision in ("day", "month")
                        else (
                            str(ev.date.start.year)
                            if ev.date.start and ev.date.precision == "year"
                            else None
                        )
                    )
                    rel = grouped.get(key)
                    if rel is None:
                        rel = Relation(
                            source=s,
                            target=t,
                            type=cast(RelationType, rtype),
                            status=ev.status,
                            origin="events",
                            start=month,
                            end=None,
                        )
                        grouped[key] = rel
                    elif month and (rel.start is None or month < rel.start):
                        rel.end = rel.end or rel.start
                        rel.start = month
                    elif month and rel.start and month > rel.start:
                        rel.end = max(rel.end or month, month)
                    if ev.evidence not in rel.evidence:
                        rel.evidence.append(ev.evidence)
        return list(grouped.values())


# --- helpers ---------------------------------------------------------------------------------


def _np(doc: AnnotatedDoc, head: Token, actors: LinkedActors) -> list[str]:
    """Actors in a noun phrase and its conjuncts ("the Taliban and ISIS")."""
    found = list(actors.at(head.i))
    stack = [head.i]
    while stack:
        cur = stack.pop()
        for c in doc.children(cur):
            if c.dep in ("conj", "compound", "appos", "amod", "nmod", "poss", "cc"):
                found += [a for a in actors.at(c.i) if a not in found]
                stack.append(c.i)
    return list(dict.fromkeys(found))


def _named_by(doc: AnnotatedDoc, noun: Token, actors: LinkedActors) -> list[str]:
    """The name given to a generic group noun: appositive or "known as"/"called" clause."""
    names: list[str] = []
    for c in doc.children(noun.i):
        if c.dep in ("appos",):
            names += _np(doc, c, actors)
        if c.dep in ("acl", "relcl") and c.lemma.lower() in _NAMING_VERBS:
            for t in doc.subtree(c.i):
                names += [a for a in actors.at(t.i) if a not in names]
    # "X, the Afghan chapter of ISIS": the noun is itself in apposition to the name.
    if noun.dep == "appos":
        names += actors.at(noun.head)
    # "IS-K is the Afghan chapter of ISIS"
    if noun.dep == "attr":
        for c in doc.children(noun.head):
            if c.dep == "nsubj":
                names += _np(doc, c, actors)
    return list(dict.fromkeys(names))


def _clause_subject(doc: AnnotatedDoc, tok: Token, actors: LinkedActors) -> list[str]:
    cur = tok
    for _ in range(5):
        for c in doc.children(cur.i):
            if c.dep == "nsubj":
                return _np(doc, c, actors)
        if cur.head == cur.i:
            break
        cur = doc.tokens[cur.head]
    return []


def _status(doc: AnnotatedDoc, tok: Token) -> str:
    nodes = [tok, *list(doc.ancestors(tok.i))[:5]]
    for node in nodes:
        kids = doc.children(node.i)
        if any(c.dep == "neg" for c in kids):
            return "negated"
        if node.lemma.lower() in _HYPOTHETICAL_CUES and node is not tok:
            return "hypothetical"
        if any(c.lower in _HYPOTHETICAL_CUES and c.dep in ("aux", "mark") for c in kids):
            return "hypothetical"
    return "occurred"


def _sentence_time(sentence: Sentence, times: list[TimeExpression]) -> str | None:
    for t in times:
        if sentence.start <= t.mention.start < sentence.end and t.value.start is not None:
            p = t.value.precision
            if p == "day" or p == "month":
                return t.value.start.isoformat()[:7]
            if p in ("year", "decade"):
                return str(t.value.start.year)
    return None


def _aggregate(doc: AnnotatedDoc, found: Iterable[_Found]) -> list[Relation]:
    out: dict[tuple[str, str, str, str], Relation] = {}
    for f in found:
        a, b = (
            (min(f.source, f.target), max(f.source, f.target))
            if f.type in SYMMETRIC
            else (f.source, f.target)
        )
        key = (a, b, f.type, f.status)
        span = Span(
            start=f.sentence.start,
            end=f.sentence.end,
            text=doc.text[f.sentence.start : f.sentence.end],
        )
        rel = out.get(key)
        if rel is None:
            rel = Relation(
                source=f.source,
                target=f.target,
                type=cast(RelationType, f.type),
                status=cast(EventStatus, f.status),
                origin="explicit",
                start=f.start,
            )
            out[key] = rel
        if span not in rel.evidence:
            rel.evidence.append(span)
        if f.start and (rel.start is None or f.start < rel.start):
            rel.start = f.start
    return list(out.values())
