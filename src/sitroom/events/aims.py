"""What an act is aimed at beyond its verb's own arguments (sitroom.events.arguments): the
author of a judged statement, the party a refused act would have touched, a target inside a
state or place phrase ("on alert against X", "to the waters off X"), a purpose ("to counter
X"), who protesters protest or demand from, the home country of people given aid or deported,
and the prepositions that name a party, by event type (tables in data/rules/arguments.yaml)."""

from __future__ import annotations

from sitroom.actors import CIVILIANS, LinkedActors
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import (
    _DYADIC_PREPS,
    _PARTNER_PREPS,
    _PARTNER_TYPES,
    _TARGET_PREPS,
    LexiconLike,
    Trigger,
    _dedupe,
)
from sitroom.events.phrases import _latent_countries, _np_actors, _one_party, _relational
from sitroom.ontology import ontology
from sitroom.rules import rules

_RULES = rules("arguments")
_PLACE_TARGET_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("place_target_preps").items()
}
_OWN_FORCE_TYPES = _RULES.words("own_force_types")
_OWN_STATE_TYPES = _RULES.words("own_state_types")
_RECIPIENT_PREPS = _RULES.words("recipient_preps")
_NO_RECIPIENT_TYPES = _RULES.words("no_recipient_types")
_DESTINATION_TYPES = _RULES.words("destination_types")
PATIENT_NOUNS = _RULES.words("patient_nouns")
_AUTHORED_OBJECT_TYPES = _RULES.words("authored_object_types")
_COMPLEMENT_OBJECT_TYPES = _RULES.words("complement_object_types")
_HOME_COUNTRY: dict[str, frozenset[str]] = {
    kind: frozenset(modes) for kind, modes in _RULES.table("home_country").items()
}
_STATE_PREPS = _RULES.words("state_preps")
_DEMANDING_TYPES = _RULES.words("demanding_types")
_PURPOSE_TYPES: dict[str, frozenset[str]] = {
    kind: frozenset(verb_types) for kind, verb_types in _RULES.table("purpose_types").items()
}
_PROTESTED_AUTHOR_TYPES = _RULES.words("protested_author_types")
_STATE_TYPES = ontology().state_actor_types


def _aimed_elsewhere(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    trig: Trigger,
    kids: list[Token],
    actors: LinkedActors,
    sources: list[str],
    targets: list[str],
) -> list[str]:
    """The targets of a verb trigger (``kids``: its dependents) with those its clauses and
    nested phrases name added."""
    targets = list(targets)
    if not targets and trig.type in _COMPLEMENT_OBJECT_TYPES:
        # "refused to enroll her daughter", "declined to recognize Kosovo": who the refused
        # act would have been done to
        # ... or who made what it would have accepted ("refused to accept a plan put
        # forward by Brazil")
        for verb in (c for c in kids if c.dep == "xcomp" and c.pos == "VERB"):
            for o in (o for o in doc.children(verb.i) if o.dep in ("dobj", "obj")):
                authored = (
                    _authored_object(lex, doc, o, actors)
                    if trig.type in _AUTHORED_OBJECT_TYPES
                    else None
                )
                targets += (
                    authored
                    if authored is not None
                    else _np_actors(lex, doc, o, actors, latent=True)
                )
        if not targets:
            # ... or whom it would have been aimed at or given to ("refused to hand over
            # the suspects to Kosovo", "declined to share data with the agency")
            targets += [
                a
                for verb in kids
                if verb.dep == "xcomp" and verb.pos == "VERB"
                for p in doc.children(verb.i)
                if p.dep in ("prep", "dative")
                and (_aimed(trig.type, p.lower) or p.lower in _RECIPIENT_PREPS)
                for o in _prep_objects(doc, p)
                for a in _np_actors(lex, doc, o, actors, latent=True)
            ]
    aimless = not (
        _without_own_forces(actors, sources, targets) if trig.type in _OWN_FORCE_TYPES else targets
    )
    if aimless and trig.type != "ASSAULT":
        # "put its forces on alert against Israel", "on high alert along the Libyan
        # border", "to the waters off Israel": the target inside the state or place phrase
        places = _PLACE_TARGET_PREPS.get(trig.type, frozenset())
        targets += [
            a
            for c in kids
            if c.dep == "prep" and (c.lower in _STATE_PREPS or c.lower in places)
            for obj in _prep_objects(doc, c)
            for p in _nested_preps(doc, obj)
            if p.lower in _TARGET_PREPS or p.lower in places
            for o in _prep_objects(doc, p)
            for a in _np_actors(lex, doc, o, actors, latent=True)
        ]
    purposes = _PURPOSE_TYPES.get(trig.type)
    if purposes is not None and not _without_own_forces(actors, sources, targets):
        # "for an offensive against Hezbollah", "to counter the Houthis"
        targets += [
            a
            for c in kids
            if c.dep == "prep" and c.lower == "for"
            for obj in _prep_objects(doc, c)
            for p in _nested_preps(doc, obj)
            if p.lower in _TARGET_PREPS
            for o in _prep_objects(doc, p)
            for a in _np_actors(lex, doc, o, actors, latent=True)
        ] + [
            a
            for c in kids
            if c.dep in ("advcl", "relcl", "xcomp")
            and c.pos == "VERB"
            and any(m.dep == "aux" and m.lower == "to" for m in doc.children(c.i))
            and (not purposes or _verb_type(lex, c) in purposes)
            for o in doc.children(c.i)
            if o.dep in ("dobj", "obj")
            for a in (
                _authored_object(lex, doc, o, actors)
                or _home_country(lex, doc, o, actors, trig, _np_actors(lex, doc, o, actors))
            )
        ]
    if trig.type in _PROTESTED_AUTHOR_TYPES:
        # "against the bill proposed by the government": its author
        targets += [
            a
            for c in kids
            for o in (
                [c]
                if c.dep in ("dobj", "obj")
                else _prep_objects(doc, c)
                if c.dep == "prep" and c.lower in _TARGET_PREPS
                else []
            )
            for a in _authored_object(lex, doc, o, actors) or []
        ]
        if not targets:
            # "workers at the Chevron refinery went on strike": their employer
            targets += [
                a
                for c in kids
                if c.dep == "nsubj"
                for p in doc.children(c.i)
                if p.dep == "prep" and p.lower == "at"
                for o in _prep_objects(doc, p)
                for a in _np_actors(lex, doc, o, actors)
            ]
    if trig.type in _DEMANDING_TYPES:
        # "marched ..., demanding that President X step down": who is to do it
        targets += [
            a
            for verb in kids
            if verb.dep in ("advcl", "xcomp")
            and (sense := lex.verb(verb.lemma.lower())) is not None
            and sense.type == "REQUEST"
            for clause in doc.children(verb.i)
            if clause.dep == "ccomp"
            for subj in doc.children(clause.i)
            if subj.dep == "nsubj"
            for a in _np_actors(lex, doc, subj, actors)
        ]
    return targets


