"""The store: persist analyses in SQLite or PostgreSQL and query them back.

Everything outside this package uses only what is listed in ``__all__`` below; no SQL and no
table is used outside ``sitroom.store`` (``docs/store.md`` shows the API with examples).

- :class:`Store` opens a database (``sqlite:///file.db``, a bare path, or a PostgreSQL URL).
  Writes: :meth:`Store.add`, :meth:`Store.add_many`, :meth:`Store.remove`, :meth:`Store.merge_new`.
  One document back: :meth:`Store.document`.
- Queries page (``limit``/``offset``), filter (one ``*Filter`` dataclass each) and aggregate:
  ``events``/``iter_events``/``count_events``/``count_events_at_most``/``count_events_by_type``/
  ``count_events_by_month``/``event_points``; ``actors``/``count_actors``/``actors_by_id``/
  ``actor_types``/``resolve_actor``/``dyad_timeline``; ``relations``/``count_relations``/
  ``relation_evidence``; ``documents``/``count_documents``/``latest_documents``;
  ``places``/``count_places``; ``incidents``/``count_incidents``; ``stats``/``data_version``.
- The ingest journal: ``start_run``/``unfinished_run``/``runs``/``advance_run`` and
  :func:`write_batch`, the one write path every ingest engine uses.

Modules: ``schema`` (tables), ``migrations``, ``backends`` (engines, dialects, locks),
``base``/``core`` (the Store class), ``writes``, ``aggregates``, ``reading``, ``rows`` (filters
and row types), ``sql`` (shared query pieces), ``query_events``, ``query_actors``,
``query_relations``, ``query_documents``, ``incidents`` + ``merging`` (cross-document
incidents), ``journal``, ``errors``.
"""

from sitroom.store.backends import DEFAULT_URL, database_url
from sitroom.store.columns import NUL_REPLACEMENT
from sitroom.store.core import Store
from sitroom.store.errors import SchemaVersionError, StoreError, StoreUnavailableError
from sitroom.store.journal import BatchOutcome, RunCounts, write_batch
from sitroom.store.merging import MergeSummary
from sitroom.store.query_fatalities import FATALITY_GROUPS, FATALITY_SORTS
from sitroom.store.rows import (
    EVENT_SORT_KEYS,
    GOLDSTEIN,
    ActorFilter,
    ActorRoleRow,
    ActorRow,
    BBox,
    DocumentFilter,
    DocumentRow,
    DyadMonth,
    EventFilter,
    EventPoint,
    EventRow,
    FatalityRow,
    IncidentFilter,
    IncidentMemberRow,
    IncidentRow,
    IngestRun,
    LatestDocument,
    MonthCount,
    PlaceFilter,
    PlaceRow,
    RelationEvidence,
    RelationFilter,
    RelationRow,
    UpdateRow,
    parse_event_sort,
)
from sitroom.store.schema import (
    EVENT_ROLES,
    MONTHLY_PRECISIONS,
    NO_MONTH,
    NON_INTERACTION_STATUSES,
    SCHEMA_VERSION,
    alias_key,
)

__all__ = [
    "DEFAULT_URL",
    "EVENT_ROLES",
    "EVENT_SORT_KEYS",
    "FATALITY_GROUPS",
    "FATALITY_SORTS",
    "GOLDSTEIN",
    "MONTHLY_PRECISIONS",
    "NON_INTERACTION_STATUSES",
    "NO_MONTH",
    "NUL_REPLACEMENT",
    "SCHEMA_VERSION",
    "ActorFilter",
    "ActorRoleRow",
    "ActorRow",
    "BBox",
    "BatchOutcome",
    "DocumentFilter",
    "DocumentRow",
    "DyadMonth",
    "EventFilter",
    "EventPoint",
    "EventRow",
    "FatalityRow",
    "IncidentFilter",
    "IncidentMemberRow",
    "IncidentRow",
    "IngestRun",
    "LatestDocument",
    "MergeSummary",
    "MonthCount",
    "PlaceFilter",
    "PlaceRow",
    "RelationEvidence",
    "RelationFilter",
    "RelationRow",
    "RunCounts",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "StoreUnavailableError",
    "UpdateRow",
    "alias_key",
    "database_url",
    "parse_event_sort",
    "write_batch",
]
