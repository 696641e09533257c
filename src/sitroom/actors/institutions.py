"""Institutions of a state that act apart from its government: courts and judges, prosecutors,
parliaments and lawmakers ("a court sentenced X", "Bosnian prosecutors ordered the arrest of Y",
"parliament voted to extend the mandate").

Such a noun is the institution of the country the text gives ("Judiciary of Guatemala": a
document actor of type ``government`` with that country, not the knowledge base's government of
the country, which a court ruling against it is not); "the court" after a named court ("the
International Court of Justice") is that court; "opposition lawmakers" are the country's
political opposition (a party), not its legislature. The nouns and names are data
(``state_institutions``, ``institution_names``, ``opposition_modifiers`` in
``data/actors/linking_words.yaml``).

Groups of civil society named by what they stand for ("rights groups", "several environment
groups", "press freedom organizations") are a non-governmental organisation of the document,
named by the phrase as written (``ngo_heads``, ``ngo_modifiers``, ``phrase_quantifiers``).
"""

from __future__ import annotations

import re

from sitroom.actors.base import LinkerBase
from sitroom.actors.model import AgentLike, LinkedActors
from sitroom.actors.words import (
    COLLECTIVE_TYPES,
    INSTITUTION_ALIASES,
    INSTITUTION_NAMES,
    NGO_HEADS,
    NGO_MODIFIERS,
    OPPOSITION_MODIFIERS,
    PHRASE_QUANTIFIERS,
    STATE_INSTITUTIONS,
)
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.countries import demonyms
from sitroom.models import Actor, ActorLink

# Actor types a named institution can have ("the International Court of Justice" is an igo).
_NAMED_INSTITUTION_TYPES = frozenset({"government", "igo", "other", "ngo"})


OPPOSITION = "opposition"


def institution_of(doc: AnnotatedDoc, tok: Token, sense: AgentLike | None) -> str | None:
    """The state institution an agent noun names ("judges" -> judiciary; "opposition
    lawmakers" -> opposition), or None."""
    if sense is None or sense.type != "government":
        return None
    label = getattr(sense, "label", None) or tok.lemma.lower()
    found = STATE_INSTITUTIONS.get(label) or STATE_INSTITUTIONS.get(tok.lemma.lower())
    if found is not None and any(
        c.lower in OPPOSITION_MODIFIERS
        for c in doc.children(tok.i)
        if c.dep in ("amod", "compound", "nmod") and c.i < tok.i
    ):
        return OPPOSITION
    return found


def civil_group(doc: AnnotatedDoc, tok: Token, sense: AgentLike | None) -> tuple[int, str] | None:
    """ "Nine press freedom and rights groups": (first token, name) of a civil-society group
    named by what it stands for, without its determiner or quantifier; None for other nouns."""
    if tok.lemma.lower() not in NGO_HEADS:
        return None  # "health workers", "conservationists": people, not an organisation
    left = sorted(
        (t for t in doc.subtree(tok.i) if t.i < tok.i and t.sent == tok.sent),
        key=lambda t: t.i,
    )
    # the contiguous words just before the head
    words: list[Token] = []
    for t in reversed(left):
        if t.i != (words[0].i if words else tok.i) - 1:
            break
        words.insert(0, t)
    while words and (
        words[0].dep in ("det", "nummod", "predet", "case", "punct")
        or (words[0].dep == "poss" and words[0].pos == "PRON")  # "their", not "prisoners'"
        or words[0].lower in PHRASE_QUANTIFIERS
    ):
        words.pop(0)
    if any(t.ent_type in ("ORG", "PERSON") for t in words):
        return None  # "Amnesty's researchers", "the Lai family": named by other steps
    if not (sense is not None and sense.type == "ngo") and not any(
        t.lower in NGO_MODIFIERS for t in words
    ):
        return None
    first = words[0].i if words else tok.i
    return first, doc.text[doc.tokens[first].idx : tok.end]


class InstitutionsMixin(LinkerBase):
    def _institution_actor(self, out: LinkedActors, institution: str, country: str | None) -> Actor:
        """The document actor for a country's institution (or one whose country is not given)."""
        state = self.kb.state_actor(country, "state") if country else None
        template = INSTITUTION_NAMES[institution]
        if state is None:
            actor_id = institution
            name = template.replace(" of {country}", "") + " (country not given)"
            country = None
        else:
            actor_id = f"{state.id}-{institution}"
            name = template.format(country=state.name)
        known = out.actors.get(actor_id)
        if known is not None:
            return known
        adjectives = demonyms(country) if country else []
        alias = INSTITUTION_ALIASES.get(institution)
        actor = Actor(
            id=actor_id,
            name=name,
            type=COLLECTIVE_TYPES.get(institution, "government"),  # type: ignore[arg-type]
            country=country,
            link=ActorLink(how="agent"),
            # "Somali opposition": the country's adjective, as news writes it
            aliases=[alias.format(demonym=adjectives[0])] if alias and adjectives else [],
        )
        out.actors[actor_id] = actor
        return actor

    def _named_institution(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> str | None:
        """ "the court" after "the International Court of Justice": the closest named
        organisation before it whose name holds the noun."""
        dets = [c for c in doc.children(tok.i) if c.dep in ("det", "poss")]
        if not dets or dets[0].lower not in ("the", "its"):
            return None
        words = {tok.lower, tok.lemma.lower()}
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b", re.I)
        named = [
            m
            for m in out.mentions
            if m.kind == "name"
            and m.head < tok.i
            and out.actors[m.actor_id].type in _NAMED_INSTITUTION_TYPES
            and any(
                pattern.search(n)
                for n in (out.actors[m.actor_id].name, *out.actors[m.actor_id].aliases)
            )
        ]
        return max(named, key=lambda m: m.head).actor_id if named else None
