"""The linker's core: the knowledge base, country codes, and adding actors and mentions."""

from __future__ import annotations

from collections import Counter

from sitroom.actors.model import (
    ActorMention,
    KBEntryLike,
    KnowledgeBase,
    LatentMention,
    LinkedActors,
)
from sitroom.actors.naming import clean_name, strip_article
from sitroom.annotation import AnnotatedDoc
from sitroom.models import Actor, ActorLink, Span


class LinkerBase:
    """State and helpers shared by the linker's steps (see :class:`sitroom.actors.ActorLinker`)."""

    def __init__(self, kb: KnowledgeBase, country_code: object | None = None) -> None:
        self.kb = kb
        if country_code is None:
            from sitroom.countries import country_code as default_country_code

            country_code = default_country_code
        self.country_code = country_code  # callable: word -> ISO3 or None

    def _code(self, word: str) -> str | None:
        fn = self.country_code
        return fn(word) if callable(fn) else None

    def _name_code(self, text: str) -> str | None:
        """The country of a GPE/NORP entity's text; "the U.S." keeps its final full stop."""
        code = self._code(clean_name(text))
        if code is None and text.rstrip().endswith("."):
            code = self._code(strip_article(text))
        return code

    def _add_entry(self, out: LinkedActors, entry: KBEntryLike) -> None:
        out.actors[entry.id] = entry_actor(entry)

    def _add_latent(
        self,
        out: LinkedActors,
        entry: KBEntryLike,
        doc: AnnotatedDoc,
        token_start: int,
        token_end: int,
        head: int,
    ) -> None:
        """A country named where it is no actor (yet): see :class:`LatentMention`."""
        start = doc.tokens[token_start].idx
        end = doc.tokens[token_end - 1].end
        actor = entry_actor(entry)
        actor.link = ActorLink(how="country")
        lat = LatentMention(
            actor,
            token_start,
            token_end,
            head,
            Span(start=start, end=end, text=doc.text[start:end]),
        )
        for i in range(token_start, token_end):
            out.latent.setdefault(i, lat)

    def _focus_country(self, doc: AnnotatedDoc) -> str | None:
        counts: Counter[str] = Counter()
        for ent in doc.entities:
            if ent.label in ("GPE", "NORP"):
                code = self._code(clean_name(ent.text))
                if code:
                    counts[code] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _named_groups_country(self, out: LinkedActors) -> str | None:
        """The home country of the named armed groups and parties linked so far (the most
        mentioned one)."""
        counts: Counter[str] = Counter()
        for actor in out.actors.values():
            if actor.kb and actor.country and actor.type in ("armed_group", "party"):
                counts[actor.country] += len(actor.mentions)
        return counts.most_common(1)[0][0] if counts else None

    def _add_kb(
        self,
        out: LinkedActors,
        entry: KBEntryLike,
        doc: AnnotatedDoc,
        token_start: int,
        token_end: int,
        head: int,
        kind: str,
        link: ActorLink | None = None,
    ) -> None:
        if entry.id not in out.actors:
            self._add_entry(out, entry)
        actor = out.actors[entry.id]
        if link is None:
            # A country name as an actor ("Russia said"), or a state force from an agent noun.
            link = ActorLink(how="agent" if kind == "agent" else "country")
        record_link(actor, link)
        self._add_mention(out, actor, doc, token_start, token_end, head, kind)

    def _add_mention(
        self,
        out: LinkedActors,
        actor: Actor,
        doc: AnnotatedDoc,
        token_start: int,
        token_end: int,
        head: int,
        kind: str,
    ) -> None:
        start = doc.tokens[token_start].idx
        last = doc.tokens[token_end - 1]
        end = last.idx + len(last.text)
        out.mentions.append(ActorMention(actor.id, token_start, token_end, head, kind))
        if not any(s.start == start and s.end == end for s in actor.mentions):
            actor.mentions.append(Span(start=start, end=end, text=doc.text[start:end]))
        for i in range(token_start, token_end):
            ids = out.by_token.setdefault(i, [])
            if actor.id not in ids:
                ids.append(actor.id)


def drop_mentions(
    out: LinkedActors, doc: AnnotatedDoc, actor_id: str, heads: range, *, keep_actor: bool = False
) -> None:
    """Take back the mentions of ``actor_id`` whose head is in ``heads`` (a name that turned out
    not to mention the actor acting); the actor goes when nothing mentions it any more."""
    actor = out.actors[actor_id]
    for m in [m for m in out.mentions if m.actor_id == actor_id and m.head in heads]:
        out.mentions.remove(m)
        start = doc.tokens[m.token_start].idx
        actor.mentions = [s for s in actor.mentions if s.start != start]
        for i in range(m.token_start, m.token_end):
            out.forget(i, actor_id)
    if not keep_actor and not any(m.actor_id == actor_id for m in out.mentions):
        del out.actors[actor_id]


def entry_actor(entry: KBEntryLike) -> Actor:
    return Actor(
        id=entry.id,
        name=entry.name,
        type=entry.type,  # type: ignore[arg-type]
        country=entry.country,
        parent=entry.parent,
        kb=True,
        aliases=list(entry.aliases[:12]),
    )


def record_link(actor: Actor, link: ActorLink) -> None:
    """Keep the most confident way the actor was identified (the first one on a tie)."""
    old = actor.link
    if old is None or (link.confidence or 0.0) > (old.confidence or 0.0):
        actor.link = link
