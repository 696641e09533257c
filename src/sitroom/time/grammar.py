"""Regular-expression pieces shared by the time rules, built from the word tables."""

from __future__ import annotations

from sitroom.time.vocab import VOCAB

_WEEKDAY_WORDS = "|".join(VOCAB.weekdays)

MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY = rf"(?P<weekday>{_WEEKDAY_WORDS})"
OPT_WEEKDAY = rf"(?:(?:{_WEEKDAY_WORDS}),? )?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>\d{4})"

# Quantities of relative dates ("three weeks ago"), longest alternative first.
QUANTITY = r"(?P<n>\d{1,3}|a couple of|" + "|".join(sorted(VOCAB.number_words, key=len)[::-1]) + ")"
UNIT = r"(?P<unit>day|week|month|year)s?"
ANY_UNIT = r"(?:years?|months?|weeks?|days?|decades?|centur(?:y|ies)|hours?|nights?|minutes?)"

PERIOD_WORDS = "|".join(VOCAB.period_words)
