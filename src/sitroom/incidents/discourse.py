"""The sides an event's own sentence leaves empty, read from the article around it.

A document-level step after incident resolution, on plain :class:`~sitroom.models.Event`
objects, the :class:`~sitroom.annotation.AnnotatedDoc` and the actors stage's
:class:`~sitroom.actors.LinkedActors`. Its word lists are in ``discourse.yaml``. It fills an
empty side only when one candidate is clearly salient (an empty side beats a wrong one), and
records what it did: ``source_basis`` / ``target_basis`` ``"inferred"`` and a note naming the
rule. The rules:

1. **The answered act.** A reaction ("rejected", "welcomed", "condemned", ``reaction_types``)
   whose object is a definite noun naming an act (``act_nouns``: "the sanctions", "the
   agreement", "the verdict") and no actor is aimed at who did that act: the sources of the
   article's earlier event of that type, when every such event has the same named sources
   (both parties of an agreement, ``joint_types``). A noun that names any act
   (``generic_act_nouns``: "the decision", "the move") answers only an act told in the
   sentence before or earlier in its own. Not one's own act: a side never answers itself.
2. **Actors described by their kind.** A subject or object that is a definite noun of
   ``class_nouns`` ("the island nation", "the regional body", "the newspaper") points back to
   the one actor of a fitting type named in the two sentences before it (or earlier in its own
   sentence); a count ("the three nations", "both countries") wants exactly that many, named
   together; "both sides", "the two countries" are otherwise the two parties of the latest act
   between two actors told in those sentences.
3. **"It" and "they" opening a report.** A subject "it" or "they" of the main verb, outside
   quotes, is the organisation, state or force that is the main-clause subject of the
   sentence before, when that subject is one such actor ("Guyana's foreign ministry condemned
   the attack. It demanded that ...").
4. **"We" and "I" in a quotation** whose speaker another sentence of the quotation names
   ('"We will cooperate with the army. We have no choice," the AU said.'): "we" is the
   speaking organisation (a person's own organisation), "I" a speaking person.

Each rule abstains when a candidate is also the other side of the event, when two candidates
fit, or when the slot holds any actor already.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.actors import UNIDENTIFIED, ActorMention, LinkedActors
from sitroom.actors.syntax import in_quotation, main_subject
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.models import Event
from sitroom.rules import load_yaml
from sitroom.wordtables import Kind, TableError, WordTables

__all__ = ["DiscourseWords", "default_words", "infer_sides", "parse_words"]

SUBJECT_DEPS = frozenset({"nsubj"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# prepositions whose object is what a reaction or an act is aimed at ("protested against")
TARGET_PREPS = frozenset({"against", "on", "with", "to", "toward", "towards"})
# the dependents of a noun that name who it is or whose it is
NAMING_DEPS = frozenset({"compound", "poss", "appos", "nmod", "prep"})
# how many sentences back a described actor or a pronoun looks
WINDOW = 2
# how many events back (in text order) an answered act or a dyad is looked for: bounds the
# work per event, so the step stays linear in the length of the document
LOOKBACK = 60


@dataclass(frozen=True)
class DiscourseWords:
    reaction_types: frozenset[str]
    act_nouns: dict[str, frozenset[str]]
    generic_act_nouns: frozenset[str]  # "the decision", "the move": any act told just before
    joint_types: frozenset[str]
    definite_determiners: frozenset[str]
    class_nouns: dict[str, frozenset[str]]
    count_words: dict[str, int]
    group_pronouns: frozenset[str]
    first_person: dict[str, str]  # subject pronoun -> "person" (I) or "group" (we)


SCHEMA: dict[str, Kind] = {
    "reaction_types": "words",
    "act_nouns": "lists",
    "generic_act_nouns": "words",
    "joint_types": "words",
    "definite_determiners": "words",
    "class_nouns": "lists",
    "count_words": "numbers",
    "group_pronouns": "words",
    "first_person": "map",
}


def parse_words(data: Any) -> DiscourseWords:
    """The validated word lists of ``discourse.yaml`` (a :class:`~sitroom.wordtables.TableError`
    names what is malformed)."""
    if not isinstance(data, dict):
        raise TableError("discourse.yaml: expected a mapping of tables")
    tables = WordTables("discourse.yaml", data, SCHEMA)
    counts = tables.numbers("count_words")
    if any(v < 2 for v in counts.values()):
        raise TableError("discourse.yaml: count_words maps a word to a number of at least 2")
    first = tables.mapping("first_person")
    if any(v not in ("person", "group") for v in first.values()):
        raise TableError("discourse.yaml: first_person maps a pronoun to person or group")

    def upper(key: str) -> frozenset[str]:
        return frozenset(w.upper() for w in tables.words(key))

    def lower(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in tables.words(key))

    return DiscourseWords(
        reaction_types=upper("reaction_types"),
        act_nouns={
            k.lower(): frozenset(x.upper() for x in v) for k, v in tables.lists("act_nouns").items()
        },
        generic_act_nouns=lower("generic_act_nouns"),
        joint_types=upper("joint_types"),
        definite_determiners=lower("definite_determiners"),
        class_nouns={k.lower(): frozenset(v) for k, v in tables.lists("class_nouns").items()},
        count_words={k.lower(): v for k, v in counts.items()},
        group_pronouns=lower("group_pronouns"),
        first_person={k.lower(): v for k, v in first.items()},
    )


@functools.cache
def default_words() -> DiscourseWords:
    text = (resources.files("sitroom.incidents") / "discourse.yaml").read_text(encoding="utf-8")
    return parse_words(load_yaml(text, name="discourse.yaml"))


def infer_sides(
    doc: AnnotatedDoc,
    events: list[Event],
    linked: LinkedActors,
    words: DiscourseWords | None = None,
) -> list[Event]:
    """Fill the empty sides of ``events`` by the rules of the module docstring (in place);
    returns the events."""
    words = words or default_words()
    ordered = sorted(events, key=lambda e: (e.evidence.start, e.evidence.end))
    quotes = Quotations(doc, linked)
    index = MentionIndex(doc, linked)
    for k, event in enumerate(ordered):
        trigger = _trigger(doc, event)
        if trigger is None:
            continue
        if _empty(event.targets):
            found = _answered_act(
                doc, event, trigger, ordered[max(0, k - LOOKBACK) : k], linked, words
            )
            rule = "the author of the act it answers"
            if not found:
                found = _described(
                    doc, _objects(doc, trigger), ordered[max(0, k - LOOKBACK) : k], index, words
                )
                rule = "an actor described by its kind"
            found = [a for a in found if a not in event.sources and a not in event.claimed_by]
            if found:
                event.targets = found
                event.target_basis = "inferred"
                event.notes.append(f"discourse: target inferred ({rule})")
        elif event.target_basis is None:
            event.target_basis = "stated"
        if _empty(event.sources) and _empty(event.claimed_by) and event.speaker is None:
            subjects = _subjects(doc, trigger)
            found = _described(doc, subjects, ordered[max(0, k - LOOKBACK) : k], index, words)
            rule = "an actor described by its kind"
            if not found:
                found = _pronoun(doc, subjects, index, words)
                rule = "the organisation of the sentence before"
            if not found:
                found = _quoted_speaker(doc, subjects, quotes, linked, words)
                rule = "the speaker of the quotation"
            found = [a for a in found if a not in event.targets]
            if found:
                event.sources = found
                event.source_basis = "inferred"
                event.notes.append(f"discourse: source inferred ({rule})")
    return events


# --- slots ------------------------------------------------------------------------------------


class MentionIndex:
    """The actors stage's mentions by sentence (read once per document)."""

    def __init__(self, doc: AnnotatedDoc, linked: LinkedActors) -> None:
        self.linked = linked
        self._by_sentence: dict[int, list[ActorMention]] = {}
        for m in linked.mentions:
            if 0 <= m.head < len(doc.tokens):
                self._by_sentence.setdefault(doc.tokens[m.head].sent, []).append(m)

    def in_sentence(self, sentence: int) -> list[ActorMention]:
        return self._by_sentence.get(sentence, [])


