"""Incident resolution: one event per real-world incident in a document, with its salience.

A pipeline stage after the sentence-level events stage, on plain :class:`~sitroom.models.Event`
objects and the :class:`~sitroom.annotation.AnnotatedDoc`:

1. events read from the article's anatomy (credits, captions, byline) are dropped;
2. ASSAULT events are judged by their document (:mod:`sitroom.incidents.signals`): none in a
   conflict-free article, none from metaphors, labour strikes become PROTEST;
3. events that are the content of another act ("urged X to *lift* the ban") are dropped, so
   are the second acts of coordinated verbs with one subject ("froze the assets and *banned*")
   and what attackers do within their attack ("the attackers *withdrew*");
   mentions of one incident become one event carrying every mention as evidence
   (:mod:`sitroom.incidents.clusters`); an act other than ASSAULT or COERCE with no
   actor on either side (not even a generic one) is not codable and is dropped, so is aid with
   no giver and a cooperation, agreement, support or sanction between generic parties only;
   commentary, feared or wanted acts and habits are not asserted
   (:mod:`sitroom.incidents.assertion`);
4. every event gets a salience, older events keep only their own date, and a country-level
   place takes the dateline's division (:mod:`sitroom.incidents.salience`).

Every step is linear in the number of events (a mention looks back over a bounded number of
open incidents); an article with more than :data:`MAX_EVENTS` events is passed through with a
warning instead of being resolved.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from sitroom.anatomy import Anatomy
from sitroom.anatomy.filters import drop_events
from sitroom.annotation import AnnotatedDoc
from sitroom.incidents.attributes import merge
from sitroom.incidents.clauses import one_per_clause, parts_of_acts, parts_of_attacks
from sitroom.incidents.clusters import (
    codable,
    drop_contents,
    group,
    mention_of,
    states_of,
)
from sitroom.incidents.newsroom import newsroom_event
from sitroom.incidents.restatement import Restatements
from sitroom.incidents.salience import (
    assign_salience,
    dateline_prior,
    headline_lemmas,
    undate_inherited_background,
)
from sitroom.incidents.signals import judge_violence, read_signals
from sitroom.incidents.spoken import drop_spoken
from sitroom.incidents.vocabulary import Vocabulary, default_vocabulary
from sitroom.models import Actor, Event

__all__ = ["MAX_EVENTS", "IncidentResolver"]

log = logging.getLogger(__name__)

MAX_EVENTS = 20_000


class IncidentResolver:
    def __init__(self, vocabulary: Vocabulary | None = None, *, acts: bool = False) -> None:
        """``acts``: one event per distinct act of a clause (the ``act`` event unit): two
        coordinated acts that differ are not folded into one (:mod:`.clauses`)."""
        self.vocab = vocabulary or default_vocabulary()
        self.acts = acts

    def resolve(
        self,
        doc: AnnotatedDoc,
        events: list[Event],
        actors: Mapping[str, Actor],
        published: dt.date | None,
        anatomy: Anatomy | None = None,
        title: str | None = None,
    ) -> list[Event]:
        if anatomy is not None:
            events = drop_events(events, anatomy.excluded_sentences)
        if len(events) > MAX_EVENTS:
            log.warning(
                "incidents: %d events in one document (more than %d): not resolved",
                len(events),
                MAX_EVENTS,
            )
            return events
        kept = []
        for e in events:
            if newsroom_event(doc, e, actors, self.vocab):
                e.notes.append("incidents: the reporting of the story, not an event")
            else:
                kept.append(e)
        events = kept
        sentences = {e.id: self._sentences(doc, e) for e in events}
        signals = read_signals(doc, self.vocab)
        events = judge_violence(doc, events, actors, signals, sentences, self.vocab)
        mentions = [mention_of(doc, e, self.vocab) for e in events]
        mentions = drop_contents(doc, mentions, self.vocab)
        mentions = drop_spoken(doc, mentions, self.vocab)
        mentions = one_per_clause(doc, mentions, self.vocab, acts=self.acts)
        if not self.acts:
            mentions = parts_of_acts(doc, mentions, self.vocab.act_precedence)
        mentions = parts_of_attacks(mentions, self.vocab.attack_parts, acts=self.acts)
        vocab = self.vocab
        restated = Restatements(
            vocab.restated_types,
            vocab.restated_with_target,
            vocab.confusable_modes,
            vocab.placeless_types,
        )
        incidents = group(mentions, restated, states_of(actors))
        merged = [merge(inc, actors, vocab.attribution_verbs) for inc in incidents]
        # the words of each incident's acts, for the headline (kept by object: ids change)
        acts = {
            id(e): {m.lemma for m in inc.mentions} for e, inc in zip(merged, incidents, strict=True)
        }
        merged = [e for e in merged if codable(e, vocab.needs_source, vocab.needs_named_party)]
        merged.sort(key=lambda e: (e.evidence.start, e.evidence.end))
        for k, e in enumerate(merged, 1):
            e.id = f"e{k}"
        sentences = {e.id: self._sentences(doc, e) for e in merged}
        assign_salience(
            doc,
            merged,
            sentences,
            published,
            headline=headline_lemmas(doc, title),
            trigger_lemmas={e.id: acts[id(e)] for e in merged},
        )
        place = anatomy.dateline_place if anatomy is not None else None
        for e in merged:
            undate_inherited_background(e, published)
            dateline_prior(e, place)
        return merged

    @staticmethod
    def _sentences(doc: AnnotatedDoc, e: Event) -> list[int]:
        out = []
        for span in (e.evidence, *e.more_evidence):
            s = doc.sentence_at(span.start)
            if s is not None:
                out.append(s.i)
        return out
