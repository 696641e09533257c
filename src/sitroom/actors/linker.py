"""The ``actors`` stage's linker: named entities first, then generic agents, installations,
means of attack, unknown acronyms, coreference and person roles (see :mod:`sitroom.actors`)."""

from __future__ import annotations

from collections.abc import Iterable

from sitroom.actors.agents import AgentsMixin
from sitroom.actors.coref import CorefMixin
from sitroom.actors.model import AgentLike, KBEntryLike, LinkedActors
from sitroom.actors.naming import clean_name, guess_type, slugify
from sitroom.actors.syntax import acts, agent_sense, is_acting, modifies_agent_or_org, span_head
from sitroom.annotation import AnnotatedDoc, EntitySpan
from sitroom.models import Actor

__all__ = ["ActorLinker"]


class ActorLinker(AgentsMixin, CorefMixin):
    """Links the actor mentions of an annotated document (see the module docstring)."""

    # -- public -------------------------------------------------------------------------------

    def link(
        self,
        doc: AnnotatedDoc,
        *,
        focus: str | None = None,
        place_spans: Iterable[tuple[int, int]] = (),
    ) -> LinkedActors:
        """Link the actors of ``doc``. ``focus`` is the country the document is about (from the
        places stage, when it ran first); ``place_spans`` are character spans already resolved
        as places, which are not actors ("Khyber Agency" tagged ORG, "Khan Younis" PERSON)."""
        out = LinkedActors()
        focus = focus or self._focus_country(doc)
        places = set(place_spans)
        for ent in doc.entities:
            if ent.label in ("ORG", "PERSON") and not ent.kb_id and (ent.start, ent.end) in places:
                continue
            self._link_entity(doc, ent, out)
        # "Clashes between the army and the OLA": with no country in the text, the state forces
        # are most likely those of the country the named groups fight in.
        focus = focus or self._named_groups_country(out)
        self._link_agents(doc, out, focus)
        self._link_installations(doc, out, focus)
        self._link_military_means(doc, out)
        self._link_unknown_acronyms(doc, out, places)
        self._link_anaphora(doc, out)
        self._link_person_roles(doc, out)
        for a in out.actors.values():
            a.mentions.sort(key=lambda s: s.start)
        return out

    # -- named entities -----------------------------------------------------------------------

    def _link_entity(self, doc: AnnotatedDoc, ent: EntitySpan, out: LinkedActors) -> None:
        label = ent.label
        head = span_head(doc, ent.token_start, ent.token_end)
        if label in ("GPE", "NORP"):
            iso3 = self._code(clean_name(ent.text))
            if iso3 is None:
                return
            if label == "NORP" and not modifies_agent_or_org(doc, head, self.kb):
                return  # "Afghan culture": an adjective, not an actor
            if label == "GPE" and not acts(doc, head, self.kb):
                return  # "in Afghanistan": a place (the places stage has it)
            modified = self._modified_agent(doc, head)
            if modified is not None and modified.type in ("armed_group", "civilians"):
                # "Palestinian militants", "a Syrian armed group", "a Kenyan man": a
                # nationality, not the state as a side; the agents step links the group
                # (unidentified) or the civilians.
                return
            kind = self._state_kind_for(doc, head)
            entry = self.kb.state_actor(iso3, kind) or self.kb.state_actor(iso3, "state")
            if entry is None:
                return
            span_end = ent.token_end
            noun = doc.tokens[head].head
            if kind != "state" and noun > ent.token_end - 1:
                span_end = noun + 1  # "US service members" as one mention of the force
            self._add_kb(
                out,
                entry,
                doc,
                ent.token_start,
                span_end,
                noun if kind != "state" else head,
                "name",
            )
            return
        if label not in ("ORG", "PERSON"):
            return
        name = clean_name(ent.text)
        if not name or len(name) < 2:
            return
        linked: KBEntryLike | None = self.kb.get(ent.kb_id) if ent.kb_id else None
        if linked is None:
            match = self.kb.best(name)
            if match is not None and (label == "ORG" or match.entry.type == "person"):
                linked = match.entry
        if linked is not None:
            self._add_kb(out, linked, doc, ent.token_start, ent.token_end, head, "name")
            return
        if label == "PERSON" and len(name.split()) < 2 and not is_acting(doc, head):
            return  # a lone first name or a mis-tagged word ("Islam"): too weak to be an actor
        if label == "ORG" and self.kb.agent(name) is not None:
            return  # "Govt" tagged ORG: a generic agent word, which the agents step resolves
        kind = "person" if label == "PERSON" else guess_type(name)
        actor_id = slugify(name)
        actor = out.actors.get(actor_id)
        if actor is None:
            actor = Actor(id=actor_id, name=name, type=kind, kb=False)  # type: ignore[arg-type]
            out.actors[actor_id] = actor
        if name not in actor.aliases and name != actor.name:
            actor.aliases.append(name)
        self._add_mention(out, actor, doc, ent.token_start, ent.token_end, head, "name")

    def _state_kind_for(self, doc: AnnotatedDoc, head: int) -> str:
        """ "US service members" -> military; "Afghan government" -> government; else state."""
        sense = self._modified_agent(doc, head)
        if sense is not None and sense.type in ("military", "police", "government"):
            return sense.type
        return "state"

    def _modified_agent(self, doc: AnnotatedDoc, head: int) -> AgentLike | None:
        """The agent sense of the noun a country name modifies ("US service members")."""
        tok = doc.tokens[head]
        noun = doc.tokens[tok.head]
        if tok.dep in ("compound", "amod", "nmod", "conj") and noun.i != tok.i:
            # Coordinated modifiers ("the Afghan and US governments") share the noun.
            while (
                noun.dep == "conj"
                and noun.head != noun.i
                and doc.tokens[noun.head].pos
                in (
                    "ADJ",
                    "PROPN",
                )
            ):
                noun = doc.tokens[noun.head]
            if noun.pos in ("ADJ", "PROPN") and noun.dep in ("amod", "compound"):
                noun = doc.tokens[noun.head]
            return agent_sense(doc, noun, self.kb)
        return None
