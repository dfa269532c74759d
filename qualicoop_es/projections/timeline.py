"""The ``timeline`` projection: one row per event of the log.

It serves both a cooperative's timeline (by cooperative, in log order) and the network's audit log (every
event, catalogue included, filterable by actor, cooperative, kind and period, newest first). Each row is
built from its event alone, so the projection keeps no state between events.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder
from sqlalchemy import BigInteger, Column, Connection, Date, Index, Integer, String, Table, Text

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.cooperative_events import BASE_FIELDS
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.sentences import KINDS, Sentence, kind_of_topic
from qualicoop_es.projections.tables import dumps_ordered, insert_many, metadata
from qualicoop_es.transcodings import DateAsISO

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


# -- rows straight from the stored JSON ----------------------------------------------------------------------
#
# The stored state is the transcoder's JSON of the event's attributes, in their order: the envelope (timestamp,
# originator_topic, effective_on, actor) then the event's own fields. When the decoded event has exactly the
# attributes of its class in that order (no upcasting, nothing missing or extra), the stored text after the
# envelope, with the transcoder's {"_type_": …, "_data_": …} wrappers of dates, decimals and datetimes replaced
# by their string, is character for character what ``dumps_ordered(_payload(event))`` writes: the same json
# encoder settings, and each wrapper's string is what ``_json_default`` writes for the decoded value (ISO
# dates and datetimes, ``str`` of the decimal, all round trips). Likewise the stored timestamp's string is
# ``event.timestamp.isoformat()``. Anything else (another wrapper such as a UUID, an unexpected envelope)
# falls back to encoding the decoded event.

_ENVELOPE = re.compile(
    rb'\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"\\]*)"\}(?:,"originator_topic":"[^"\\]*")?'
    rb',"effective_on":(?:\{"_type_":"date","_data_":"[^"\\]*"\}|null),"actor":(?:"[^"\\]*"|null)([,}])'
)
_WRAPPED = re.compile(rb'\{"_type_":"(?:date|decimal_str|datetime_iso)","_data_":("[^"\\]*")\}')
_TYPE = b'"_type_"'
_unwrap = operator.itemgetter(1)  # the wrapped string (a C callable: no template expansion per match)
_ENVELOPES = (["timestamp", "effective_on", "actor"], ["timestamp", "originator_topic", "effective_on", "actor"])


class _Spec(NamedTuple):
    """What ``row_of`` needs of an event class, worked out once."""

    kind: str | None  # None: a class this code does not know (kind from the topic, topic as sentence)
    sentence: Sentence | None
    cooperative: bool  # a cooperative's event (else the catalogue's or unknown): its id is the row's
    attributes: tuple[str, ...] | None  # a decoded event's attributes if its stored JSON is reusable, else None


_SPECS: dict[type, _Spec] = {}


def _spec(cls: type) -> _Spec:
    if cls not in _SPECS:
        known = KINDS.get(cls)
        names = [f.name for f in dataclasses.fields(cls) if f.name not in ("originator_id", "originator_version")]
        envelope = [name for name in names if name in BASE_FIELDS]
        reusable = (getattr(cls, "class_version", 1) == 1 and names[: len(envelope)] in _ENVELOPES
                    and not any(name.startswith("_") for name in names[len(envelope) :]))  # fmt: skip
        _SPECS[cls] = _Spec(known[0] if known else None, known[2] if known else None,
                            issubclass(cls, _COOPERATIVE_EVENTS),
                            (*names, "originator_id", "originator_version") if reusable else None)  # fmt: skip
    return _SPECS[cls]


def stores_plain_json(mapper: Any) -> bool:
    """Whether ``mapper`` stores events as the plain JSON ``row_of`` reads: the library's JSON transcoder with
    its own transcodings of decimals and datetimes and ours of dates, neither compressed nor encrypted."""
    transcoder = getattr(mapper, "transcoder", None)
    if getattr(mapper, "cipher", None) is not None or getattr(mapper, "compressor", None) is not None:
        return False
    if type(transcoder) is not JSONTranscoder:
        return False
    expected = {"date": DateAsISO, "decimal_str": DecimalAsStr, "datetime_iso": DatetimeAsISO}
    return all(type(transcoder.names.get(name)) is cls for name, cls in expected.items())


def _stored(spec: _Spec, event: Any, state: bytes | None) -> tuple[str, str] | None:
    """(recorded_at, data) read from the stored JSON, or None when it cannot be reused as is."""
    if state is None or spec.attributes is None or tuple(event.__dict__) != spec.attributes:
        return None
    envelope = _ENVELOPE.match(state)
    if envelope is None:
        return None
    if envelope[2] == b"}":
        return envelope[1].decode(), "{}"
    own = state[envelope.end() :]
    if _TYPE in own:
        own = _WRAPPED.sub(_unwrap, own)
        if _TYPE in own:
            return None
    return envelope[1].decode(), "{" + own.decode()


def row_of(item: Item) -> tuple[Any, ...]:
    """The event's row, in the table's column order."""
    event = item.event
    spec = _SPECS[type(event)] if type(event) in _SPECS else _spec(type(event))
    stored = _stored(spec, event, item.state)
    recorded_at, data = stored if stored else (event.timestamp.isoformat(), dumps_ordered(_payload(event)))
    kind = spec.kind or kind_of_topic(item.topic)
    return (
        item.notification_id,
        item.originator if spec.cooperative else None,
        event.originator_version,
        kind,
        event.kind if kind == "verdict_recorded" else None,
        item.topic,
        getattr(event, "effective_on", None),
        recorded_at,
        getattr(event, "actor", None),
        spec.sentence(event) if spec.sentence else item.topic,
        data,
    )


class TimelineProjection(Projection):
    name = "timeline"
    tables = (events_table,)

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        insert_many(conn, events_table, [row_of(item) for item in items])
