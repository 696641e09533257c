"""Claims of responsibility and attributions of a perpetrator, attached to their incident."""

from __future__ import annotations

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.events.arguments import _np_actors
from sitroom.events.base import (
    _ACCUSING_VERBS,
    _ATTRIBUTION_NOUNS,
    _ATTRIBUTION_VERBS,
    _INCIDENT_NOUNS,
    Draft,
    LexiconLike,
    _add,
)
from sitroom.events.tree import _is_anaphoric_noun


def _attach_claims(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    sentence: Sentence,
    actors: LinkedActors,
    here: list[Draft],
    before: list[Draft],
    dated: set[int],
) -> None:
    for tok in doc.sentence_tokens(sentence):
        lemma = tok.lemma.lower()
        if lemma in _ATTRIBUTION_VERBS and tok.pos == "VERB":
            _attach_attribution(lex, doc, tok, actors, here, before, dated)
            continue
        if not lex.is_claim_verb(lemma) or tok.pos != "VERB":
            continue
        kids = doc.children(tok.i)
        passive = any(c.dep in ("auxpass", "nsubjpass") for c in kids)
        claimant: list[str] = []
        claimed: Token | None = None
        denied = False
        if passive:
            subj = next((c for c in kids if c.dep == "nsubjpass"), None)
            claimed = subj
            for c in kids:
                if c.dep == "agent":
                    for o in doc.children(c.i):
                        if o.dep == "pobj":
                            claimant += _np_actors(lex, doc, o, actors)
        else:
            subj = next((c for c in kids if c.dep == "nsubj"), None)
            if subj is not None:
                claimant = _np_actors(lex, doc, subj, actors)
                denied = any(c.lower == "no" for c in doc.children(subj.i)) or subj.lower in (
                    "nobody",
                    "none",
                )
            obj = next((c for c in kids if c.dep in ("dobj",)), None)
            if obj is not None and not lex.is_claim_noun(obj.lemma.lower()):
                continue  # "claimed that ...", "claimed victory": not a claim of an attack
            for c in doc.subtree(tok.i):
                if c.dep == "pobj" and doc.tokens[c.head].lower in ("for", "of"):
                    claimed = c
                    break
        denied = denied or any(c.dep == "neg" for c in kids)
        claimant = [a for a in claimant if a not in (UNIDENTIFIED, CIVILIANS)]
        for target in _claimed_drafts(lex, doc, claimed, here, before, sentence, dated):
            if denied:
                target.notes.append("no claim of responsibility")
                continue
            _add(target.claimed_by, claimant)
            if claimant and all(s == UNIDENTIFIED for s in target.sources):
                target.sources = list(claimant)
                target.targets = [t for t in target.targets if t not in claimant]
                target.source_basis = "claimed"
            if sentence is not target.sentence and sentence not in target.more:
                target.more.append(sentence)


def _attach_attribution(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    verb: Token,
    actors: LinkedActors,
    here: list[Draft],
    before: list[Draft],
    dated: set[int],
) -> None:
    """ "sources attributed the attack to X", "the attack was blamed on X"."""
    perpetrators: list[str] = []
    claimed: Token | None = None
    for c in doc.children(verb.i):
        if c.dep == "prep" and c.lower in ("to", "on"):
            for o in doc.children(c.i):
                if o.dep == "pobj":
                    perpetrators += _np_actors(lex, doc, o, actors)
        elif c.dep in ("dobj", "nsubjpass"):
            if verb.lemma.lower() in _ACCUSING_VERBS and c.dep == "dobj" and (actors.at(c.i)):
                perpetrators += _np_actors(lex, doc, c, actors)
            elif c.lemma.lower() in _ATTRIBUTION_NOUNS:
                # "sources suspected the involvement of X"
                for o in doc.prep_objects(c.i, "of"):
                    perpetrators += _np_actors(lex, doc, o, actors)
            else:
                claimed = c
    perpetrators = [p for p in perpetrators if p not in (UNIDENTIFIED, CIVILIANS)]
    if not perpetrators:
        return
    sentence = doc.sentences[verb.sent]
    for target in _claimed_drafts(lex, doc, claimed, here, before, sentence, dated):
        target.notes.append("perpetrator attributed by sources")
        _add(target.attributed, perpetrators)
        if all(s == UNIDENTIFIED for s in target.sources):
            target.sources = list(perpetrators)
            target.source_basis = "alleged"
        if verb.sent != target.sentence.i and sentence not in target.more:
            target.more.append(sentence)


def _claimed_drafts(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    claimed: Token | None,
    here: list[Draft],
    before: list[Draft],
    sentence: Sentence,
    dated: set[int],
) -> list[Draft]:
    """The incident a claim is about, and the other unattributed reports of it.

    A summary often reports one incident over several sentences ("Assailants attacked X.
    They also burned houses. The district head was abducted. Sources attributed the attack
    to Y."); a claim of "the attack" or "the incident" then covers each unattributed
    violent report of the same paragraph just before it.
    """
    target = _claimed_draft(lex, claimed, here, before, dated)
    if target is None:
        return []
    targets = [target]
    if target in before and (
        claimed is None
        or claimed.lemma.lower() in _INCIDENT_NOUNS
        or _is_anaphoric_noun(doc, claimed.i)
    ):
        for d in before[-4:]:
            if (
                d is not target
                and d.type == "ASSAULT"
                and d.sentence.paragraph == sentence.paragraph
                and all(x == UNIDENTIFIED for x in d.sources)
                and not d.claimed_by
            ):
                targets.append(d)
    return targets


def _claimed_draft(
    lex: LexiconLike, claimed: Token | None, here: list[Draft], before: list[Draft], dated: set[int]
) -> Draft | None:
    earlier = [d for d in before[-4:] if d.type == "ASSAULT"]
    if claimed is not None:
        for d in here:
            if any(t.token == claimed.i for t in d.triggers):
                if d.anaphoric and earlier and d.sentence.i not in dated:
                    # "... claimed responsibility for the attack": a reference to the
                    # incident already reported, not a new one.
                    here.remove(d)
                    return earlier[-1]
                return d
    violent = [d for d in here if d.type == "ASSAULT"] or earlier
    return violent[-1] if violent else None
