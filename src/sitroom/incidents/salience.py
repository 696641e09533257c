"""Salience of each incident, and the dateline as a prior for its place.

* **background**: the incident's stated date ends more than :data:`CURRENT_DAYS` days before
  publication, or, undated, it is told in the past perfect ("had warned") or as a repeated or
  long-standing act ("have repeatedly called for", "has never condemned", "for years"). A
  recalled older event keeps its own date, never the publication date: an older event whose
  date was only defaulted is left undated;
* **main**: a current incident told in the lead (the first sentence, else the second), or one
  whose act the headline names (a word of the title is the lemma of one of its mentions'
  triggers: "... rescues passengers after train attack");
* **secondary**: every other current incident.

The word lists are in ``data/rules/salience.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping

from sitroom.annotation import AnnotatedDoc
from sitroom.events.eventness import clause_verb
from sitroom.models import DateValue, Event, Location, Place
from sitroom.wordtables import load_tables

CURRENT_DAYS = 30
LEAD_SENTENCES = 2

WORDS = load_tables(
    "rules/salience.yaml",
    {
        "long_run_adverbs": "words",
        "span_nouns": "words",
        "span_prepositions": "words",
        "headline_ignored": "words",
    },
)
LONG_RUN_ADVERBS = WORDS.words("long_run_adverbs")
SPAN_NOUNS = WORDS.words("span_nouns")
SPAN_PREPOSITIONS = WORDS.words("span_prepositions")
HEADLINE_IGNORED = WORDS.words("headline_ignored")
_WORD = re.compile(r"[A-Za-z]+")
# inflections a headline word may carry that the article's own tokens do not show
_SUFFIXES = ("ies", "es", "s", "ed", "d", "ing")


def is_background(event: Event, published: dt.date | None) -> bool:
    d = event.date
    if published is None or d.start is None or d.precision in ("document", "unknown"):
        return False
    end = d.end or d.start
    return (published - end).days > CURRENT_DAYS


def past_perfect(doc: AnnotatedDoc, event: Event) -> bool:
    """Is the event told in the past perfect ("had warned", "had been detained")? The tense of
    a story's background, before the time of the news."""
    if event.trigger is None or event.date.precision not in ("document", "unknown"):
        return False
    trig = doc.token_at_or_after(event.trigger.start)
    if trig is None or trig.tag != "VBN":
        return False
    return any(c.dep == "aux" and c.lower == "had" for c in doc.children(trig.i))


def long_run(doc: AnnotatedDoc, event: Event) -> bool:
    """Is the undated event told as a repeated, habitual or long-standing act ("have
    repeatedly called for", "has never condemned", "have accused it for years")? A story's
    context, not the news it reports."""
    if event.trigger is None or event.date.precision not in ("document", "unknown"):
        return False
    trig = doc.token_at_or_after(event.trigger.start)
    if trig is None:
        return False
    verb = clause_verb(doc, trig)
    if verb is None:
        return False
    children = doc.children(verb.i)
    # told of what has been or is so (perfect, present, past), not of what is to come
    # ("committed to never discussing", "would always refuse")
    if verb.tag not in ("VBD", "VBZ", "VBP") and not any(
        c.dep == "aux" and c.lemma.lower() == "have" for c in children
    ):
        return False
    if any(c.dep == "aux" and c.tag == "MD" for c in children):
        return False
    if any(c.dep in ("advmod", "neg") and c.lower in LONG_RUN_ADVERBS for c in children):
        return True
    return any(
        o.tag == "NNS" and o.lemma.lower() in SPAN_NOUNS
        for o in doc.prep_objects(verb.i, *SPAN_PREPOSITIONS)
    )


