"""``verify``: recompute the chain from the stored events and compare it with the integrity ledger.

The log is read through the recorder's public ``select_notifications`` in large pages, the ledger in the same
ranges of positions; both are walked together. The first disagreement is the answer:

- ``altered``: the event at a position the ledger knows no longer gives its digest (a changed byte, two events'
  bytes swapped);
- ``missing``: the ledger has a digest for a position the log no longer holds (a deleted event, a truncated log);
- ``inserted``: the log holds, at a position, an event the ledger never chained there: a position the ledger
  passed over, or another aggregate's event or version than the ledger's (events renumbered to make room).

Only what the ledger has reached (its position) is checked: later events, written meanwhile, are ``pending``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from qualicoop_es.integrity.chain import GENESIS, digest_of
from qualicoop_es.integrity.ledger import LINK_BEFORE, NAME
from qualicoop_es.projections.tables import DriverStatement, positions

Progress = Callable[[int], None]
LedgerRow = tuple[Any, ...]  # (notification_id, seq, originator_id, originator_version, digest)

_RANGE = DriverStatement(text(
    "SELECT notification_id, seq, originator_id, originator_version, digest FROM integrity_ledger "
    "WHERE notification_id > :b_after AND notification_id <= :b_upto ORDER BY notification_id"
))  # fmt: skip


@dataclass(frozen=True)
class Difference:
    """The first event that differs: its position and what is wrong with it (see the module's docstring)."""

    position: int
    problem: str  # altered, missing or inserted
    originator_id: str | None = None
    version: int | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    start: int  # the first position checked
    checked: int  # events whose digest was recomputed and matched
    count: int  # events in the chain up to the head (the ledger's rank of the head)
    head_position: int  # the last position that matched (0: none)
    head_digest: str  # its digest in hex ("" when none)
    seconds: float
    pending: int  # events after the ledger's position, not checked yet
    difference: Difference | None = None


@dataclass
class _Walk:
    previous: bytes
    seq: int
    position: int
    checked: int = 0

    def page(self, notifications: Sequence[Any], rows: Sequence[LedgerRow]) -> Difference | None:
        """Walk one page of the log with the ledger's rows of the same range of positions."""
        previous, done = self.previous, 0
        for n, row in zip(notifications, rows, strict=False):
            if n.id != row[0]:
                break
            digest = digest_of(previous, n)
            if digest != row[4]:
                break
            previous, done = digest, done + 1
        if done:
            self.previous, self.seq, self.position = previous, int(rows[done - 1][1]), notifications[done - 1].id
            self.checked += done
        if done == len(notifications) == len(rows):
            return None
        return _difference(notifications[done:], rows[done:])


def _difference(notifications: Sequence[Any], rows: Sequence[LedgerRow]) -> Difference:
    """What differs at the first of ``notifications`` / ``rows`` (they no longer agree there)."""
    n = notifications[0] if notifications else None
    row = rows[0] if rows else None
    if n is not None and (row is None or n.id < row[0]):
        return Difference(n.id, "inserted", str(n.originator_id), n.originator_version, n.topic)
    assert row is not None
    if n is None or n.id > row[0]:
        return Difference(int(row[0]), "missing", str(row[2]), int(row[3]))
    same = (str(n.originator_id), n.originator_version) == (str(row[2]), int(row[3]))
    return Difference(n.id, "altered" if same else "inserted", str(n.originator_id), n.originator_version, n.topic)


def ledger_position(conn: Connection) -> int:
    found = conn.execute(select(positions.c.position).where(positions.c.name == NAME)).scalar()
    return int(found or 0)


def verify(recorder: Any, engine: Engine, *, start: int | None = None, page_size: int = 10000,
           progress: Progress | None = None) -> Outcome:  # fmt: skip
    """Recompute the chain from position ``start`` (default: the first) to the ledger's position."""
    began = time.perf_counter()
    after = max((start or 1) - 1, 0)
    with engine.connect() as conn:
        stop = ledger_position(conn)
        found = LINK_BEFORE.rows(conn, {"b_id": after + 1})
    walk = _Walk(bytes(found[0][0]), int(found[0][1]), int(found[0][2])) if found else _Walk(GENESIS, 0, 0)
    difference = None
    while after < stop and difference is None:
        notifications = recorder.select_notifications(after, page_size, stop=stop, inclusive_of_start=False)
        upto = notifications[-1].id if len(notifications) == page_size else stop
        with engine.connect() as conn:
            rows = _RANGE.rows(conn, {"b_after": after, "b_upto": upto})
        difference = walk.page(notifications, rows)
        if progress is not None:
            progress(len(notifications))
        after = upto
    pending = max((recorder.max_notification_id() or 0) - stop, 0)
    return Outcome(ok=difference is None, start=max(start or 1, 1), checked=walk.checked, count=walk.seq,
                   head_position=walk.position, head_digest=walk.previous.hex() if walk.seq else "",
                   seconds=time.perf_counter() - began, pending=pending, difference=difference)  # fmt: skip
