"""Who protests: the people a crowd act's subject names ("Thousands of Kenyans protested",
"Opposition supporters rallied", "Supporters of X marched", "Kurds demonstrated").

A protest is done by people, not by the state their nationality names nor by the leader they
follow: a subject of a crowd act (``crowd_act_types``) that names a nationality of people
("Kenyans", "thousands of Georgians"), or people gathered behind someone (``follower_nouns``:
"supporters of X", "opposition supporters", "crowds"), is the civilians who protest, with the
subject phrase as their mention. A subject that names an actor of its own (a union, a party,
"workers" already linked as civilians) keeps it.
"""

from __future__ import annotations

from sitroom.actors import LinkedActors
from sitroom.actors.model import CIVILIANS, GENERIC_FORCES, ActorMention
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.countries import is_demonym
from sitroom.events.base import _QUANTITY_NOUNS, RULES, Trigger
from sitroom.models import Actor, ActorLink, Span

CROWD_ACT_TYPES = RULES.words("crowd_act_types")
FOLLOWER_NOUNS = RULES.words("follower_nouns")
# "tens of thousands of Georgians": the counting words before the people counted
_COUNTING = _QUANTITY_NOUNS | frozenset({"ten", "tens", "million", "millions"})


def crowd_source(
    doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors, sources: list[str]
) -> list[str] | None:
    """The sources of a crowd act whose subject names people (see the module docstring), or
    None when the rule does not apply (the sources found stand)."""
    if trig.type not in CROWD_ACT_TYPES:
        return None
    verb = doc.tokens[trig.anchor]
    subj = next((c for c in doc.children(verb.i) if c.dep == "nsubj"), None)
    if subj is None:
        return None
    people = _counted(doc, subj)
    follower = people.lemma.lower() in FOLLOWER_NOUNS
    # a people named by its plural ("Kenyans", "Kurds"; the parser may tag it a singular name)
    nationality = (people.tag in ("NNS", "NNPS") or people.text.endswith("s")) and (
        is_demonym(people.text) or people.ent_type == "NORP"
    )
    if CIVILIANS in actors.at(people.i):
        # "hundreds of students": people linked already, the source even when the act's
        # object names them too
        return None if CIVILIANS in sources else [CIVILIANS]
    if not (follower or nationality):
        return None
    if not follower and sources and not _only_states(actors, sources):
        return None
    _mention_civilians(doc, actors, subj)
    return [CIVILIANS]


def _counted(doc: AnnotatedDoc, head: Token) -> Token:
    """ "thousands of Kenyans" -> Kenyans; "tens of thousands of Georgians" -> Georgians."""
    for _ in range(3):
        if head.lemma.lower() not in _COUNTING and head.lower not in _COUNTING:
            break
        nxt = next(iter(doc.prep_objects(head.i, "of")), None)
        if nxt is None:
            break
        head = nxt
    return head


def _only_states(actors: LinkedActors, ids: list[str]) -> bool:
    """Are the sources found only states (a nationality read as its country)?"""
    return all(
        (a := actors.actors.get(x)) is not None and a.type in ("state", "government") for x in ids
    )


def _mention_civilians(doc: AnnotatedDoc, actors: LinkedActors, subj: Token) -> None:
    """The subject phrase as a mention of the civilians (made an actor of the document)."""
    words = [t for t in doc.subtree(subj.i) if t.dep not in ("relcl", "acl")]
    first, last = words[0], words[-1]
    actor = actors.actors.get(CIVILIANS)
    if actor is None:
        actor = actors.actors[CIVILIANS] = Actor(
            id=CIVILIANS, name="Civilians", type="civilians", link=ActorLink(how="agent")
        )
    actors.mentions.append(ActorMention(CIVILIANS, first.i, last.i + 1, subj.i, "agent"))
    start, end = first.idx, last.idx + len(last.text)
    if not any(s.start == start and s.end == end for s in actor.mentions):
        actor.mentions.append(Span(start=start, end=end, text=doc.text[start:end]))


POLICY_NOUNS = RULES.words("policy_nouns")
PROTESTING_VERBS = RULES.words("protesting_verbs")
# the prepositions of what is protested: "against the law", "over the tax"
PROTESTED_PREPS = frozenset({"against", "over"})


def protested_policy(
    doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors, targets: list[str]
) -> list[str] | None:
    """A crowd act with no target that protests a decision of a government with no author
    named (``policy_nouns``: "against the tax increases", "to protest the new labour law") is
    aimed at the government (its country not given). None when the rule does not apply."""
    if trig.type not in CROWD_ACT_TYPES or targets:
        return None
    verb = doc.tokens[trig.anchor]
    if verb.pos != "VERB":
        return None
    heads = [o for p in _protested_preps(doc, verb) for o in doc.children(p.i) if o.dep == "pobj"]
    clauses = [verb] if verb.lemma.lower() in PROTESTING_VERBS else []
    clauses += [
        c
        for c in doc.children(verb.i)
        if c.dep in ("advcl", "xcomp") and c.lemma.lower() in PROTESTING_VERBS
    ]
    for clause in clauses:
        heads += [o for o in doc.children(clause.i) if o.dep in ("dobj", "obj")]
        heads += [o for p in _protested_preps(doc, clause) for o in doc.children(p.i)]
    for head in heads:
        words = [head, *(c for c in doc.children(head.i) if c.dep in ("compound", "amod"))]
        if not any(w.lemma.lower() in POLICY_NOUNS for w in words):
            continue
        if any(actors.at(t.i) for t in doc.subtree(head.i)):
            return None  # "against the law passed by parliament": its author, found elsewhere
        generic, name = GENERIC_FORCES["government"]
        if generic not in actors.actors:
            actors.actors[generic] = Actor(
                id=generic, name=name, type="government", link=ActorLink(how="agent")
            )
        return [generic]
    return None


def _protested_preps(doc: AnnotatedDoc, verb: Token) -> list[Token]:
    return [p for p in doc.children(verb.i) if p.dep == "prep" and p.lower in PROTESTED_PREPS]
