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
from sitroom.actors.model import CIVILIANS, ActorMention
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
