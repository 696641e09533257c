"""The ``actors`` stage: find who is acting in a document and link them to the knowledge base.

Three kinds of mention become actors:

* named entities (ORG, PERSON, GPE/NORP used as actors) linked to a knowledge-base entry, or kept
  as new actors of the document when the base does not know them;
* generic agents ("Afghan soldiers", "German authorities", "gunmen", "civilians"), resolved to
  the state force of the country the text names, or left unidentified — never guessed;
* group nouns and possessives ("the group", "its fighters") resolved to the closest preceding
  compatible actor.

Persons keep the role and affiliation that the text gives them ("Taliban spokesman X",
"X, the chairman of Y").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sitroom.annotation import AnnotatedDoc, EntitySpan, Token
from sitroom.models import Actor, Span

# --- what the linker needs from the knowledge base (see sitroom.kb) ---------------------------


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


class MatchLike(Protocol):
    @property
    def entry(self) -> KBEntryLike: ...
    @property
    def score(self) -> float: ...


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


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]{1,7}$")
UNIDENTIFIED = "unidentified-armed-group"
CIVILIANS = "civilians"
# State agents whose country the text does not give ("police said"): kept, but not guessed.
_GENERIC_FORCES = {
    "military": ("military-forces", "Military forces (country not given)"),
    "police": ("police-forces", "Police forces (country not given)"),
    "government": ("government-authorities", "Government authorities (country not given)"),
}

# Role nouns that tie a person to an organization, and the relation each implies.
ROLE_NOUNS: dict[str, str] = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "leader": "leader",
    "chief": "leader",
    "head": "leader",
    "chairman": "leader",
    "chairwoman": "leader",
    "chair": "leader",
    "president": "leader",
    "emir": "leader",
    "amir": "leader",
    "founder": "leader",
    "commander": "leader",
    "ruler": "leader",
    "premier": "leader",
    "minister": "member",
    "deputy": "member",
    "official": "member",
    "member": "member",
    "militant": "member",
    "fighter": "member",
    "envoy": "member",
    "ambassador": "member",
    "representative": "member",
    "negotiator": "member",
    "governor": "leader",
    "general": "member",
    "secretary": "member",
    "director": "leader",
    "counterpart": "counterpart",
}

# Definite group nouns that refer back to an organization named earlier.
GROUP_ANAPHORS = {
    "group",
    "organization",
    "organisation",
    "outfit",
    "movement",
    "militants",
    "insurgents",
    "jihadists",
    "militia",
    "faction",
    "rebels",
}
_ORG_TYPES = {"armed_group", "party", "igo", "ngo", "other"}
# Installations and equipment of a force ("military positions", "a Turkish helicopter").
_INSTALLATIONS = {
    "position",
    "post",
    "base",
    "checkpoint",
    "convoy",
    "vehicle",
    "patrol",
    "camp",
    "outpost",
    "barrack",
    "barracks",
    "station",
    "headquarters",
    "helicopter",
    "tank",
    "jet",
    "aircraft",
    "warship",
    "warplane",
    "gunboat",
    "drone",
    "garrison",
    "unit",
    "column",
    "installation",
    "facility",
}
# A government's or regime's weapons platforms are its military's ("regime helicopters").
_WEAPON_PLATFORMS = {
    "helicopter",
    "tank",
    "jet",
    "aircraft",
    "warship",
    "warplane",
    "gunboat",
    "drone",
}
# Means of attack that only state forces use: a nationality on them names the force.
_STATE_MEANS = {"airstrike", "air-strike", "shelling", "bombardment", "artillery", "warplane"}
_STRIKE_NOUNS = {"strike", "raid"}
_AERIAL = {"air", "drone", "aerial", "missile"}
_ARMED_ANAPHORS = {"militant", "insurgent", "jihadist", "militia", "rebel", "fighter"}
_UNSPECIFIC = {"other", "some", "any", "foreign", "international", "many", "several", "outside"}

# Word cues for the type of an organization the knowledge base does not know.
_TYPE_CUES: list[tuple[str, str]] = [
    (r"\b(police|gendarmerie|constabulary)\b", "police"),
    (r"\b(army|armed forces|military|navy|air force|troops|marines|corps)\b", "military"),
    (r"\b(ministry|government|council of ministers|cabinet|parliament|senate)\b", "government"),
    (r"\b(party|congress)\b", "party"),
    (
        r"\b(front|brigades?|battalions?|militias?|movement|army|liberation|jihad|mujahideen|"
        r"rebels?|insurgents?|group|cartel|gang|commandos?|martyrs|ansar|jaish|lashkar|harakat|"
        r"tehrik|jamaat|jama'at|hizb|katibat|wilayat|faction|division|legion)\b",
        "armed_group",
    ),
    (r"\b(news|times|post|magazine|agency|radio|tv|television|press|journal|herald)\b", "media"),
    (r"\b(united nations|union|organization|organisation|alliance|commission)\b", "igo"),
    (r"\b(foundation|red cross|red crescent|doctors|human rights|watch|amnesty)\b", "ngo"),
]


def slugify(name: str) -> str:
    """A stable id for an actor the knowledge base does not know."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "actor"


