"""The ``timeline`` projection: one row per event of the log.

It serves both a cooperative's timeline (by cooperative, in log order) and the network's audit log (every
event, catalogue included, filterable by actor, cooperative, kind and period, newest first). Each row is
built from its event alone, so the projection keeps no state between events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Column, Connection, Date, Index, Integer, String, Table, Text

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.cooperative_events import BASE_FIELDS
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.jsontext import dumps_ordered
from qualicoop_es.projections.sentences import KINDS, Sentence, kind_of_topic
from qualicoop_es.projections.tables import insert_many, metadata

events_table = Table(
    "proj_events",
    metadata,
    # INTEGER PRIMARY KEY on SQLite: the rowid itself, no separate index to maintain
    Column("notification_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("cooperative_id", String(36), nullable=True),  # NULL for catalogue events
    Column("version", Integer, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("detail", String(64), nullable=True),  # the verdict's kind, for the figures
    Column("topic", String(200), nullable=False),
    Column("effective_on", Date, nullable=True),
    Column("recorded_at", String(40), nullable=False),  # ISO 8601, UTC
    Column("actor", String(64), nullable=True),
    Column("sentence", Text, nullable=False),
    Column("data", Text, nullable=False),  # JSON: the event's own fields
    Index("ix_proj_events_coop", "cooperative_id", "notification_id"),
    Index("ix_proj_events_actor", "actor", "notification_id"),
    # by kind alone: its entries then follow the log, so a kind's newest page is read from the end (audit), and
    # the verdicts per year only visit the verdicts' rows (~2 % of the log) — cheaper to build than (kind, date)
    Index("ix_proj_events_kind", "kind"),
    # the latest verdicts on a day (``queries.latest_verdicts``): a kind's entries from its newest business date back
    Index("ix_proj_events_kind_day", "kind", "effective_on"),
)

_COOPERATIVE_EVENTS = (Cooperative.Event, Cooperative.Created)


class _Spec(NamedTuple):
    """What ``row_of`` needs of an event class, worked out once."""

    kind: str | None  # None: a class this code does not know (kind from the topic, topic as sentence)
    sentence: Sentence | None
    cooperative: bool  # a cooperative's event (else the catalogue's or unknown): its id is the row's
    fields: tuple[str, ...]  # the event's own fields (the row's data), in their declared order
    values: Callable[[Any], Any]  # the event → its own fields' values, in that order


_SPECS: dict[type, _Spec] = {}


def _values(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    """The event → the tuple of its ``fields``' values (``attrgetter`` of two names or more gives one)."""
    if len(fields) >= 2:
        return attrgetter(*fields)
    return lambda event: tuple(getattr(event, name) for name in fields)


def _spec(cls: type) -> _Spec:
    known = KINDS.get(cls)
    own = tuple(f.name for f in dataclasses.fields(cls) if f.name not in BASE_FIELDS)
    spec = _SPECS[cls] = _Spec(known[0] if known else None, known[2] if known else None,
                               issubclass(cls, _COOPERATIVE_EVENTS), own, _values(own))  # fmt: skip
    return spec


def row_of(item: Item) -> tuple[Any, ...]:
    """The event's row, in the table's column order: ``data`` is the JSON of the event's own fields, in their
    declared order, and ``recorded_at`` the ISO text of its timestamp."""
    notification_id, topic, event, originator, _ = item
    cls = type(event)
    kind, sentence, cooperative, fields, values = _SPECS.get(cls) or _spec(cls)
    kind = kind or kind_of_topic(topic)
    return (
        notification_id,
        originator if cooperative else None,
        event.originator_version,
        kind,
        event.kind.value if kind == "verdict_recorded" else None,
        topic,
        getattr(event, "effective_on", None),
        event.timestamp.isoformat(),
        getattr(event, "actor", None),
        sentence(event) if sentence else topic,
        dumps_ordered(dict(zip(fields, values(event), strict=True))),
    )


class TimelineProjection(Projection):
    name = "timeline"
    tables = (events_table,)

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        insert_many(conn, events_table, [row_of(item) for item in items])
