"""Document-level signals about violence: is the article about conflict at all, and is a
conflict word in a sentence a metaphor ("trade war", "relegation battle", "teachers went on
strike")?

Violence cues are lemmas and phrases of ``vocabulary.yaml`` (weapons, armed actors, attacks on
people) found outside the metaphor frames. The signals only remove or retype ASSAULT events;
the events stage decides the sense of each trigger, this stage judges the event by its
document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.vocabulary import Vocabulary
from sitroom.models import Actor, Event

ARMED_TYPES = frozenset({"armed_group"})
# A text of at least this many sentences is a full article: one about real violence names a
# weapon, an armed actor or a casualty somewhere, so metaphor-prone cues alone ("a fight for
# passengers", "carpet-bombing the market") make it no conflict. A shorter report ("Six are
# dead following an attack on the village") is judged by any cue.
MIN_ARTICLE_SENTENCES = 8
FORCE_TYPES = frozenset({"military", "police"})
# A metaphor frame with one of these words is labour action: PROTEST, not ASSAULT.
LABOUR_WORDS = ("strike",)


@dataclass
class Signals:
    """Per sentence: does it hold a violence cue outside metaphor frames, and which frames."""

    cue_sentences: set[int] = field(default_factory=set)
    frames: dict[int, list[str]] = field(default_factory=dict)
    # sentences with a cue that is not also a common metaphor of sport or business
    strong_sentences: set[int] = field(default_factory=set)
    sentences: int = 0
    # sentences with a word of sport or markets (``peaceful_domain_words``)
    domain_sentences: set[int] = field(default_factory=set)

    @property
    def peaceful_domain(self) -> bool:
        """A full article about sport or markets: one in three sentences or more speaks of it."""
        return (
            self.sentences >= MIN_ARTICLE_SENTENCES
            and len(self.domain_sentences) * 3 >= self.sentences
        )

    @property
    def conflict(self) -> bool:
        if self.sentences >= MIN_ARTICLE_SENTENCES:
            return bool(self.strong_sentences)
        return bool(self.cue_sentences)


def read_signals(doc: AnnotatedDoc, vocab: Vocabulary) -> Signals:
    """One pass over the tokens and one regex pass per sentence: linear in the text."""
    out = Signals(sentences=len(doc.sentences))
    frame_re = _alternation(vocab.metaphor_frames)
    phrase_re = _alternation(vocab.violence_phrases)
    for s in doc.sentences:
        text = doc.text[s.start : s.end].lower()
        masked: list[tuple[int, int]] = []
        if frame_re is not None:
            for m in frame_re.finditer(text):
                masked.append((s.start + m.start(), s.start + m.end()))
                out.frames.setdefault(s.i, []).append(m.group(0))
        cues = 0
        strong = False
        for tok in doc.tokens[s.token_start : s.token_end]:
            lemma, form = tok.lemma.lower(), tok.lower
            if lemma in vocab.peaceful_domain_words or form in vocab.peaceful_domain_words:
                out.domain_sentences.add(s.i)
            if (
                (lemma in vocab.violence_cues or form in vocab.violence_cues)
                and not any(a <= tok.idx < b for a, b in masked)
                and not _in_a_name(doc, tok)
            ):
                cues += 1
                # by the lemma: a noun "shot" is prone, a man "was shot" (shoot) is not
                strong = strong or (lemma if lemma in vocab.violence_cues else form) not in (
                    vocab.metaphor_prone_cues
                )
        if phrase_re is not None:
            for m in phrase_re.finditer(text):
                if not any(a <= s.start + m.start() < b for a, b in masked):
                    cues += 1
                    strong = strong or m.group(0) not in vocab.metaphor_prone_cues
        if cues:
            out.cue_sentences.add(s.i)
        if strong:
            out.strong_sentences.add(s.i)
    return out


def _in_a_name(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "Lintas Jet", "the Rocket Lab": a proper noun inside a named entity names, it is no
    weapon."""
    return tok.pos == "PROPN" and doc.entity_at_token(tok.i) is not None


