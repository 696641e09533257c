"""Cleaning a temporal expression, and telling what is never a point in time."""

from __future__ import annotations

import re

from sitroom.time.grammar import ANY_UNIT, PERIOD_WORDS, QUANTITY
from sitroom.time.vocab import VOCAB

_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212]\s*")
LEADING_PREPOSITIONS = re.compile(
    r"^(?:at least|on|in|at|during|around|about|approximately|roughly|circa|c\.|some ?time(?: in)?|"
    r"since|as of|as early as|as recently as|early on|late on|reportedly(?: on)?|"
    r"until at least)\s+",
    re.IGNORECASE,
)
_CLOCK_TIME = re.compile(
    r",?\s+(?:at\s+)?(?:around\s+)?(?:noon|midnight|\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)|"
    r"\d{1,2}:\d{2})(?:\s*(?:local time|gmt|utc))?$",
    re.IGNORECASE,
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_HEDGES = re.compile(
    r"^(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|middle|late|later)(?:\s*-\s*|\s+)|"
    r"(?:the\s+)?(?:end|beginning|start|middle|first half|second half|first part|latter part|"
    r"early part|last days|first days) of\s+)",
    re.IGNORECASE,
)
_PART_OF_DAY_PREFIX = re.compile(
    r"^(?:the\s+)?(?:early\s+|late\s+|small\s+)?(?:night|morning|afternoon|evening|hours|"
    r"early hours|small hours)\s+of\s+",
    re.IGNORECASE,
)
_PART_OF_DAY_SUFFIX = re.compile(r"\s+(?:night|morning|afternoon|evening)$", re.IGNORECASE)


def clean(expression: str) -> str:
    """The expression with typography unified and surrounding punctuation removed."""
    text = expression.replace("\u2019", "'").replace("\u2018", "'")
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(' \t\n,;:()[]"')
    # A model span cut short at a conjunction ("between Nov. 15 and") still names its start.
    text = re.sub(r"\s+(?:and|to|or|until|-)$", "", text, flags=re.IGNORECASE)
    if not re.search(r"\s(?:and|to)\s|-", text):
        text = re.sub(r"^between\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[A-Za-z])'s$", "", text)  # "Tuesday's", but "1990's" stays a decade
    # A clock time adds nothing at our precisions: "5 May 2020 at 10 a.m." is 5 May 2020.
    text = _CLOCK_TIME.sub("", text)
    return text.rstrip(".,;:").strip()


def strip_repeatedly(text: str, pattern: re.Pattern[str]) -> str:
    while True:
        stripped = pattern.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def strip_modifiers(text: str) -> str:
    """Remove "the", hedges and parts of the day that do not change which date is meant."""
    previous = None
    while previous != text:
        previous = text
        text = strip_repeatedly(text, LEADING_PREPOSITIONS)
        text = _LEADING_THE.sub("", text, count=1)
        text = _PART_OF_DAY_PREFIX.sub("", text, count=1)
        text = _HEDGES.sub("", text, count=1)
    # "Tuesday night" is Tuesday, but "last night" and "this morning" are days of their own.
    without_part = _PART_OF_DAY_SUFFIX.sub("", text)
    if without_part.lower() not in {"last", "this", "that", "the", "same", ""}:
        text = without_part
    return text.strip()


# --- what is never a point in time ----------------------------------------------------------

_NOT_A_POINT = [
    # ages: "a 40-year-old man", "aged 40"
    re.compile(r"\b\d+\s*-?\s*(?:years?|months?|weeks?|days?)\s*-?\s*old\b|\baged?\b"),
    # bare durations: "40 years", "three days", "decades", "a few weeks", "several months"
    re.compile(
        rf"^(?:{QUANTITY} |few |a few |several |many |some |more than |over |nearly |almost |"
        rf"at least |about |the )*{ANY_UNIT}(?: long| in a row| straight)?$"
    ),
    # periods: "the last 40 years", "over the next few years", "recent months", "the past week"
    # ("last year" is a date, "the last year" a period.)
    re.compile(
        r"^(?:for |over |throughout |within |in |during |across )?"
        rf"(?:the (?:{PERIOD_WORDS})\b(?! weekend).*|(?:{PERIOD_WORDS}) "
        rf"(?:{QUANTITY}|few|several|many|couple of)\b.*|(?:recent|coming|ensuing) ){ANY_UNIT}$"
    ),
    re.compile(r"^(?:for|throughout|over the (?!weekend))\b"),
    # no fixed point: "now", "currently", "recently", "these days" (data/time/words.yaml)
    re.compile(r"^(?:" + "|".join(VOCAB.no_fixed_point) + r")$"),
    # vague relative anchors: "just days ago", "a few weeks ago", "years ago"
    re.compile(
        r"^(?:just |only |mere |a few |few |several |some |many |a matter of |more than \S+ )"
        rf"*{ANY_UNIT} ago$"
    ),
    # anchored to another event, not to the publication date ("next week" without "the" is
    # relative to publication and handled by the rules)
    re.compile(
        r"^(?:the (?:same|next|following|previous|preceding|prior)|(?:the )?(?:same|following|"
        r"previous|preceding|prior)|that|this same|next) "
        r"(?:day|night|morning|evening|afternoon)$|^(?:the (?:same|next|following|previous|"
        r"preceding|prior)|that) (?:week|month|year)$"
    ),
    re.compile(rf"\b{ANY_UNIT} (?:later|earlier|before|after|afterwards|prior)$"),
    re.compile(r"^(?:a |the )?(?:day|week|month|year) (?:before|after|earlier|later)$"),
]


def is_not_a_point(lower: str) -> bool:
    return any(pattern.search(lower) for pattern in _NOT_A_POINT)
