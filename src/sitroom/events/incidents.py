"""Incidents: grouping the triggers of one sentence and merging the reports of one incident
across sentences (its toll, its claim, its continuation), and what is worth keeping."""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import pairwise

from sitroom.actors import UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.casualties import TOLL_LEMMAS, CasualtyStatement
from sitroom.events.arguments import _named_subject
from sitroom.events.base import (
    _ANAPHORIC_DETS,
    _BOTH_SIDES_PAIRS,
    _CAPTIVE_NOUNS,
    _CONTINUATION_WORDS,
    _OUTCOME_VERBS,
    _RESPONSE_LEMMAS,
    Draft,
    LexiconLike,
    Trigger,
    _add,
)
from sitroom.events.modes import _mode_rank
from sitroom.events.tree import _denies_victims, _is_anaphoric_noun, _np_tokens, _target_heads
from sitroom.ontology import ontology


def _group_incidents(
    lex: LexiconLike, doc: AnnotatedDoc, triggers: list[Trigger], actors: LinkedActors
) -> list[list[Trigger]]:
    """One sentence reports one violent incident ("shot and killed", "were killed ... in the
    blast and ensuing clash"), unless its violent verbs have subjects naming different
    actors ("Al-Shabaab attacked X and Kenyan jets bombed Y")."""
    # "..., adding that no civilians were harmed" denies victims: it stays apart (and is
    # dropped as a zero toll) rather than lending its negation to the incident.
    apart = [t for t in triggers if t.type != "ASSAULT" or _denies_victims(doc, t)]
    groups: list[list[Trigger]] = [[t] for t in apart]
    violent = [t for t in triggers if t not in apart]
    by_subject: dict[frozenset[str], list[Trigger]] = {}
    for trig in violent:
        subject = _named_subject(lex, doc, doc.tokens[trig.anchor], actors)
        by_subject.setdefault(subject, []).append(trig)
    named = [k for k in by_subject if k]
    if len(named) <= 1:
        if violent:
            groups.append(violent)
    else:
        unnamed = by_subject.pop(frozenset(), [])
        first = min(named, key=lambda k: by_subject[k][0].token)
        by_subject[first] = unnamed + by_subject[first]
        groups.extend(by_subject.values())
    # In the order of the words; on one word in the order the triggers were found ("rioters
    # set fire to a mosque": the arson, then the riot it is part of).
    order = {id(t): k for k, t in enumerate(triggers)}
    return sorted(groups, key=lambda g: (min(t.token for t in g), min(order[id(t)] for t in g)))


def _merge_incidents(
    lex: LexiconLike, doc: AnnotatedDoc, drafts: list[Draft], dated: set[int]
) -> list[Draft]:
    drafts = _merge_headline(lex, doc, drafts)
    merged: list[Draft] = []
    for d in drafts:
        prev = next((p for p in reversed(merged) if p.type == "ASSAULT"), None)
        if (
            d.type == "ASSAULT"
            and prev is not None
            # "There were no casualties in the attack" after a defused bomb: a mere
            # reference takes the status of the incident it refers to.
            and (d.status == prev.status or _only_refers_back(doc, d))
            and d.sentence.i - _last_sentence(prev) <= 2
            and d.sentence.i != prev.sentence.i
            and d.sentence.paragraph - prev.sentence.paragraph <= 1
            and (
                # the fate of the incident's own victims ("The hostages were killed on
                # 3 May") belongs to it even when it has a date of its own
                _same_victims(doc, d, prev)
                or (
                    (d.anaphoric or _only_casualties(doc, d) or _continues(doc, d, prev))
                    and d.sentence.i not in dated  # a date of its own: another incident
                )
            )
        ):
            _absorb(prev, d, functools.partial(_mode_rank, lex))
            continue
        merged.append(d)
    return merged


def _merge_headline(lex: LexiconLike, doc: AnnotatedDoc, drafts: list[Draft]) -> list[Draft]:
    """A headline announces the incident its article then reports: "Militants attack army
    post" is the attack of the first paragraph, not another one."""
    if not doc.sentences or not _is_headline(doc, doc.sentences[0]):
        return drafts
    head = [d for d in drafts if d.sentence.i == 0]
    body = [d for d in drafts if d.sentence.i != 0]
    kept = []
    for h in head:
        match = next((b for b in body if b.type == h.type and b.sentence.paragraph <= 2), None)
        if match is None:
            kept.append(h)
            continue
        _add(match.sources, [x for x in h.sources if x != UNIDENTIFIED or not match.sources])
        _add(match.targets, [x for x in h.targets if x not in match.sources])
        match.mode = match.mode or h.mode
        match.more.append(h.sentence)
    return kept + body


