"""The ``timeline`` projection: one row per event of the log.

It serves both a cooperative's timeline (by cooperative, in log order) and the network's audit log (every
event, catalogue included, filterable by actor, cooperative, kind and period, newest first). Each row is
built from its event alone, so the projection keeps no state between events.
"""

from __future__ import annotations

import dataclasses
import json
import json.scanner
import operator
import re
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder
from eventsourcing.utils import resolve_topic
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
    # by kind alone: its entries then follow the log, so a kind's newest page is read from the end (audit), and
    # the verdicts per year only visit the verdicts' rows (~2 % of the log) — cheaper to build than (kind, date)
    Index("ix_proj_events_kind", "kind"),
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
    rb'\{"timestamp":\{"_type_":"datetime_iso","_data_":"([^"\\]*)"\}(?:,"originator_topic":"([^"\\]*)")?'
    rb',"effective_on":(?:\{"_type_":"date","_data_":"([^"\\]*)"\}|null),"actor":(?:"([^"\\]*)"|null)([,}])'
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
    if envelope[5] == b"}":
        return envelope[1].decode(), "{}"
    own = state[envelope.end() :]
    if _TYPE in own:
        own = _WRAPPED.sub(_unwrap, own)
        if _TYPE in own:
            return None
    return envelope[1].decode(), "{" + own.decode()


# -- shallow events, for a rebuild ----------------------------------------------------------------------------
#
# A rebuild reads the whole log, and decoding every event through the mapper (the transcoder's object hook on
# every JSON object, then the event) costs as much as everything else the projections do. A *shallow* event is
# an instance of the event's class whose attributes are read straight from the stored JSON: the envelope by
# ``_ENVELOPE``, the event's own fields by one parse of the ``data`` text the timeline stores anyway (wrappers
# already replaced by their strings). Its top-level attributes are exactly the decoded event's: the same names
# in the same order, and the fields declared as dates, datetimes or decimals (optional or not) converted as the
# transcoder would. Only dates, decimals or datetimes NESTED in a field (an indicator's target date inside
# ``fields``) stay ISO strings: the projections read none of them. Anything else (another wrapper such as a
# UUID, an unexpected envelope, a field missing or extra, a class_version) is decoded by the mapper instead.

_STORED = "__stored__"  # a shallow event's (recorded_at, data, effective_on) for its row; no decoded event's key
# the C scanner of ``json`` without ``json.loads``'s wrappers (typeshed types its argument oddly)
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(typing.cast(Any, json.JSONDecoder()))
_CONVERTERS: dict[Any, Callable[[str], Any]] = {date: date.fromisoformat, datetime: datetime.fromisoformat,
                                                Decimal: Decimal}  # fmt: skip


class _Shape(NamedTuple):
    """How to build a shallow event of a class, worked out once per topic."""

    cls: type
    attributes: tuple[str, ...]  # the decoded event's attributes, in order
    converters: tuple[tuple[str, Callable[[str], Any]], ...]  # own top-level fields typed date, datetime, Decimal


_SHAPES: dict[str, _Shape | None] = {}


def _converter(hint: Any) -> Callable[[str], Any] | None:
    if type(hint) is types.UnionType or typing.get_origin(hint) is typing.Union:
        found = [_CONVERTERS.get(arg) for arg in typing.get_args(hint) if arg is not type(None)]
        return found[0] if len(found) == 1 else None
    return _CONVERTERS.get(hint)


def _shape(topic: str) -> _Shape | None:
    if topic not in _SHAPES:
        try:
            cls = resolve_topic(topic)
            attributes = _spec(cls).attributes
            hints = typing.get_type_hints(cls) if attributes is not None else {}
        except Exception:  # an unknown topic or annotations that do not resolve: the mapper decides
            attributes = None
        if attributes is None:
            _SHAPES[topic] = None
        else:
            own = [name for name in attributes if name not in BASE_FIELDS]
            converters = tuple((name, c) for name in own if (c := _converter(hints.get(name))) is not None)
            _SHAPES[topic] = _Shape(cls, attributes, converters)
    return _SHAPES[topic]


