"""The ``timeline`` projection: one row per event of the log.

It serves both a cooperative's timeline (by cooperative, in log order) and the network's audit log (every
event, catalogue included, filterable by actor, cooperative, kind and period, newest first). Each row is
built from its event alone, so the projection keeps no state between events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, Date, Index, Integer, String, Table, Text

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.cooperative_events import BASE_FIELDS
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.sentences import KINDS, kind_of_topic
from qualicoop_es.projections.tables import dumps_ordered, insert_many, metadata

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
    Index("ix_proj_events_kind", "kind", "effective_on"),
)

_FIELDS: dict[type, tuple[str, ...]] = {}
_COOPERATIVE_EVENTS = (Cooperative.Event, Cooperative.Created)


def _payload(event: Any) -> dict[str, Any]:
    cls = type(event)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(
            f.name for f in dataclasses.fields(event) if f.name not in BASE_FIELDS and f.name != "originator_topic"
        )
    return {name: getattr(event, name) for name in names}


def row_of(item: Item) -> tuple[Any, ...]:
    """The event's row, in the table's column order."""
    event = item.event
    known = KINDS.get(type(event))
    kind, sentence = (known[0], known[2](event)) if known else (kind_of_topic(item.topic), item.topic)
    return (
        item.notification_id,
        str(event.originator_id) if isinstance(event, _COOPERATIVE_EVENTS) else None,
        event.originator_version,
        kind,
        event.kind if kind == "verdict_recorded" else None,
        item.topic,
        getattr(event, "effective_on", None),
        event.timestamp.isoformat(),
        getattr(event, "actor", None),
        sentence,
        dumps_ordered(_payload(event)),
    )


class TimelineProjection(Projection):
    name = "timeline"
    tables = (events_table,)

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        insert_many(conn, events_table, [row_of(item) for item in items])
