"""Dates of events that have not happened yet.

A bare weekday or month name is read as the most recent one not after the publication date
("on Tuesday", "in August"): news reports what happened. An event the article announces
("will meet on Tuesday", "plans to vote in August") lies ahead, so for it the same words mean
the next such day or month, the publication day or month included. Expressions that say
which one ("last Tuesday", "next August", "August 2024") keep their reading; a day of a month
with no year ("April 2nd") is read forward when the coming one is the nearer to publication.

Two places read forward: the time stage, when the clause a date belongs to announces its act
(:func:`announced`: "is scheduled to travel to Canada on Wednesday", "talks scheduled for
Friday"), whatever event, if any, is found there; and the events stage, for an event whose
status is ``planned``.
"""

from __future__ import annotations

import datetime as dt
import re

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.models import DateValue
from sitroom.time.grammar import DAY, MONTH, OPT_WEEKDAY, WEEKDAY
from sitroom.time.spans import day_span, month_number, month_span
from sitroom.time.vocab import VOCAB

__all__ = ["announced", "toward_future"]

# The rules' own weekday and month patterns, alone after an optional preposition.
_LEAD = r"(?:(?:on|in|this\s+coming|by|from|until|till)\s+)?"
_WEEKDAY = re.compile(rf"{_LEAD}{WEEKDAY}\.?", re.I)
_MONTH = re.compile(rf"{_LEAD}{MONTH}", re.I)
# A day of a month with no year ("April 2nd", "2 April", "Friday, March 20").
_MONTH_DAY = re.compile(rf"{_LEAD}{OPT_WEEKDAY}{MONTH}\s+{DAY}", re.I)
_DAY_MONTH = re.compile(rf"{_LEAD}{OPT_WEEKDAY}(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}", re.I)


def toward_future(value: DateValue, published: dt.date) -> DateValue:
    """``value`` read forward from ``published`` when it is a bare weekday or month name, or a
    day of a month with no year, that the rules placed before the publication date; otherwise
    ``value`` unchanged."""
    if value.start is None or value.text is None or value.start >= published:
        return value
    text = " ".join(value.text.split())
    if (m := _WEEKDAY.fullmatch(text)) and value.precision == "day":
        weekday = VOCAB.weekdays.index(m["weekday"].lower())
        start, end, precision = day_span(
            published + dt.timedelta(days=(weekday - published.weekday()) % 7)
        )
    elif (m := _MONTH.fullmatch(text)) and value.precision == "month" and m["month"][:1].isupper():
        month = month_number(m["month"])
        year = published.year if month >= published.month else published.year + 1
        start, end, precision = month_span(year, month)
    elif (
        (m := _MONTH_DAY.fullmatch(text) or _DAY_MONTH.fullmatch(text))
        and value.precision == "day"
        and m["month"][:1].isupper()
    ):
        # The same day and month a year later, when that is nearer to the publication date than
        # the day read back: "will raise them on April 2nd" in March is the coming April 2;
        # "will vote on March 5" printed on March 11 stays the March 5 just past.
        try:
            start, end, precision = day_span(value.start.replace(year=value.start.year + 1))
        except ValueError:  # 29 February
            return value
        if start < published or (start - published) >= (published - value.start):
            return value
    else:
        return value
    return DateValue(start=start, end=end, precision=precision, text=value.text)


_PRESENT_TAGS = ("VBZ", "VBP")


def announced(doc: AnnotatedDoc, start: int, end: int) -> bool:
    """Does the clause the date at ``[start, end)`` belongs to announce its act?

    From the date up to the first verb that governs it: a future auxiliary on that verb ("will
    meet on Tuesday"); or the verb an infinitive whose governor announces it in the present
    ("is scheduled to travel on Wednesday", "plans to vote in June", "is expected to sign it
    Friday"); or the date the "for" object of an announcing participle ("talks scheduled for
    Friday", "a vote set for June"), not in the past ("were scheduled for Friday").
    """
    inside = doc.token_range(start, end)
    if not inside:
        return False
    node = next((doc.tokens[i] for i in inside if doc.tokens[i].head not in inside), None)
    if node is None:
        return False
    via_for = False
    for _ in range(6):
        if node.head == node.i:
            return False
        via_for = node.dep == "prep" and node.lower == "for"
        node = doc.tokens[node.head]
        if node.pos in ("VERB", "AUX"):
            break
    else:
        return False
    kids = doc.children(node.i)
    if any(c.dep == "aux" and c.lower in VOCAB.future_auxiliaries for c in kids):
        return True
    if via_for and node.lower in VOCAB.announcing_for:
        auxiliaries = [c for c in kids if c.dep in ("aux", "auxpass")]
        return (not auxiliaries and node.dep == "acl") or any(
            c.tag in _PRESENT_TAGS for c in auxiliaries
        )
    # "plans to vote", and "expect the vote to take place" (the parser's ccomp)
    infinitive = any(c.dep == "aux" and c.lower == "to" for c in kids)
    if node.dep not in ("xcomp", "ccomp") or not infinitive:
        return False
    governor = doc.tokens[node.head]
    return governor.lower in VOCAB.announcing_words and _in_present(doc, governor)


def _in_present(doc: AnnotatedDoc, word: Token) -> bool:
    """ "plans", "is scheduled", "are expected", "is due" (its copula), "is going"."""
    if word.tag in _PRESENT_TAGS:
        return True
    if any(c.dep in ("aux", "auxpass") and c.tag in _PRESENT_TAGS for c in doc.children(word.i)):
        return True
    head = doc.tokens[word.head]
    return word.dep in ("acomp", "attr") and head.tag in _PRESENT_TAGS
