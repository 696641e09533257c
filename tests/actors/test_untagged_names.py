"""The linker's second look at names the tagger misread (issue #18): a person's surname tagged as
a place, and a country's name tagged as no entity. Sentences written for these tests; they run
the spaCy model."""

from __future__ import annotations

TEXT = (
    "Indian Prime Minister Narendra Modi arrived in Port Louis on Tuesday. "
    "The announcement came during a visit by Modi to Mauritius, an island nation in the "
    "Indian Ocean."
)


def _token(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _actor_at(analysis, span: tuple[int, int]) -> list[str]:
    return [a.id for a in analysis.actors for m in a.mentions if (m.start, m.end) == span]


def test_a_surname_tagged_as_a_place_is_the_document_s_person(analyze) -> None:
    a = analyze(TEXT)
    assert _actor_at(a, _token("Modi", 1)) == ["narendra-modi"]


def test_an_untagged_country_name_is_the_target_of_a_visit_to_it(analyze) -> None:
    a = analyze(TEXT)
    (visit,) = [e for e in a.events if e.type == "CONSULT"]
    assert visit.sources == ["narendra-modi"]
    assert visit.targets == ["mauritius"]


def test_a_country_name_inside_a_longer_name_is_not_the_country(analyze) -> None:
    a = analyze(
        "The ships are operated by the state-run Islamic Republic of Iran Shipping Lines, "
        "the United States said."
    )
    assert "iran" not in {x.id for x in a.actors}
