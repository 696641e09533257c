"""Store.count_events_by_month_detail(unplaced=True): the rows of a timeline count every
matching event, so its total and types come from the one grouping."""

from __future__ import annotations

import datetime as dt
import random

from store_data import random_document

from sitroom.store import NO_MONTH, EventFilter, Store

FILTERS = [
    EventFilter(),  # read from event_months
    EventFilter(statuses=("occurred", "attempted")),  # event_months too
    EventFilter(actor="a2"),  # counted from the events
    EventFilter(date_from=dt.date(2022, 6, 1), date_to=dt.date(2023, 3, 31), type="AID"),
]


def test_month_rows_count_every_matching_event(store: Store) -> None:
    rng = random.Random(3)
    store.add_many(random_document(i, rng) for i in range(60))
    for f in FILTERS:
        every = store.count_events_by_month_detail(f, unplaced=True)
        placed = store.count_events_by_month_detail(f)
        assert [r for r in every if r.month != NO_MONTH] == placed
        assert sum(r.events for r in every) == store.count_events(f) > 0, f
        types: dict[str, int] = {}
        for r in every:
            types[r.type] = types.get(r.type, 0) + r.events
        assert sorted(types.items()) == sorted(store.count_events_by_type(f)), f
    unplaced = store.count_events_by_month_detail(EventFilter(), unplaced=True)
    assert any(r.month == NO_MONTH for r in unplaced)  # undated and year-only events exist