def _is_headline(doc: AnnotatedDoc, sentence: Sentence) -> bool:
    """A first line without a closing full stop, alone in its paragraph, of headline length."""
    text = doc.text[sentence.start : sentence.end].strip()
    alone = len(doc.sentences) > 1 and doc.sentences[1].paragraph != sentence.paragraph
    return (
        alone
        and bool(text)
        and text[-1] not in ".!?\"”'"
        and sentence.token_end - sentence.token_start <= 20
    )


def _continues(doc: AnnotatedDoc, d: Draft, prev: Draft) -> bool:
    """ "Assailants also burned houses", "In addition, residents were abducted", "the two
    sides exchanged fire", "in the ensuing clash": the same incident goes on, by the same (or
    unnamed) perpetrators."""
    words = [t.lower for t in doc.sentence_tokens(d.sentence)]
    marked = (
        "also" in words
        or words[:2] in (["in", "addition"], ["additionally", ","])
        or (words[:1] == ["additionally"])
        or bool(set(words) & _CONTINUATION_WORDS)
        or _names_both_sides(words)
    )
    same_side = all(
        s == UNIDENTIFIED or s in prev.sources or s in d.attributed or s in d.claimed_by
        for s in d.sources
    )
    # "Assailants attacked X. Assailants destroyed the farms.": the same perpetrators go on in
    # the next sentence, which names no other place
    same_actors_go_on = (
        bool(d.sources)
        and set(d.sources) == set(prev.sources)
        and d.sentence.i == _last_sentence(prev) + 1
        and not any(t.ent_type in ("GPE", "LOC", "FAC") for t in doc.sentence_tokens(d.sentence))
    )
    # "Police retaliated by exchanging fire": the side attacked answers in the same incident
    answers = d.sentence.i == _last_sentence(prev) + 1 and bool(
        {t.lemma.lower() for t in doc.sentence_tokens(d.sentence)} & _RESPONSE_LEMMAS
    )
    return (marked and same_side) or same_actors_go_on or answers


def _names_both_sides(words: list[str]) -> bool:
    """ "the two sides", "both sides", "each other", "from both sides": a report of the
    fighting between the parties of an incident already named."""
    pairs = set(pairwise(words))
    return bool(pairs & _BOTH_SIDES_PAIRS)


def _same_victims(doc: AnnotatedDoc, d: Draft, prev: Draft) -> bool:
    """Does a later report name the victims of the earlier incident again: "the hostages",
    "the coal miners" (after "11 coal miners"), or the surname of a named victim?"""
    earlier_heads = [h for t in prev.triggers for h in _target_heads(doc, doc.tokens[t.anchor])]
    earlier_heads += [doc.tokens[v] for st in prev.casualties for v in st.victims]
    earlier_words = [t for h in earlier_heads for t in _np_tokens(doc, h)]
    earlier_nouns = {t.lemma.lower() for t in earlier_words if t.pos == "NOUN"}
    earlier_names = {t.lower for t in earlier_words if t.ent_type == "PERSON" and len(t.text) > 2}
    heads = [h for t in d.triggers for h in _target_heads(doc, doc.tokens[t.anchor])]
    heads += [doc.tokens[v] for st in d.casualties for v in st.victims]
    for head in heads:
        if head.lower == "one":  # "one of the hostages"
            head = next(iter(doc.prep_objects(head.i, "of")), head)
        definite = any(c.dep == "det" and c.lower in _ANAPHORIC_DETS for c in doc.children(head.i))
        lemma = head.lemma.lower()
        if definite and (lemma in _CAPTIVE_NOUNS or lemma in earlier_nouns):
            return True
        if head.ent_type == "PERSON" and head.lower in earlier_names:
            return True
    return False


def _only_refers_back(doc: AnnotatedDoc, d: Draft) -> bool:
    """A sentence whose only event words are references to an earlier incident ("the attack",
    "the incident") and that names no perpetrator of its own."""
    return all(t.verb is None and _is_anaphoric_noun(doc, t.token) for t in d.triggers) and all(
        s == UNIDENTIFIED or s in d.claimed_by or s in d.attributed for s in d.sources
    )


