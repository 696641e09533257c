"""Where an event is: the role of a place mention in its sentence ("in X", "struck X", or only
a modifier or an actor) and the best place among those of a sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.models import Location, Place, Span
from sitroom.ontology import ontology
from sitroom.places.capitals import Capitals, seat_pattern
from sitroom.places.clauses import OTHER, SAME, SIDE, clause_affinity
from sitroom.places.gazetteer import Gazetteer
from sitroom.places.mentions import AFFIX_KIND
from sitroom.places.output import SITE, place_of
from sitroom.places.words import words

_LOCATIVE_PREPS = words()["locative_preps"]
# Nouns that a place name before them makes a place: "Ghoryan district center".
PLACE_NOUNS = words()["place_nouns"]
_HOME_PARTICIPLES = words()["home_participles"]


def _mention_head(doc: AnnotatedDoc, mention: Span) -> Token | None:
    """The token that links a place name to the rest of its sentence: its syntactic head,
    raised over the later names of a written hierarchy ("in Gwoza, Borno, Nigeria") and over
    a place noun it modifies ("in Ghoryan district center")."""
    head = doc.span_head(mention.start, mention.end)
    if head is None:
        return None
    steps = 0
    # "in Gwoza, Borno, Nigeria": the later names hang off the first one
    while steps < 4 and head.head != head.i:
        governor = doc.tokens[head.head]
        if head.dep in ("appos", "conj", "npadvmod"):
            head = governor
        elif head.dep == "compound" and governor.lower in PLACE_NOUNS:
            head = governor  # "in Ghoryan district center", "the Kabul city outskirts"
        else:
            break
        steps += 1
    return head


def _locative(doc: AnnotatedDoc, mention: Span, place: Place) -> int:
    """2 when the place is where something happens ("in Germany", "struck Kramatorsk"), 1 for
    a country that is the object of the act (usually a target), 0 when the name only modifies
    something else ("a West Point report", "the Kabul
    government") or is an actor ("Germany said")."""
    head = _mention_head(doc, mention)
    if head is None or _actor_home(doc, mention):
        return 0
    if head.dep in ("dobj", "nsubjpass"):
        # "Artillery struck Kramatorsk" is a place; "attack US bases" names a target country
        return 2 if place.precision not in (None, "country") else 1
    if head.dep == "pobj":
        prep = doc.tokens[head.head]
        if prep.lower == "to" and doc.tokens[prep.head].lemma.lower() == "accord":
            return 0  # "according to a West Point report"
        return 2 if prep.lower in _LOCATIVE_PREPS else 0
    return 0


def _actor_home(doc: AnnotatedDoc, mention: Span) -> bool:
    """Is the place only where an actor is based ("a group based in Nairobi", "headquartered
    in Geneva", "the Kabul-based agency"; see ``home_participles``)? Such a place describes
    the actor; it is not where the act happens."""
    head = doc.span_head(mention.start, mention.end)
    if head is None or head.head == head.i:
        return False
    governor = doc.tokens[head.head]
    if head.dep == "pobj" and governor.lower in ("in", "at") and governor.head != governor.i:
        governor = doc.tokens[governor.head]
    elif head.dep not in ("npadvmod", "compound"):  # "Kabul-based"
        return False
    return governor.lower in _HOME_PARTICIPLES


def _best_placed(doc: AnnotatedDoc, pairs: list[tuple[Place, Span]], start: int, end: int) -> Place:
    """The place of another sentence that an event of ``[start, end)`` is read to share: as
    :func:`_best_placed_role`, but between places equally specific, the one nearest to that
    sentence's root comes first, not the nearest to the event ("the minister flew to Ghana
    for the anniversary of its independence from Britain": Ghana)."""
    return _best_placed_role(doc, pairs, start, end, shallow=True)[0]


def _depth(doc: AnnotatedDoc, mention: Span) -> int:
    """How many dependency steps the name's head lies below the root of its sentence."""
    head = _mention_head(doc, mention)
    if head is None:
        return 64
    return sum(1 for _ in doc.ancestors(head.i))


def _best_placed_role(
    doc: AnnotatedDoc,
    pairs: list[tuple[Place, Span]],
    start: int,
    end: int,
    triggers: Collection[int] = (),
    shallow: bool = False,
) -> tuple[Place, int, int]:
    """The place of a sentence where the event is, its role (see :func:`_locative`) and its
    clause affinity to the event's trigger words (see :mod:`sitroom.places.clauses`): where
    something happens in a clause that is not about something else first, then by affinity
    (the trigger's clause first), role, then the most specific, then the nearest. The names
    of one written hierarchy ("in Hanover, Lower Saxony, Germany") share the role of the
    first one, so the town is taken, not the country that the parser happened to attach to
    the preposition."""
    ordered = sorted(pairs, key=lambda pm: pm[1].start)
    # A position written out is where the text says the event is.
    roles = [3 if p.precision == "coordinates" else _locative(doc, m, p) for p, m in ordered]
    affinities = [_affinity(doc, m, triggers) for _, m in ordered]
    group_start = 0
    for i in range(1, len(ordered) + 1):
        if i < len(ordered) and _HIERARCHY_GAP.match(
            doc.text[ordered[i - 1][1].end : ordered[i][1].start]
        ):
            continue
        best_role = max(roles[group_start:i])
        roles[group_start:i] = [best_role] * (i - group_start)
        best_affinity = max(affinities[group_start:i])
        affinities[group_start:i] = [best_affinity] * (i - group_start)
        group_start = i
    depths = [-_depth(doc, m) if shallow else 0 for _, m in ordered]

    def key(k: int) -> tuple[bool, int, int, int, int, int, float]:
        inside, rank, near = _locate_rank(ordered[k][0], ordered[k][1], start, end)
        return (
            roles[k] >= 2 and affinities[k] > OTHER,
            affinities[k],
            roles[k],
            inside,
            rank,
            depths[k],
            near,
        )

    best = max(range(len(ordered)), key=key)
    return ordered[best][0], roles[best], affinities[best]


def _affinity(doc: AnnotatedDoc, mention: Span, triggers: Collection[int]) -> int:
    if not triggers:
        return SAME
    head = _mention_head(doc, mention)
    return OTHER if head is None else clause_affinity(doc, head.i, triggers)


# Between the names of one written hierarchy: commas, "of", parentheses (maybe holding an
# alias) and kind words (an invented example: "Kalan Bagh of Sayed Khel (Jabul) district,
# Parwan").
_HIERARCHY_GAP = re.compile(
    r"^(?:\s*[,()]\s*|\s+of\s+(?:the\s+)?|\s*\([^()]{1,40}\)\s*|\s*\b(?:"
    + "|".join(sorted(AFFIX_KIND))
    + r")\b\s*)+$"
)


# Dependencies through which a name belongs to the noun phrase of its head: "U.S. President
# Trump", "Pakistan's parliament", "the Chinese Foreign Ministry", "Doug Ford, Ontario's leader".
_IN_PHRASE = frozenset({"compound", "amod", "poss", "nmod", "appos", "case", "det"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})


def _in_main_subject(doc: AnnotatedDoc, mention: Span) -> bool:
    """Is the name part of the subject of its sentence's main verb ("Mauritius conferred ...",
    "Russian President Putin said ...", "Canada's Ontario provincial leader said ...")?"""
    tokens = [doc.tokens[i] for i in doc.token_range(mention.start, mention.end)]
    if not tokens:
        return False
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head not in inside or t.head == t.i), tokens[-1])
    for _ in range(5):
        if head.dep in _SUBJECT:
            return doc.tokens[head.head].dep == "ROOT"
        if head.dep not in _IN_PHRASE or head.head == head.i:
            return False
        head = doc.tokens[head.head]
    return False


