"""Temporal expressions: find them in an annotated document and normalize them to dates.

Every expression is resolved against the publication date into a :class:`DateValue` whose
``start``/``end`` span its precision (a month gives its first and last day, a decade
2010-01-01..2019-12-31). Our own rules run first because they are exact and fast; ``dateparser``
is the fallback for the spellings the rules do not know, and is never allowed to fill a missing
year from today's date.

Decisions (the design note leaves them to this module):

* **Numeric dates** ``01/02/2021`` are month-first (GTD and US style); day-first only when the
  first number is above 12. Dotted dates ``05.02.2021`` are day-first (European style).
  ``2010-11`` in prose is read as the years 2010–2011, not November 2010.
* **Weekdays** ("Tuesday", "on Tuesday night") are the most recent such day on or before the
  publication date: an article published on a Tuesday that says "on Tuesday" means that day.
  "last Tuesday" is strictly before it.
* **Month names without a year** ("in August") are the most recent such month not after the
  publication month; "last August" is strictly before it. A bare lowercase "may" or "march"
  is a verb or a noun, never a date.
* **Weeks**: "last week", "this week" and "three weeks ago" give the Monday–Sunday week with
  precision ``week``; "the weekend" gives its Saturday–Sunday with precision ``unknown`` (a
  span of days that is no calendar unit).
* **Hedges** ("mid-2019", "early March", "the late 1990s", "the end of last year") keep the
  precision of what they qualify: "mid-2019" is the year 2019. Guessing months inside it would
  invent precision the text does not give.
* **Ranges** ("between 3 and 5 May 2020", "from March to May 2019", "2014-2015") span both ends
  and take the coarser precision of the two; a missing month or year on the left is taken from
  the right.
* **Not points in time** give ``None``: durations and ages ("40 years", "a 40-year-old man"),
  periods ("the last 40 years", "over the next few years", "recent months", "for years"), "now",
  "currently" and vague anchors ("just days ago", "a few weeks ago"). "less than three weeks
  ago" is bounded on both sides and gives publication date minus three weeks .. publication
  date, precision ``unknown``.
* **Anchored to another event** ("the next day", "two days later", "the following morning",
  "that night", "the day before", "a month later") alone give ``None``; in a document
  (:func:`extract_dates`) they count from the closest date before them in the text, and keep
  the precision the pair allows: a day offset needs a day ("the next day" after "in May 2020"
  stays unknown), a month offset a month, a year offset a year. Weeks give the week around
  the day they lead to (precision ``week``, as other weeks).
* **Without a publication date** relative expressions give ``None``; absolute ones still work.
* **Data-set conventions**: GTD's unknown day or month ``02/00/2021`` gives the month (or year);
  ACLED's "(month of)" after a date coarsens it to its month. "(week of)" is left as the day,
  which is what ACLED itself codes.

Rules cost about 0.02 ms per expression and dateparser about 0.5 ms; results are cached per
(expression, publication date).

The package: :mod:`~sitroom.time.vocab` (word tables from ``data/time/words.yaml``),
:mod:`~sitroom.time.grammar` (regular-expression pieces), :mod:`~sitroom.time.spans` (date spans
and arithmetic), :mod:`~sitroom.time.clean` (cleaning, what is never a point in time),
:mod:`~sitroom.time.rules` (the rules), :mod:`~sitroom.time.resolve` (ranges, dateparser,
:func:`normalize`), :mod:`~sitroom.time.anchored` and :mod:`~sitroom.time.extract`
(:func:`extract_dates` over an annotated document).
"""

from __future__ import annotations

from sitroom.time.anchored import is_anchored, resolve_anchored
from sitroom.time.extract import extract_dates
from sitroom.time.resolve import document_date, normalize

__all__ = ["document_date", "extract_dates", "is_anchored", "normalize", "resolve_anchored"]