def _empty(ids: Sequence[str]) -> bool:
    return all(i == UNIDENTIFIED for i in ids)


def _trigger(doc: AnnotatedDoc, event: Event) -> Token | None:
    if event.trigger is None:
        return None
    tok = doc.token_at_or_after(event.trigger.start)
    return tok if tok is not None and tok.idx < event.trigger.end else None


def _subjects(doc: AnnotatedDoc, trigger: Token) -> list[Token]:
    """The active subject of the trigger's clause ("It demanded ..."; "The nations accused");
    of a verb it completes or is coordinated with, when it has none ("we will continue
    *working*", "they met and *agreed*"), unless that verb has an object, who is then the one
    meant to act ("urged them to *leave*")."""
    own = [c for c in doc.children(trigger.i) if c.dep in SUBJECT_DEPS]
    if own or trigger.dep not in ("xcomp", "conj") or trigger.head == trigger.i:
        return own
    governor = doc.children(trigger.head)
    if trigger.dep == "xcomp" and any(c.dep in OBJECT_DEPS for c in governor):
        return []
    return [c for c in governor if c.dep in SUBJECT_DEPS]


def _objects(doc: AnnotatedDoc, trigger: Token) -> list[Token]:
    """What the trigger is aimed at: its direct object, or the object of a preposition of
    aim ("talks with the island nation", "protested against the bloc")."""
    out = [c for c in doc.children(trigger.i) if c.dep in OBJECT_DEPS]
    out += [
        o
        for p in doc.children(trigger.i)
        if p.dep == "prep" and p.lower in TARGET_PREPS
        for o in doc.children(p.i)
        if o.dep == "pobj"
    ]
    return out