def _only_casualties(doc: AnnotatedDoc, d: Draft) -> bool:
    """A sentence that only reports a toll ("Six soldiers were killed [in the blast].") and
    names no attacker of its own (a claim or attribution attached to it does not count)."""
    verbs = [t for t in d.triggers if doc.tokens[t.token].pos == "VERB"]
    lemmas = {doc.tokens[t.token].lemma.lower() for t in verbs}
    nouns_refer_back = all(_is_anaphoric_noun(doc, t.token) for t in d.triggers if t not in verbs)
    return (
        bool(lemmas)
        and lemmas <= TOLL_LEMMAS
        and nouns_refer_back
        and all(s == UNIDENTIFIED or s in d.claimed_by or s in d.attributed for s in d.sources)
    )


def _attach_tolls(
    drafts: list[Draft], tolls: list[tuple[Sentence, list[CasualtyStatement]]], dated: set[int]
) -> None:
    """A toll in a sentence with no violent event of its own ("The bodies of five men were
    found nearby.") belongs to the incident reported just before it in the paragraph."""
    for sentence, statements in tolls:
        if sentence.i in dated:
            continue  # a date of its own: not (clearly) the same incident
        # A dataset's note of its coded toll closes the report of its event, however long.
        reach = 99 if any(st.coded for st in statements) else 2
        before = [
            d
            for d in drafts
            if d.type == "ASSAULT"
            and _last_sentence(d) < sentence.i
            and sentence.i - _last_sentence(d) <= reach
            and d.sentence.paragraph == sentence.paragraph
        ]
        if before:
            owner = before[-1]
            owner.casualties.extend(statements)
            owner.more.append(sentence)


def _last_sentence(d: Draft) -> int:
    return max([d.sentence.i, *[m.i for m in d.more]])


def _absorb(into: Draft, d: Draft, rank: Callable[[str | None], int]) -> None:
    """Merge a later report of the same incident (its toll, its claim) into the first one."""
    d.merged_into = into
    if all(s == UNIDENTIFIED for s in into.sources) and any(s != UNIDENTIFIED for s in d.sources):
        into.source_basis = d.source_basis  # the perpetrator comes from the later report
    _add(into.sources, [s for s in d.sources if s != UNIDENTIFIED or not into.sources])
    _add(into.targets, [t for t in d.targets if t not in into.sources])
    _add(into.claimed_by, d.claimed_by)
    into.casualties.extend(d.casualties)
    if d.sentence not in into.more:
        into.more.append(d.sentence)
    into.more.extend(m for m in d.more if m not in into.more)
    into.notes.extend(n for n in d.notes if n not in into.notes)
    # A later sentence may name the weapon ("... killed in the blast") or another tactic of the
    # same incident ("25 soldiers were abducted in the attack"): the mode of the incident is the
    # one that ranks first in the hierarchy (GTD's; see docs/plover.md).
    if d.mode and not d.mode_guessed and rank(d.mode) < rank(into.mode):
        into.mode = d.mode


def _inherit_outcome_participants(doc: AnnotatedDoc, drafts: list[Draft]) -> None:
    """ "talks with X and Y, resulting in the Doha Agreement": the outcome has their parties."""
    for d in drafts:
        if d.sources or d.targets:
            continue
        noun = doc.tokens[d.triggers[0].token]
        if noun.pos not in ("NOUN", "PROPN"):
            continue
        governor = next(
            (a for a in doc.ancestors(noun.i) if a.lemma.lower() in _OUTCOME_VERBS), None
        )
        if governor is None:
            continue
        # The process is the closest earlier event of the sentence that names its parties.
        earlier = [
            o
            for o in drafts
            if o is not d and (o.sources or o.targets) and o.triggers[0].anchor < governor.i
        ]
        if earlier:
            other = earlier[-1]
            d.sources = list(other.sources)
            d.targets = list(other.targets)
            d.notes.append("parties taken from the process that led to it")


def _worth_keeping(d: Draft) -> bool:
    """Drop triggers that name no participant: "gained support", "the threat posed".

    A violent act is an event even when nobody is named ("a bomb exploded").
    """
    named = [a for a in d.sources + d.targets if a]
    if d.type == "ASSAULT":
        # A foiled plot or a denied attack still reports an incident; a conjecture
        # ("may be difficult to eradicate") without actors does not.
        if d.zero_toll:
            return False  # "no civilians were harmed" reports no event
        return bool(named) or d.status != "hypothetical"
    if not named and ontology().event_types[d.type].unnamed_ok:
        # "workers went on strike", "students staged a sit-in": a clause that reports the act
        # (not a noun alone: "protests often turn violent")
        return d.status != "hypothetical" and d.clausal
    return bool(named)
