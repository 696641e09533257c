"""The events stage's driver: sentence by sentence, then the document."""

from __future__ import annotations

import datetime as dt

from sitroom.actors import LinkedActors
from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.casualties import CasualtyStatement, casualty_statements, summarize
from sitroom.events.acts import distinct, others_words, split_by_predicate
from sitroom.events.arguments import _arguments, _np_actors
from sitroom.events.base import Draft, LexiconLike, Locator, Trigger, _add
from sitroom.events.claims import _attach_claims
from sitroom.events.dates import _assign_dates
from sitroom.events.eventness import asserted_drafts
from sitroom.events.incidents import (
    _attach_tolls,
    _group_incidents,
    _inherit_outcome_participants,
    _merge_incidents,
    _worth_keeping,
)
from sitroom.events.modes import _assault_mode, _office_holder_killed
from sitroom.events.participants import (
    _alleged_subject,
    _asserted,
    _speaker_subject,
    _victims_as_targets,
)
from sitroom.events.protesters import crowd_source, protested_policy
from sitroom.events.speech import (
    address_requests,
    answer_accusations,
    blame_judged_events,
    fold_speech_acts,
)
from sitroom.events.status import _status
from sitroom.events.tree import (
    _denies_victims,
    _is_anaphoric_noun,
    _restates_an_incident,
    _tree_distance,
    _victim_phrase,
)
from sitroom.events.triggers import (
    _deaths_by_violence,
    triggers,
)
from sitroom.models import Act, DateValue, Event, Span, TimeExpression
from sitroom.time import is_anchored
from sitroom.time.future import toward_future


