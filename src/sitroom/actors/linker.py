"""The ``actors`` stage's linker: named entities first, then generic agents, installations,
means of attack, unknown acronyms, coreference and person roles (see :mod:`sitroom.actors`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sitroom.actors.agents import AgentsMixin
from sitroom.actors.base import drop_mentions, record_link
from sitroom.actors.coref import CorefMixin
from sitroom.actors.institutions import civil_group, institution_of
from sitroom.actors.model import AgentLike, LinkedActors
from sitroom.actors.naming import clean_name, guess_type, slugify
from sitroom.actors.represent import RepresentMixin
from sitroom.actors.resolve import ResolveMixin, document_surnames, surname_key
from sitroom.actors.syntax import (
    acts,
    agent_sense,
    capital_acts,
    capital_aimed_at,
    is_acting,
    modifies_agent_or_org,
    span_head,
)
from sitroom.actors.words import METONYMIC_CAPITALS
from sitroom.annotation import AnnotatedDoc, EntitySpan, Token
from sitroom.countries import is_demonym
from sitroom.models import Actor, ActorLink

__all__ = ["ActorLinker"]


class ActorLinker(AgentsMixin, CorefMixin, ResolveMixin, RepresentMixin):
    """Links the actor mentions of an annotated document (see the module docstring)."""

    # -- public -------------------------------------------------------------------------------

    def link(
        self,
        doc: AnnotatedDoc,
        *,
        focus: str | None = None,
        place_spans: Iterable[tuple[int, int]] = (),
        published: dt.date | None = None,
    ) -> LinkedActors:
        """Link the actors of ``doc``. ``focus`` is the country the document is about (from the
        places stage, when it ran first); ``place_spans`` are character spans already resolved
        as places, which are not actors ("Khyber Agency" tagged ORG, "Khan Younis" PERSON)."""
        out = LinkedActors(surnames=document_surnames(doc))
        focus = focus or self._focus_country(doc)
        out.countries = self._document_countries(doc, focus)
        places = set(place_spans)
        for ent in doc.entities:
            relabel = self._misread_label(ent, out)
            if relabel is not None:
                # "Kyiv said", "struck Kyiv" tagged PERSON; "Lithuanian" tagged PERSON
                self._link_entity(doc, dataclasses.replace(ent, label=relabel), out, focus)
                continue
            if self._country_named(ent):
                # "accused Armenia", "a deal with Mauritius" tagged PERSON or ORG: a country
                self._link_entity(doc, dataclasses.replace(ent, label="GPE"), out, focus)
                continue
            if ent.label in ("ORG", "PERSON") and not ent.kb_id and (ent.start, ent.end) in places:
                continue
            self._link_entity(doc, ent, out, focus)
        self._link_untagged_surnames(doc, out)
        self._link_untagged_countries(doc, out, focus)
        # "Clashes between the army and the OLA": with no country in the text, the state forces
        # are most likely those of the country the named groups fight in.
        focus = focus or self._named_groups_country(out)
        self._link_collectives(doc, out, focus)
        self._link_agents(doc, out, focus)
        self._link_installations(doc, out, focus)
        self._link_military_means(doc, out)
        self._link_unknown_acronyms(doc, out, places)
        self._merge_document_acronyms(out)
        self._link_anaphora(doc, out)
        self._link_pronouns(doc, out)
        self._link_group_pronouns(doc, out)
        self._link_person_roles(doc, out, published)
        self._link_office_anaphora(doc, out)
        self._link_led_bodies(doc, out)
        self._link_representatives(doc, out)
        _drop_interviewer_labels(doc, out)
        for a in out.actors.values():
            a.mentions.sort(key=lambda s: s.start)
        return out

    # -- named entities -----------------------------------------------------------------------

    def _link_entity(
        self, doc: AnnotatedDoc, ent: EntitySpan, out: LinkedActors, focus: str | None
    ) -> None:
        label = ent.label
        head = span_head(doc, ent.token_start, ent.token_end)
        if label in ("GPE", "NORP"):
            iso3 = self._name_code(ent.text)
            if iso3 is None:
                name = clean_name(ent.text)
                # a capital is a surname only where the document names the person in full
                # ("George Washington ... Washington led the army")
                capital = name in METONYMIC_CAPITALS and surname_key(name) not in out.surnames
                if not capital and self._link_surname(doc, ent, out, focus, head, "PERSON"):
                    # "a visit by Modi to Mauritius": the surname of the document's one
                    # person of that name, misread as a place
                    return
                if not capital and is_acting(doc, head) and self._link_kb_surname(doc, ent, out):
                    return  # "Blinken traveled to Beijing" tagged GPE: a known person acting
                self._link_capital(doc, ent, out, head)
                return
            modified = self._modified_agent(doc, head)
            body = self._modified_noun(doc, head)
            if modified is not None and (
                modified.type in ("armed_group", "civilians")
                or (body is not None and civil_group(doc, body, modified) is not None)
            ):
                # "Palestinian militants", "a Syrian armed group", "a Kenyan man", "Nepali
                # rights groups": a nationality, not the state as a side; the agents step
                # links the group (unidentified), the civilians or the NGO. Their country
                # stays latent ("deported Nigerien migrants": aimed at Niger as well).
                entry = self.kb.state_actor(iso3, "state")
                if entry is not None and modified.type == "civilians":
                    self._add_latent(out, entry, doc, ent.token_start, ent.token_end, head)
                return
            if (label == "NORP" and not modifies_agent_or_org(doc, head, self.kb)) or (
                label == "GPE" and not acts(doc, head, self.kb)
            ):
                # "Afghan culture", "in Afghanistan": an adjective or a place (the places
                # stage has it), an actor only as an event's argument ("sanctions on Russian
                # banks", "withdrew from Mali")
                entry = self.kb.state_actor(iso3, "state")
                if entry is not None:
                    self._add_latent(out, entry, doc, ent.token_start, ent.token_end, head)
                return
            kind = self._state_kind_for(doc, head)
            span_end = ent.token_end
            noun = doc.tokens[head].head
            institution = institution_of(doc, body, modified) if body is not None else None
            if institution is not None and body is not None:
                # "Bosnian state prosecutors", "Somali opposition lawmakers": the institution
                actor = self._institution_actor(out, institution, iso3)
                self._add_mention(
                    out, actor, doc, ent.token_start, max(body.i + 1, span_end), body.i, "agent"
                )
                return
            entry = self.kb.state_actor(iso3, kind) or self.kb.state_actor(iso3, "state")
            if entry is None:
                return
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
        if not any(c.isupper() for c in name) and not self._lowercase_alias(ent, name):
            # "an amnesty for prisoners": a common noun, never the organisation whose name is
            # the word capitalised (Amnesty International)
            return
        if self._link_surname(doc, ent, out, focus, head, label):
            return
        linked = self._choose_entry(doc, ent, name, label, focus) is not None
        if not linked and label == "PERSON" and self._link_kb_surname(doc, ent, out):
            return  # "Putin said ..." with no full name in the text: the KB's one Putin
        lone = label == "PERSON" and len(name.split()) < 2 and not is_acting(doc, head)
        if not linked and lone:
            return  # a lone first name or a mis-tagged word ("Islam"): too weak an actor
        if not linked and label == "ORG" and self.kb.agent(name) is not None:
            return  # "Govt" tagged ORG: a generic agent word, which the agents step resolves
        actor = self._named_actor(doc, ent, name, label, out, focus)
        self._add_mention(out, actor, doc, ent.token_start, ent.token_end, head, "name")

    def _link_surname(
        self,
        doc: AnnotatedDoc,
        ent: EntitySpan,
        out: LinkedActors,
        focus: str | None,
        head: int,
        label: str,
    ) -> bool:
        """ "Rubio" after (or before) "Marco Rubio": the document's person, linked by the full
        name (to the knowledge base, or kept as the document's own)."""
        name = clean_name(ent.text)
        full = self._surname_person(out, name, label)
        if full is None or full == name:
            return False
        person = self._named_actor(doc, ent, full, "PERSON", out, focus, ruler=False)
        record_link(person, ActorLink(how="surname", surface=name))
        self._add_mention(out, person, doc, ent.token_start, ent.token_end, head, "name")
        return True

    def _link_kb_surname(self, doc: AnnotatedDoc, ent: EntitySpan, out: LinkedActors) -> bool:
        """A lone surname the document never gives in full: the knowledge base's one person of
        that surname among the document's countries (see ``_kb_surname_entry``)."""
        name = clean_name(ent.text)
        entry = self._kb_surname_entry(name, out.countries)
        if entry is None:
            return False
        if entry.id not in out.actors:
            self._add_entry(out, entry)
        person = out.actors[entry.id]
        record_link(person, ActorLink(how="surname", surface=name))
        head = span_head(doc, ent.token_start, ent.token_end)
        self._add_mention(out, person, doc, ent.token_start, ent.token_end, head, "name")
        return True

    def _lowercase_alias(self, ent: EntitySpan, name: str) -> bool:
        """Is a name written without capitals an alias of its entity-ruler entry as written
        ("journalists" of the generic Journalists entry), not only the capitalised name?"""
        entry = self.kb.get(ent.kb_id) if ent.kb_id else None
        return entry is not None and name in (entry.name, *entry.aliases)

    def _misread_label(self, ent: EntitySpan, out: LinkedActors) -> str | None:
        """The label a PERSON or ORG entity should have had: GPE for a capital that stands for
        its state ("Kyiv said", "struck Kyiv"; not a surname of the document's people:
        "Washington" after "George Washington"), NORP for a nationality ("Lithuanian"). Only
        exact names of the capitals list and of demonyms."""
        if ent.label not in ("ORG", "PERSON") or ent.kb_id:
            return None
        name = clean_name(ent.text)
        if name in METONYMIC_CAPITALS and surname_key(name) not in out.surnames:
            return "GPE"
        if len(name.split()) == 1 and is_demonym(name) and self._code(name) is not None:
            return "NORP"
        return None

    def _document_countries(self, doc: AnnotatedDoc, focus: str | None) -> set[str]:
        """The countries the document names (GPE and NORP entities) and its focus country."""
        found = {focus} if focus else set()
        for ent in doc.entities:
            if ent.label in ("GPE", "NORP"):
                code = self._name_code(ent.text)
                if code:
                    found.add(code)
        return found

    def _link_untagged_countries(
        self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None
    ) -> None:
        """ "a visit by Modi to Mauritius" where the tagger saw no entity in "Mauritius": a
        capitalised one-word proper noun that names a country, or a capital of the capitals list
        ("Kyiv said"), is read as a GPE entity (an actor where it acts, else a place)."""
        for tok in doc.tokens:
            if tok.pos != "PROPN" or tok.ent_type or tok.dep == "compound":
                continue
            if tok.i in out.by_token or tok.i in out.latent or not tok.text[:1].isupper():
                continue
            known = self._code(tok.text) is not None or tok.text in METONYMIC_CAPITALS
            if not known or _inside_a_name(doc, tok):
                continue  # "Kyiv said" with no entity: a capital, which acts as its state
            ent = EntitySpan("GPE", tok.idx, tok.end, tok.i, tok.i + 1, tok.text)
            self._link_entity(doc, ent, out, focus)

    def _link_capital(
        self, doc: AnnotatedDoc, ent: EntitySpan, out: LinkedActors, head: int
    ) -> None:
        """ "Beijing protested", "sanctioned by Moscow": a capital acting is its state; a
        capital that owns a statement or an act, or is a place an act may be aimed at, leaves its
        state latent (an actor only as what an event is aimed at: "rejected Manila's claim",
        "visited Tehran", "a trip to Cairo"); else it is a place ("protested in Moscow")."""
        iso3 = METONYMIC_CAPITALS.get(clean_name(ent.text))
        if iso3 is None or ent.label != "GPE":
            return
        entry = self.kb.state_actor(iso3, "state")
        if entry is None:
            return
        if not capital_acts(doc, head):
            if capital_aimed_at(doc, head):
                self._add_latent(out, entry, doc, ent.token_start, ent.token_end, head)
            return
        link = ActorLink(how="country", surface=clean_name(ent.text))
        self._add_kb(out, entry, doc, ent.token_start, ent.token_end, head, "name", link)

    def _named_actor(
        self,
        doc: AnnotatedDoc,
        ent: EntitySpan,
        name: str,
        label: str,
        out: LinkedActors,
        focus: str | None,
        *,
        ruler: bool = True,
    ) -> Actor:
        """The actor a name stands for: a knowledge-base entry the document supports, else the
        document's own actor with the name as written and a type from its words."""
        chosen = self._choose_entry(doc, ent, name, label, focus, ruler=ruler)
        if chosen is not None:
            entry, link = chosen
            if entry.id not in out.actors:
                self._add_entry(out, entry)
            known = out.actors[entry.id]
            record_link(known, link)
            return known
        kind = "person" if label == "PERSON" else guess_type(name)
        actor_id = slugify(name)
        actor = out.actors.get(actor_id)
        if actor is None:
            link = ActorLink(how="local", surface=name)
            actor = Actor(id=actor_id, name=name, type=kind, link=link)  # type: ignore[arg-type]
            out.actors[actor_id] = actor
        if name not in actor.aliases and name != actor.name:
            actor.aliases.append(name)
        return actor

    def _country_named(self, ent: EntitySpan) -> bool:
        """Is a PERSON or ORG entity the name of a country ("Armenia", "Mauritius"), or one
        tagged a location or a date ("South Sudan", "Niger")?"""
        if ent.label not in ("ORG", "PERSON", "LOC", "DATE") or ent.kb_id:
            return False
        name = clean_name(ent.text)
        return bool(name) and not is_demonym(name) and self._name_code(ent.text) is not None

    def _state_kind_for(self, doc: AnnotatedDoc, head: int) -> str:
        """ "US service members" -> military; "Afghan government" -> government; else state."""
        sense = self._modified_agent(doc, head)
        if sense is not None and sense.type in ("military", "police", "government"):
            return sense.type
        return "state"

    def _modified_agent(self, doc: AnnotatedDoc, head: int) -> AgentLike | None:
        """The agent sense of the noun a country name modifies ("US service members")."""
        noun = self._modified_noun(doc, head)
        return agent_sense(doc, noun, self.kb) if noun is not None else None

    @staticmethod
    def _modified_noun(doc: AnnotatedDoc, head: int) -> Token | None:
        """The noun a country name modifies ("service members" in "US service members")."""
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
            return noun
        return None


def _inside_a_name(doc: AnnotatedDoc, tok: Token) -> bool:
    """Is ``tok`` a word of a longer proper name ("the Islamic Republic of Iran Shipping Lines",
    "Bank of Egypt")?"""
    after = doc.tokens[tok.i + 1] if tok.i + 1 < len(doc.tokens) else None
    if after is not None and after.pos == "PROPN" and after.sent == tok.sent:
        return True
    gov = doc.tokens[tok.head]
    return gov.pos == "PROPN" or (gov.lower == "of" and doc.tokens[gov.head].pos == "PROPN")


def _drop_interviewer_labels(doc: AnnotatedDoc, out: LinkedActors) -> None:
    """ "VOA: Putin recently visited China": a news organisation's name opening a sentence before
    a colon labels the interviewer's question in a transcript; the outlet does not act in it
    (the parser reads it as the subject)."""
    for m in list(out.mentions):
        actor = out.actors.get(m.actor_id)
        if actor is None or actor.type != "media":
            continue
        after = doc.tokens[m.token_end] if m.token_end < len(doc.tokens) else None
        if after is None or after.text != ":":
            continue
        if doc.sentence_of(m.token_start).token_start != m.token_start:
            continue
        drop_mentions(out, doc, actor.id, range(m.head, m.head + 1))
