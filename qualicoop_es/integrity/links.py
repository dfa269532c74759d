"""One aggregate's links in the hash chain, read from the integrity ledger: each event's position in the log, its
rank in the chain, its digest and the digest of the link before it (the previous event of the whole log).

The ledger is keyed by position. An aggregate's positions come from the timeline read model (indexed by
cooperative); when it has not caught up with every version the ledger holds, the ledger is scanned instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, bindparam, text

from qualicoop_es.integrity.chain import GENESIS
from qualicoop_es.integrity.ledger import LINK_BEFORE

_BY_TIMELINE = text(
    "SELECT l.notification_id, l.seq, l.originator_version, l.digest FROM integrity_ledger l "
    "JOIN proj_events e ON e.notification_id = l.notification_id "
    "WHERE e.cooperative_id = :b_id AND l.originator_id = :b_id"
)
_SCAN = text(
    "SELECT notification_id, seq, originator_version, digest FROM integrity_ledger WHERE originator_id = :b_id"
)
_AT = text("SELECT notification_id, seq, digest FROM integrity_ledger WHERE notification_id IN :b_ids").bindparams(
    bindparam("b_ids", expanding=True)
)
_HEAD = text("SELECT notification_id, seq, digest FROM integrity_ledger ORDER BY notification_id DESC LIMIT 1")


@dataclass(frozen=True)
class Link:
    """An event's place in the chain."""

    position: int  # the notification id (position in the log)
    seq: int  # its rank in the chain (the number of events chained up to it)
    digest: str  # SHA-256, hex
    previous: str  # the digest of the link before it (64 zeros before the first event)


@dataclass(frozen=True)
class Head:
    position: int
    digest: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"head_position": self.position, "head_digest": self.digest, "count": self.count}


def head(engine: Engine) -> Head:
    """The head of the chain kept by the ledger (position 0, no digest, when it is empty)."""
    with engine.connect() as conn:
        row = conn.execute(_HEAD).first()
    return Head(int(row[0]), bytes(row[2]).hex(), int(row[1])) if row else Head(0, "", 0)


def links_of(engine: Engine, aggregate_id: UUID, versions: int) -> dict[int, Link]:
    """``{version: Link}`` for the aggregate's events the ledger has chained (``versions``: its latest version)."""
    with engine.connect() as conn:
        rows = _rows(conn, str(aggregate_id), versions)
        previous = _previous(conn, [(int(r[0]), int(r[1])) for r in rows])
    return {int(r[2]): Link(int(r[0]), int(r[1]), bytes(r[3]).hex(), previous[int(r[0])]) for r in rows}


def _rows(conn: Connection, aggregate_id: str, versions: int) -> list[Any]:
    try:
        rows = list(conn.execute(_BY_TIMELINE, {"b_id": aggregate_id}))
    except Exception:  # the timeline read model is being rebuilt (or absent): scan the ledger
        conn.rollback()
        rows = []
    if len(rows) < versions:  # the timeline may lag behind the ledger: ask the ledger itself
        rows = list(conn.execute(_SCAN, {"b_id": aggregate_id}))
    return sorted(rows, key=lambda r: int(r[0]))


def _previous(conn: Connection, positions: list[tuple[int, int]]) -> dict[int, str]:
    """The digest before each (position, seq): the ledger's row at position - 1 when it is the link before (no gap
    in the log), else the last row below the position."""
    found: dict[int, str] = {}
    if not positions:
        return found
    before = {int(r[0]): (int(r[1]), bytes(r[2])) for r in conn.execute(_AT, {"b_ids": [p - 1 for p, _ in positions]})}
    for position, seq in positions:
        row = before.get(position - 1)
        if seq == 1:
            found[position] = GENESIS.hex()
        elif row is not None and row[0] == seq - 1:
            found[position] = row[1].hex()
        else:
            link = LINK_BEFORE.rows(conn, {"b_id": position})
            found[position] = bytes(link[0][0]).hex() if link else GENESIS.hex()
    return found