def _has_actor(doc: AnnotatedDoc, head: Token, linked: LinkedActors) -> bool:
    """Does the phrase name an actor as its head, its owner or its name ("the EU's sanctions",
    "the newspaper elPeriodico")? A describing modifier does not ("military-led nations")."""
    if linked.at(head.i):
        return True
    parts = [c for c in doc.children(head.i) if c.dep in NAMING_DEPS]
    return any(linked.at(t.i) for p in parts for t in doc.subtree(p.i))


def _determiner(doc: AnnotatedDoc, head: Token) -> str | None:
    dets = [c.lower for c in doc.children(head.i) if c.dep in ("det", "predet") and c.i < head.i]
    return dets[0] if dets else None


# --- rule 1: the author of the act a reaction answers -----------------------------------------


def _answered_act(
    doc: AnnotatedDoc,
    event: Event,
    trigger: Token,
    earlier: Sequence[Event],
    linked: LinkedActors,
    words: DiscourseWords,
) -> list[str]:
    if event.type not in words.reaction_types:
        return []
    for obj in _objects(doc, trigger):
        noun = obj.lemma.lower()
        types = words.act_nouns.get(noun)
        generic = noun in words.generic_act_nouns
        if types is None and not generic:
            continue
        if _determiner(doc, obj) not in words.definite_determiners:
            continue
        if _has_actor(doc, obj, linked):
            return []  # "the EU's sanctions": the sentence names the author itself
        acts = [
            e
            for e in earlier
            if (e.type in types if types is not None else e.type not in words.reaction_types)
            and e.evidence.start < obj.idx
            and not _same_sentence_after(doc, e, obj)
            and _named(e.sources)
            # "the decision", "the move": only an act told in the sentence before or its own
            and (not generic or 0 <= obj.sent - _sentence_of(doc, e) <= 1)
        ]
        if not acts:
            return []
        authors = {tuple(_authors(e, words)) for e in acts}
        if len(authors) != 1:
            return []  # two earlier acts of that kind by different actors: no one is salient
        return [a for a in next(iter(authors)) if a not in event.sources]
    return []


def _sentence_of(doc: AnnotatedDoc, e: Event) -> int:
    tok = _trigger(doc, e)
    return tok.sent if tok is not None else -1


def _same_sentence_after(doc: AnnotatedDoc, e: Event, tok: Token) -> bool:
    return e.trigger is not None and e.trigger.start >= tok.idx


def _authors(e: Event, words: DiscourseWords) -> list[str]:
    ids = [a for a in e.sources if a != UNIDENTIFIED]
    if e.type in words.joint_types:
        ids += [a for a in e.targets if a != UNIDENTIFIED and a not in ids]
    return ids


def _named(ids: Iterable[str]) -> bool:
    return any(i != UNIDENTIFIED for i in ids)


# --- rule 2: an actor described by its kind ---------------------------------------------------