def _aimed(kind: str, prep: str) -> bool:
    """Is the object of ``prep`` the other party of an event of type ``kind``?"""
    partner = kind in _PARTNER_TYPES
    return (
        prep in _TARGET_PREPS
        or (partner and prep in _PARTNER_PREPS)
        # "severed ties with X", "recalled its ambassador from X"
        or (not partner and kind != "ASSAULT" and prep in _DYADIC_PREPS)
        # "withdrew from Mali", "deployed troops to Haiti"
        or prep in _PLACE_TARGET_PREPS.get(kind, ())
    )


def _authored_object(
    lex: LexiconLike, doc: AnnotatedDoc, obj: Token, actors: LinkedActors
) -> list[str] | None:
    """ "condemned Russia's invasion", "rejected U.S. demands", "the plan proposed by the AU":
    who made the judged act or statement (its possessor, an actor modifying it, its "by" agent
    or the agent of a participle describing it), the target of a speech act that judges it.
    An act the object says someone underwent ("condemned the arrest of X", "X's detention")
    names no target (empty list): who made it is not said. None when the object is an actor
    itself or is no act ("accused Kenya of ...", "rejected the report on Kenya")."""
    if actors.at(obj.i):
        return None
    patient = obj.lemma.lower() in PATIENT_NOUNS or obj.lower in PATIENT_NOUNS
    authors: list[str] = []
    for c in doc.children(obj.i):
        if c.dep == "poss" and not patient and not _relational(doc, obj):
            authors += _np_actors(lex, doc, c, actors, latent=True)
        elif c.dep in ("compound", "amod", "nmod") and not patient:
            authors += [*actors.at(c.i), *actors.promote(c.i)]
        elif c.dep == "prep" and c.lower == "by":
            authors += [a for o in _prep_objects(doc, c) for a in _np_actors(lex, doc, o, actors)]
        elif c.dep == "acl" and c.tag == "VBN":
            # "the timetable proposed by ECOWAS", "the sanctions imposed by the EU"
            authors += [
                a
                for agent in doc.children(c.i)
                if agent.dep == "agent"
                for o in _prep_objects(doc, agent)
                for a in _np_actors(lex, doc, o, actors)
            ]
    if authors:
        return _one_party(actors, _dedupe(authors))
    if patient or lex.noun(obj.lemma.lower()) is not None:
        # an event named without its author: the actors in the phrase underwent it
        return []
    return None


def _recipient(kind: str, prep: str, abstain: bool = True) -> bool:
    """ "suspended aid to Ethiopia", "sent a letter to X": who receives the object."""
    if kind in _NO_RECIPIENT_TYPES or (abstain and kind in _DESTINATION_TYPES):
        return False
    return prep in _RECIPIENT_PREPS


