"""The hash chain over the event log: one SHA-256 digest per stored event, each covering the previous one.

The byte layout (docs/integrity.md gives it with a ten-line script to recompute it without this code)::

    record = prev_digest                  32 bytes (GENESIS, 32 zero bytes, before the first event)
           || notification_id             unsigned 64-bit, big-endian
           || originator_version          unsigned 64-bit, big-endian
           || len(originator)             unsigned 32-bit, big-endian
           || len(topic)                  unsigned 32-bit, big-endian
           || len(state)                  unsigned 32-bit, big-endian
           || originator                  the aggregate id: its 16 UUID bytes (a text id: its UTF-8 bytes)
           || topic                       UTF-8
           || state                       the stored bytes, as they are (opaque: never parsed)
    digest = SHA-256(record)

The fixed-width fields come first so that a record is one ``struct`` pack and three byte strings. The recorded
time is not a field of its own: eventsourcing 9.5.6 keeps an event's timestamp inside its stored state (the table
and the public ``Notification`` have no time column), so the state's bytes cover it.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from typing import Any, Protocol
from uuid import UUID

__all__ = ["GENESIS", "LAYOUT_VERSION", "StoredRow", "chain", "digest_of", "originator_bytes"]

GENESIS = bytes(32)
LAYOUT_VERSION = 1
_HEAD = struct.Struct(">32sQQIII")
_TOPICS: dict[str, bytes] = {}  # a few dozen topics, encoded once


class StoredRow(Protocol):
    """What the chain reads of a stored event: the public ``Notification``'s fields."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> Any: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


def originator_bytes(originator_id: Any) -> bytes:
    """The aggregate id's bytes: a UUID's 16 bytes, else the text's UTF-8 bytes."""
    if type(originator_id) is UUID:
        return originator_id.bytes
    return str(originator_id).encode("utf-8")


def digest_of(previous: bytes, row: StoredRow) -> bytes:
    """The digest of ``row`` chained after ``previous``."""
    oid = row.originator_id
    originator = oid.bytes if type(oid) is UUID else originator_bytes(oid)
    topic = _TOPICS.get(row.topic)
    if topic is None:
        topic = _TOPICS[row.topic] = row.topic.encode("utf-8")
    state = row.state
    if type(state) is not bytes:  # a value whose type was changed in the database (a text, or a driver's view)
        state = state.encode("utf-8") if isinstance(state, str) else bytes(state)
    head = _HEAD.pack(previous, row.id, row.originator_version, len(originator), len(topic), len(state))
    return hashlib.sha256(b"".join((head, originator, topic, state))).digest()


def chain(rows: Iterable[StoredRow], previous: bytes = GENESIS) -> list[bytes]:
    """The digests of ``rows`` (in log order), chained after ``previous``."""
    digests = []
    for row in rows:
        previous = digest_of(previous, row)
        digests.append(previous)
    return digests
