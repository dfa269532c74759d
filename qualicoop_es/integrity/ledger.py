"""The integrity ledger: the chain's digest of every stored event, kept like a read model.

A projection of the runner (``qualicoop_es.projections.runner``): its rows are written in the transaction that
moves its position, so each event gets exactly one digest, in log order, and ``qualicoop projections rebuild
integrity`` recomputes them all from the log. The runner hands every projection each notification with its decoded
event (``Item.notification``): the chain hashes the notification's stored bytes, with no second read of the log.

A rebuild re-anchors the chain on the log as it is: compare its head with a head published before (``qualicoop
verify`` records one in the log, ``GET /api/v1/integrity`` serves it) — see docs/integrity.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, Column, Connection, Integer, LargeBinary, String, Table, text

from qualicoop_es.integrity.chain import GENESIS, digest_of
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.tables import DriverStatement, insert_many, metadata

NAME = "integrity"

ledger_table = Table(
    "integrity_ledger",
    metadata,
    # INTEGER PRIMARY KEY on SQLite: the rowid itself, no separate index to maintain
    Column("notification_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),  # the event's rank in the chain (1 for the first): the count at it
    Column("originator_id", String(36), nullable=False),
    Column("originator_version", BigInteger, nullable=False),
    Column("digest", LargeBinary(32), nullable=False),
)

#: The chain's link before ``b_id``: the last digest recorded below it, its rank and its position.
LINK_BEFORE = DriverStatement(text(
    "SELECT digest, seq, notification_id FROM integrity_ledger WHERE notification_id < :b_id "
    "ORDER BY notification_id DESC LIMIT 1"
))  # fmt: skip


class LedgerMismatch(RuntimeError):
    """The notifications read back are not the ones the runner handed over (the log changed under us)."""


class LedgerProjection(Projection):
    name = NAME
    tables = (ledger_table,)

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        notifications = [item.notification for item in items]
        if any(n.id != item.notification_id for n, item in zip(notifications, items, strict=True)):
            raise LedgerMismatch(f"notifications {items[0].notification_id}..: not the batch's own")
        found = LINK_BEFORE.rows(conn, {"b_id": items[0].notification_id})
        previous, seq = (bytes(found[0][0]), int(found[0][1])) if found else (GENESIS, 0)
        rows = []
        for n in notifications:
            previous = digest_of(previous, n)
            seq += 1
            rows.append((n.id, seq, str(n.originator_id), n.originator_version, previous))
        insert_many(conn, ledger_table, rows)