def _described(
    doc: AnnotatedDoc,
    slots: Sequence[Token],
    earlier: Sequence[Event],
    index: MentionIndex,
    words: DiscourseWords,
) -> list[str]:
    linked = index.linked
    for head in slots:
        types = words.class_nouns.get(head.lemma.lower())
        if types is None or head.ent_type or _has_actor(doc, head, linked):
            continue
        mods = [c for c in doc.children(head.i) if c.i < head.i]
        det = _determiner(doc, head)
        count = next(
            (words.count_words[c.lower] for c in mods if c.lower in words.count_words), None
        )
        plural = head.tag in ("NNS", "NNPS")
        if det not in words.definite_determiners and not (
            count and (det is None or det in words.count_words)
        ):
            continue
        if plural != (count is not None):
            return []  # "the nations" (how many?) or "the two country": no salient referent
        found = _antecedents(doc, head, types, count or 1, index)
        if not found and count == 2:
            found = _dyad(doc, head, types, earlier, linked)
        return found
    return []


def _dyad(
    doc: AnnotatedDoc,
    head: Token,
    types: frozenset[str],
    earlier: Sequence[Event],
    linked: LinkedActors,
) -> list[str]:
    """ "both sides", "the two countries": the two parties of the latest act between two
    actors told in the ``WINDOW`` sentences before (or earlier in the same sentence), when
    both are of a fitting type."""
    acts = [
        e
        for e in earlier
        if e.trigger is not None
        and e.trigger.start < head.idx
        and 0 <= head.sent - _sentence_of(doc, e) <= WINDOW
        and _named(e.sources)
        and _named(e.targets)
    ]
    if not acts:
        return []
    latest = max(acts, key=lambda e: e.trigger.start if e.trigger else -1)
    parties = list(
        dict.fromkeys(a for a in [*latest.sources, *latest.targets] if a != UNIDENTIFIED)
    )
    fitting = all((a := linked.actors.get(p)) is not None and _fits(a.type, types) for p in parties)
    return parties if len(parties) == 2 and fitting else []


def _fits(actor_type: str, types: frozenset[str]) -> bool:
    return actor_type in types or ("any" in types and actor_type != "civilians")


def _antecedents(
    doc: AnnotatedDoc, head: Token, types: frozenset[str], count: int, index: MentionIndex
) -> list[str]:
    """The ``count`` actors of ``types`` named before ``head``: in its own sentence, else in
    the nearest of the ``WINDOW`` sentences before that names any; none if more fit."""
    for back in range(WINDOW + 1):
        s = head.sent - back
        if s < 0:
            break
        ids: list[str] = []
        for m in index.in_sentence(s):
            if m.head >= head.i:
                continue
            actor = index.linked.actors.get(m.actor_id)
            if actor is None or not _fits(actor.type, types) or m.actor_id == UNIDENTIFIED:
                continue
            if m.actor_id not in ids:
                ids.append(m.actor_id)
        if not ids:
            continue
        if len(ids) != count:
            return []
        if count > 1 and not _named_together(doc, index, ids, s):
            return []
        return ids
    return []


def _named_together(doc: AnnotatedDoc, index: MentionIndex, ids: list[str], sent: int) -> bool:
    """Are the actors one conjunction ("Burkina Faso, Mali and Niger")?"""
    heads = [m.head for m in index.in_sentence(sent) if m.actor_id in ids]
    roots = set()
    for h in heads:
        tok = doc.tokens[h]
        steps = 0
        while tok.dep == "conj" and steps < 6:
            tok = doc.tokens[tok.head]
            steps += 1
        roots.add(tok.i)
    return len(roots) == 1


# --- rule 3: "it" or "they" opening a report ----------------------------------------------------


def _pronoun(
    doc: AnnotatedDoc, slots: Sequence[Token], index: MentionIndex, words: DiscourseWords
) -> list[str]:
    linked = index.linked
    for tok in slots:
        if tok.lower not in words.group_pronouns or linked.at(tok.i):
            continue
        if doc.tokens[tok.head].dep != "ROOT" or in_quotation(doc, tok.i) or tok.sent == 0:
            return []
        ids = {m.actor_id for m in index.in_sentence(tok.sent - 1) if main_subject(doc, m.head)}
        ids.discard(UNIDENTIFIED)
        if len(ids) != 1:
            return []
        actor = linked.actors[next(iter(ids))]
        if actor.type in ("person", "civilians"):
            return []  # a person is "he" or "she"; "they" of civilians is too loose
        plural = tok.lower == "they"
        if plural and actor.type in ("state", "government", "igo"):
            return []  # "they" is seldom a state ("The country ... They")
        return [actor.id]
    return []


