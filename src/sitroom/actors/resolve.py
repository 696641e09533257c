"""Resolving a name to an actor with the whole document in view.

- A surname ("Rubio") is the person the document names in full ("Marco Rubio"), when exactly
  one full name of the document ends with it: the document's own people beat the knowledge base.
- A lone surname the document never gives in full ("Putin said ...") is the knowledge base's
  one person of that surname among the document's countries, when the surname is rare enough in
  the base (at most ``MAX_SURNAME_NAMESAKES`` persons anywhere); otherwise no link.
- A surface form several entries share is resolved by the document: a news agency's name
  ("AFP", "AP") is the agency, not an armed force with the same acronym, unless the text is
  about that force's country and the mention is not a reporting credit.
- A fuzzy match is kept only when every word of the name matches a word of the matched alias
  (a different word such as "Beru" for "Cerus", or one name written as another's two words,
  is another actor); otherwise the linker abstains and keeps the name as the document's actor.
- Every actor records how it was identified (:class:`sitroom.models.ActorLink`).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from sitroom.actors.base import LinkerBase, record_link
from sitroom.actors.model import KBEntryLike, LinkedActors, MatchLike
from sitroom.actors.words import REPORTING_VERBS
from sitroom.annotation import AnnotatedDoc, EntitySpan
from sitroom.models import ActorLink
from sitroom.ontology import ontology
from sitroom.text import is_acronym

# The lowest score ActorKB.best accepts, and the word-by-word similarity a fuzzy link needs.
MIN_SCORE = 0.88
MIN_WORD_RATIO = 80.0
# A lone surname links to a knowledge-base person only when at most this many persons of the
# whole base bear it ("Putin": one; "Khan", "Ali", "Johnson": dozens, never linked alone).
MAX_SURNAME_NAMESAKES = 3
_STATE_FORCES = ontology().state_actor_types


def surname_key(name: str) -> str:
    """The last word of a name, lowercased, without a possessive: "Al-Sharaa's" -> al-sharaa."""
    words = name.replace("’", "'").split()
    last = words[-1] if words else ""
    if last.endswith("'s"):
        last = last[:-2]
    return last.strip("'").lower()


def document_surnames(doc: AnnotatedDoc) -> dict[str, set[str]]:
    """Surname -> the full names (two words or more) of the document's PERSON entities."""
    from sitroom.actors.naming import clean_name

    out: dict[str, set[str]] = {}
    for ent in doc.entities:
        if ent.label != "PERSON":
            continue
        name = clean_name(ent.text)
        if len(name.split()) >= 2 and not name.isupper():
            out.setdefault(surname_key(name), set()).add(name)
    return out


def fuzzy_words_agree(name: str, alias: str, *, person: bool) -> bool:
    """Does every word of ``name`` match a word of ``alias`` (initials aside)?

    For persons the two must also have the same number of words: "Daniel K. Inouye" is
    "Daniel Inouye", but "Martin Kelly" is not "Martin Kelly Jones"."""
    from sitroom.kb import normalize_name

    words = [w for w in normalize_name(name).split() if len(w) > 1]
    others = [w for w in normalize_name(alias).split() if len(w) > 1]
    if not words or not others:
        return False
    if person and len(words) != len(others):
        return False
    return all(max(fuzz.ratio(w, o) for o in others) >= MIN_WORD_RATIO for w in words)


def initials(name: str) -> str:
    """The initials of a name's content words: "Department of Homeland Security" -> DHS."""
    from sitroom.kb.names import stop_words

    words = [w for w in re.split(r"[\s\-–]+", name) if w[:1].isalpha()]
    return "".join(w[0] for w in words if w.lower() not in stop_words()).upper()


def merge_actor(out: LinkedActors, source: str, into: str) -> None:
    """Make every mention of actor ``source`` one of actor ``into`` (the same organisation)."""
    gone, kept = out.actors.pop(source), out.actors[into]
    for m in out.mentions:
        if m.actor_id == source:
            m.actor_id = into
    for i, ids in out.by_token.items():
        if source in ids:
            out.by_token[i] = list(dict.fromkeys(into if a == source else a for a in ids))
    known = {(x.start, x.end) for x in kept.mentions}
    kept.mentions += [x for x in gone.mentions if (x.start, x.end) not in known]
    if gone.name not in kept.aliases and gone.name != kept.name:
        kept.aliases.append(gone.name)
    for actor in out.actors.values():
        if actor.affiliation == source:
            actor.affiliation = into
    out.roles = [(p, r, into if o == source else o, n) for p, r, o, n in out.roles]


