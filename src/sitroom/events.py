"""The ``events`` stage: PLOVER events from parsed sentences.

For each sentence: find *triggers* (verbs, event nouns and light-verb constructions such as
"carried out an attack", looked up in :mod:`sitroom.lexicon`), group the violent ones that
describe one incident ("shot and killed", "opened fire before detonating ..."), read the
arguments from the dependency parse (active, passive, nominal, control verbs, coordination),
decide the status from the governing verbs ("planned to", "before being thwarted",
"considering"), count casualties (:mod:`sitroom.casualties`), attach claims of responsibility,
a date and a place. Then sentences that report the same incident (the attack, its toll, its
claim) are merged into one event with all their evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.casualties import TOLL_LEMMAS, CasualtyStatement, casualty_statements, summarize
from sitroom.coding import ARMED_ACTOR_TYPES, phrase_side
from sitroom.models import DateValue, Event, Location, Span, TimeExpression
from sitroom.time import is_anchored

# --- what the stage needs from the lexicon (see sitroom.lexicon) -----------------------------


class SenseLike(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def mode(self) -> str | None: ...


class LexiconLike(Protocol):
    # Dominant mode when one incident is reported with several verbs, after GTD's attack-type
    # hierarchy ("opened fire before detonating a truck bomb" is a bombing).
    mode_priority: tuple[str, ...]
    # Nouns of office holders: an attack aimed at one is an assassination.
    assassination_targets: frozenset[str]

    def verb(
        self,
        lemma: str,
        *,
        particle: str | None = None,
        prep: str | None = None,
        obj: str | None = None,
        pobj: str | None = None,
        obj_mods: Iterable[str] = (),
    ) -> SenseLike | None: ...
    def pattern_preps(self, lemma: str) -> frozenset[str]: ...
    def noun(self, lemma: str) -> SenseLike | None: ...
    def noun_in_context(self, lemma: str, context: Iterable[str]) -> SenseLike | None: ...
    def light_verb(
        self, verb_lemma: str, noun_lemma: str, *, particle: str | None = None
    ) -> SenseLike | None: ...
    def mode_from_cues(self, lemmas: Iterable[str]) -> str | None: ...
    def status_cue(self, lemma: str) -> str | None: ...
    def is_claim_verb(self, lemma: str) -> bool: ...


Locator = Callable[[int, int], Location | None]

STATUS_PRIORITY = ["thwarted", "negated", "attempted", "threatened", "planned", "hypothetical"]

# Verbs whose object, when present, is the subject of their infinitive ("prompted X to write").
_SUBJECT_CONTROL = {"promise", "vow", "pledge", "threaten", "agree", "decide", "plan", "try"}
_TARGET_PREPS = {"against", "on", "upon", "at", "toward", "towards", "into"}
_PARTNER_PREPS = {"with", "between", "among", "to"}
_PARTNER_TYPES = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "AID", "REQUEST", "CONCEDE"}
_RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
_REPORTING = {"say", "tell", "report", "state", "announce", "according", "add", "confirm"}
_INHERIT_MARKERS = {
    "then",
    "later",
    "afterwards",
    "subsequently",
    "meanwhile",
    "same",
    "during",
    "also",
    "additionally",
}
_ANAPHORIC_DETS = {"the", "this", "that", "these", "those", "both"}
_HAPPEN_VERBS = {
    "break",
    "erupt",
    "occur",
    "take",
    "happen",
    "flare",
    "ensue",
    "continue",
    "resume",
}
_IDENTIFYING = {"suspect", "believe", "identify", "describe", "say", "report", "claim", "think"}
_INCIDENT_NOUNS = {
    "incident",
    "attack",
    "attacks",
    "blast",
    "explosion",
    "bombing",
    "assault",
    "abduction",
    "kidnapping",
    "killing",
    "shooting",
    "ambush",
    "raid",
    "violence",
}
_GROUP_NOUNS = {
    "chapter",
    "branch",
    "affiliate",
    "wing",
    "faction",
    "offshoot",
    "cell",
    "franchise",
    "province",
    "arm",
    "splinter",
}
_NP_DEPS = {"compound", "amod", "poss", "conj", "appos", "nmod", "det", "cc", "nummod"}


@dataclass(slots=True)
class Trigger:
    token: int  # the trigger word (verb or event noun)
    type: str
    mode: str | None
    verb: int | None = None  # the light verb governing a noun trigger ("carried out" an attack)

    @property
    def anchor(self) -> int:
        return self.verb if self.verb is not None else self.token


@dataclass
class Draft:
    """An event under construction."""

    triggers: list[Trigger]
    sentence: Sentence
    type: str
    mode: str | None = None
    status: str = "occurred"
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)
    casualties: list[CasualtyStatement] = field(default_factory=list)
    more: list[Sentence] = field(default_factory=list)
    date: TimeExpression | None = None
    date_inherited: bool = False
    speaker: str | None = None
    notes: list[str] = field(default_factory=list)
    target_text: str | None = None
    anaphoric: bool = False
    zero_toll: bool = False  # only says that nobody was hurt
    # No word named the tactic: the mode is the armed-sides default, which a later report of
    # the incident does not pass on.
    mode_guessed: bool = False
    attributed: list[str] = field(default_factory=list)  # perpetrators named by sources


def _add(into: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in into:
            into.append(item)


class EventExtractor:
    def __init__(self, lexicon: LexiconLike) -> None:
        self.lex = lexicon
        self.mode_priority = list(lexicon.mode_priority)

    def _mode_rank(self, mode: str | None) -> int:
        return self.mode_priority.index(mode) if mode in self.mode_priority else 99

    # -- public -------------------------------------------------------------------------------

    def extract(
        self,
        doc: AnnotatedDoc,
        actors: LinkedActors,
        times: list[TimeExpression],
        published: dt.date | None = None,
        locate: Locator | None = None,
    ) -> list[Event]:
        drafts: list[Draft] = []
        # sentences with a date of their own
        # ("the next day" continues the incident before it in time: not a date of its own)
        dated = {
            s.i
            for s in doc.sentences
            for t in times
            if s.start <= t.mention.start < s.end and not is_anchored(t.mention.text)
        }
        tolls: list[tuple[Sentence, list[CasualtyStatement]]] = []
        for sentence in doc.sentences:
            sentence_drafts, toll = self._sentence_events(doc, sentence, actors)
            self._attach_claims(doc, sentence, actors, sentence_drafts, drafts, dated)
            drafts.extend(sentence_drafts)
            if toll:
                tolls.append((sentence, toll))
        drafts = self._merge_incidents(doc, drafts, dated)
        _attach_tolls(drafts, tolls, dated)
        for d in drafts:
            self._office_holder_killed(doc, d)
            if d.mode == "facility_attack" and any(
                st.kind == "killed" and st.count for st in d.casualties
            ):
                # people killed in it make it an attack on people: GTD's hierarchy ranks the
                # armed assault above the damage to property
                d.mode = "armed_assault"
        drafts = [d for d in drafts if _worth_keeping(d)]
        self._assign_dates(doc, drafts, times)
        return [self._finish(doc, n, d, published, locate, actors) for n, d in enumerate(drafts, 1)]

    # -- triggers -----------------------------------------------------------------------------

    def triggers(self, doc: AnnotatedDoc, sentence: Sentence) -> list[Trigger]:
        found: list[Trigger] = []
        consumed: set[int] = set()
        context = [t.lemma.lower() for t in doc.sentence_tokens(sentence)]
        for tok in doc.sentence_tokens(sentence):
            if tok.i in consumed:
                continue
            lemma = tok.lemma.lower()
            if tok.pos == "VERB" and tok.dep not in ("aux", "auxpass", "amod"):
                kids = doc.children(tok.i)
                particle = next((c.lower for c in kids if c.dep == "prt"), None)
                # The complement that decides the verb's sense: a preposition its patterns
                # know ("fired with rifles on the positions" -> on), else the first one after
                # the verb. A fronted phrase ("In response, ...") is read last, a time ("for
                # three hours", "On 1 May") not at all.
                known = self.lex.pattern_preps(lemma)
                preps = sorted(
                    (c for c in kids if c.dep == "prep" and not _temporal_prep(doc, c)),
                    key=lambda c: (c.lower not in known, c.i < tok.i, c.i),
                )
                prep = preps[0].lower if preps else None
                obj = next((c for c in kids if c.dep in ("dobj", "obj")), None)
                if obj is not None:
                    light = self.lex.light_verb(
                        lemma, _noun_key(doc, obj), particle=particle
                    ) or self.lex.light_verb(lemma, obj.lemma.lower(), particle=particle)
                    if light is not None:
                        found.append(Trigger(obj.i, light.type, light.mode, verb=tok.i))
                        consumed.add(obj.i)
                        continue
                if self.lex.is_claim_verb(lemma):
                    continue  # claims are attached to the event they claim, not events
                pobj = next(
                    (
                        o.lemma.lower()
                        for c in preps[:1]
                        for o in doc.children(c.i)
                        if o.dep == "pobj"
                    ),
                    None,
                )
                sense = self.lex.verb(
                    lemma,
                    particle=particle,
                    prep=prep,
                    obj=obj.lemma.lower() if obj else None,
                    pobj=pobj,
                    obj_mods=[
                        m.lemma.lower()
                        for m in (doc.children(obj.i) if obj is not None else [])
                        if m.dep in ("compound", "amod")
                    ],
                )
                if (
                    sense is not None
                    and sense.mode == "establish"
                    and not _founds_a_force(doc, tok)
                ):
                    continue
                if sense is not None and not self._is_mere_status_verb(doc, tok):
                    found.append(Trigger(tok.i, sense.type, sense.mode))
            elif tok.pos in ("NOUN", "PROPN") and tok.dep != "compound":
                sense = self.lex.noun_in_context(_noun_key(doc, tok), context) or (
                    self.lex.noun_in_context(lemma, context)
                )
                if sense is not None and tok.ent_type not in ("PERSON", "GPE", "DATE"):
                    found.append(Trigger(tok.i, sense.type, sense.mode))
        return found

    def _is_mere_status_verb(self, doc: AnnotatedDoc, tok: Token) -> bool:
        """ "planned to attack", "threatened to strike": the embedded event is the event."""
        if self.lex.status_cue(tok.lemma.lower()) is None:
            return False
        return any(c.dep in ("xcomp", "ccomp") and c.pos == "VERB" for c in doc.children(tok.i))

    # -- one sentence -------------------------------------------------------------------------

    def _sentence_events(
        self, doc: AnnotatedDoc, sentence: Sentence, actors: LinkedActors
    ) -> tuple[list[Draft], list[CasualtyStatement]]:
        """The events of one sentence, and its casualty statements when no violent event of
        its own can take them ("Five bodies were found in the river.")."""
        triggers = self.triggers(doc, sentence)
        statements = casualty_statements(doc, sentence.token_start, sentence.token_end)
        if not any(t.type == "ASSAULT" for t in triggers):
            triggers += self._deaths_by_violence(doc, sentence, statements)
        groups = self._group_incidents(doc, triggers, actors)
        drafts: list[Draft] = []
        for group in groups:
            draft = self._draft(doc, sentence, group, actors)
            drafts.append(draft)
        _inherit_outcome_participants(doc, drafts)
        assaults = [d for d in drafts if d.type == "ASSAULT"]
        if not assaults:
            return drafts, statements
        for st in statements:
            # A toll belongs to the incident whose trigger is nearest in the tree.
            owner = min(assaults, key=lambda d: _tree_distance(doc, st.token, d.triggers))
            owner.casualties.append(st)
        return drafts, []

    def _deaths_by_violence(
        self, doc: AnnotatedDoc, sentence: Sentence, statements: list[CasualtyStatement]
    ) -> list[Trigger]:
        """ "The bodies of two men with gunshot wounds were found", "a man was found shot
        dead": a death the sentence shows to be violent is an attack even without a verb of
        attacking. A death without such a cue ("was found dead") may be anything."""
        deaths = [st for st in statements if st.kind == "killed" and st.count != 0]
        if not deaths:
            return []
        mode = self.lex.mode_from_cues(t.lemma.lower() for t in doc.sentence_tokens(sentence))
        if mode is None:
            return []
        return [Trigger(deaths[0].token, "ASSAULT", mode)]

    def _group_incidents(
        self, doc: AnnotatedDoc, triggers: list[Trigger], actors: LinkedActors
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
            subject = self._named_subject(doc, doc.tokens[trig.anchor], actors)
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
        return sorted(groups, key=lambda g: min(t.token for t in g))

    def _named_subject(
        self, doc: AnnotatedDoc, verb: Token, actors: LinkedActors
    ) -> frozenset[str]:
        """The identified actors a verb's own subject names (none for "they", "assailants")."""
        for c in doc.children(verb.i):
            if c.dep == "nsubj":
                ids = self._np_actors(doc, c, actors)
                return frozenset(a for a in ids if a not in (UNIDENTIFIED, CIVILIANS))
        return frozenset()

    def _draft(
        self, doc: AnnotatedDoc, sentence: Sentence, group: list[Trigger], actors: LinkedActors
    ) -> Draft:
        kind = group[0].type
        draft = Draft(triggers=group, sentence=sentence, type=kind)
        for trig in group:
            sources, targets, target_text = self._arguments(doc, trig, actors)
            _add(draft.sources, sources)
            _add(draft.targets, [t for t in targets if t not in draft.sources])
            draft.target_text = draft.target_text or target_text
        draft.status, speaker, thwarter = self._status(doc, group)
        if thwarter:
            draft.notes.append(f"thwarted by {', '.join(actors.at(thwarter) or ['?'])}")
        if speaker is not None:
            ids = self._np_actors(doc, speaker, actors)
            draft.speaker = ids[0] if ids else None
        if kind == "ASSAULT":
            draft.mode = self._assault_mode(doc, sentence, group, draft, actors)
        else:
            draft.mode = next((t.mode for t in group if t.mode), None)
        draft.anaphoric = any(
            _is_anaphoric_noun(doc, t.token) or _restates_an_incident(doc, t.token)
            for t in group
            if t.verb is None
        )
        draft.zero_toll = all(_denies_victims(doc, t) for t in group)
        return draft

    def _assault_mode(
        self,
        doc: AnnotatedDoc,
        sentence: Sentence,
        group: list[Trigger],
        draft: Draft,
        actors: LinkedActors,
    ) -> str | None:
        modes = [t.mode for t in group if t.mode]
        # Cue words anywhere in the clause of the incident ("explosives-laden truck", "drone").
        words: set[int] = set()
        for t in group:
            root = _clause_root(doc, t.anchor)
            words.update(x.i for x in doc.subtree(root.i))
        cue = self.lex.mode_from_cues(doc.tokens[i].lemma.lower() for i in sorted(words))
        if cue:
            modes.append(cue)
        best = min(modes, key=self._mode_rank, default=None)
        # GTD's hierarchy: an attack aimed at an office holder is an assassination whether
        # by gun or bomb (an air strike or shelling keeps its weapon mode).
        if best in (None, "armed_assault", "armed_clash", "bombing") and (
            self._targets_ranked_person(doc, group, actors)
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
        self, doc: AnnotatedDoc, group: list[Trigger], actors: LinkedActors
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
                if self._names_office(doc, phrase):
                    return True
                surnames.update(_surnames(doc, phrase))
        return bool(surnames) and self._office_named_later(doc, group, surnames)

    def _office_holder_killed(self, doc: AnnotatedDoc, d: Draft) -> None:
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
        if any(self._names_office(doc, _np_tokens(doc, v)) for v in victims):
            d.mode = "assassination"
            d.notes.append("assassination: the victim holds an office")

    def _names_office(self, doc: AnnotatedDoc, phrase: list[Token]) -> bool:
        """Does a noun phrase name an office ("the governor", "a district council member")?"""
        ranked = self.lex.assassination_targets
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
        self, doc: AnnotatedDoc, group: list[Trigger], surnames: set[str]
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
                if any(self._names_office(doc, _np_tokens(doc, d)) for d in described):
                    return True
        return False

    # -- arguments ----------------------------------------------------------------------------

    def _arguments(
        self, doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors
    ) -> tuple[list[str], list[str], str | None]:
        anchor = doc.tokens[trig.anchor]
        sources: list[str] = []
        targets: list[str] = []
        target_text: str | None = None
        partner = trig.type in _PARTNER_TYPES
        if anchor.pos in ("VERB", "AUX"):
            kids = doc.children(anchor.i)
            passive = any(c.dep in ("auxpass", "nsubjpass") for c in kids)
            for c in kids:
                if c.dep == "nsubj" and c.lower not in _RELATIVE_PRONOUNS:
                    sources += self._np_actors(doc, c, actors)
                elif c.dep == "nsubjpass":
                    if trig.type == "MOBILIZE":  # "IS-K was established in ..." acts itself
                        sources += self._np_actors(doc, c, actors)
                    else:
                        targets += self._np_actors(doc, c, actors)
                        target_text = target_text or _phrase(doc, c)
                elif c.dep == "agent":
                    for obj in doc.children(c.i):
                        if obj.dep == "pobj":
                            sources += self._np_actors(doc, obj, actors)
                elif c.dep in ("dobj", "obj", "dative") and c.i != trig.token:
                    targets += self._np_actors(doc, c, actors)
                    target_text = target_text or _phrase(doc, c)
                elif c.dep == "prep" and (
                    c.lower in _TARGET_PREPS or (partner and c.lower in _PARTNER_PREPS)
                ):
                    for obj in doc.children(c.i):
                        if obj.dep == "pobj":
                            targets += self._np_actors(doc, obj, actors)
            if not sources and not (passive and trig.type != "MOBILIZE"):
                sources += self._inherited_subject(doc, anchor, actors)
            if anchor.dep == "relcl" and any(
                c.dep == "nsubj" and c.lower in _RELATIVE_PRONOUNS for c in kids
            ):
                sources += self._np_actors(doc, doc.tokens[anchor.head], actors)
            elif anchor.dep == "acl" and anchor.tag == "VBD" and not sources:
                # "militants attacked X" misread as a reduced relative clause of "militants"
                sources += self._np_actors(doc, doc.tokens[anchor.head], actors)
        noun = doc.tokens[trig.token]
        if trig.verb is None and noun.dep == "dobj" and not sources:
            gov = doc.tokens[noun.head]
            if self.lex.status_cue(gov.lemma.lower()) in (
                "planned",
                "hypothetical",
                "attempted",
                "threatened",
            ):
                # "the government was considering talks", "planning an attack": the one who
                # considers or plans is the party (not so for "condemned the attack")
                sources += [
                    a
                    for c in doc.children(gov.i)
                    if c.dep == "nsubj"
                    for a in self._np_actors(doc, c, actors)
                ]
        if trig.verb is None or trig.verb != trig.token:
            s, t = self._noun_arguments(doc, doc.tokens[trig.token], actors, trig.type)
            sources += [x for x in s if x not in sources]
            targets += [x for x in t if x not in targets]
        sources = [s for s in sources if s not in targets or partner]
        if partner and not sources and len(targets) > 1:
            sources, targets = targets[:1], targets[1:]
        return _dedupe(sources), _dedupe(t for t in targets if t not in sources), target_text

    def _noun_arguments(
        self, doc: AnnotatedDoc, noun: Token, actors: LinkedActors, kind: str
    ) -> tuple[list[str], list[str]]:
        sources: list[str] = []
        targets: list[str] = []
        partner = kind in _PARTNER_TYPES
        kids = list(doc.children(noun.i))
        if noun.dep == "nsubj" and doc.tokens[noun.head].lemma.lower() in _HAPPEN_VERBS:
            # "a clash broke out between X and Y", "fighting erupted with X"
            kids += [c for c in doc.children(noun.head) if c.dep == "prep"]
        for c in kids:
            if c.dep == "poss" or (c.dep in ("compound", "amod") and actors.at(c.i)):
                sources += actors.at(c.i)
            elif c.dep == "prep":
                objs = [o for o in doc.children(c.i) if o.dep == "pobj"]
                for obj in objs:
                    ids = self._np_actors(doc, obj, actors)
                    if c.lower == "by":
                        sources += ids
                    elif (
                        c.lower in _TARGET_PREPS
                        or c.lower == "of"
                        or (partner and c.lower in _PARTNER_PREPS)
                    ):
                        targets += ids
                    elif c.lower == "with" and kind == "ASSAULT":
                        targets += ids  # "clashes with X"
                    elif c.lower in ("between", "among") and kind == "ASSAULT":
                        targets += ids  # "a clash between X and Y": both sides
        if (partner or kind == "ASSAULT") and not sources and len(targets) > 1:
            sources, targets = targets[:1], targets[1:]
        return sources, targets

    def _inherited_subject(
        self, doc: AnnotatedDoc, verb: Token, actors: LinkedActors, depth: int = 0
    ) -> list[str]:
        """Subject of a verb that has none of its own: control, coordination, adverbial."""
        if depth > 3 or verb.head == verb.i:
            return []
        gov = doc.tokens[verb.head]
        if verb.dep not in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and not (
            verb.dep == "prep" or doc.tokens[verb.head].dep == "prep"
        ):
            return []
        if verb.dep == "pcomp" or gov.dep == "prep":
            gov = doc.tokens[gov.head] if gov.pos == "ADP" else gov
        if self.lex.status_cue(gov.lemma.lower()) == "thwarted":
            return []  # "police foiled a plot to bomb ...": the police are not the bombers
        kids = doc.children(gov.i)
        if verb.dep == "xcomp" and gov.lemma.lower() not in _SUBJECT_CONTROL:
            objs = [c for c in kids if c.dep in ("dobj", "obj")]
            if objs:
                return self._np_actors(doc, objs[0], actors)
        subj = [c for c in kids if c.dep == "nsubj" and c.lower not in _RELATIVE_PRONOUNS]
        if subj:
            return self._np_actors(doc, subj[0], actors)
        if any(c.dep == "nsubjpass" for c in kids):
            return []
        return self._inherited_subject(doc, gov, actors, depth + 1)

    def _np_actors(self, doc: AnnotatedDoc, head: Token, actors: LinkedActors) -> list[str]:
        """Actors named in the noun phrase headed by ``head`` (not in its clauses)."""
        if head.lemma.lower() in _GROUP_NOUNS:
            # "the Afghan chapter of ISIS, now known as IS-K": the chapter is IS-K, not ISIS.
            named = [
                a
                for t in doc.subtree(head.i)
                if t.i != head.i
                and _reaches_via(doc, t, head.i, {"appos", "acl", "attr", "pobj", "prep", "oprd"})
                and doc.tokens[t.head].lower != "of"
                for a in actors.at(t.i)
            ]
            if named:
                return _dedupe(named)
        # "men suspected to be Al-Shabaab militants": the identification names the actor.
        for c in doc.children(head.i):
            if c.dep in ("acl", "relcl") and c.lemma.lower() in _IDENTIFYING:
                named = [a for t in doc.subtree(c.i) if t.i != c.i for a in actors.at(t.i)]
                if named:
                    return _dedupe(named)
        found: list[str] = list(actors.at(head.i))
        if not found and self.lex.mode_from_cues([head.lemma.lower()]) is not None:
            # "shells fired by Pakistani forces", "a bomb planted by the group": the agent of a
            # weapon's passive participle is who attacked with it.
            for c in doc.children(head.i):
                if c.dep != "acl":
                    continue
                for agent in (a for a in doc.children(c.i) if a.dep == "agent"):
                    for obj in (o for o in doc.children(agent.i) if o.dep == "pobj"):
                        found += [a for a in self._np_actors(doc, obj, actors) if a not in found]
            if found:
                return _dedupe(found)
        named_head = bool(found)
        stack = [head.i]
        while stack:
            cur = stack.pop()
            for c in doc.children(cur):
                if c.dep == "appos" and named_head:
                    # "Al-Shabaab, the Somali affiliate of Al Qaeda": the apposition describes
                    # the named actor; the group it mentions is not a second participant
                    continue
                if (
                    c.dep in _NP_DEPS
                    or (c.dep == "prep" and c.lower == "of")
                    or (c.dep == "pobj" and doc.tokens[c.head].lower == "of")
                ):
                    found += [a for a in actors.at(c.i) if a not in found]
                    stack.append(c.i)
        return _dedupe(found)

    # -- status -------------------------------------------------------------------------------

    def _status(
        self, doc: AnnotatedDoc, group: list[Trigger]
    ) -> tuple[str, Token | None, int | None]:
        statuses: list[str] = []
        speaker: Token | None = None
        thwarter: int | None = None
        # "killed three militants who were planning attacks": a trigger inside a relative
        # clause describes someone, and its status is not the incident's.
        main = [t for t in group if not _in_relative_clause(doc, t.anchor)]
        for trig in main or group:
            chain = [doc.tokens[trig.token]]
            if trig.verb is not None:
                chain.append(doc.tokens[trig.verb])
            # Climb through the clauses that govern the trigger ("planned to attack", "denied
            # carrying out"), not out of a prepositional phrase or a relative clause: in "As part
            # of the agreement, X promised ..." the promise does not govern the agreement.
            node = chain[-1]
            while node.head != node.i and len(chain) <= 6:
                if node.dep in _CLAUSE_BARRIERS or (node.pos == "NOUN" and node.dep == "pobj"):
                    break
                # A participle or adverbial clause ("Having worked with X, the US is considering
                # ...") keeps its own status; an infinitive ("a plot to attack", "tried to
                # storm") is governed by its head.
                if node.dep in ("advcl", "acl") and not _infinitival(doc, node):
                    break
                node = doc.tokens[node.head]
                if _is_prepositional_participle(doc, node):
                    break
                chain.append(node)
            for k, node in enumerate(chain):
                lemma = node.lemma.lower()
                kids = doc.children(node.i)
                if (
                    any(c.dep == "neg" for c in kids)
                    or any(c.dep == "det" and c.lower == "no" for c in kids if node.pos == "NOUN")
                    or (
                        k == 0
                        and node.pos == "VERB"
                        and any(
                            c.dep in ("nsubjpass", "dobj")
                            and any(d.dep == "det" and d.lower == "no" for d in doc.children(c.i))
                            for c in kids
                        )
                    )
                ):
                    statuses.append("negated")  # "did not", "no attack", "no civilians were hurt"
                if k > 0 or node.pos == "VERB":
                    cue = self.lex.status_cue(lemma) if k > 0 else None
                    if cue:
                        statuses.append(cue)
                    modal = [
                        c
                        for c in kids
                        if c.dep == "aux"
                        and c.lower in ("may", "might", "could", "would", "must", "should")
                    ]
                    if modal:
                        statuses.append("hypothetical")
                    if any(c.dep == "mark" and c.lower in ("if", "unless") for c in kids):
                        statuses.append("hypothetical")
                if k > 0 and lemma in _REPORTING and speaker is None:
                    speaker = next((c for c in kids if c.dep == "nsubj"), None)
                # "planned to attack ... before being thwarted by German authorities"
                for c in kids:
                    for t in doc.subtree(c.i) if c.dep in ("advcl", "prep", "conj") else []:
                        # Only a verb thwarts from a side clause ("before being stopped");
                        # a noun there is a place or thing ("a bus stop").
                        if (
                            t.pos == "VERB"
                            and self.lex.status_cue(t.lemma.lower()) == "thwarted"
                            and _thwarts_its_head(doc, t)
                        ):
                            statuses.append("thwarted")
                            agent = next((a for a in doc.children(t.i) if a.dep == "agent"), None)
                            if agent is not None:
                                thwarter = next(
                                    (o.i for o in doc.children(agent.i) if o.dep == "pobj"), None
                                )
        best = min(statuses, key=STATUS_PRIORITY.index, default="occurred")
        return best, speaker, thwarter

    # -- claims of responsibility -------------------------------------------------------------

    def _attach_claims(
        self,
        doc: AnnotatedDoc,
        sentence: Sentence,
        actors: LinkedActors,
        here: list[Draft],
        before: list[Draft],
        dated: set[int],
    ) -> None:
        for tok in doc.sentence_tokens(sentence):
            lemma = tok.lemma.lower()
            if lemma in ("attribute", "blame", "suspect") and tok.pos == "VERB":
                self._attach_attribution(doc, tok, actors, here, before, dated)
                continue
            if not self.lex.is_claim_verb(lemma) or tok.pos != "VERB":
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
                                claimant += self._np_actors(doc, o, actors)
            else:
                subj = next((c for c in kids if c.dep == "nsubj"), None)
                if subj is not None:
                    claimant = self._np_actors(doc, subj, actors)
                    denied = any(c.lower == "no" for c in doc.children(subj.i)) or subj.lower in (
                        "nobody",
                        "none",
                    )
                obj = next((c for c in kids if c.dep in ("dobj",)), None)
                if obj is not None and obj.lemma.lower() not in ("responsibility", "credit"):
                    continue  # "claimed that ...", "claimed victory": not a claim of an attack
                for c in doc.subtree(tok.i):
                    if c.dep == "pobj" and doc.tokens[c.head].lower in ("for", "of"):
                        claimed = c
                        break
            denied = denied or any(c.dep == "neg" for c in kids)
            claimant = [a for a in claimant if a not in (UNIDENTIFIED, CIVILIANS)]
            for target in self._claimed_drafts(doc, claimed, here, before, sentence, dated):
                if denied:
                    target.notes.append("no claim of responsibility")
                    continue
                _add(target.claimed_by, claimant)
                if claimant and all(s == UNIDENTIFIED for s in target.sources):
                    target.sources = list(claimant)
                    target.targets = [t for t in target.targets if t not in claimant]
                if sentence is not target.sentence and sentence not in target.more:
                    target.more.append(sentence)

    def _attach_attribution(
        self,
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
                        perpetrators += self._np_actors(doc, o, actors)
            elif c.dep in ("dobj", "nsubjpass"):
                if (
                    verb.lemma.lower() in ("blame", "suspect")
                    and c.dep == "dobj"
                    and (actors.at(c.i))
                ):
                    perpetrators += self._np_actors(doc, c, actors)
                elif c.lemma.lower() in ("involvement", "role", "hand", "responsibility"):
                    # "sources suspected the involvement of X"
                    for o in doc.prep_objects(c.i, "of"):
                        perpetrators += self._np_actors(doc, o, actors)
                else:
                    claimed = c
        perpetrators = [p for p in perpetrators if p not in (UNIDENTIFIED, CIVILIANS)]
        if not perpetrators:
            return
        sentence = doc.sentences[verb.sent]
        for target in self._claimed_drafts(doc, claimed, here, before, sentence, dated):
            target.notes.append("perpetrator attributed by sources")
            _add(target.attributed, perpetrators)
            if all(s == UNIDENTIFIED for s in target.sources):
                target.sources = list(perpetrators)
            if verb.sent != target.sentence.i and sentence not in target.more:
                target.more.append(sentence)

    def _claimed_drafts(
        self,
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
        target = self._claimed_draft(claimed, here, before, dated)
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
        self, claimed: Token | None, here: list[Draft], before: list[Draft], dated: set[int]
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

    # -- one event per incident ---------------------------------------------------------------

    def _merge_incidents(
        self, doc: AnnotatedDoc, drafts: list[Draft], dated: set[int]
    ) -> list[Draft]:
        drafts = self._merge_headline(doc, drafts)
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
                _absorb(prev, d, self._mode_rank)
                continue
            merged.append(d)
        return merged

    def _merge_headline(self, doc: AnnotatedDoc, drafts: list[Draft]) -> list[Draft]:
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

    # -- dates --------------------------------------------------------------------------------

    def _assign_dates(
        self, doc: AnnotatedDoc, drafts: list[Draft], times: list[TimeExpression]
    ) -> None:
        dated_before: list[Draft] = []
        datelines = _datelines(doc, times)
        for d in drafts:
            own = [t for t in times if d.sentence.start <= t.mention.start < d.sentence.end]
            dateline = _dateline_before(datelines, d.sentence)
            if not own and dateline is not None:
                # "03/13/2021: An explosive device detonated ...": the dateline dates its text.
                d.date = dateline
                d.notes.append("date from the dateline")
                dated_before.append(d)
                continue
            if own:
                anchor = doc.tokens[d.triggers[0].anchor].idx
                d.date = min(own, key=lambda t: abs(t.mention.start - anchor))
            elif dated_before and self._clearly_continues(doc, d, dated_before[-1]):
                d.date = dated_before[-1].date
                d.date_inherited = True
            if d.date is not None:
                dated_before.append(d)

    def _clearly_continues(self, doc: AnnotatedDoc, d: Draft, prev: Draft) -> bool:
        """Inherit the previous date only when the text ties the sentences together."""
        if d.sentence.paragraph != prev.sentence.paragraph:
            return False
        if d.sentence.i - _last_sentence(prev) > 2:
            return False
        words = {t.lower for t in doc.sentence_tokens(d.sentence)}
        return d.anaphoric or bool(words & _INHERIT_MARKERS)

    # -- output -------------------------------------------------------------------------------

    def _finish(
        self,
        doc: AnnotatedDoc,
        n: int,
        d: Draft,
        published: dt.date | None,
        locate: Locator | None,
        actors: LinkedActors,
    ) -> Event:
        s = d.sentence
        evidence = Span(start=s.start, end=s.end, text=doc.text[s.start : s.end])
        trig = doc.tokens[d.triggers[0].token]
        killed, wounded, notes = summarize(d.casualties)
        # Without a target phrase of its own, the victims are what the act was aimed at
        # ("1 militant killed during a search operation").
        target_text = d.target_text or next(
            (
                _victim_phrase(doc, doc.tokens[st.victims[0]])
                for st in d.casualties
                if st.victims and st.count != 0
            ),
            None,
        )
        if d.date is not None:
            date = d.date.value
            if d.date_inherited:
                d.notes.append("date inherited from an earlier sentence")
        elif published is not None:
            date = DateValue(start=published, end=published, precision="document", text=None)
        else:
            date = DateValue(precision="unknown")
        location = locate(s.start, s.end) if locate is not None else None
        confidence = 0.4
        if d.sources:
            confidence += 0.2
        if d.targets:
            confidence += 0.1
        if d.date is not None:
            confidence += 0.1
        if any(actors.actors[a].kb for a in d.sources if a in actors.actors):
            confidence += 0.1
        return Event(
            id=f"e{n}",
            type=d.type,  # type: ignore[arg-type]
            mode=d.mode,
            status=d.status,  # type: ignore[arg-type]
            sources=d.sources,
            targets=d.targets,
            claimed_by=d.claimed_by,
            date=date,
            location=location,
            killed=killed,
            wounded=wounded,
            evidence=evidence,
            trigger=Span(start=trig.idx, end=trig.end, text=trig.text),
            more_evidence=[
                Span(start=m.start, end=m.end, text=doc.text[m.start : m.end]) for m in d.more
            ],
            target_text=target_text,
            speaker=d.speaker,
            notes=d.notes + notes,
            confidence=round(min(confidence, 0.95), 2),
        )


# --- tree helpers ----------------------------------------------------------------------------

_CLAUSE_BARRIERS = {"relcl", "acl", "appos", "pobj", "npadvmod"}
# What may be founded for "established"/"set up" to be a mobilization.
_FORCE_NOUNS = {
    "base",
    "outpost",
    "branch",
    "cell",
    "chapter",
    "province",
    "camp",
    "presence",
    "stronghold",
    "foothold",
    "wing",
    "faction",
    "group",
    "militia",
    "brigade",
    "battalion",
    "unit",
    "garrison",
    "checkpoint",
    "front",
    "force",
    "army",
    "movement",
    "affiliate",
    "franchise",
    "network",
}
_OUTCOME_VERBS = {"result", "lead", "culminate", "produce", "yield", "pave"}


def _founds_a_force(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "IS-K was established in Nangarhar", "set up a base": founding an armed presence."""
    for c in doc.children(verb.i):
        if c.dep in ("dobj", "nsubjpass", "obj") and (
            c.lemma.lower() in _FORCE_NOUNS or c.ent_type in ("ORG", "NORP")
        ):
            return True
    return False


def _target_heads(doc: AnnotatedDoc, tok: Token) -> list[Token]:
    """Heads of the phrases an act is aimed at: its object, passive subject, "on"/"at"/
    "against" objects, the object of a "targeting ..." participle, and what a device was
    attached to ("a bomb planted under the vehicle of X")."""
    heads: list[Token] = []
    for c in doc.children(tok.i):
        if c.dep in ("dobj", "nsubjpass", "obj"):
            heads.append(c)
        elif c.dep == "prep" and c.lower in ("on", "at", "against", "upon"):
            heads += [o for o in doc.children(c.i) if o.dep == "pobj"]
        elif c.dep == "acl" and c.lemma.lower() in _ATTACHING:
            heads += doc.prep_objects(c.i, "to", "on", "under", "beneath", "inside")
        elif c.dep in ("advcl", "acl", "xcomp") and c.lemma.lower() in ("target", "aim"):
            heads += [o for o in doc.children(c.i) if o.dep in ("dobj", "obj")]
            heads += [
                o
                for p in doc.children(c.i)
                if p.dep == "prep"
                for o in doc.children(p.i)
                if o.dep == "pobj"
            ]
    return heads


def _np_tokens(doc: AnnotatedDoc, head: Token) -> list[Token]:
    """The noun phrase of ``head`` with its appositions and "of" complements ("the vehicle
    of X, a member of parliament") and whom a vehicle carries ("a car carrying officials"),
    without other clauses."""
    out = [head]
    stack = [head.i]
    while stack:
        cur = stack.pop()
        for c in doc.children(cur):
            if (
                c.dep in ("compound", "amod", "appos", "poss", "nmod", "conj", "pobj")
                or (c.dep == "prep" and c.lower == "of")
                or (c.dep in ("acl", "dobj") and c.lemma.lower() in _CARRYING)
                or (c.dep == "dobj" and doc.tokens[c.head].lemma.lower() in _CARRYING)
            ):
                out.append(c)
                stack.append(c.i)
    return out


_CARRYING = {"carry", "transport"}
_ATTACHING = {"attach", "plant", "place", "fix", "hide", "stick"}


def _surnames(doc: AnnotatedDoc, phrase: list[Token]) -> set[str]:
    """Last words of the person names in a phrase: how a later sentence refers to them. The
    small model often tags a foreign name as an organization, so any proper name that is not
    a place or a group of people counts."""
    out: set[str] = set()
    for tok in phrase:
        nxt = doc.tokens[tok.i + 1] if tok.i + 1 < len(doc.tokens) else None
        last_of_name = nxt is None or nxt.pos != "PROPN"
        if (
            tok.pos == "PROPN"
            and tok.ent_type not in ("GPE", "LOC", "FAC", "NORP", "DATE")
            and last_of_name
            and len(tok.text) > 2
            and tok.text.isalpha()
        ):
            out.add(tok.lower)
    return out


def _in_relative_clause(doc: AnnotatedDoc, i: int) -> bool:
    tok = doc.tokens[i]
    return tok.dep in ("relcl", "acl") or any(a.dep == "relcl" for a in doc.ancestors(i))


def _infinitival(doc: AnnotatedDoc, tok: Token) -> bool:
    return any(c.dep == "aux" and c.lower == "to" for c in doc.children(tok.i))


def _thwarts_its_head(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "before being thwarted", "but police foiled it": the side clause stops the event; in
    "coordinating with X to defeat Y" the purpose clause defeats someone else."""
    kids = doc.children(verb.i)
    if any(c.dep in ("auxpass", "nsubjpass") for c in kids):
        return True
    # "was discovered and safely defused": the conjunct shares the passive
    if verb.dep == "conj" and any(
        c.dep in ("auxpass", "nsubjpass") for c in doc.children(verb.head)
    ):
        return True
    return any(c.dep == "dobj" and c.pos == "PRON" for c in kids)


def _is_prepositional_participle(doc: AnnotatedDoc, tok: Token) -> bool:
    """ "considering X", "given X", "following X" used as prepositions carry no status."""
    return (
        tok.tag == "VBG"
        and tok.dep in ("advcl", "prep", "pcomp", "acl")
        and not any(c.dep in ("nsubj", "nsubjpass") for c in doc.children(tok.i))
        and tok.lemma.lower() in ("consider", "give", "follow", "include", "regard")
    )


def _armed(actors: LinkedActors, actor_id: str) -> bool:
    actor = actors.actors.get(actor_id)
    return actor is not None and actor.type in ARMED_ACTOR_TYPES


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
    return bool(named)


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


def _noun_key(doc: AnnotatedDoc, tok: Token) -> str:
    """ "air strike", "car bomb", "explosive device": the modifier right before the noun."""
    mods = [c for c in doc.children(tok.i) if c.dep in ("compound", "amod") and c.i == tok.i - 1]
    if mods:
        return f"{mods[0].lemma.lower()} {tok.lemma.lower()}"
    return tok.lemma.lower()


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


def _datelines(doc: AnnotatedDoc, times: list[TimeExpression]) -> list[TimeExpression]:
    """Datelines: a sentence that is nothing but a date ("05/10/2021:"), or one a date opens
    with a colon ("05/10/2021: Assailants ...")."""
    out: list[TimeExpression] = []
    for sentence in doc.sentences:
        inside = [t for t in times if sentence.start <= t.mention.start < sentence.end]
        if len(inside) != 1 or inside[0].value.start is None:
            continue
        rest = doc.text[sentence.start : sentence.end].replace(inside[0].mention.text, "")
        opens = doc.text[inside[0].mention.end : inside[0].mention.end + 2].lstrip(" ")[:1]
        if not rest.strip(" \t\n:-–—,.|") or (
            inside[0].mention.start == sentence.start and opens in (":", "–", "—")
        ):
            out.append(inside[0])
    return out


def _dateline_before(datelines: list[TimeExpression], sentence: Sentence) -> TimeExpression | None:
    """The latest dateline before a sentence dates it, across paragraphs ("07/14/2021:" on a
    line of its own heads the report below it)."""
    before = [t for t in datelines if t.mention.start < sentence.start]
    return before[-1] if before else None


def _tree_distance(doc: AnnotatedDoc, a: int, triggers: Iterable[Trigger]) -> int:
    """Fewest dependency edges from token ``a`` to a trigger word or its light verb."""
    a_path = [a, *[t.i for t in doc.ancestors(a)]]
    best = 99
    for trig in triggers:
        for b in {trig.anchor, trig.token}:
            b_path = [b, *[t.i for t in doc.ancestors(b)]]
            common = set(a_path) & set(b_path)
            if common:
                best = min(best, min(a_path.index(c) + b_path.index(c) for c in common))
    return best


def _clause_root(doc: AnnotatedDoc, i: int) -> Token:
    tok = doc.tokens[i]
    while tok.head != tok.i and tok.dep not in ("ROOT", "ccomp", "advcl", "relcl"):
        tok = doc.tokens[tok.head]
    return tok


def _reaches_via(doc: AnnotatedDoc, tok: Token, top: int, deps: set[str]) -> bool:
    cur = tok
    steps = 0
    while cur.head != cur.i and steps < 8:
        if cur.dep not in deps and cur.dep not in ("compound", "det", "punct", "advmod", "amod"):
            return False
        if cur.head == top:
            return True
        cur = doc.tokens[cur.head]
        steps += 1
    return False


def _phrase(doc: AnnotatedDoc, head: Token) -> str:
    toks = [t for t in doc.subtree(head.i) if t.dep not in ("relcl", "acl")]
    if not toks:
        return head.text
    return doc.text[toks[0].idx : toks[-1].end][:200]


def _victim_phrase(doc: AnnotatedDoc, head: Token) -> str:
    """The victims' noun phrase without the clause that reports their fate: "1 militant" in
    "1 militant killed during a raid", "two soldiers who were on patrol" -> "two soldiers"."""
    clauses = {
        t.i for c in doc.children(head.i) if c.dep in ("relcl", "acl") for t in doc.subtree(c.i)
    }
    kept = [t.i for t in doc.subtree(head.i) if t.i not in clauses]
    first = last = head.i
    while first - 1 in kept:
        first -= 1
    while last + 1 in kept:
        last += 1
    return doc.text[doc.tokens[first].idx : doc.tokens[last].end][:200]


def _is_anaphoric_noun(doc: AnnotatedDoc, i: int) -> bool:
    tok = doc.tokens[i]
    return (
        tok.pos == "NOUN"
        and any(c.dep == "det" and c.lower in _ANAPHORIC_DETS for c in doc.children(i))
        and not any(c.dep in ("relcl", "acl") for c in doc.children(i))
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


def _denies_victims(doc: AnnotatedDoc, trig: Trigger) -> bool:
    """ "no civilians were harmed", "nobody was hurt": a toll of zero, not an act."""
    tok = doc.tokens[trig.token]
    if tok.lemma.lower() not in TOLL_LEMMAS:
        return False
    for c in doc.children(tok.i):
        if c.dep in ("nsubjpass", "dobj", "nsubj") and (
            c.lower in ("nobody", "none")
            or any(d.dep == "det" and d.lower == "no" for d in doc.children(c.i))
        ):
            return True
    return False


_CONTINUATION_WORDS = {"ensuing", "subsequent", "resulting"}
_RESPONSE_LEMMAS = {"retaliate", "retaliation", "respond", "repel", "repulse", "counterattack"}


def _names_both_sides(words: list[str]) -> bool:
    """ "the two sides", "both sides", "each other", "from both sides": a report of the
    fighting between the parties of an incident already named."""
    pairs = set(pairwise(words))
    return bool(
        pairs & {("two", "sides"), ("both", "sides"), ("each", "other"), ("both", "parties")}
    )


_CAPTIVE_NOUNS = {"hostage", "captive", "abductee", "victim", "body"}


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


def _restates_an_incident(doc: AnnotatedDoc, i: int) -> bool:
    """ "This was one of two related attacks": a sentence about the incident just reported."""
    for anc in doc.ancestors(i):
        if anc.lemma == "be":
            return any(
                c.dep == "nsubj" and c.lower in ("this", "it", "that") for c in doc.children(anc.i)
            )
        if anc.dep in ("relcl", "advcl", "ccomp"):
            return False
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


def _dedupe(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _temporal_prep(doc: AnnotatedDoc, prep: Token) -> bool:
    """ "for three hours", "on Monday": a preposition whose object is a date or a time."""
    return any(
        o.dep == "pobj" and (o.ent_type in ("DATE", "TIME") or o.lemma.lower() in _TIME_NOUNS)
        for o in doc.children(prep.i)
    )


_TIME_NOUNS = frozenset(
    [
        "second",
        "minute",
        "hour",
        "day",
        "night",
        "week",
        "weekend",
        "month",
        "year",
        "decade",
        "while",
        "time",
        "morning",
        "afternoon",
        "evening",
        "dawn",
        "dusk",
    ]
)
