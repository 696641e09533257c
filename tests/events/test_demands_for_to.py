"""A demand made with "for" and an infinitive that has its own subject ("called for the
Taliban to lift the ban"): one REQUEST whose act is what was demanded; an act in an embedded
question ("why the book was banned") keeps its own status; sentences written for these
tests."""

from __future__ import annotations


def test_called_for_someone_to_act_is_a_request_with_the_act(analyze) -> None:
    a = analyze("The U.N. envoy called for the Taliban to lift the ban on girls' schools.")
    types = [e.type for e in a.events]
    assert types == ["REQUEST"]
    (ev,) = a.events
    assert ev.act is not None and ev.act.type == "CONCEDE"
    names = {x.id: x.name for x in a.actors}
    assert "Taliban" in [names.get(t) for t in ev.targets]


def test_a_clause_of_time_under_a_call_is_no_demand(analyze) -> None:
    # "before" marks a clause of time, not what was demanded: the attack happened
    a = analyze("The governor called the minister before the rebels attacked the town.")
    assert "ASSAULT" in [e.type for e in a.events]
    assert all(e.act is None or e.act.type != "ASSAULT" for e in a.events)


def test_an_act_asked_about_with_why_is_not_negated(analyze) -> None:
    # the negation is on "figure out": the ban happened ("why" takes it as given)
    a = analyze("The author said she cannot figure out why the Taliban banned her book.")
    assert [(e.type, e.status) for e in a.events] == [("COERCE", "occurred")]


def test_an_act_asked_about_with_whether_stays_open(analyze) -> None:
    # "whether" leaves the act open: it is not reported as done
    a = analyze("Officials would not say whether the army had arrested the two journalists.")
    assert all(e.status != "occurred" for e in a.events)