class ResolveMixin(LinkerBase):
    def _merge_document_acronyms(self, out: LinkedActors) -> None:
        """ "DHS" and "the Department of Homeland Security" in one story: an acronym the
        knowledge base does not know is the document's one organisation whose initials it
        spells."""
        spelled: dict[str, set[str]] = {}
        for actor in out.actors.values():
            if actor.type in ("person", "civilians"):
                continue
            for name in (actor.name, *actor.aliases, *(m.text for m in actor.mentions)):
                name = re.sub(r"^(the|The)\s+", "", name)
                if len(name.split()) >= 2:
                    spelled.setdefault(initials(name), set()).add(actor.id)
        for actor in list(out.actors.values()):
            local = actor.link is not None and actor.link.how == "local"
            if actor.kb or not local or not is_acronym(actor.name):
                continue
            letters = re.sub(r"[^A-Za-z]", "", actor.name).upper()
            full = spelled.get(letters, set()) - {actor.id}
            if len(letters) >= 2 and len(full) == 1:
                merge_actor(out, actor.id, next(iter(full)))

    def _surname_person(self, out: LinkedActors, name: str, label: str) -> str | None:
        """The full name of the document's one person whose surname ``name`` is."""
        if label not in ("PERSON", "ORG") or len(name.split()) != 1:
            return None
        full = out.surnames.get(surname_key(name), set())
        return next(iter(full)) if len(full) == 1 else None

    def _kb_surname_entry(self, name: str, countries: set[str]) -> KBEntryLike | None:
        """ "Putin" with no full name in the document: the knowledge base's one person of that
        surname whose country is one of the document's (named, or its focus), or None. Only a
        capitalised single word that is not a first name of the person ("Vladimir")."""
        word = name.strip()
        if len(word.split()) != 1 or len(word) < 3 or not word[:1].isupper() or word.isupper():
            return None
        found = self.kb.persons_with_surname(word)
        if not found or len(found) > MAX_SURNAME_NAMESAKES:
            return None
        mine = [e for e in found if e.country and e.country in countries]
        return mine[0] if len(mine) == 1 else None

    def _link_untagged_surnames(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "Modi is expected to ...", the surname alone where the parser tagged no entity: the
        document's one person with that surname, once that person is among its actors. Only a
        capitalised word (a proper noun, or a noun the tagger misread) outside any entity, heading
        its own phrase (not "the Modi government")."""
        by_name: dict[str, str] = {}
        for actor in out.actors.values():
            if actor.type == "person":
                for name in (actor.name, *actor.aliases):
                    by_name.setdefault(name, actor.id)
        for tok in doc.tokens:
            if tok.pos not in ("PROPN", "NOUN") or tok.ent_type or tok.i in out.by_token:
                continue
            if not tok.text[:1].isupper() or tok.text.isupper() or tok.dep == "compound":
                continue
            if any(c.dep == "compound" for c in doc.children(tok.i)):
                continue
            full = out.surnames.get(surname_key(tok.text), set())
            if len(full) != 1:
                continue
            actor_id = by_name.get(next(iter(full)))
            if actor_id is None:
                continue
            actor = out.actors[actor_id]
            record_link(actor, ActorLink(how="surname", surface=tok.text))
            self._add_mention(out, actor, doc, tok.i, tok.i + 1, tok.i, "name")

    def _choose_entry(
        self,
        doc: AnnotatedDoc,
        ent: EntitySpan,
        name: str,
        label: str,
        focus: str | None,
        *,
        ruler: bool = True,
    ) -> tuple[KBEntryLike, ActorLink] | None:
        """The knowledge-base entry a named entity stands for, or None (abstain). ``ruler``:
        trust the entity ruler's id (False when ``name`` is not the entity's own text)."""
        chosen: KBEntryLike | None = self.kb.get(ent.kb_id) if ent.kb_id and ruler else None
        link = ActorLink(how="ruler", confidence=1.0, surface=name)
        if chosen is None:
            match = self.kb.best(name)
            if match is None and "." in name and not name.endswith("."):
                # a dotted acronym whose last full stop went with the name ("U.N. envoy" read
                # as "U.N"): the acronym with it ("U.N.")
                match = self.kb.best(name + ".")
            if match is None or not (label == "ORG" or match.entry.type == "person"):
                return None
            if match.how == "fuzzy" and not fuzzy_words_agree(
                name, match.alias, person=match.entry.type == "person"
            ):
                return None
            chosen = match.entry
            link = ActorLink(how=match.how, confidence=round(match.score, 4), surface=name)
        media = self._media_reading(doc, ent, name, chosen, focus)
        if media is not None:
            return media, ActorLink(how="acronym", confidence=link.confidence, surface=name)
        return chosen, link

    def _media_reading(
        self,
        doc: AnnotatedDoc,
        ent: EntitySpan,
        name: str,
        chosen: KBEntryLike,
        focus: str | None,
    ) -> KBEntryLike | None:
        """The news organisation a surface form also names ("AFP"), when the document reads it
        as one: always in a reporting credit, else unless the text is about the chosen force's
        own country. None when the chosen entry stands."""
        if chosen.type == "media" or chosen.type not in _STATE_FORCES:
            return None
        same: list[MatchLike] = [
            m
            for m in self.kb.lookup(name, fuzzy=False, limit=8)
            if m.score >= MIN_SCORE and m.entry.type == "media"
        ]
        if not same:
            return None
        if self._reporting_credit(doc, ent) or not (focus and chosen.country == focus):
            return same[0].entry
        return None

    @staticmethod
    def _reporting_credit(doc: AnnotatedDoc, ent: EntitySpan) -> bool:
        """ "(AFP)", "told AFP", "AFP reported", "according to Reuters", "the AP news agency"."""
        tokens = doc.tokens
        before = tokens[ent.token_start - 1] if ent.token_start > 0 else None
        after = tokens[ent.token_end] if ent.token_end < len(tokens) else None
        if before is not None and after is not None and before.text == "(" and after.text == ")":
            return True
        if after is not None and after.lower in ("news", "agency", "reporter", "correspondent"):
            return True
        head = tokens[ent.token_end - 1]
        governor = tokens[head.head]
        if governor.lemma.lower() in REPORTING_VERBS:
            return True
        return (
            before is not None
            and before.lower == "to"
            and ent.token_start > 1
            and tokens[ent.token_start - 2].lower == "according"
        )
