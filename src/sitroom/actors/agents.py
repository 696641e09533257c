"""Generic agents ("Afghan soldiers", "gunmen", "civilians"), installations and means of
attack of state forces, and unknown acronyms in an actor's place."""

from __future__ import annotations

from typing import Any

from sitroom.actors.base import drop_mentions
from sitroom.actors.collectives import find_collectives
from sitroom.actors.institutions import InstitutionsMixin, civil_group, institution_of
from sitroom.actors.model import (
    CIVILIANS,
    GENERIC_FORCES,
    UNIDENTIFIED,
    LinkedActors,
    MatchLike,
)
from sitroom.actors.naming import slugify
from sitroom.actors.syntax import agent_sense, is_definite_anaphor
from sitroom.actors.words import (
    AERIAL_WORDS,
    INSTALLATIONS,
    PLACE_PREPOSITIONS,
    STATE_MEANS,
    STRIKE_NOUNS,
    UNSPECIFIC_MODIFIERS,
    WEAPON_PLATFORMS,
)
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.countries import is_demonym
from sitroom.models import Actor, ActorLink
from sitroom.text import is_acronym


class AgentsMixin(InstitutionsMixin):
    def _link_agents(self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None) -> None:
        for tok in doc.tokens:
            if tok.pos not in ("NOUN", "PROPN") or tok.i in out.by_token:
                continue
            if tok.dep == "compound" and _head_decides(doc, tok, self.kb):
                continue
            sense = agent_sense(doc, tok, self.kb)
            civil = civil_group(doc, tok, sense)
            # "prisoners' rights group": whom the group stands for does not own it
            if civil is not None and all(
                out.actors[o].type == "civilians" for o in self._owner_actors(doc, tok, out)
            ):
                # "rights groups", "several environment groups": the document's NGO
                first, name = civil
                home = next(
                    (c for t in doc.tokens[first : tok.i] if (c := self._entity_country(doc, t.i))),
                    None,
                )  # "Afghan rights groups"
                actor = out.actors.setdefault(
                    slugify(name),
                    Actor(id=slugify(name), name=name, type="ngo", country=home, link=_local(name)),
                )
                for other in {a for i in range(first, tok.i) for a in out.at(i)}:
                    if out.actors[other].type == "civilians":
                        # the prisoners the group speaks for do not act
                        drop_mentions(out, doc, other, range(first, tok.i))
                self._add_mention(out, actor, doc, first, tok.i + 1, tok.i, "agent")
                continue
            if sense is None:
                continue
            if is_definite_anaphor(doc, tok):
                continue  # "the militants": the coreference step decides
            institution = institution_of(doc, tok, sense)
            owners = self._owner_actors(doc, tok, out)
            several = False
            if not owners and sense.type in _STATE_AGENTS:
                # "diplomats from the Group of Seven", "ministers from Britain and Canada"
                origin = self._from_owners(doc, tok, out)
                several = origin is None
                owners = origin or []
            start = min([tok.i, *[c.i for c in doc.subtree(tok.i) if c.i < tok.i]])
            if institution is not None and not owners:
                # "the court" after "the International Court of Justice"
                named = self._named_institution(doc, tok, out)
                owners = [named] if named is not None else []
            if (
                sense.type == "government"
                and institution is None
                and owners
                and all(out.actors[o].type == "person" for o in owners)
            ):
                # "the Trump administration": the government the person leads, not the person
                out.led_bodies.append((start, tok.i, owners[0]))
                continue
            if sense.type in ("military", "police", "government"):
                # "the forces of Azerbaijan", "Iraqi troops": a state's agents are its force;
                # "Pakistan's courts": its judiciary
                owners = [self._state_force(out, o, sense.type, institution) for o in owners]
            if owners:
                for actor_id in owners:
                    self._add_mention(
                        out, out.actors[actor_id], doc, start, tok.i + 1, tok.i, "agent"
                    )
                continue
            if sense.type in ("military", "police", "government"):
                # "Nigerian soldiers and police": a conjunct shares the country of the first.
                # "other forces", "foreign troops" are explicitly not the country in focus.
                titled = _title_of_person(doc, tok)
                unspecific = several or any(
                    c.lower in UNSPECIFIC_MODIFIERS
                    for c in doc.children(tok.i)
                    if c.dep in ("det", "amod")
                )
                # "Canadian Foreign Minister", "the U.S. president": the nationality on the
                # noun; "Prime Minister Narendra Modi": the country of the titled person.
                country = (
                    self._conjunct_country(doc, tok, out)
                    or self._modifier_country(doc, tok)
                    or (
                        self._modifier_country(doc, doc.tokens[tok.head], before=tok.i)
                        if titled
                        else None
                    )  # "Saudi Crown Prince Mohammed bin Salman": the name's nationality
                    or self._titled_person_country(doc, tok, out)
                    or (None if unspecific else self._where_country(doc, tok))
                    or (None if unspecific else focus)
                )
                entry = self.kb.state_actor(country, sense.type) if country else None
                if institution is not None:
                    # "a court sentenced X": the country's judiciary, not its government
                    body = self._institution_actor(out, institution, country)
                    self._add_mention(out, body, doc, start, tok.i + 1, tok.i, "agent")
                elif entry is not None:
                    self._add_kb(out, entry, doc, start, tok.i + 1, tok.i, "agent")
                else:
                    generic = GENERIC_FORCES[sense.type]
                    actor = out.actors.setdefault(
                        generic[0],
                        Actor(id=generic[0], name=generic[1], type=sense.type, link=_agent()),  # type: ignore[arg-type]
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
            elif sense.type == "armed_group":
                group = self._named_group_phrase(doc, tok)
                if group is not None:
                    name, kind = group
                    actor_id = slugify(name)
                    actor = out.actors.setdefault(
                        actor_id,
                        Actor(id=actor_id, name=name, type=kind, link=_local(name)),  # type: ignore[arg-type]
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
                else:
                    actor = out.actors.setdefault(
                        UNIDENTIFIED,
                        Actor(
                            id=UNIDENTIFIED,
                            name="Unidentified armed group",
                            type="armed_group",
                            link=_agent(),
                        ),
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
            elif sense.type == "civilians":
                actor = out.actors.setdefault(
                    CIVILIANS,
                    Actor(id=CIVILIANS, name="Civilians", type="civilians", link=_agent()),
                )
                self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")

    def _link_collectives(self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None) -> None:
        """ "The opposition", "opposition parties", "the unions": the collective of the country
        the text gives (see :mod:`sitroom.actors.collectives`); before the generic agents, so
        "the opposition leader" is the opposition, not a government's leader."""
        for c in find_collectives(doc, out, self.kb):
            country = (
                self._modifier_country(doc, c.noun)
                or self._modifier_country(doc, c.head)
                or self._where_country(doc, c.head)
                or focus
            )
            actor = self._institution_actor(out, c.kind, country)
            self._add_mention(out, actor, doc, c.start, c.head.i + 1, c.head.i, "agent")

    def _link_led_bodies(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "the Trump administration", "Prime Minister Sharif's government": the government of
        the leader's country (the person's own, or that of the body the text makes them a member
        of); with no country known, no actor (the person did not act alone)."""
        for start, noun, person_id in out.led_bodies:
            person = out.actors[person_id]
            org = out.actors.get(person.affiliation or "")
            country = (
                person.country
                or (org.country if org is not None else None)
                or self._title_country(doc, out, person_id)
            )
            entry = self.kb.state_actor(country, "government") if country else None
            # the leader's name is a modifier here, no mention of the person acting
            drop_mentions(out, doc, person_id, range(start, noun), keep_actor=True)
            if entry is not None:
                self._add_kb(out, entry, doc, start, noun + 1, noun, "agent")

    @staticmethod
    def _title_country(doc: AnnotatedDoc, out: LinkedActors, person_id: str) -> str | None:
        """The country of the government a title before the person's name stands for
        ("President Donald Trump" where "President" is the government of the United States)."""
        for m in out.mentions:
            if m.actor_id != person_id or m.kind != "name":
                continue
            for c in doc.children(m.head):
                if c.dep != "compound" or c.i >= m.token_start:
                    continue
                for actor_id in out.at(c.i):
                    actor = out.actors[actor_id]
                    if actor.type == "government" and actor.country:
                        return actor.country
        return None

    def _modifier_country(
        self, doc: AnnotatedDoc, tok: Token, before: int | None = None
    ) -> str | None:
        """The country of a nationality or country name modifying an agent noun (or, with
        ``before``, modifying the name a title stands on, left of the title)."""
        limit = tok.i if before is None else before
        for c in doc.children(tok.i):
            if c.i < limit and c.dep in ("amod", "compound", "nmod", "poss"):
                code = self._entity_country(doc, c.i)
                if code is None and not c.ent_type and is_demonym(c.text):
                    code = self._code(c.text)  # "Bosnian prosecutors" the tagger left untagged
                if code:
                    return code
        return None

    def _where_country(self, doc: AnnotatedDoc, tok: Token) -> str | None:
        """The country named as where the agents are or act: "police in Kenya", "In England,
        police arrested ...", "troops were deployed in Mali" (a country's name, not a town's:
        the gazetteer is not read here). Before the document's focus country, which a story
        about several countries gives to all of them."""
        heads = [tok]
        if tok.dep in ("nsubj", "nsubjpass", "dobj") and tok.head != tok.i:
            heads.append(doc.tokens[tok.head])
        for head in heads:
            for prep in doc.children(head.i):
                if prep.dep != "prep" or prep.lower not in ("in", "inside", "across"):
                    continue
                for obj in doc.children(prep.i):
                    if obj.dep == "pobj":
                        code = self._entity_country(doc, obj.i)
                        if code:
                            return code
        return None

    def _entity_country(self, doc: AnnotatedDoc, i: int) -> str | None:
        """The country code of the GPE or NORP entity holding token ``i``."""
        if doc.tokens[i].ent_type not in ("GPE", "NORP"):
            return None
        for ent in doc.entities:
            if ent.token_start <= i < ent.token_end and ent.label in ("GPE", "NORP"):
                return self._name_code(ent.text)
        return None

    def _titled_person_country(
        self, doc: AnnotatedDoc, tok: Token, out: LinkedActors
    ) -> str | None:
        """The country of the person a title precedes ("President Emmerson Mnangagwa")."""
        if tok.dep != "compound" or tok.head <= tok.i:
            return None
        for actor_id in out.by_token.get(tok.head, []):
            actor = out.actors[actor_id]
            if actor.type == "person" and actor.country:
                return actor.country
        return None

    def _state_force(
        self, out: LinkedActors, actor_id: str, kind: str, institution: str | None = None
    ) -> str:
        actor = out.actors.get(actor_id)
        if actor is None or actor.type != "state" or not actor.country:
            return actor_id
        if institution is not None:
            return self._institution_actor(out, institution, actor.country).id
        entry = self.kb.state_actor(actor.country, kind)
        if entry is None:
            return actor_id
        if entry.id not in out.actors:
            self._add_entry(out, entry)
        return entry.id

    def _link_installations(self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None) -> None:
        """ "military positions", "a Turkish helicopter", "an army convoy": a force's
        installations and equipment stand for the force when they are attacked."""
        for tok in doc.tokens:
            if tok.i in out.by_token or tok.lemma.lower() not in INSTALLATIONS:
                continue
            kind: str | None = None
            country: str | None = None
            first = tok.i
            for c in doc.children(tok.i):
                if c.dep not in ("amod", "compound") or c.i > tok.i:
                    continue
                sense = self.kb.agent(c.lower)
                if sense is not None and sense.type in ("military", "police"):
                    kind, first = sense.type, min(first, c.i)
                elif (
                    sense is not None
                    and sense.type == "government"
                    and tok.lemma.lower() in WEAPON_PLATFORMS
                ):
                    kind, first = "military", min(first, c.i)
                code = self._code(c.text) if c.ent_type in ("NORP", "GPE") else None
                if code:
                    country, first = code, min(first, c.i)
            if kind is None and country is None:
                continue
            entry = self.kb.state_actor(country or focus or "", kind or "military")
            if entry is not None:
                self._add_kb(out, entry, doc, first, tok.i + 1, tok.i, "agent")
            else:  # a force whose country the text does not give
                actor_id, name = GENERIC_FORCES[kind or "military"]
                actor = out.actors.setdefault(
                    actor_id,
                    Actor(id=actor_id, name=name, type=kind or "military", link=_agent()),  # type: ignore[arg-type]
                )
                self._add_mention(out, actor, doc, first, tok.i + 1, tok.i, "agent")

    def _link_military_means(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "Russian airstrikes", "Israeli shelling", "a US drone strike": a nationality on a
        means of attack that only state forces use names the force that used it. The mention
        is the nationality word, so the events stage reads it as the attack's source."""
        for tok in doc.tokens:
            lemma = tok.lemma.lower()
            if lemma not in STATE_MEANS and not (
                lemma in STRIKE_NOUNS
                and any(c.lower in AERIAL_WORDS for c in doc.children(tok.i) if c.dep == "compound")
            ):
                continue
            for c in doc.children(tok.i):
                if c.dep not in ("amod", "compound") or c.i > tok.i or c.i in out.by_token:
                    continue
                code = self._code(c.text) if c.ent_type in ("NORP", "GPE") else None
                entry = self.kb.state_actor(code, "military") if code else None
                if entry is not None:
                    self._add_kb(out, entry, doc, c.i, c.i + 1, c.i, "agent")

    def _link_unknown_acronyms(
        self, doc: AnnotatedDoc, out: LinkedActors, places: set[tuple[int, int]]
    ) -> None:
        """ "clashes between TPNPB and the army": an acronym in an actor's place is an actor,
        even when neither the model nor the knowledge base knows it."""
        for tok in doc.tokens:
            # The model often tags an unknown acronym as a place ("the ZLF" as LOC); it is one
            # only if the places stage resolved it.
            if tok.i in out.by_token or tok.ent_type in ("DATE", "CARDINAL"):
                continue
            if tok.ent_type in ("GPE", "LOC") and any(s <= tok.idx < e for s, e in places):
                continue
            if not (is_acronym(tok.text, token=True) and len(tok.text) >= 3 and tok.pos == "PROPN"):
                continue
            if tok.dep not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss"):
                continue
            if tok.dep == "pobj" and doc.tokens[tok.head].lower in PLACE_PREPOSITIONS:
                continue
            match = self.kb.best(tok.text)
            if match is not None and match.entry.type not in ("person",):
                self._add_kb(
                    out, match.entry, doc, tok.i, tok.i + 1, tok.i, "name", _matched(match)
                )
                continue
            actor = out.actors.setdefault(
                slugify(tok.text),
                Actor(id=slugify(tok.text), name=tok.text, type="other", link=_local(tok.text)),
            )
            self._add_mention(out, actor, doc, tok.i, tok.i + 1, tok.i, "name")

    def _conjunct_country(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> str | None:
        if tok.dep != "conj":
            return None
        first = doc.tokens[tok.head]
        for actor_id in out.by_token.get(first.i, []):
            actor = out.actors[actor_id]
            if actor.type in ("military", "police", "government", "state") and actor.country:
                return actor.country
        return None

    @staticmethod
    def _from_owners(doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> list[str] | None:
        """States and international bodies an agent noun comes from ("ministers from Britain,
        Canada and France", "diplomats from the G7"); None when it comes from places some of
        which are not such actors (then no one country is theirs)."""
        owners: list[str] = []
        for prep in doc.children(tok.i):
            if prep.dep != "prep" or prep.lower != "from":
                continue
            objects = [o for o in doc.children(prep.i) if o.dep == "pobj"]
            for obj in list(objects):
                objects.extend(c for c in doc.children(obj.i) if c.dep == "conj")
            found = [
                [a for a in out.by_token.get(obj.i, []) if out.actors[a].type in ("state", "igo")]
                for obj in objects
            ]
            if len(objects) > 1 and not all(found):
                return None
            for ids in found:
                owners.extend(a for a in ids if a not in owners)
        return owners

    def _owner_actors(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> list[str]:
        """Actors that modify an agent noun: "Taliban members", "ISIS fighters"."""
        owners: list[str] = []
        prev = doc.tokens[tok.i - 1] if tok.i else None
        if (
            prev is not None
            and prev.i not in out.by_token
            and is_acronym(prev.text, token=True)
            and (prev.pos in ("AUX", "VERB", "PROPN", "NOUN"))
        ):
            # "IS militants": the parser may read "IS" as a verb; the acronym still owns them.
            match = self.kb.best(prev.text)
            if match is not None and match.entry.type not in ("person", "state"):
                self._add_kb(
                    out, match.entry, doc, prev.i, prev.i + 1, prev.i, "name", _matched(match)
                )
                owners.append(match.entry.id)
        for child in doc.children(tok.i):
            if child.dep in ("compound", "poss", "amod", "nmod") and child.i in out.by_token:
                owners.extend(a for a in out.by_token[child.i] if a not in owners)
            elif child.dep in ("compound", "nmod", "amod") and is_acronym(child.text, token=True):
                # "IS militants", "QSD positions": an acronym the ruler leaves alone because it
                # is also a word, safe here as the modifier of an agent noun.
                match = self.kb.best(child.text)
                if match is not None and match.entry.type not in ("person", "state"):
                    self._add_kb(
                        out,
                        match.entry,
                        doc,
                        child.i,
                        child.i + 1,
                        child.i,
                        "name",
                        _matched(match),
                    )
                    owners.append(match.entry.id)
            # "fighters of the Islamic State"
            if child.dep == "prep" and child.lower == "of":
                for obj in doc.children(child.i):
                    if obj.dep == "pobj" and obj.i in out.by_token:
                        owners.extend(a for a in out.by_token[obj.i] if a not in owners)
        return owners

    def _named_group_phrase(self, doc: AnnotatedDoc, tok: Token) -> tuple[str, str] | None:
        """ "Fulani militia", "Baloch separatists": a non-country people noun names the group."""
        mods = [
            c
            for c in doc.children(tok.i)
            if c.dep in ("amod", "compound") and c.ent_type in ("NORP", "ORG")
        ]
        if not mods:
            return None
        if any(self._code(m.text) for m in mods):
            return None
        first = min(m.i for m in mods)
        name = " ".join(t.text for t in doc.tokens[first : tok.i + 1])
        return name, "armed_group"


def _agent() -> ActorLink:
    return ActorLink(how="agent")


def _local(name: str) -> ActorLink:
    return ActorLink(how="local", surface=name)


def _matched(match: MatchLike) -> ActorLink:
    return ActorLink(how=match.how, confidence=round(match.score, 4), surface=match.alias)


_STATE_AGENTS = frozenset({"military", "police", "government"})


def _head_decides(doc: AnnotatedDoc, tok: Token, kb: Any) -> bool:
    """A noun compounded on another that decides for it: "service" in "service members";
    "Deputy" in "Deputy Prime Minister" (the head is an agent noun itself)."""
    head = doc.tokens[tok.head]
    if head.pos == "NOUN":
        return True
    return (
        head.pos == "PROPN" and head.ent_type != "PERSON" and agent_sense(doc, head, kb) is not None
    )


def _title_of_person(doc: AnnotatedDoc, tok: Token) -> bool:
    """A title on a person's name ("Crown Prince" in "Crown Prince Mohammed bin Salman"): the
    nationality on the name ("Saudi") is the title's, before the story's focus country."""
    return tok.dep == "compound" and doc.tokens[tok.head].ent_type == "PERSON"