class EventExtractor:
    """The events stage: PLOVER events of a document (see the package docstring).

    ``acts``: one event per distinct violent act of a sentence (the ``act`` event unit of
    :class:`sitroom.settings.Settings`, as PLOVER codes sentences; :mod:`.acts`), instead of
    one per incident told in it."""

    def __init__(self, lexicon: LexiconLike, *, acts: bool = False) -> None:
        self.lex = lexicon
        self.mode_priority = list(lexicon.mode_priority)
        self.acts = acts

    def triggers(self, doc: AnnotatedDoc, sentence: Sentence) -> list[Trigger]:
        return triggers(self.lex, doc, sentence)

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
            _attach_claims(self.lex, doc, sentence, actors, sentence_drafts, drafts, dated)
            drafts.extend(sentence_drafts)
            if toll:
                tolls.append((sentence, toll))
        drafts = _merge_incidents(self.lex, doc, drafts, dated)
        blame_judged_events(drafts)
        answer_accusations(doc, drafts)
        address_requests(drafts)
        _attach_tolls(drafts, tolls, dated)
        for d in drafts:
            _office_holder_killed(self.lex, doc, d)
            if d.mode == "facility_attack" and any(
                st.kind == "killed" and st.count for st in d.casualties
            ):
                # people killed in it make it an attack on people: GTD's hierarchy ranks the
                # armed assault above the damage to property
                d.mode = "armed_assault"
        for d in drafts:
            _victims_as_targets(self.lex, doc, d, actors)
        drafts = [d for d in drafts if _worth_keeping(d)]
        _assign_dates(self.lex, doc, drafts, times)
        return [self._finish(doc, n, d, published, locate, actors) for n, d in enumerate(drafts, 1)]

    def _sentence_events(
        self, doc: AnnotatedDoc, sentence: Sentence, actors: LinkedActors
    ) -> tuple[list[Draft], list[CasualtyStatement]]:
        """The events of one sentence, and its casualty statements when no violent event of
        its own can take them ("Five bodies were found in the river.")."""
        triggers = self.triggers(doc, sentence)
        statements = casualty_statements(doc, sentence.token_start, sentence.token_end)
        triggers = _asserted(doc, sentence, triggers, statements, actors)
        if not any(t.type == "ASSAULT" for t in triggers):
            triggers += _deaths_by_violence(self.lex, doc, sentence, statements)
        groups = _group_incidents(self.lex, doc, triggers, actors)
        drafts: list[Draft] = []
        for group in groups:
            if self.acts and group[0].type == "ASSAULT":
                drafts.extend(self._acts(doc, sentence, group, actors))
            else:
                drafts.append(self._draft(doc, sentence, group, actors))
        # an act in a condition or a judgement may still name the party of the speech act
        # that speaks of it ("threatened to strike if Ukraine used ..."): dropped after folding
        drafts = asserted_drafts(doc, fold_speech_acts(doc, drafts))
        _inherit_outcome_participants(doc, drafts)
        assaults = [d for d in drafts if d.type == "ASSAULT"]
        if not assaults:
            return drafts, statements
        for st in statements:
            # A toll belongs to the incident whose trigger is nearest in the tree.
            owner = min(assaults, key=lambda d: _tree_distance(doc, st.token, d.triggers))
            owner.casualties.append(st)
        return drafts, []

    def _acts(
        self, doc: AnnotatedDoc, sentence: Sentence, group: list[Trigger], actors: LinkedActors
    ) -> list[Draft]:
        """The drafts of the distinct acts of one incident's triggers (see :mod:`.acts`): the
        runs of triggers by chained predicate, a run joining the act before it unless
        :func:`~sitroom.events.acts.distinct` from it."""
        runs = split_by_predicate(doc, group)
        acts = runs[:1]
        for run in runs[1:]:
            trial = [*acts, run]
            before = self._draft(
                doc, sentence, acts[-1], actors, frozenset(others_words(doc, acts[-1], trial))
            )
            this = self._draft(doc, sentence, run, actors, frozenset(others_words(doc, run, trial)))
            if distinct(doc, acts[-1], run, before.mode, this.mode):
                acts.append(run)
            else:
                acts[-1] = acts[-1] + run
        if len(acts) == 1:
            return [self._draft(doc, sentence, group, actors)]
        return [
            self._draft(doc, sentence, act, actors, frozenset(others_words(doc, act, acts)))
            for act in acts
        ]

    def _draft(
        self,
        doc: AnnotatedDoc,
        sentence: Sentence,
        group: list[Trigger],
        actors: LinkedActors,
        elsewhere: frozenset[int] = frozenset(),
    ) -> Draft:
        """``elsewhere``: the words of the sentence's other acts (not cues of this one's mode)."""
        kind = group[0].type
        draft = Draft(triggers=group, sentence=sentence, type=kind)
        for trig in group:
            sources, targets, target_text = _arguments(self.lex, doc, trig, actors)
            _add(draft.sources, sources)
            _add(draft.targets, [t for t in targets if t not in draft.sources])
            draft.target_text = draft.target_text or target_text
        crowd = crowd_source(doc, group[0], actors, draft.sources)
        if crowd is not None:  # "thousands of Kenyans protested": the people, not the state
            draft.sources = crowd
            draft.targets = [t for t in draft.targets if t not in crowd]
        # "protested against the tax increases": the government that decided them
        draft.targets = protested_policy(doc, group[0], actors, draft.targets) or draft.targets
        draft.status, speaker, thwarter = _status(self.lex, doc, group)
        if thwarter:
            draft.notes.append(f"thwarted by {', '.join(actors.at(thwarter) or ['?'])}")
        if speaker is not None:
            ids = _np_actors(self.lex, doc, speaker, actors)
            draft.speaker = ids[0] if ids else None
        speaker_actor = actors.actors.get(draft.speaker) if draft.speaker else None
        speaker_type = speaker_actor.type if speaker_actor is not None else None
        if (
            draft.sources
            and draft.speaker in draft.sources
            and _speaker_subject(doc, group, speaker_type)
        ):
            draft.source_basis = "inferred"  # "the army said it killed": the army
        elif draft.sources:
            draft.source_basis = "alleged" if _alleged_subject(doc, group) else "stated"
        elif draft.speaker is not None and _speaker_subject(doc, group, speaker_type):
            # "the army said it killed 20 militants", "'We struck their base,' X said"
            draft.sources = [draft.speaker]
            draft.targets = [t for t in draft.targets if t != draft.speaker]
            draft.source_basis = "inferred"
            draft.notes.append("source: the speaker of the report")
        if kind == "ASSAULT":
            draft.mode = _assault_mode(self.lex, doc, sentence, group, draft, actors, elsewhere)
        else:
            draft.mode = next((t.mode for t in group if t.mode), None)
        draft.anaphoric = any(
            _is_anaphoric_noun(doc, t.token) or _restates_an_incident(doc, t.token)
            for t in group
            if t.verb is None
        )
        draft.zero_toll = all(_denies_victims(doc, t) for t in group)
        draft.clausal = any(doc.tokens[t.anchor].pos == "VERB" for t in group)
        return draft

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
            if d.date_inherited and not any(n.startswith("date ") for n in d.notes):
                d.notes.append("date inherited from an earlier sentence")
            elif d.status == "planned" and published is not None:
                ahead = toward_future(date, published)
                if ahead is not date:
                    d.notes.append("announced: the weekday or month read forward")
                    date = ahead
        elif published is not None:
            date = DateValue(start=published, end=published, precision="document", text=None)
        else:
            date = DateValue(precision="unknown")
        words = tuple(dict.fromkeys(i for t in d.triggers for i in (t.token, t.anchor)))
        location, how = locate(s.start, s.end, words) if locate is not None else (None, None)
        if how is not None:
            d.notes.append(how)
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
            act=Act(type=d.act[0], mode=d.act[1]) if d.act else None,  # type: ignore[arg-type]
            source_basis=d.source_basis if d.sources else None,  # type: ignore[arg-type]
        )
