"""Collective actors named by a common noun: "the opposition", "opposition parties", "the
opposition leader", "the unions", "a teachers' union".

Each is a document actor of the country the text gives, as for state institutions (a
nationality or country on the noun, "Venezuela's opposition", where it acts, the document's
focus country): ``<state-id>-opposition`` ("Political opposition of Venezuela", a party),
``<state-id>-unions`` ("Trade unions of Kenya", an NGO); without a country, the same
collective with its country not given. A common word never links to a knowledge-base
organisation that holds it ("United Tajik Opposition", "Arab Maghreb Union"). The words are data
(``collective_nouns``, ``collective_types``, ``collective_member_heads``, ``union_modifiers``,
``collective_not_before`` in ``data/actors/linking_words.yaml``).

"The union" alone is a labour union only when the document names no organisation or place
called a union (the European Union, the African Union, the Soviet Union), whose short form it
would be.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitroom.actors.model import KnowledgeBase, LinkedActors
from sitroom.actors.words import (
    COLLECTIVE_MEMBER_HEADS,
    COLLECTIVE_NOT_BEFORE,
    COLLECTIVE_NOUNS,
    UNION_MODIFIERS,
)
from sitroom.annotation import AnnotatedDoc, Token

_UNIONS = "unions"


@dataclass(frozen=True, slots=True)
class Collective:
    """A collective noun phrase: the collective (``opposition``, ``unions``), the noun, the
    head of the phrase that mentions it (the member noun, or the noun itself) and its first
    token."""

    kind: str
    noun: Token
    head: Token
    start: int


def find_collectives(doc: AnnotatedDoc, out: LinkedActors, kb: KnowledgeBase) -> list[Collective]:
    """The collective noun phrases of ``doc`` not yet linked (see the module docstring)."""
    named_union = any("union" in e.text.lower() for e in doc.entities)
    found: list[Collective] = []
    for tok in doc.tokens:
        kind = COLLECTIVE_NOUNS.get(tok.lemma.lower()) or COLLECTIVE_NOUNS.get(tok.lower)
        if kind is None or tok.i in out.by_token or tok.ent_type or tok.pos != "NOUN":
            continue
        if any(c.dep == "prep" and c.lower in COLLECTIVE_NOT_BEFORE for c in doc.children(tok.i)):
            continue  # "opposition to the plan": an attitude, not the collective
        member = _member_head(doc, tok)
        if member is None and not _definite_or_plural(doc, tok):
            continue  # "in opposition", "strong opposition": no actor
        if kind == _UNIONS and not _labour_union(doc, tok, kb, named_union):
            continue
        head = member if member is not None else tok
        start = min([head.i, *(c.i for c in doc.subtree(head.i) if c.i < head.i)])
        found.append(Collective(kind, tok, head, start))
    return found


def _member_head(doc: AnnotatedDoc, tok: Token) -> Token | None:
    """The member noun a collective noun modifies ("leader" in "the opposition leader", "manager"
    in "an opposition campaign manager"), or None when it heads its own phrase."""
    cur = tok
    for _ in range(3):
        if cur.dep not in ("compound", "amod", "nmod") or cur.head == cur.i:
            return None
        cur = doc.tokens[cur.head]
        if cur.lemma.lower() in COLLECTIVE_MEMBER_HEADS or cur.lower in COLLECTIVE_MEMBER_HEADS:
            return cur
    return None


def _definite_or_plural(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "the opposition", "Venezuela's opposition", "the main opposition", "unions": a
    collective heading its phrase is an actor when definite, owned or plural."""
    if tok.dep in ("compound", "amod", "nmod"):
        return False
    if tok.lower != tok.lemma.lower():
        return True  # "unions"
    return any(
        (c.dep == "det" and c.lower == "the") or c.dep == "poss" for c in doc.children(tok.i)
    )


def _labour_union(doc: AnnotatedDoc, tok: Token, kb: KnowledgeBase, named_union: bool) -> bool:
    """Is "union" a labour union: "trade union", "labor unions", "the teachers' union", or "the
    union(s)" in a document that names no organisation or place called a union? Any other
    modifier makes it another union ("a customs union", "the European union")."""
    mods = [
        c
        for c in doc.children(tok.i)
        if c.dep in ("compound", "amod", "nmod") or (c.dep == "poss" and c.pos != "PRON")
    ]
    if not mods:
        return not named_union
    for m in mods:
        if m.lower in UNION_MODIFIERS or m.lemma.lower() in UNION_MODIFIERS:
            return True
        sense = kb.agent(m.lower)  # "the teachers' union", "miners union"
        if sense is not None and sense.type == "civilians" and not m.ent_type:
            return True
    return False
