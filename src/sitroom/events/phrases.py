"""Noun phrases: the actors a phrase names as the party of an event, read from the parse (a
person, not the office his title names; one party for a state body and its country; a country
named as a place when the phrase is what an event is aimed at)."""

from __future__ import annotations

from sitroom.actors import LinkedActors
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import _GROUP_NOUNS, _IDENTIFYING, _NP_DEPS, LexiconLike, _dedupe
from sitroom.events.tree import _reaches_via
from sitroom.ontology import ontology
from sitroom.rules import rules

_RULES = rules("arguments")
_FRONTIER_NOUNS = _RULES.words("frontier_nouns")
_RELATIONAL_NOUNS = _RULES.words("relational_nouns")
_STATE_TYPES = ontology().state_actor_types
# Parser labels of a title before a name ("U.S. Secretary of State Marco Rubio").
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _np_actors(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    head: Token,
    actors: LinkedActors,
    *,
    latent: bool = False,
) -> list[str]:
    """Actors named in the noun phrase headed by ``head`` (not in its clauses). With
    ``latent`` (the phrase is what an event is aimed at), a country the phrase names as a place
    or a nationality becomes the actor when nothing else is named ("withdrew from Mali",
    "sanctions on Russian banks")."""
    if latent and head.lemma.lower() in _FRONTIER_NOUNS:
        # "its border with Congo": the country on the other side
        beyond = [
            a
            for obj in doc.prep_objects(head.i, "with")
            for a in _np_actors(lex, doc, obj, actors, latent=True)
        ]
        if beyond:
            return _dedupe(beyond)
    if head.lemma.lower() in _GROUP_NOUNS:
        # "the Afghan chapter of ISIS, now known as IS-K": the chapter is IS-K, not ISIS.
        named = [
            a
            for t in doc.subtree(head.i)
            if t.i != head.i
            and _reaches_via(doc, t, head.i, {"appos", "acl", "attr", "pobj", "prep", "oprd"})
            and doc.tokens[t.head].lower != "of"
            for a in actors.at(t.i)
        ]
        if named:
            return _dedupe(named)
    # "men suspected to be Al-Shabaab militants": the identification names the actor.
    for c in doc.children(head.i):
        if c.dep in ("acl", "relcl") and c.lemma.lower() in _IDENTIFYING:
            named = [a for t in doc.subtree(c.i) if t.i != c.i for a in actors.at(t.i)]
            if named:
                return _dedupe(named)
    found: list[str] = list(actors.at(head.i))
    if not found and lex.mode_from_cues([head.lemma.lower()]) is not None:
        # "shells fired by Pakistani forces", "a bomb planted by the group": the agent of a
        # weapon's passive participle is who attacked with it.
        for c in doc.children(head.i):
            if c.dep != "acl":
                continue
            for agent in (a for a in doc.children(c.i) if a.dep == "agent"):
                for obj in (o for o in doc.children(agent.i) if o.dep == "pobj"):
                    found += [a for a in _np_actors(lex, doc, obj, actors) if a not in found]
        if found:
            return _dedupe(found)
    named_head = bool(found)
    person_head = any(_actor_type(actors, a) == "person" for a in found)
    stack = [(head.i, False)]
    while stack:
        cur, in_title = stack.pop()
        for c in doc.children(cur):
            if c.dep == "appos" and named_head:
                # "Al-Shabaab, the Somali affiliate of Al Qaeda": the apposition describes
                # the named actor; the group it mentions is not a second participant
                continue
            if c.dep == "poss" and _relational(doc, doc.tokens[cur]):
                # "Zamora's legal team", "Turkey's rival Greece", "Lai's son": someone else
                continue
            if (
                c.dep in _NP_DEPS
                or (c.dep == "prep" and c.lower == "of")
                or (c.dep == "pobj" and doc.tokens[c.head].lower == "of")
            ):
                # "Canadian Prime Minister Justin Trudeau", "U.N. special rapporteur X": the
                # person acts; the government or organisation his title names is not a second
                # participant
                # (everything below a title is the title: "Secretary of State", "Prime
                # Minister of Pakistan")
                # ... and so for a person coordinated with it ("Senate head Hun Sen and Prime
                # Minister Hun Manet") or in apposition ("VOA: Russia's President Vladimir
                # Putin")
                title = in_title or (
                    c.dep in _TITLE_DEPS
                    and (
                        person_head
                        if cur == head.i
                        else doc.tokens[cur].dep in ("conj", "appos") and _names_person(actors, cur)
                    )
                )
                found += [
                    a
                    for a in actors.at(c.i)
                    if a not in found and not (title and _actor_type(actors, a) != "person")
                ]
                stack.append((c.i, title))
    if not found and latent:
        return _latent_countries(doc, head, actors)
    return _one_party(actors, _dedupe(found))


def _names_person(actors: LinkedActors, i: int) -> bool:
    return any(_actor_type(actors, a) == "person" for a in actors.at(i))


def _one_party(actors: LinkedActors, ids: list[str]) -> list[str]:
    """ "Kenya's government", "the Kenyan police": a state body and the country that owns it,
    named in one phrase, are one party (the body), not a pair of partners."""
    bodies = {
        a.country
        for x in ids
        if (a := actors.actors.get(x)) is not None
        and a.type in _STATE_TYPES
        and a.type != "state"
        and a.country
    }
    if not bodies:
        return ids
    return [
        x
        for x in ids
        if not (
            (a := actors.actors.get(x)) is not None and a.type == "state" and a.country in bodies
        )
    ]


def _relational(doc: AnnotatedDoc, tok: Token) -> bool:
    """Does ``tok`` name a relation to its possessor ("rival", "lawyer", "son", "team"), itself
    or by its modifier ("Turkey's rival Greece", "Lai's son Sebastien")?"""
    words = [tok, *(c for c in doc.children(tok.i) if c.dep in ("amod", "compound"))]
    return any(t.lemma.lower() in _RELATIONAL_NOUNS or t.lower in _RELATIONAL_NOUNS for t in words)


def _actor_type(actors: LinkedActors, actor_id: str) -> str | None:
    actor = actors.actors.get(actor_id)
    return actor.type if actor is not None else None


def _latent_countries(doc: AnnotatedDoc, head: Token, actors: LinkedActors) -> list[str]:
    """The countries a phrase names as a place or a nationality ("Mali", "Russian banks",
    "the Syrian border"), made actors (:meth:`LinkedActors.promote`)."""
    found: list[str] = []
    stack = [head.i]
    seen: set[int] = set()
    while stack:
        cur = stack.pop()
        if cur in seen:
            continue
        seen.add(cur)
        found += [a for a in actors.promote(cur) if a not in found]
        for c in doc.children(cur):
            if (
                c.dep in ("compound", "amod", "nmod", "poss", "conj", "appos")
                or (c.dep == "prep" and c.lower == "of")
                or (c.dep == "pobj" and doc.tokens[cur].lower == "of")
            ):
                stack.append(c.i)
    return found