def _locate_rank(place: Place, mention: Span, start: int, end: int) -> tuple[int, int, float]:
    inside = int(mention.start >= start and mention.end <= end)
    distance = 0.0 if inside else min(abs(mention.start - end), abs(start - mention.end))
    # a named feature (a sea, a region: no precision) only when nothing else is named
    rank = ontology().location_rank(place.precision)
    return inside, rank, -distance


def _location(place: Place) -> Location:
    data = place.model_dump(exclude={"mentions", "feature", "kind"})
    return Location(**data)


class LocateIndex:
    """The literal places of one document that can be where an event is, by position.

    A country named only as a modifier or an actor ("13 US service members", "the Afghan and
    US governments", "Germany said") is a nationality, not where an event is: it is left out.
    Lists keep the order of ``places`` (``_best_placed`` breaks ties by it)."""

    def __init__(self, doc: AnnotatedDoc, places: list[Place], focus: str | None) -> None:
        self.doc, self.places, self.focus = doc, places, focus
        self.pairs = [
            (place, m)
            for place in places
            if place.kind == "literal" and place.feature != SITE
            for m in place.mentions
            if place.precision not in ("country", None) or _locative(doc, m, place) > 0
        ]
        order = sorted(range(len(self.pairs)), key=lambda i: self.pairs[i][1].start)
        self._order = order
        self._starts = [self.pairs[i][1].start for i in order]
        self._paragraph = [
            s.paragraph if (s := doc.sentence_at(self.pairs[i][1].start)) is not None else None
            for i in order
        ]
        # every named place and nationality, by position: an actor's country may say where
        # the act is when the sentence names no place of its own
        self.named = sorted(
            ((place, m) for place in places if place.feature != SITE for m in place.mentions),
            key=lambda pm: pm[1].start,
        )
        self._named_starts = [m.start for _, m in self.named]

    def named_within(self, start: int, end: int) -> list[tuple[Place, Span]]:
        """Every place mention (literal, metonymic or a nationality) inside ``[start, end)``."""
        lo = bisect.bisect_left(self._named_starts, start)
        hi = bisect.bisect_left(self._named_starts, end)
        return [pm for pm in self.named[lo:hi] if pm[1].end <= end]

    def subject_place(self, doc: AnnotatedDoc, sentence: Sentence) -> Place | None:
        """The place named in the subject of the sentence's main verb: "Mauritius conferred
        ...", "Russian President Putin said ...", "Kabul police said ..." (the first one)."""
        for place, mention in self.named_within(sentence.start, sentence.end):
            if place.country and _in_main_subject(doc, mention):
                return place
        return None

    def within(self, start: int, end: int) -> list[tuple[Place, Span]]:
        """The pairs whose mention lies inside ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        found = [i for i in self._order[lo:hi] if self.pairs[i][1].end <= end]
        return [self.pairs[i] for i in sorted(found)]

    def nearest_before(self, doc: AnnotatedDoc, sentence: Sentence) -> list[tuple[Place, Span]]:
        """The pairs of the nearest earlier sentence of the same paragraph that has any."""
        k = bisect.bisect_left(self._starts, sentence.start) - 1
        last = None
        while k >= 0:  # the latest mention ending before the sentence, in its paragraph
            pos = k
            i = self._order[pos]
            if (
                self.pairs[i][1].end <= sentence.start
                and self._paragraph[pos] == sentence.paragraph
            ):
                last = self.pairs[i][1].start
                break
            k -= 1
        if last is None:
            return []
        nearest = doc.sentence_at(last)
        assert nearest is not None
        found = []
        while k >= 0 and self._starts[k] >= nearest.start:
            if self._before(k, sentence):
                found.append(self._order[k])
            k -= 1
        return [self.pairs[i] for i in sorted(found)]

    def _before(self, k: int, sentence: Sentence) -> bool:
        """Does the ``k``-th mention by position end before ``sentence``, in its paragraph?"""
        mention = self.pairs[self._order[k]][1]
        return mention.end <= sentence.start and self._paragraph[k] == sentence.paragraph


def _owner_country(
    doc: AnnotatedDoc, index: LocateIndex, sentence: Sentence, phrase_start: int
) -> str | None:
    """Whose institution starts at ``phrase_start``: the country of the name right before it
    ("U.S. Congress", "Pakistan's parliament", "the Chinese Foreign Ministry"); "" when no
    name qualifies it ("the parliament", "ruling coalition lawmakers"); None when another
    name does ("the European Parliament", "the National Congress party")."""
    first = doc.token_at_or_after(phrase_start)
    if first is None or first.i <= sentence.token_start:
        return ""
    before = doc.tokens[first.i - 1]
    if before.lower in ("'s", "\u2019s") and before.i > sentence.token_start:
        before = doc.tokens[before.i - 1]
    for place, mention in index.named_within(sentence.start, before.end + 1):
        if mention.start <= before.idx < mention.end and place.country:
            if place.precision == "country" or place.kind != "literal":
                return place.country
            return None  # "the Kabul city council" is the city's, not the country's
    if before.i > sentence.token_start and before.text[:1].isupper() and before.lower != "the":
        return None
    return ""


# How a place not stated for the event was found: the note the event carries (every one
# starts with INFERRED, so that later stages can tell a stated place from an inferred one).
INFERRED = "place: inferred"
FROM_SUBJECT = f"{INFERRED} from the subject's country"
FROM_CLAUSE = f"{INFERRED} from another clause of the sentence"
FROM_PARAGRAPH = f"{INFERRED} from an earlier sentence of the paragraph"
FROM_FOCUS = f"{INFERRED}: the country the text is about"
FROM_ACTORS = f"{INFERRED}: the actors' country"
FROM_SEAT = f"{INFERRED}: the capital, where the institution sits"


def sentence_location(
    gazetteer: Gazetteer,
    doc: AnnotatedDoc,
    index: LocateIndex,
    sentence: Sentence,
    start: int,
    end: int,
    triggers: Collection[int] = (),
) -> tuple[Location | None, str | None]:
    """Where the sentence's event is, and how that was found: ``None`` when the sentence
    says so itself (a place in it, of the event's clause when ``triggers`` are given), else
    the note of the inference: the place of its subject ("Canadian Prime Minister Trudeau
    retaliated": Canada, not the place of the sentence before), else the nearest earlier
    sentence of the paragraph that names places, unless its place lies in no one country (a
    sea, a continent). A place where an actor is based ("the Kabul-based agency") comes last
    in its sentence. A place of a clause beside the event's, or of another clause, comes
    after those of the event's own clause and is noted as inferred."""
    in_sentence = index.within(sentence.start, sentence.end)
    placed = _best_placed_role(doc, in_sentence, start, end, triggers) if in_sentence else None
    if placed is not None and placed[1] > 0:
        # a place of a clause beside the event's ("... as they prayed in Kano"), or only of
        # other clauses ("X, who visited Paris, was arrested"), is inferred: another mention
        # of the incident that states its place comes first
        return _location(placed[0]), (FROM_CLAUSE if placed[2] <= SIDE else None)
    subject = index.subject_place(doc, sentence)
    if subject is not None and subject.country:
        if subject.kind == "literal" and subject.precision not in ("country", None):
            return _location(subject), None
        # "Afghan officials said three policemen died" after "... in Kunduz province":
        # the paragraph's place in the subject's country says more than the country.
        before = index.nearest_before(doc, sentence)
        if before:
            earlier = _best_placed(doc, before, start, end)
            if earlier.country == subject.country and earlier.precision not in (
                "country",
                None,
            ):
                return _location(earlier), FROM_PARAGRAPH
        return country_location(gazetteer, subject.country), FROM_SUBJECT
    if placed is not None:  # a place of no role: "the Kabul-based agency was raided"
        return _location(placed[0]), (FROM_CLAUSE if placed[2] <= SIDE else None)
    before = index.nearest_before(doc, sentence)
    if before:
        # The nearest earlier sentence that names places, and its best place (not
        # its last name, which is usually the country of "Town, Province, Country").
        earlier = _best_placed(doc, before, start, end)
        if earlier.country is None:
            # a sea, a continent or a region of several countries ("in the Indian Ocean",
            # "across Asia") said of something else: the text's country says more
            return None, None
        return _location(earlier), FROM_PARAGRAPH
    return None, None


def at_seat(
    gazetteer: Gazetteer,
    capitals: Capitals,
    doc: AnnotatedDoc,
    index: LocateIndex,
    sentence: Sentence,
    location: Location | None,
    stated: bool,
) -> Location | None:
    """An act of an institution that sits in the capital ("the U.S. Congress voted",
    "Pakistan's parliament passed") is in that capital, unless the sentence places it
    elsewhere. The institution's country is the name before it, else the country the event
    is already placed in; an institution named after something else ("the European
    Parliament") is left alone."""
    text = doc.text[sentence.start : sentence.end]
    for match in seat_pattern().finditer(text):
        phrase_start = sentence.start + match.start()
        owner = _owner_country(doc, index, sentence, phrase_start)
        if owner is None:
            continue
        at_country = location is not None and location.precision == "country"
        country = owner or (location.country if location is not None and at_country else None)
        if country is None:
            continue
        if stated and location is not None and location.precision not in ("country", None):
            return location  # "U.S. senators visited Kyiv"
        if location is not None and location.country != country and stated:
            return location
        capital = capitals.of(country)
        if capital is None:
            return location
        place = place_of(gazetteer, capital)
        return _location(place)
    return location


def country_location(gazetteer: Gazetteer, country: str) -> Location:
    """A country as a location (its point, if the gazetteer has it)."""
    entry = gazetteer.countries.get(country)
    if entry is None:
        return Location(country=country, precision="country")
    return _location(place_of(gazetteer, entry))