def judge_violence(
    doc: AnnotatedDoc,
    events: list[Event],
    actors: Mapping[str, Actor],
    signals: Signals,
    sentence_of: Mapping[str, list[int]],
    vocab: Vocabulary | None = None,
) -> list[Event]:
    """Keep, retype or drop each ASSAULT event by its document (other types pass):

    * a conflict-free document (no violence cue anywhere, and no ASSAULT by or on armed
      forces or groups) gives no ASSAULT; a cue word inside a name ("Lintas Jet") is none,
      and in a full article cues that sport and business use as often as war does
      (``metaphor_prone_cues``: "fight", "battle", "shot") are none when alone; a full
      article about sport or markets (``peaceful_domain_words`` in a third of its sentences)
      is conflict-free unless an ASSAULT in it has a toll or an armed side;
    * an ASSAULT whose sentences hold a metaphor frame and no cue outside it is no event,
      except labour action ("went on strike"), which is a PROTEST;
    * an ASSAULT whose noun is predicated of something by a copula ("this budget is an
      assault on the poor") and that tells no casualties is no event;
    * an ASSAULT with no cue in its sentences, no casualties and no armed actor on either side
      ("prices hit a record", "bushfires burn") is no event.
    """
    real = any(e.type == "ASSAULT" and (_armed(e, actors) or _toll(e)) for e in events)
    conflict = (signals.conflict and not signals.peaceful_domain) or real
    out = []
    for e in events:
        if e.type != "ASSAULT":
            out.append(e)
            continue
        if not conflict:
            continue
        sentences = sentence_of.get(e.id, [])
        cued = any(i in signals.cue_sentences for i in sentences)
        frames = [f for i in sentences for f in signals.frames.get(i, [])]
        if frames and not cued:
            if any(w in f for f in frames for w in LABOUR_WORDS):
                e.type, e.mode = "PROTEST", "strike"
                e.notes.append("incidents: labour strike, not an attack")
                out.append(e)
            continue
        told_toll = e.killed is not None or e.wounded is not None  # "no one was hurt" too
        if not told_toll and vocab is not None and _predicated(doc, e, vocab):
            e.notes.append("incidents: a thing called an attack, not an attack")
            continue
        if cued or told_toll or _armed(e, actors):
            out.append(e)
    return out


def _predicated(doc: AnnotatedDoc, e: Event, vocab: Vocabulary) -> bool:
    """ "This budget is an assault on the poor", "our campaign is a direct attack on the idea":
    a violence noun said by a copula of a thing that is no violence judges the thing, it tells
    no attack. Said of a pronoun ("this was a deliberate attack") or of an incident ("the blast
    was a suicide attack"), it is a mention of the attack."""
    if e.trigger is None:
        return False
    tok = doc.token_at_or_after(e.trigger.start)
    if tok is None or tok.pos != "NOUN" or tok.dep != "attr" or tok.head == tok.i:
        return False
    be = doc.tokens[tok.head]
    if be.lemma.lower() != "be":
        return False
    subjects = [c for c in doc.children(be.i) if c.dep in ("nsubj", "nsubjpass")]
    return bool(subjects) and all(
        c.pos == "NOUN"
        and c.lemma.lower() not in vocab.violence_cues
        and c.lemma.lower() not in vocab.incident_nouns
        for c in subjects
    )


def _toll(e: Event) -> bool:
    return bool(e.killed) or bool(e.wounded)


def _armed(e: Event, actors: Mapping[str, Actor]) -> bool:
    for actor_id in [*e.sources, *e.claimed_by]:
        a = actors.get(actor_id)
        if a is not None and (a.type in ARMED_TYPES or a.type in FORCE_TYPES):
            return True
    return any((a := actors.get(t)) is not None and a.type in ARMED_TYPES for t in e.targets)


@functools.cache
def _alternation(items: tuple[str, ...]) -> re.Pattern[str] | None:
    """The phrases, longest first, each matched at word boundaries where it starts or ends
    with a letter or digit. The look-behind is written once for each run of phrases that
    share it, not once per phrase (a look-behind first in every alternative stops the
    regex engine from skipping ahead: the same matches, several times faster)."""
    if not items:
        return None
    runs: list[tuple[str, list[str]]] = []
    for w in sorted(items, key=len, reverse=True):
        before = r"(?<!\w)" if w[0].isalnum() else ""
        after = r"(?!\w)" if w[-1].isalnum() else ""
        if not runs or runs[-1][0] != before:
            runs.append((before, []))
        runs[-1][1].append(re.escape(w) + after)
    return re.compile("|".join(f"{before}(?:{'|'.join(run)})" for before, run in runs))
