"""Coreference of group nouns and possessives ("the group", "its fighters", "the latter"),
and the roles and affiliations of persons ("Taliban spokesman X", "X, the chairman of Y")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sitroom.actors.base import LinkerBase, drop_mentions
from sitroom.actors.model import (
    CIVILIANS,
    UNIDENTIFIED,
    ActorMention,
    LinkedActors,
    RoleLike,
)
from sitroom.actors.syntax import (
    in_place_phrase,
    in_quotation,
    in_same_phrase,
    is_definite_anaphor,
    main_subject,
    role_before_comma,
)
from sitroom.actors.words import (
    ARMED_ANAPHORS,
    GROUP_PRONOUNS,
    OFFICE_NOUNS,
    OFFICE_OTHER_WORDS,
    ORG_TYPES,
    PERSON_OBJECT_PRONOUNS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.models import Actor, ActorLink, ActorRole


class CorefMixin(LinkerBase):
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
            if is_definite_anaphor(doc, tok) or (tok.lower in ("its",) and tok.dep == "poss"):
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
                                id=UNIDENTIFIED,
                                name="Unidentified armed group",
                                type="armed_group",
                                link=ActorLink(how="agent"),
                            ),
                        )
                        self._add_mention(out, actor, doc, tok.i, tok.i + 1, tok.i, "agent")

    def _link_pronouns(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "Rubio arrived in Jeddah. He met ...": a subject "he" or "she" is the person named
        last, within the sentence and the two before it; when that person's sentence is an
        earlier one, its main-clause subject, if a person, is preferred (the topic goes on).
        Inside quoted words the pronoun is the speaker's, not the writer's: only a person named
        before it in the quote's own sentence ("'President X said he will help,'") is taken."""
        for tok in doc.tokens:
            subject = tok.lower in PERSON_PRONOUNS and tok.dep in ("nsubj", "nsubjpass")
            obj = tok.lower in PERSON_OBJECT_PRONOUNS and tok.dep in _OBJECT_DEPS
            if not (subject or obj) or tok.i in out.by_token:
                continue
            person = self._person_antecedent(doc, tok, out, quoted=in_quotation(doc, tok.i))
            if person is not None:
                self._add_mention(out, out.actors[person], doc, tok.i, tok.i + 1, tok.i, "coref")

    def _link_group_pronouns(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "The agency said it was ready to help", "Police said they had arrested five": "it"
        or "they" as the subject of what an organisation, a state or a force says is that
        speaker (a person is "he" or "she")."""
        for tok in doc.tokens:
            if tok.lower not in GROUP_PRONOUNS or tok.dep not in ("nsubj", "nsubjpass"):
                continue
            if tok.i in out.by_token or in_quotation(doc, tok.i):
                continue
            speaker = self._speaker_of(doc, doc.tokens[tok.head], out)
            if speaker is not None:
                self._add_mention(out, out.actors[speaker], doc, tok.i, tok.i + 1, tok.i, "coref")

    def _speaker_of(self, doc: AnnotatedDoc, clause: Token, out: LinkedActors) -> str | None:
        """The one non-person actor that says ``clause`` (its reporting verb's subject)."""
        steps = 0
        while clause.dep == "conj" and clause.head != clause.i and steps < 3:
            clause = doc.tokens[clause.head]  # "said it had ... and that it would ..."
            steps += 1
        if clause.dep != "ccomp" or clause.head == clause.i:
            return None
        verb = doc.tokens[clause.head]
        if verb.pos not in ("VERB", "AUX") or verb.lemma.lower() not in SPEECH_VERBS:
            return None
        ids = {
            a
            for c in doc.children(verb.i)
            if c.dep == "nsubj"
            for a in out.at(c.i)
            if out.actors[a].type != "person"
        }
        return next(iter(ids)) if len(ids) == 1 else None

    def _person_antecedent(
        self, doc: AnnotatedDoc, tok: Token, out: LinkedActors, *, quoted: bool = False
    ) -> str | None:
        first = doc.sentences[tok.sent if quoted else max(0, tok.sent - 2)].token_start
        # "Smith praised him": an object pronoun is not the subject of its own verb, and it
        # takes the person named last, with no preference for subjects
        own = _clause_subjects(doc, tok, out) if tok.dep in _OBJECT_DEPS else None
        candidates = [
            m
            for m in out.mentions
            if first <= m.head < tok.i
            and out.actors[m.actor_id].type == "person"
            and m.actor_id not in (own or ())
            # a name where things happen is no one a pronoun points to ("in Tehsil Maidan"
            # tagged as a person; "the residence of X, killing him")
            and not in_place_phrase(doc, m.head)
        ]
        if not candidates:
            return None
        closest = max(candidates, key=lambda m: m.head)
        sentence = doc.sentence_of(closest.head)
        if sentence.i < tok.sent and own is None:
            subjects = [
                m
                for m in candidates
                if doc.tokens[m.head].sent == sentence.i and main_subject(doc, m.head)
            ]
            if subjects:
                return subjects[0].actor_id
        return closest.actor_id

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
        allowed = {"armed_group"} if tok.lemma.lower() in ARMED_ANAPHORS else ORG_TYPES
        candidates = [
            m
            for m in out.mentions
            if first_sentence <= m.head < tok.i
            and out.actors[m.actor_id].type in allowed
            and m.actor_id not in (UNIDENTIFIED, CIVILIANS)
            and not in_same_phrase(doc, m.head, tok.i)
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
            if doc.tokens[m.head].sent == sentence.i and main_subject(doc, m.head)
        ]
        if subjects and sentence.i < tok.sent:
            return subjects[0].actor_id
        return closest.actor_id

    def _link_office_anaphora(self, doc: AnnotatedDoc, out: LinkedActors) -> None:
        """ "Kenyan President William Ruto arrived in Kampala. The president accused ...": a
        definite office noun (``office_nouns``, with only title words before it: "the prime
        minister", not "the former president", "the president of Kenya" or "Kenya's
        president") is the one person named with that title earlier in its sentence or in the
        nearest of the two sentences before that names one; it replaces the generic agent
        read there (the government of a country the sentence names)."""
        for tok in doc.tokens:
            # one office holder, in lower case ("the ministers' council", "Deputy President
            # nominee X" are not one)
            if tok.tag != "NN" or not tok.text.islower() or tok.lemma.lower() not in OFFICE_NOUNS:
                continue
            kids = doc.children(tok.i)
            dets = [c for c in kids if c.dep == "det"]
            if (
                not dets
                or dets[0].lower != "the"
                or dets[0].i
                != tok.i - 1 - sum(1 for c in kids if c.dep in ("compound", "amod") and c.i < tok.i)
            ):
                continue
            mods = [c for c in kids if c.dep in ("compound", "amod") and c.i < tok.i]
            if any(c.dep in ("prep", "appos", "poss", "nummod") for c in kids) or any(
                c.lower in OFFICE_OTHER_WORDS
                or c.ent_type
                or not set(out.at(c.i)) <= set(out.at(tok.i))  # "the Kenyan president"
                for c in mods
            ):
                continue
            if any(out.actors[a].type == "person" for a in out.at(tok.i)):
                continue
            words = {tok.lemma.lower(), *(c.lemma.lower() for c in mods)}
            holder = self._office_holder(doc, tok, words, out)
            if holder is None:
                continue
            for actor_id in list(out.at(tok.i)):
                drop_mentions(out, doc, actor_id, range(tok.i, tok.i + 1))
            start = dets[0].i
            self._add_mention(out, out.actors[holder], doc, start, tok.i + 1, tok.i, "coref")

    def _office_holder(
        self, doc: AnnotatedDoc, tok: Token, words: set[str], out: LinkedActors
    ) -> str | None:
        for back in range(3):
            s = tok.sent - back
            if s < 0:
                return None
            sentence = doc.sentences[s]
            found = {
                m.actor_id
                for m in out.mentions
                if m.kind == "name"
                and sentence.token_start <= m.head < min(sentence.token_end, tok.i)
                and out.actors[m.actor_id].type == "person"
                and words <= _title_words(doc, m)
            }
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    # -- persons: roles and affiliations ------------------------------------------------------

    def _link_person_roles(
        self, doc: AnnotatedDoc, out: LinkedActors, published: dt.date | None = None
    ) -> None:
        """Roles as the text states them ("Taliban spokesman X"), each recorded with the
        article's date; for a knowledge-base person, the roles the KB dates to the article's
        day fill what the text leaves out (the organisation of "President X")."""
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
            stated = ActorRole(role=role_word, org=org, date=published, how="stated")
            if stated not in person.roles:
                person.roles.append(stated)
        if published is not None:
            self._dated_kb_roles(out, published)

    def _dated_kb_roles(self, out: LinkedActors, published: dt.date) -> None:
        for person in [a for a in out.actors.values() if a.type == "person" and a.kb]:
            entry = self.kb.get(person.id)
            if entry is None:
                continue
            for held in roles_at(entry.roles, published, self.kb.role_horizon()):
                record = ActorRole(role=held.role, org=held.org, date=published,
                                   how="knowledge_base")  # fmt: skip
                if record not in person.roles:
                    person.roles.append(record)
                if person.affiliation is None and held.org and self.kb.get(held.org) is not None:
                    org_entry = self.kb.get(held.org)
                    if org_entry is not None and org_entry.id not in out.actors:
                        self._add_entry(out, org_entry)
                    person.affiliation = held.org
                    person.role = person.role or held.role

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
            role_tokens = role_before_comma(doc, m.token_start)
        for role in role_tokens:
            org = self._role_org(doc, role, out, exclude=m.actor_id)
            return role.lemma.lower(), ROLE_NOUNS[role.lemma.lower()], org
        return None

    def _role_org(
        self, doc: AnnotatedDoc, role: Token, out: LinkedActors, exclude: str
    ) -> str | None:
        """The organisation in the role's own phrase: its modifiers ("Taliban spokesman",
        "U.S. President") and its "of"/"for" complement ("the chairman of the Joint Chiefs")."""
        for c in doc.subtree(role.i):
            if c.i == role.i or c.dep == "appos" or not _in_role_phrase(doc, role, c):
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


_OBJECT_DEPS = frozenset({"dobj", "obj", "pobj", "dative", "iobj"})


def _clause_subjects(doc: AnnotatedDoc, tok: Token, out: LinkedActors) -> set[str]:
    """The actors named in the subject of an object pronoun's own verb."""
    verb = doc.tokens[tok.head]
    if tok.dep == "pobj" and verb.head != verb.i:
        verb = doc.tokens[verb.head]  # "imposed sanctions on him": the verb of the preposition
    steps = 0
    while verb.pos not in ("VERB", "AUX") and verb.head != verb.i and steps < 4:
        verb = doc.tokens[verb.head]
        steps += 1
    words = {
        t.lower
        for c in doc.children(verb.i)
        if c.dep in ("nsubj", "nsubjpass")
        for t in doc.subtree(c.i)
    }
    # the subject's actors, and the persons its words name by surname (a surname the parser
    # did not tag: "Haidar praised him")
    return {
        a.id
        for a in out.actors.values()
        if a.type == "person" and a.name.split() and a.name.split()[-1].lower() in words
    } | {
        actor_id
        for c in doc.children(verb.i)
        if c.dep in ("nsubj", "nsubjpass")
        for t in doc.subtree(c.i)
        for actor_id in out.at(t.i)
    }


def _in_role_phrase(doc: AnnotatedDoc, role: Token, tok: Token) -> bool:
    """Is ``tok`` a modifier of the role noun, or inside its "of"/"for" complement?"""
    while tok.head != tok.i and tok.head != role.i:
        tok = doc.tokens[tok.head]
    if tok.head != role.i:
        return False
    if tok.dep == "prep":
        return tok.lower in ("of", "for", "at", "to")
    return tok.i < role.i or tok.dep in ("compound", "amod", "nmod", "poss")


def roles_at(roles: Sequence[RoleLike], day: dt.date, horizon: str | None) -> list[RoleLike]:
    """The dated roles held on ``day``. A role without dates is left out; one without an end
    counts only up to ``horizon``, the last day the data speaks for."""
    iso = day.isoformat()
    return [
        r
        for r in roles
        if (r.start or r.end)
        and (r.start is None or r.start[:10] <= iso)
        and (iso <= r.end[:10] if r.end else horizon is not None and iso <= horizon)
    ]


def _title_words(doc: AnnotatedDoc, m: ActorMention) -> set[str]:
    """The lower-case words of the title before a person's name ("Prime Minister X": prime,
    minister), and of a role in apposition ("X, the president of Y": president)."""
    out: set[str] = set()
    i = m.token_start - 1
    while i >= 0 and doc.tokens[i].sent == doc.tokens[m.head].sent:
        t = doc.tokens[i]
        if t.lemma.lower() in OFFICE_OTHER_WORDS:
            return set()  # "Deputy President X", "former President X": not the office now
        if t.pos not in ("NOUN", "PROPN", "ADJ"):
            break
        out.add(t.lemma.lower())
        i -= 1
    for c in doc.children(m.head):
        if c.dep == "appos":
            out.add(c.lemma.lower())
            out |= {x.lemma.lower() for x in doc.children(c.i) if x.dep in ("compound", "amod")}
    return out
