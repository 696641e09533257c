"""``sitroom eval``: score extraction against gold data, one module per kind of gold.

* :mod:`sitroom.evaluate.summaries` (mode ``summary``): one-incident summaries in the dev-set
  JSONL format (GTD, ACLED, UCDP), the first violent event against the record's gold fields.
* :mod:`sitroom.evaluate.toponyms` (mode ``places``): every place mention of whole articles
  against toponym gold (the VOA folder), literal/metonymic/demonym and distance.
* :mod:`sitroom.evaluate.sentences` (mode ``sentences``): PLOVER coding of single sentences
  (type, source, target, status, act; no-event false positives).
* :mod:`sitroom.evaluate.documents` (mode ``document``): full articles against event gold (the
  VOA folder), every event matched one-to-one by its evidence sentences.

Each mode registers one :class:`Mode` in :data:`MODES`; the CLI (``sitroom eval --mode NAME``)
only dispatches to it, so adding a kind of gold is one module plus one line here.
"""

from __future__ import annotations

from sitroom.evaluate import documents as documents
from sitroom.evaluate import sentences as _sentences  # noqa: F401 (registers its mode)
from sitroom.evaluate.modes import MODES, EvalOptions, Mode
from sitroom.evaluate.summaries import (
    FIELDS,
    ActorMatcher,
    Report,
    Tally,
    dataset_labels,
    date_matches,
    evaluate,
    first_violent_event,
    km,
    normalize_place,
    read_gold,
    same_place,
    score_record,
)
from sitroom.evaluate.toponyms import ToponymReport, evaluate_toponyms

__all__ = [
    "FIELDS",
    "MODES",
    "ActorMatcher",
    "EvalOptions",
    "Mode",
    "Report",
    "Tally",
    "ToponymReport",
    "dataset_labels",
    "date_matches",
    "evaluate",
    "evaluate_toponyms",
    "first_violent_event",
    "km",
    "normalize_place",
    "read_gold",
    "same_place",
    "score_record",
]