_ENVELOPE_TEXT = re.compile(_ENVELOPE.pattern.decode())  # the same patterns on the decoded text
_WRAPPED_TEXT = re.compile(_WRAPPED.pattern.decode())


def _shallow(shape: _Shape, notification: Any, iso_dates: bool) -> Any | None:
    """The notification's event as a shallow event, or None when its stored JSON is not as expected."""
    state, originator_id = notification.state, notification.originator_id
    if type(state) is not bytes or type(originator_id) is not UUID:
        return None
    text = state.decode()
    envelope = _ENVELOPE_TEXT.match(text)
    if envelope is None:
        return None
    stamp, originator_topic, day, actor, end = envelope.groups()
    if end == "}":
        data, own = "{}", {}
    else:
        data = "{" + text[envelope.end() :]
        if '"_type_"' in data:
            data = _WRAPPED_TEXT.sub(_unwrap, data)
            if '"_type_"' in data:
                return None
        own = _scan(data, 0)[0]
    effective_on = date.fromisoformat(day) if day is not None else None
    if originator_topic is None:
        attributes = {"timestamp": datetime.fromisoformat(stamp), "effective_on": effective_on, "actor": actor, **own,
                      "originator_id": originator_id, "originator_version": notification.originator_version}  # fmt: skip
    else:
        attributes = {"timestamp": datetime.fromisoformat(stamp), "originator_topic": originator_topic,
                      "effective_on": effective_on, "actor": actor, **own, "originator_id": originator_id,
                      "originator_version": notification.originator_version}  # fmt: skip
    if tuple(attributes) != shape.attributes:
        return None
    for name, convert in shape.converters:
        value = attributes[name]
        if value is not None:
            attributes[name] = convert(value)
    attributes[_STORED] = (stamp, data, day if iso_dates else effective_on)
    event: Any = object.__new__(shape.cls)
    object.__setattr__(event, "__dict__", attributes)
    return event


def shallow_items(
    notifications: Sequence[Any], to_event: Callable[[Any], Any], *, iso_dates: bool = False
) -> list[Item]:
    """The notifications as items whose events are shallow where possible, else decoded by ``to_event`` (the
    mapper's). Only for a mapper that ``stores_plain_json``. ``iso_dates``: the timeline row gets the event's
    date as the ISO text SQLite's date adapter would store (without the adapter's call per row)."""
    shapes, items = _SHAPES, []
    names: dict[Any, str] = {}  # originator id → its text, once per aggregate and page
    for n in notifications:
        topic = n.topic
        shape = shapes[topic] if topic in shapes else _shape(topic)
        event = _shallow(shape, n, iso_dates) if shape is not None else None
        state = None
        if event is None:
            event = to_event(n)
            state = n.state if type(n.state) is bytes else None
        key = event.originator_id
        name = names.get(key.int if type(key) is UUID else key)
        if name is None:
            name = names[key.int if type(key) is UUID else key] = str(key)
        items.append(Item(n.id, topic, event, name, state))
    return items


def row_of(item: Item) -> tuple[Any, ...]:
    """The event's row, in the table's column order."""
    event = item.event
    spec = _SPECS[type(event)] if type(event) in _SPECS else _spec(type(event))
    shallow = event.__dict__.get(_STORED)
    if shallow is not None:  # read from the stored JSON already
        recorded_at, data, effective_on = shallow
    else:
        stored = _stored(spec, event, item.state)
        recorded_at, data = stored if stored else (event.timestamp.isoformat(), dumps_ordered(_payload(event)))
        effective_on = getattr(event, "effective_on", None)
    kind = spec.kind or kind_of_topic(item.topic)
    return (
        item.notification_id,
        item.originator if spec.cooperative else None,
        event.originator_version,
        kind,
        event.kind if kind == "verdict_recorded" else None,
        item.topic,
        effective_on,
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
