"""The read models' positions: where each projection is in the log, and the transactions that move them.

A projection's rows and its position change in ONE transaction, taken after locking its position row
(``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL) and re-reading it, so two processes never
apply the same event twice. A rebuild runs on one connection tuned for bulk writes (``Positions.rebuild_settings``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, bindparam, null, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from qualicoop_es.projections.base import Item
from qualicoop_es.projections.tables import (
    DriverStatement,
    commit_writes,
    defer_writes_of,
    deferring_writes,
    metadata,
    positions,
)

#: SQLite settings of the rebuild's connection (restored afterwards): see ``Positions.rebuild_settings``.
REBUILD_PRAGMAS = {"synchronous": 1, "cache_size": -65536, "temp_store": 2, "wal_autocheckpoint": 16384,
                   "secure_delete": 0}  # fmt: skip


class Moved(Exception):
    """The position went backwards under us (a rebuild in another process): read the log again."""


def after(items: Sequence[Item], position: int) -> Sequence[Item]:
    """The items after ``position`` (``items`` are in log order): usually all of them, checked in O(1)."""
    if not items or items[0].notification_id > position:
        return items
    return [item for item in items if item.notification_id > position]


def follows(notifications: Sequence[Notification], position: int) -> bool:
    """Whether ``notifications`` are exactly the log's next ones after ``position`` (ids position + 1, + 2, …)."""
    return all(n.id == position + offset for offset, n in enumerate(notifications, 1))


#: Moves ``count`` named positions (``b_0``, ``b_1``…) to one position and clears their error: compiled once per count.
_MOVE_POSITIONS: dict[int, DriverStatement] = {}


def _move_positions(count: int) -> DriverStatement:
    found = _MOVE_POSITIONS.get(count)
    if found is None:
        names = positions.c.name.in_([bindparam(f"b_{i}", type_=positions.c.name.type) for i in range(count)])
        found = _MOVE_POSITIONS[count] = DriverStatement(
            update(positions).where(names)
            .values(position=bindparam("b_position"), error=null(), updated_at=bindparam("b_updated_at"))
        )  # fmt: skip
    return found


#: Re-reads (and, on PostgreSQL, locks) ``count`` named positions (``b_0``, ``b_1``…): compiled once per count.
_LOCK_POSITIONS: dict[int, DriverStatement] = {}