# --- rule 4: "we" and "I" in a quotation whose speaker another sentence names ------------------

OPENING = frozenset({"“", "``", "‘‘"})
CLOSING = frozenset({"”", "''", "’’"})


class Quotations:
    """The runs of quoted sentences of a document and who speaks each.

    A run is the sentences from an opening quotation mark to its closing one, within a
    paragraph (a paragraph that ends inside a quotation closes it). Its speaker is the one
    actor that is the subject of a verb of saying outside the quoted words, in one of its
    sentences or in a sentence before it that ends with a colon. A run with no speaker of its
    own that opens a paragraph or a sentence right after a run that has one continues it.
    """

    def __init__(self, doc: AnnotatedDoc, linked: LinkedActors) -> None:
        self.doc, self.linked = doc, linked
        self._run_of: dict[int, int] = {}  # sentence -> run index
        self._speaker: list[str | None] = []
        self._built = False

    def speaker(self, sentence: int) -> str | None:
        if not self._built:
            self._build()
        run = self._run_of.get(sentence)
        return self._speaker[run] if run is not None else None

    def _build(self) -> None:
        from sitroom.actors.words import SPEECH_VERBS

        self._built = True
        doc = self.doc
        runs: list[list[int]] = []
        quoted: set[int] = set()  # tokens inside quotation marks
        open_run: list[int] | None = None
        paragraph = -1
        for sentence in doc.sentences:
            if sentence.paragraph != paragraph:
                open_run, paragraph = None, sentence.paragraph
            inside = open_run is not None
            touched = inside
            for tok in doc.tokens[sentence.token_start : sentence.token_end]:
                mark = tok.text
                if mark == '"':
                    mark = "”" if inside else "“"
                if mark in OPENING and not inside:
                    inside = touched = True
                elif mark in CLOSING and inside:
                    inside = False
                elif inside:
                    quoted.add(tok.i)
            if touched:
                if open_run is None:
                    open_run = []
                    runs.append(open_run)
                open_run.append(sentence.i)
            if not inside:
                open_run = None
        for k, run in enumerate(runs):
            for s in run:
                self._run_of[s] = k
            sentences = list(run)
            first = doc.sentences[run[0]]
            if run[0] > 0 and doc.text[max(0, first.start - 40) : first.start].rstrip().endswith(
                ":"
            ):
                sentences.insert(0, run[0] - 1)
            ids: set[str] = set()
            for s in sentences:
                sent = doc.sentences[s]
                for tok in doc.tokens[sent.token_start : sent.token_end]:
                    if tok.i in quoted or tok.lemma.lower() not in SPEECH_VERBS:
                        continue
                    for c in doc.children(tok.i):
                        if c.dep == "nsubj" and c.i not in quoted:
                            ids |= {a for t in doc.subtree(c.i) for a in self.linked.at(t.i)}
            ids.discard(UNIDENTIFIED)
            speaker = next(iter(ids)) if len(ids) == 1 else None
            if speaker is None and k and runs[k - 1][-1] == run[0] - 1:
                speaker = self._speaker[k - 1]  # the quotation goes on in the next paragraph
            self._speaker.append(speaker)


def _quoted_speaker(
    doc: AnnotatedDoc,
    slots: Sequence[Token],
    quotes: Quotations,
    linked: LinkedActors,
    words: DiscourseWords,
) -> list[str]:
    for tok in slots:
        kind = words.first_person.get(tok.lower)
        if kind is None or linked.at(tok.i):
            continue
        speaker_id = quotes.speaker(tok.sent)
        if speaker_id is None:
            return []
        speaker = linked.actors[speaker_id]
        if kind == "person":
            return [speaker.id] if speaker.type == "person" else []
        if speaker.type != "person":
            return [speaker.id]
        org = speaker.affiliation
        return [org] if org is not None and org in linked.actors else []
    return []
