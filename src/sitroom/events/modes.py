"""ASSAULT modes: the tactic, from trigger senses, cue words and the target's office."""

from __future__ import annotations

import functools

from sitroom.actors import LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.coding import ARMED_ACTOR_TYPES, phrase_side
from sitroom.events.base import Draft, LexiconLike, Trigger
from sitroom.events.tree import _clause_root, _np_tokens, _surnames, _target_heads


def _mode_rank(lex: LexiconLike, mode: str | None) -> int:
    """Rank of an ASSAULT mode in the lexicon's priority (GTD's hierarchy); unranked last."""
    return lex.mode_priority.index(mode) if mode in lex.mode_priority else 99


def _assault_mode(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    sentence: Sentence,
    group: list[Trigger],
    draft: Draft,
    actors: LinkedActors,
    elsewhere: frozenset[int] = frozenset(),
) -> str | None:
    """``elsewhere``: the words of the sentence's other acts (see :mod:`.acts`), whose cues
    name their own tactic, not this act's."""
    modes = [t.mode for t in group if t.mode]
    # Cue words anywhere in the clause of the incident ("explosives-laden truck", "drone").
    words: set[int] = set()
    for t in group:
        root = _clause_root(doc, t.anchor)
        words.update(x.i for x in doc.subtree(root.i))
    words -= elsewhere
    cue = lex.mode_from_cues(doc.tokens[i].lemma.lower() for i in sorted(words))
    if cue:
        modes.append(cue)
    best = min(modes, key=functools.partial(_mode_rank, lex), default=None)
    # GTD's hierarchy: an attack aimed at an office holder is an assassination whether
    # by gun or bomb (an air strike or shelling keeps its weapon mode).
    if best in (None, "armed_assault", "armed_clash", "bombing") and (
        _targets_ranked_person(lex, doc, group, actors)
    ):
        return "assassination"
    if best in (None, "armed_assault"):
        draft.mode_guessed = best is None
        # Armed force used against an organized armed side is a clash between two armed
        # sides (the design note's armed_clash); against anyone else it is an armed assault.
        armed_target = any(_armed(actors, t) for t in draft.targets) or (
            phrase_side(draft.target_text) == "armed"
        )
        armed_source = any(_armed(actors, s) for s in draft.sources) or not draft.sources
        if armed_target and armed_source:
            return "armed_clash"
        return "armed_assault"
    return best


def _targets_ranked_person(
    lex: LexiconLike, doc: AnnotatedDoc, group: list[Trigger], actors: LinkedActors
) -> bool:
    """Is the attack aimed at an office holder ("opened fire on the vehicle of X, a member
    of parliament", "a bomb targeting the deputy chief")? GTD codes that an assassination
    whatever the weapon, and whether or not the target survived."""
    surnames: set[str] = set()
    for trig in group:
        for head in _target_heads(doc, doc.tokens[trig.anchor]) + _target_heads(
            doc, doc.tokens[trig.token]
        ):
            phrase = _np_tokens(doc, head)
            if _names_office(lex, doc, phrase):
                return True
            surnames.update(_surnames(doc, phrase))
    return bool(surnames) and _office_named_later(lex, doc, group, surnames)


def _office_holder_killed(lex: LexiconLike, doc: AnnotatedDoc, d: Draft) -> None:
    """ "An explosive device detonated in X. A tribal elder was killed in the blast.": an
    attack aimed at no one named whose victim is an office holder is, for GTD, an
    assassination (an attack aimed at someone else keeps its mode)."""
    if d.type != "ASSAULT" or d.mode not in (None, "armed_assault", "bombing"):
        return
    if any(
        _target_heads(doc, doc.tokens[t.anchor]) or _target_heads(doc, doc.tokens[t.token])
        for t in d.triggers
    ):
        return
    victims = [doc.tokens[v] for st in d.casualties if st.count for v in st.victims]
    if any(_names_office(lex, doc, _np_tokens(doc, v)) for v in victims):
        d.mode = "assassination"
        d.notes.append("assassination: the victim holds an office")


def _names_office(lex: LexiconLike, doc: AnnotatedDoc, phrase: list[Token]) -> bool:
    """Does a noun phrase name an office ("the governor", "a district council member")?"""
    ranked = lex.assassination_targets
    for tok in phrase:
        if tok.lemma.lower() in ranked or tok.lower in ranked:
            return True
        # two-word offices: "council member", "traditional ruler", "village head"
        for mod in doc.children(tok.i):
            if mod.dep in ("compound", "amod") and (
                f"{mod.lemma.lower()} {tok.lemma.lower()}" in ranked
            ):
                return True
    return False


def _office_named_later(
    lex: LexiconLike, doc: AnnotatedDoc, group: list[Trigger], surnames: set[str]
) -> bool:
    """ "Assailants opened fire on X in Y. X, the district governor, was unharmed.": the
    office of a named target is often given only in the next sentences of the summary."""
    sentence = doc.sentences[doc.tokens[group[0].token].sent]
    for later in doc.sentences[sentence.i + 1 : sentence.i + 3]:
        if later.paragraph != sentence.paragraph:
            break
        for tok in doc.sentence_tokens(later):
            if tok.lower not in surnames:
                continue
            head = tok
            while head.dep in ("compound", "flat") and head.head != head.i:
                head = doc.tokens[head.head]
            described = [c for c in doc.children(head.i) if c.dep == "appos"]
            if head.dep in ("nsubj", "nsubjpass"):
                # "X was a member of the provincial council"
                described += [c for c in doc.children(head.head) if c.dep == "attr"]
            if any(_names_office(lex, doc, _np_tokens(doc, d)) for d in described):
                return True
    return False


def _armed(actors: LinkedActors, actor_id: str) -> bool:
    actor = actors.actors.get(actor_id)
    return actor is not None and actor.type in ARMED_ACTOR_TYPES