def _lock_positions(count: int) -> DriverStatement:
    found = _LOCK_POSITIONS.get(count)
    if found is None:
        names = positions.c.name.in_([bindparam(f"b_{i}", type_=positions.c.name.type) for i in range(count)])
        found = _LOCK_POSITIONS[count] = DriverStatement(
            select(positions.c.name, positions.c.position).where(names).with_for_update()
        )
    return found


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Positions:
    """The ``projection_positions`` table of one database, and the transactions that hold its rows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.deferring = engine.dialect.name == "postgresql"  # writes sent with the COMMIT (``tables``)
        if self.deferring:
            defer_writes_of(engine)
        self._pinned: tuple[int, Connection] | None = None  # (thread, connection) while rebuilding

    def create(self, names: Sequence[str]) -> None:
        """Create the read-model tables and the position rows of ``names`` if they are missing (safe to race)."""
        for attempt in range(3):
            try:
                metadata.create_all(self.engine)
                break
            except (OperationalError, ProgrammingError):  # created concurrently by another process
                if attempt == 2:
                    raise
        with self.engine.begin() as conn:  # indexes a rebuild interrupted before re-creating them
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    index.create(conn, checkfirst=True)
        for name in names:
            self._create_row(name)

    def _create_row(self, name: str) -> None:
        with self.engine.connect() as conn:
            if conn.execute(select(positions.c.name).where(positions.c.name == name)).first() is None:
                try:
                    conn.execute(positions.insert().values(name=name, position=0))
                    conn.commit()
                except IntegrityError:
                    conn.rollback()

    def read(self) -> dict[str, tuple[int, str | None]]:
        """Every recorded position: name → (position, error)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(positions.c.name, positions.c.position, positions.c.error))
            return {r.name: (r.position, r.error) for r in rows}

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """The rebuild's own connection in the rebuilding thread (see ``rebuild_settings``), else a pooled one."""
        pinned = self._pinned
        if pinned is not None and pinned[0] == threading.get_ident():
            yield pinned[1]
        else:
            with self.engine.connect() as conn:
                yield conn

    @contextmanager
    def pinned(self, conn: Connection) -> Iterator[None]:
        """This thread's transactions on ``conn`` (a connection the caller prepared: tuned, a file attached)."""
        self._pinned = (threading.get_ident(), conn)
        try:
            yield
        finally:
            self._pinned = None

    @contextmanager
    def locked(self, names: Sequence[str]) -> Iterator[tuple[Connection, dict[str, int]]]:
        """One transaction holding the write lock on ``names``' positions, with their positions re-read. On
        PostgreSQL its multi-row writes are sent with the COMMIT, in one round trip (``tables.deferring_writes``)."""
        with self.connection() as conn, deferring_writes(conn) if self.deferring else nullcontext():
            try:
                if self.sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                rows = _lock_positions(len(names)).rows(conn, {f"b_{i}": name for i, name in enumerate(names)})
                found: dict[str, int] = dict(rows)
                yield conn, found
                commit_writes(conn)
            except BaseException:
                conn.rollback()
                raise

    @staticmethod
    def move(conn: Connection, name: str, position: int, error: str | None = None) -> None:
        conn.execute(update(positions).where(positions.c.name == name)
                     .values(position=position, error=error, updated_at=_now()))  # fmt: skip

    @staticmethod
    def move_changed(conn: Connection, reached: dict[str, int], found: dict[str, int]) -> None:
        """Move the positions of ``reached`` that differ from ``found``, clearing their error: one statement per
        position reached (after a catch-up, every projection is at the same one)."""
        now = _now()
        moved: dict[int, list[str]] = {}
        for name, position in reached.items():
            if position != found[name]:
                moved.setdefault(position, []).append(name)
        for position, names in moved.items():
            params = {f"b_{i}": name for i, name in enumerate(names)}
            _move_positions(len(names)).run_many(conn, [{**params, "b_position": position, "b_updated_at": now}])

    def record_error(self, name: str, error: str) -> None:
        with self.locked([name]) as (conn, _):
            conn.execute(update(positions).where(positions.c.name == name).values(error=error))

    @contextmanager
    def rebuild_settings(self) -> Iterator[None]:
        """On SQLite, replay on one connection tuned for bulk writes, and restore its settings afterwards.

        ``synchronous=NORMAL`` is WAL's documented safe setting: a commit is no longer flushed to disk by
        itself (the next checkpoint flushes it), so a power cut may lose the last committed batches, never
        corrupt the file; the positions roll back with their rows, and the rebuild resumes or restarts. The
        larger page cache and in-memory temporary store serve the final index builds. The WAL is checkpointed
        every 64 MB instead of every 4 MB (each checkpoint copies the WAL into the database and syncs both), and
        once at the end, without waiting for readers (PASSIVE; what it cannot copy yet is left to the next
        automatic checkpoint). ``secure_delete`` is off while the old rows are dropped: this SQLite build
        overwrites every freed page with zeros by default, doubling the rebuild's writes, and the read models
        hold nothing that is not in the event log (ids, never personal data), rewritten at once anyway.
        """
        if not self.sqlite:
            yield
            return
        with self.engine.connect() as conn:
            saved = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()) for name in REBUILD_PRAGMAS}
            try:
                _pragmas(conn, REBUILD_PRAGMAS)
                with self.pinned(conn):
                    yield
            finally:
                conn.rollback()
                _pragmas(conn, saved, "PRAGMA wal_checkpoint(PASSIVE)")


def _pragmas(conn: Connection, values: dict[str, int], *then: str) -> None:
    for name, value in values.items():
        conn.exec_driver_sql(f"PRAGMA {name}={value}")
    for statement in then:
        conn.exec_driver_sql(statement)
    conn.commit()