def guess_type(name: str) -> str:
    lowered = name.lower()
    for pattern, kind in _TYPE_CUES:
        if re.search(pattern, lowered):
            return kind
    return "other"


def clean_name(text: str) -> str:
    """Entity text without a leading article or a trailing possessive."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    text = re.sub(r"(['’]s|['’])$", "", text)
    return text.strip(' \t\n,.;:"“”')


@dataclass(slots=True)
class ActorMention:
    actor_id: str
    token_start: int
    token_end: int
    head: int
    kind: str  # "name", "agent", "coref"


@dataclass
class LinkedActors:
    """The actors of one document and where each is mentioned."""

    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[ActorMention] = field(default_factory=list)
    by_token: dict[int, list[str]] = field(default_factory=dict)
    roles: list[tuple[str, str, str, int]] = field(default_factory=list)
    # (person id, relation type, organization id, sentence index)

    def at(self, token_i: int) -> list[str]:
        return self.by_token.get(token_i, [])

    def ordered(self) -> list[Actor]:
        first: dict[str, int] = {}
        for m in self.mentions:
            first.setdefault(m.actor_id, m.token_start)
        return sorted(self.actors.values(), key=lambda a: first.get(a.id, 1 << 30))


class ActorLinker:
    """Links the actor mentions of an annotated document (see the module docstring)."""

    def __init__(self, kb: KnowledgeBase, country_code: object | None = None) -> None:
        self.kb = kb
        if country_code is None:
            from sitroom.countries import country_code as default_country_code

            country_code = default_country_code
        self.country_code = country_code  # callable: word -> ISO3 or None

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

    def _code(self, word: str) -> str | None:
        fn = self.country_code
        return fn(word) if callable(fn) else None

    def _link_entity(self, doc: AnnotatedDoc, ent: EntitySpan, out: LinkedActors) -> None:
        label = ent.label
        head = _span_head(doc, ent.token_start, ent.token_end)
        if label in ("GPE", "NORP"):
            iso3 = self._code(clean_name(ent.text))
            if iso3 is None:
                return
            if label == "NORP" and not _modifies_agent_or_org(doc, head, self.kb):
                return  # "Afghan culture": an adjective, not an actor
            if label == "GPE" and not _acts(doc, head, self.kb):
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
        if label == "PERSON" and len(name.split()) < 2 and not _is_acting(doc, head):
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

    # -- generic agents -----------------------------------------------------------------------

    def _link_agents(self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None) -> None:
        for tok in doc.tokens:
            if tok.pos not in ("NOUN", "PROPN") or tok.i in out.by_token:
                continue
            if tok.dep == "compound" and doc.tokens[tok.head].pos == "NOUN":
                continue  # "service" in "service members": the head noun decides
            sense = agent_sense(doc, tok, self.kb)
            if sense is None:
                continue
            if _is_definite_anaphor(doc, tok):
                continue  # "the militants": the coreference step decides
            owners = self._owner_actors(doc, tok, out)
            start = min([tok.i, *[c.i for c in doc.subtree(tok.i) if c.i < tok.i]])
            if sense.type in ("military", "police", "government"):
                # "the forces of Azerbaijan", "Iraqi troops": a state's agents are its force
                owners = [self._state_force(out, o, sense.type) for o in owners]
            if owners:
                for actor_id in owners:
                    self._add_mention(
                        out, out.actors[actor_id], doc, start, tok.i + 1, tok.i, "agent"
                    )
                continue
            if sense.type in ("military", "police", "government"):
                # "Nigerian soldiers and police": a conjunct shares the country of the first.
                # "other forces", "foreign troops" are explicitly not the country in focus.
                unspecific = any(
                    c.lower in _UNSPECIFIC for c in doc.children(tok.i) if c.dep in ("det", "amod")
                )
                country = self._conjunct_country(doc, tok, out) or (None if unspecific else focus)
                entry = self.kb.state_actor(country, sense.type) if country else None
                if entry is not None:
                    self._add_kb(out, entry, doc, start, tok.i + 1, tok.i, "agent")
                else:
                    generic = _GENERIC_FORCES[sense.type]
                    actor = out.actors.setdefault(
                        generic[0],
                        Actor(id=generic[0], name=generic[1], type=sense.type),  # type: ignore[arg-type]
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
            elif sense.type == "armed_group":
                group = self._named_group_phrase(doc, tok)
                if group is not None:
                    name, kind = group
                    actor_id = slugify(name)
                    actor = out.actors.setdefault(
                        actor_id,
                        Actor(id=actor_id, name=name, type=kind, kb=False),  # type: ignore[arg-type]
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
                else:
                    actor = out.actors.setdefault(
                        UNIDENTIFIED,
                        Actor(id=UNIDENTIFIED, name="Unidentified armed group", type="armed_group"),
                    )
                    self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")
            elif sense.type == "civilians":
                actor = out.actors.setdefault(
                    CIVILIANS, Actor(id=CIVILIANS, name="Civilians", type="civilians")
                )
                self._add_mention(out, actor, doc, start, tok.i + 1, tok.i, "agent")

    def _state_force(self, out: LinkedActors, actor_id: str, kind: str) -> str:
        actor = out.actors.get(actor_id)
        if actor is None or actor.type != "state" or not actor.country:
            return actor_id
        entry = self.kb.state_actor(actor.country, kind)
        if entry is None:
            return actor_id
        if entry.id not in out.actors:
            self._add_entry(out, entry)
        return entry.id

    def _add_entry(self, out: LinkedActors, entry: KBEntryLike) -> None:
        out.actors[entry.id] = Actor(
            id=entry.id,
            name=entry.name,
            type=entry.type,  # type: ignore[arg-type]
            country=entry.country,
            parent=entry.parent,
            kb=True,
            aliases=list(entry.aliases[:12]),
        )

    def _link_installations(self, doc: AnnotatedDoc, out: LinkedActors, focus: str | None) -> None:
        """ "military positions", "a Turkish helicopter", "an army convoy": a force's
        installations and equipment stand for the force when they are attacked."""
        for tok in doc.tokens:
            if tok.i in out.by_token or tok.lemma.lower() not in _INSTALLATIONS:
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
                    and tok.lemma.lower() in _WEAPON_PLATFORMS
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
                actor_id, name = _GENERIC_FORCES[kind or "military"]
                actor = out.actors.setdefault(
                    actor_id,
                    Actor(id=actor_id, name=name, type=kind or "military"),  # type: ignore[arg-type]
                )
                self._add_mention(out, actor, doc, first, tok.i + 1, tok.i, "agent")

    def _link_military_means(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "Russian airstrikes", "Israeli shelling", "a US drone strike": a nationality on a
        means of attack that only state forces use names the force that used it. The mention
        is the nationality word, so the events stage reads it as the attack's source."""
        for tok in doc.tokens:
            lemma = tok.lemma.lower()
            if lemma not in _STATE_MEANS and not (
                lemma in _STRIKE_NOUNS
                and any(c.lower in _AERIAL for c in doc.children(tok.i) if c.dep == "compound")
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
            if not (_ACRONYM.match(tok.text) and len(tok.text) >= 3 and tok.pos == "PROPN"):
                continue
            if tok.dep not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss"):
                continue
            if tok.dep == "pobj" and doc.tokens[tok.head].lower in _PLACE_PREPS:
                continue
            match = self.kb.best(tok.text)
            if match is not None and match.entry.type not in ("person",):
                self._add_kb(out, match.entry, doc, tok.i, tok.i + 1, tok.i, "name")
                continue
            actor = out.actors.setdefault(
                slugify(tok.text), Actor(id=slugify(tok.text), name=tok.text, type="other")
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

    def _owner_actors(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> list[str]:
        """Actors that modify an agent noun: "Taliban members", "ISIS fighters"."""
        owners: list[str] = []
        prev = doc.tokens[tok.i - 1] if tok.i else None
        if (
            prev is not None
            and prev.i not in out.by_token
            and _ACRONYM.match(prev.text)
            and (prev.pos in ("AUX", "VERB", "PROPN", "NOUN"))
        ):
            # "IS militants": the parser may read "IS" as a verb; the acronym still owns them.
            match = self.kb.best(prev.text)
            if match is not None and match.entry.type not in ("person", "state"):
                self._add_kb(out, match.entry, doc, prev.i, prev.i + 1, prev.i, "name")
                owners.append(match.entry.id)
        for child in doc.children(tok.i):
            if child.dep in ("compound", "poss", "amod", "nmod") and child.i in out.by_token:
                owners.extend(a for a in out.by_token[child.i] if a not in owners)
            elif child.dep in ("compound", "nmod", "amod") and _ACRONYM.match(child.text):
                # "IS militants", "QSD positions": an acronym the ruler leaves alone because it
                # is also a word, safe here as the modifier of an agent noun.
                match = self.kb.best(child.text)
                if match is not None and match.entry.type not in ("person", "state"):
                    self._add_kb(out, match.entry, doc, child.i, child.i + 1, child.i, "name")
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

    # -- coreference --------------------------------------------------------------------------

    def _link_anaphora(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        for tok in doc.tokens:
            if tok.i in out.by_token:
                continue
            if tok.lower in ("latter", "former") and tok.i and doc.tokens[tok.i - 1].lower == "the":
                pair = self._last_two(doc, tok, out)
                if pair is not None:
                    chosen = pair[1] if tok.lower == "latter" else pair[0]
                    self._add_mention(
                        out, out.actors[chosen], doc, tok.i - 1, tok.i + 1, tok.i, "coref"
                    )
                continue
            if _is_definite_anaphor(doc, tok) or (tok.lower in ("its",) and tok.dep == "poss"):
                antecedent = self._antecedent(doc, tok, out)
                if antecedent is not None:
                    start = tok.i - 1 if tok.i and doc.tokens[tok.i - 1].lower == "the" else tok.i
                    self._add_mention(
                        out, out.actors[antecedent], doc, start, tok.i + 1, tok.i, "coref"
                    )
                elif tok.lower != "its":
                    sense = self.kb.agent(tok.lemma.lower())
                    if sense is not None and sense.type == "armed_group":
                        actor = out.actors.setdefault(
                            UNIDENTIFIED,
                            Actor(
                                id=UNIDENTIFIED, name="Unidentified armed group", type="armed_group"
                            ),
                        )
                        self._add_mention(out, actor, doc, tok.i, tok.i + 1, tok.i, "agent")

    def _last_two(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> tuple[str, str] | None:
        """ "the former ... the latter": the last two distinct actors named before, in order."""
        first_sentence = doc.sentences[max(0, tok.sent - 2)].token_start
        seen: list[str] = []
        for m in sorted(out.mentions, key=lambda m: m.head, reverse=True):
            if not first_sentence <= m.head < tok.i or m.actor_id in seen:
                continue
            if out.actors[m.actor_id].type in ("person", "civilians"):
                continue
            seen.append(m.actor_id)
            if len(seen) == 2:
                return seen[1], seen[0]
        return None

    def _antecedent(self, doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> str | None:
        """The closest preceding organization mention, within the last three sentences."""
        first_sentence = doc.sentences[max(0, tok.sent - 3)].token_start
        # "the militants" can only be an armed group; "the group" any organization but a state.
        allowed = {"armed_group"} if tok.lemma.lower() in _ARMED_ANAPHORS else _ORG_TYPES
        candidates = [
            m
            for m in out.mentions
            if first_sentence <= m.head < tok.i
            and out.actors[m.actor_id].type in allowed
            and m.actor_id not in (UNIDENTIFIED, CIVILIANS)
            and not _in_same_phrase(doc, m.head, tok.i)
        ]
        if not candidates:
            return None
        closest = max(candidates, key=lambda m: m.head)
        # Salience: the main-clause subject of the sentence holding the closest candidate
        # ("Al-Shabaab, the affiliate of Al Qaeda, has fought ... Its rivalry ...": Al-Shabaab).
        sentence = doc.sentence_of(closest.head)
        subjects = [
            m
            for m in candidates
            if doc.tokens[m.head].sent == sentence.i and _main_subject(doc, m.head)
        ]
        if subjects and sentence.i < tok.sent:
            return subjects[0].actor_id
        return closest.actor_id

    # -- persons: roles and affiliations ------------------------------------------------------

    def _link_person_roles(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        persons = [
            m for m in out.mentions if out.actors[m.actor_id].type == "person" and m.kind == "name"
        ]
        for m in persons:
            person = out.actors[m.actor_id]
            found = self._role_of(doc, m, out)
            if found is None:
                continue
            role_word, relation, org = found
            if relation == "counterpart":
                relation, role_word = self._counterpart_role(doc, m, out) or ("member", role_word)
            if person.role is None:
                person.role = role_word
            if org is not None and person.affiliation is None:
                person.affiliation = org
            if org is not None:
                out.roles.append((person.id, relation, org, doc.tokens[m.head].sent))

    def _role_of(
        self, doc: AnnotatedDoc, m: ActorMention, out: LinkedActors
    ) -> tuple[str, str, str | None] | None:
        head = doc.tokens[m.head]
        role_tokens: list[Token] = []
        # "Taliban spokesman Zabihullah Muhajid": the role noun modifies the name.
        role_tokens += [
            c
            for c in doc.children(head.i)
            if c.dep in ("compound", "appos", "amod", "nmod")
            and c.lemma.lower() in ROLE_NOUNS
            and c.i < m.token_start
        ]
        # "the leader, Akhtar Mohammad Mansour": the name is in apposition to the role noun.
        gov = doc.tokens[head.head]
        if head.dep == "appos" and gov.lemma.lower() in ROLE_NOUNS:
            role_tokens.append(gov)
        # "Mark Milley, the chairman of the Joint Chiefs": the role is in apposition to the name.
        role_tokens += [
            c for c in doc.children(head.i) if c.dep == "appos" and c.lemma.lower() in ROLE_NOUNS
        ]
        if not role_tokens:
            role_tokens = _role_before_comma(doc, m.token_start)
        for role in role_tokens:
            org = self._role_org(doc, role, out, exclude=m.actor_id)
            return role.lemma.lower(), ROLE_NOUNS[role.lemma.lower()], org
        return None

    def _role_org(
        self, doc: AnnotatedDoc, role: Token, out: LinkedActors, exclude: str
    ) -> str | None:
        for c in doc.subtree(role.i):
            if c.i == role.i or c.dep == "appos":
                continue
            for actor_id in out.by_token.get(c.i, []):
                if actor_id != exclude and out.actors[actor_id].type != "person":
                    return actor_id
        return None

    def _counterpart_role(
        self, doc: AnnotatedDoc, m: ActorMention, out: LinkedActors
    ) -> tuple[str, str] | None:
        """ "his counterpart": the role of the person the possessive pronoun points to."""
        earlier = [r for r in out.roles if r[3] <= doc.tokens[m.head].sent]
        if not earlier:
            return None
        person_id, relation, _org, _sent = earlier[-1]
        role = out.actors[person_id].role or relation
        return relation, role

    # -- helpers ------------------------------------------------------------------------------

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
    ) -> None:
        if entry.id not in out.actors:
            self._add_entry(out, entry)
        actor = out.actors[entry.id]
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


# --- syntactic tests -------------------------------------------------------------------------

_ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "poss", "agent", "appos", "attr", "dative"}
_ACTOR_PREPS = {
    "with",
    "against",
    "between",
    "by",
    "for",
    "to",
    "among",
    "from",
    "of",
    "on",
    "including",
    "like",
    "except",
    "alongside",
}
_PLACE_PREPS = {
    "in",
    "at",
    "near",
    "across",
    "into",
    "throughout",
    "within",
    "inside",
    "outside",
    "around",
    "towards",
    "toward",
    "over",
    "through",
}


def agent_sense(doc: AnnotatedDoc, noun: Token, kb: KnowledgeBase) -> AgentLike | None:
    """The agent sense of a noun, trying its modifiers first: "service members", "aid workers",
    "armed men" (armed men are an armed group, men alone civilians)."""
    mods = [c for c in doc.children(noun.i) if c.dep in ("compound", "amod") and c.i < noun.i]
    for mod in mods:  # longest phrase first; names ("US" service members) are not part of it
        if mod.ent_type or (mod.pos == "PROPN" and not _starts_sentence(doc, mod.i)):
            continue  # a capital at the start of a sentence is no name ("Prison guards")
        phrase = " ".join(t.text.lower() for t in doc.tokens[mod.i : noun.i + 1])
        sense = kb.agent(phrase)
        if sense is not None:
            return sense
    return kb.agent(noun.lemma.lower()) or kb.agent(noun.text.lower())


def _starts_sentence(doc: AnnotatedDoc, i: int) -> bool:
    return doc.sentence_of(i).token_start == i


def _role_before_comma(doc: AnnotatedDoc, start: int) -> list[Token]:
    """ "the Taliban's leader at the time, X,": an apposition the parser attached elsewhere.

    Looks back from the comma before a name, within its sentence and at most eight tokens,
    for a role noun with no verb or other comma in between.
    """
    if start == 0 or doc.tokens[start - 1].text != ",":
        return []
    sent_start = doc.sentence_of(start).token_start
    for tok in reversed(doc.tokens[max(sent_start, start - 9) : start - 1]):
        if tok.pos in ("VERB", "AUX") or tok.text in (",", ";", ":"):
            return []
        if tok.lemma.lower() in ROLE_NOUNS and tok.pos == "NOUN":
            return [tok]
    return []


def _main_subject(doc: AnnotatedDoc, i: int) -> bool:
    """Is token ``i`` (or the phrase it heads) the subject of its sentence's main verb?"""
    tok = doc.tokens[i]
    steps = 0
    while tok.dep in ("compound", "conj", "appos", "amod") and steps < 4:
        tok = doc.tokens[tok.head]
        steps += 1
    return tok.dep in ("nsubj", "nsubjpass") and doc.tokens[tok.head].dep == "ROOT"


def _span_head(doc: AnnotatedDoc, start: int, end: int) -> int:
    for i in range(start, end):
        h = doc.tokens[i].head
        if h < start or h >= end or h == i:
            return i
    return end - 1


def _acts(doc: AnnotatedDoc, head: int, kb: KnowledgeBase) -> bool:
    """Is a country name used as an actor rather than as a place?"""
    tok = doc.tokens[head]
    seen = 0
    # "Russia, Iran, and China": follow the first conjunct; "in Gwoza, Borno, Nigeria": the
    # country in apposition to a place is a place too.
    while tok.dep in ("conj", "appos") and seen < 5:
        tok = doc.tokens[tok.head]
        seen += 1
    if tok.ent_type in ("GPE", "LOC", "FAC") and tok.i != head and tok.dep == "pobj":
        prep = doc.tokens[tok.head]
        if prep.lower in _PLACE_PREPS:
            return False
    if tok.dep in _ACTOR_DEPS:
        return True
    if tok.dep in ("compound", "amod", "nmod"):
        return _modifies_agent_or_org(doc, tok.i, kb)
    if tok.dep == "pobj":
        prep = doc.tokens[tok.head]
        if prep.lower in _PLACE_PREPS:
            return False
        return prep.lower in _ACTOR_PREPS and prep.lower != "from"
    return False


def _modifies_agent_or_org(doc: AnnotatedDoc, head: int, kb: KnowledgeBase) -> bool:
    tok = doc.tokens[head]
    noun = doc.tokens[tok.head]
    steps = 0
    while noun.dep in ("conj", "amod", "compound") and noun.pos in ("ADJ", "PROPN") and steps < 4:
        noun = doc.tokens[noun.head]
        steps += 1
    if noun.i == tok.i:
        return False
    if agent_sense(doc, noun, kb) is not None:
        return True
    return noun.lemma.lower() in {"force", "authority", "official", "leader", "ally", "base"} or (
        noun.ent_type == "ORG"
    )


def _is_acting(doc: AnnotatedDoc, head: int) -> bool:
    return doc.tokens[head].dep in _ACTOR_DEPS


def _is_definite_anaphor(doc: AnnotatedDoc, tok: Token) -> bool:
    if tok.lower not in GROUP_ANAPHORS or tok.ent_type:
        return False
    dets = [c for c in doc.children(tok.i) if c.dep == "det"]
    if not dets or dets[0].lower != "the":
        return False
    # "the group's leader" is still the group; but "the militant group X" names X itself.
    return not any(c.dep in ("compound", "appos") and c.ent_type for c in doc.children(tok.i))


def _in_same_phrase(doc: AnnotatedDoc, a: int, b: int) -> bool:
    return doc.tokens[a].head == b or doc.tokens[b].head == a
