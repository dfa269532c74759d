"""What a projection is, for the runner: a name, its tables, and a way to apply a batch of decoded events."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import Connection, Table


class Item(NamedTuple):
    """One notification of the log, decoded once and shared by every projection (a named tuple: built for
    every event of a rebuild, it must be cheap)."""

    notification_id: int
    topic: str
    event: Any
    originator: str  # str(event.originator_id), computed once for every projection
    #: The notification as read from the log (or as just recorded): its stored bytes, for the integrity ledger.
    notification: Any


class Projection(ABC):
    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    #: The names of tables it had in earlier versions: dropped when a store is upgraded (``Projector.create_tables``).
    retired: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply ``items`` (in log order) to the read model, inside the caller's transaction."""

    def rebuild_started(self, conn: Connection) -> None:
        """Drop and re-create the tables (a rebuild also applies a changed schema), without their secondary
        indexes: replaying into bare tables and indexing once at the end is about twice as fast."""
        for table in reversed(self.tables):
            table.drop(conn, checkfirst=True)
        for table in self.tables:
            table.create(conn)
            for index in table.indexes:
                index.drop(conn)

    def rebuild_finished(self, conn: Connection) -> None:
        """Create the secondary indexes again once the whole log is replayed."""
        for table in self.tables:
            for index in table.indexes:
                index.create(conn, checkfirst=True)

    def analyze(self, conn: Connection) -> None:
        """PostgreSQL: gather the tables' statistics after many rows were written at once (a replay from far
        behind, a rebuild), without waiting for autovacuum (or forever, where it is off). A fresh table has none:
        the planner would guess, and took the list's index by name for a look-up by cooperative."""
        for table in self.tables:
            conn.exec_driver_sql(f'ANALYZE "{table.name}"')

    def clear(self, conn: Connection) -> None:
        """Delete every row of the read model (the runner resets the position in the same transaction)."""
        for table in reversed(self.tables):
            conn.execute(table.delete())
