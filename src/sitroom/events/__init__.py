"""The ``events`` stage: PLOVER events from parsed sentences.

API: ``EventExtractor(lexicon).extract(doc, actors, times, published, locate) -> list[Event]``
(:mod:`sitroom.models`), with the lexicon of :mod:`sitroom.lexicon`.

For each sentence: find *triggers* (:mod:`.triggers`: verbs, event nouns and light-verb
constructions such as "carried out an attack"), group the violent ones that describe one
incident ("shot and killed", "opened fire before detonating ...": :mod:`.incidents`), read the
arguments from the dependency parse (:mod:`.arguments`: active, passive, nominal, control verbs,
coordination), decide the status from the governing verbs (:mod:`.status`: "planned to",
"before being thwarted", "considering") and the ASSAULT mode (:mod:`.modes`), drop what is
mentioned but not told to have happened (:mod:`.eventness`: conditions, judgements, summaries of
years, ...), count casualties
(:mod:`sitroom.casualties`), attach claims of responsibility (:mod:`.claims`), a date
(:mod:`.dates`) and a place. Then sentences that report the same incident (the attack, its toll,
its claim) are merged into one event with all their evidence (:mod:`.incidents`). Word tables
live in ``data/rules/events.yaml``, the event vocabulary in :mod:`sitroom.ontology`.
"""

from sitroom.events.base import Draft, LexiconLike, Locator, SenseLike, Trigger
from sitroom.events.extractor import EventExtractor

__all__ = ["Draft", "EventExtractor", "LexiconLike", "Locator", "SenseLike", "Trigger"]
