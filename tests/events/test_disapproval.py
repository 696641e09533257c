"""Disapproval said by naming ("called the ruling arbitrary") is an accusation, on sentences
written for the test; praise, plain names and requests are not."""

from __future__ import annotations


def _accusations(analyze, text: str) -> list:  # type: ignore[no-untyped-def]
    return [e for e in analyze(text).events if e.type == "ACCUSE"]


def test_calling_a_thing_by_a_word_of_disapproval_accuses_its_author(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze("Hungary called Slovakia's new tariffs outrageous and unjust.")
    (ev,) = [e for e in a.events if e.type == "ACCUSE"]
    names = {x.id: x.name for x in a.actors}
    assert ev.mode == "disapprove"
    assert [names[s] for s in ev.sources] == ["Hungary"]
    assert [names[t] for t in ev.targets] == ["Slovakia"]
    # the parser reads the quoted form with the object as the predicative: still an accusation
    quoted = "Hungary's prime minister called Slovakia's new tariffs \"outrageous and unjust.\""
    assert _accusations(analyze, quoted)


def test_described_as_and_branded_read_the_same(analyze) -> None:  # type: ignore[no-untyped-def]
    assert _accusations(analyze, "Serbia described Kosovo's border closure as illegal.")
    assert _accusations(analyze, "Moldova branded the Transnistrian referendum a sham.")


def test_praise_and_plain_naming_are_no_accusation(analyze) -> None:  # type: ignore[no-untyped-def]
    assert not _accusations(
        analyze, "Serbia's foreign minister called the talks with Kosovo constructive."
    )
    assert not _accusations(analyze, "Moldova called its new coalition the Union for Progress.")
    # "called for" is a request, whatever follows
    assert not _accusations(analyze, "Serbia called for an end to Kosovo's illegal blockade.")