def _prep_objects(doc: AnnotatedDoc, prep: Token) -> list[Token]:
    """The objects of a preposition; of "out of" when the preposition is "out"."""
    objs = [o for o in doc.children(prep.i) if o.dep == "pobj"]
    if not objs and prep.lower == "out":
        objs = doc.prep_objects(prep.i, "of")
    return objs


def _verb_type(lex: LexiconLike, verb: Token) -> str | None:
    """The event type the lexicon gives a verb on its own, if any."""
    sense = lex.verb(verb.lemma.lower())
    return sense.type if sense is not None else None


def _nested_preps(doc: AnnotatedDoc, head: Token, depth: int = 0) -> list[Token]:
    """The prepositions in a chain of prepositional phrases below ``head`` ("alert against X",
    "a state of readiness against X")."""
    if depth > 3:
        return []
    found: list[Token] = []
    for p in doc.children(head.i):
        if p.dep == "prep":
            found.append(p)
            for o in _prep_objects(doc, p):
                found += _nested_preps(doc, o, depth + 1)
    return found


def _home_country(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    head: Token,
    actors: LinkedActors,
    trig: Trigger,
    found: list[str],
) -> list[str]:
    """ "aid to displaced people in South Sudan", "deported Nigerien migrants": for the types
    and modes of ``home_country``, a phrase naming only people is aimed at the country it
    places them in or names as their nationality as well."""
    modes = _HOME_COUNTRY.get(trig.type)
    if modes is None or (modes and trig.mode not in modes) or any(a != CIVILIANS for a in found):
        return found
    placed = [
        a
        for p in _nested_preps(doc, head)
        if p.lower == "in"
        for o in _prep_objects(doc, p)
        for a in _np_actors(lex, doc, o, actors, latent=True)
    ]
    return _dedupe([*found, *_nationalities(doc, head, actors), *placed])


def _placed_people(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    trig: Trigger,
    kids: list[Token],
    actors: LinkedActors,
    targets: list[str],
) -> list[str]:
    """ "delivered food to refugees in Chad", "distributed tents to families in Gaza": for the
    types and modes of ``home_country``, an act whose only target is people (``targets``) and
    whose verb places it ("in") is aimed at that place's country as well."""
    modes = _HOME_COUNTRY.get(trig.type)
    if (
        modes is None
        or (modes and trig.mode not in modes)
        or not targets
        or any(a != CIVILIANS for a in targets)
    ):
        return targets
    placed = [
        a
        for c in kids
        if c.dep == "prep" and c.lower == "in"
        for o in _prep_objects(doc, c)
        for a in _np_actors(lex, doc, o, actors, latent=True)
    ]
    return _dedupe([*targets, *placed])


def _nationalities(doc: AnnotatedDoc, head: Token, actors: LinkedActors) -> list[str]:
    """The countries of the nationality words of a phrase that names people ("Afghan" in
    "thousands of Afghan refugees"), whose tokens are the mention of the people themselves:
    the state is made an actor, the words stay the people's mention."""
    found: list[str] = []
    for t in doc.subtree(head.i):
        lat = actors.latent.get(t.i)
        if lat is None or t.dep not in ("amod", "compound") or t.i not in actors.by_token:
            continue
        actor = actors.actors.get(lat.actor.id)
        if actor is None:
            actor = actors.actors[lat.actor.id] = lat.actor.model_copy(deep=True)
            actor.mentions.append(lat.span)
        found.append(actor.id)
    return [*found, *_latent_countries(doc, head, actors)]


def _source_countries(actors: LinkedActors, sources: list[str]) -> set[str]:
    """The countries of the sources that are states or organs of one."""
    return {
        a.country
        for x in sources
        if (a := actors.actors.get(x)) is not None and a.type in _STATE_TYPES and a.country
    }


def _without_own_state(
    actors: LinkedActors, kind: str, sources: list[str], targets: list[str]
) -> list[str]:
    """ "the minister visited Tehran" (the minister Iran's): for ``own_state_types``, the state
    of a source's own country is no target."""
    if kind not in _OWN_STATE_TYPES:
        return targets
    countries = _source_countries(actors, sources)
    return [
        t
        for t in targets
        if not (
            (a := actors.actors.get(t)) is not None and a.type == "state" and a.country in countries
        )
    ]


def _without_own_forces(actors: LinkedActors, sources: list[str], targets: list[str]) -> list[str]:
    """ "France withdrew its troops", "Kenya deployed police officers": the force moved is the
    source's own, not a target."""
    countries = _source_countries(actors, sources)
    return [
        t
        for t in targets
        if not (
            (a := actors.actors.get(t)) is not None
            and a.type in _STATE_TYPES
            and a.country in countries
        )
    ]