def headline_lemmas(doc: AnnotatedDoc, title: str | None) -> frozenset[str]:
    """The lemmas of the title's words, as the article's own tokens lemmatize them (the title
    is not parsed): a word the article uses in the same form takes that token's lemma; a word
    with an inflection the article does not show ("rescues" beside "rescued") is matched by
    its stem to an article lemma. Reporting verbs are left out."""
    if not title:
        return frozenset()
    by_form: dict[str, str] = {}
    lemmas: set[str] = set()
    for t in doc.tokens:
        if t.pos in ("VERB", "NOUN"):
            by_form.setdefault(t.lower, t.lemma.lower())
            lemmas.add(t.lemma.lower())
    out: set[str] = set()
    for word in _WORD.findall(title):
        w = word.lower()
        found = by_form.get(w) or _stem_lemma(w, lemmas)
        if found is not None and found not in HEADLINE_IGNORED:
            out.add(found)
    return frozenset(out)


def _stem_lemma(word: str, lemmas: Collection[str]) -> str | None:
    """The article lemma a headline word inflects: "rescues" -> rescue, "bans" -> ban."""
    stems = [word] + [
        word[: -len(x)] for x in _SUFFIXES if word.endswith(x) and len(word) > len(x) + 2
    ]
    for stem in stems:
        if stem in lemmas:
            return stem
        if stem + "e" in lemmas:
            return stem + "e"
    return None


def assign_salience(
    doc: AnnotatedDoc,
    events: list[Event],
    sentences: dict[str, list[int]],
    published: dt.date | None,
    *,
    headline: Collection[str] = (),
    trigger_lemmas: Mapping[str, Collection[str]] | None = None,
) -> None:
    """Salience of each incident. ``headline`` holds the lemmas of the title's words and
    ``trigger_lemmas`` the lemmas of each incident's mentions' triggers, by event id."""
    older = {
        e.id
        for e in events
        if is_background(e, published) or past_perfect(doc, e) or long_run(doc, e)
    }
    lead = None
    for k in range(LEAD_SENTENCES):
        if any(k in sentences.get(e.id, []) and e.id not in older for e in events):
            lead = k
            break
    named = _headline_acts(events, sentences, older, lead, headline, trigger_lemmas or {})
    for e in events:
        if e.id in older:
            e.salience = "background"
        elif lead is not None and lead in sentences.get(e.id, []):
            e.salience = "main"
        elif e.id in named:
            e.salience = "main"
            e.notes.append("incidents: main, the headline names its act")
        else:
            e.salience = "secondary"


def _headline_acts(
    events: list[Event],
    sentences: Mapping[str, list[int]],
    older: Collection[str],
    lead: int | None,
    headline: Collection[str],
    trigger_lemmas: Mapping[str, Collection[str]],
) -> set[str]:
    """The current incidents the headline names: for each headline word that is the trigger
    of some current incident, the incidents first told with it (the story tells its headline
    act first; later acts of the same word are other instances, "Canada retaliated with
    tariffs" after "Trump doubles tariffs"). A word whose act the lead already tells names
    nothing more."""
    out: set[str] = set()
    for word in headline:
        told = [e for e in events if e.id not in older and word in trigger_lemmas.get(e.id, ())]
        firsts = {e.id: min(sentences.get(e.id) or [-1]) for e in told}
        if not told or (lead is not None and any(lead in sentences.get(e.id, []) for e in told)):
            continue
        first = min(firsts.values())
        out.update(i for i, k in firsts.items() if k == first)
    return out


def undate_inherited_background(event: Event, published: dt.date | None) -> None:
    """A background event whose only date is the publication date gets no date."""
    if event.salience == "background" and event.date.precision == "document":
        event.date = DateValue()
        event.notes.append("incidents: an older event; the publication date is not its date")


def dateline_prior(event: Event, dateline_place: Place | None) -> None:
    """A country-level place in the dateline's country takes the dateline's first-level
    division (never its town: the dateline is where the story was filed)."""
    loc = event.location
    if (
        dateline_place is None
        or loc is None
        or loc.precision != "country"
        or not dateline_place.admin1
        or dateline_place.country != loc.country
    ):
        return
    event.location = Location(
        name=dateline_place.admin1,
        country=loc.country,
        admin1=dateline_place.admin1,
        precision="admin1",
    )
    event.notes.append("incidents: first-level division from the dateline")
