"""The actors stage's data: what it needs from the knowledge base, and what it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sitroom.models import Actor, Span

__all__ = [
    "CIVILIANS",
    "GENERIC_FORCES",
    "UNIDENTIFIED",
    "ActorMention",
    "AgentLike",
    "KBEntryLike",
    "KnowledgeBase",
    "LatentMention",
    "LinkedActors",
    "MatchLike",
    "RoleLike",
]

# --- what the linker needs from the knowledge base (see sitroom.kb) ---------------------------


class RoleLike(Protocol):
    @property
    def org(self) -> str | None: ...
    @property
    def role(self) -> str: ...
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...


class KBEntryLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def roles(self) -> Sequence[RoleLike]: ...


class MatchLike(Protocol):
    @property
    def entry(self) -> KBEntryLike: ...
    @property
    def score(self) -> float: ...
    @property
    def how(self) -> str: ...
    @property
    def alias(self) -> str: ...


class AgentLike(Protocol):
    @property
    def type(self) -> str: ...


class KnowledgeBase(Protocol):
    def get(self, actor_id: str) -> KBEntryLike | None: ...
    def best(
        self, name: str, *, country: str | None = None, min_score: float = ...
    ) -> MatchLike | None: ...
    def state_actor(self, iso3: str, kind: str = "state") -> KBEntryLike | None: ...
    def agent(self, noun: str) -> AgentLike | None: ...
    def lookup(
        self, name: str, *, country: str | None = None, fuzzy: bool = True, limit: int = 5
    ) -> Sequence[MatchLike]: ...
    def role_horizon(self) -> str | None: ...
    def persons_with_surname(self, surname: str) -> Sequence[KBEntryLike]: ...


UNIDENTIFIED = "unidentified-armed-group"
CIVILIANS = "civilians"
# State agents whose country the text does not give ("police said"): kept, but not guessed.
GENERIC_FORCES = {
    "military": ("military-forces", "Military forces (country not given)"),
    "police": ("police-forces", "Police forces (country not given)"),
    "government": ("government-authorities", "Government authorities (country not given)"),
}


@dataclass(slots=True)
class ActorMention:
    actor_id: str
    token_start: int
    token_end: int
    head: int
    kind: str  # "name", "agent", "coref"


@dataclass(slots=True)
class LatentMention:
    """A country named where it is not (yet) an actor: a place ("withdrew from Mali") or a
    nationality on a thing ("sanctions on Russian banks"). The events stage makes it an actor
    when the phrase is an argument of an event (:meth:`LinkedActors.promote`)."""

    actor: Actor  # the state actor, not yet among the document's actors
    token_start: int
    token_end: int
    head: int
    span: Span


@dataclass
class LinkedActors:
    """The actors of one document and where each is mentioned."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[ActorMention] = field(default_factory=list)
    by_token: dict[int, list[str]] = field(default_factory=dict)
    roles: list[tuple[str, str, str, int]] = field(default_factory=list)
    # (person id, relation type, organization id, sentence index)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    # surname -> the full names of the document's persons ("rubio" -> {"Marco Rubio"})
    latent: dict[int, LatentMention] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    # the countries the document names (GPE/NORP entities) and its focus country
    # token -> a country named there that is not an actor unless an event makes it one
    led_bodies: list[tuple[int, int, str]] = field(default_factory=list)
    # "the Trump administration", "Sharif's government": (first token, noun, person id), the
    # government of the person's country once the person's roles are read

    def at(self, token_i: int) -> list[str]:
        return self.by_token.get(token_i, [])

    def forget(self, token_i: int, actor_id: str) -> None:
        """Token ``token_i`` no longer mentions ``actor_id``."""
        ids = [a for a in self.by_token.get(token_i, []) if a != actor_id]
        if ids:
            self.by_token[token_i] = ids
        else:
            self.by_token.pop(token_i, None)

    def latent_at(self, token_i: int) -> LatentMention | None:
        return self.latent.get(token_i) if token_i not in self.by_token else None

    def promote(self, token_i: int) -> list[str]:
        """Make the country latent at ``token_i`` an actor of the document (its state), with
        the mention; returns its id (none when nothing is latent there)."""
        lat = self.latent_at(token_i)
        if lat is None:
            return []
        actor = self.actors.get(lat.actor.id)
        if actor is None:
            actor = self.actors[lat.actor.id] = lat.actor.model_copy(deep=True)
        self.mentions.append(
            ActorMention(actor.id, lat.token_start, lat.token_end, lat.head, "name")
        )
        if not any(s.start == lat.span.start and s.end == lat.span.end for s in actor.mentions):
            actor.mentions.append(lat.span)
        for i in range(lat.token_start, lat.token_end):
            self.latent.pop(i, None)
            ids = self.by_token.setdefault(i, [])
            if actor.id not in ids:
                ids.append(actor.id)
        return [actor.id]

    def ordered(self) -> list[Actor]:
        first: dict[str, int] = {}
        for m in self.mentions:
            first.setdefault(m.actor_id, m.token_start)
        return sorted(self.actors.values(), key=lambda a: first.get(a.id, 1 << 30))
