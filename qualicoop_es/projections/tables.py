"""Shared pieces of the read models: one SQLAlchemy MetaData and the projections' positions.

Each projection module declares its own tables on ``metadata``; ``projection_positions`` records, for each
projection, the last notification id it has applied. The runner writes it in the same transaction as the
projection's rows, so a crash never applies an event twice or skips one.

Writes in fewer round trips (PostgreSQL): in a transaction opened with ``deferring_writes``, the multi-row writes
(``insert_many``, ``DriverStatement.run_many``) need no answer, so they are queued and sent together in one psycopg
pipeline — before the transaction's next statement that may read them (``flush_writes``: a ``DriverStatement``, or
any statement SQLAlchemy runs on the connection, through the engine's ``before_cursor_execute`` event), or with the
COMMIT itself (``commit_writes``). A command's writes to every read model and its COMMIT then cost one round trip.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table, Text, event
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_ISO_DAYS: dict[date, str] = {}


def iso_day(day: date) -> str:
    """``day.isoformat()``, remembered: the read models' dates repeat a lot (a few thousand days for a whole log),
    and a rebuild turns millions of them into text (the SQLite adapter below, the JSON of events and states)."""
    text = _ISO_DAYS.get(day)
    if text is None:
        if len(_ISO_DAYS) >= 100_000:
            _ISO_DAYS.clear()
        text = _ISO_DAYS[day] = day.isoformat()
    return text


# What SQLAlchemy's SQLite Date type stores; explicit because Python 3.12 deprecates the default adapter.
sqlite3.register_adapter(date, iso_day)

metadata = MetaData()

positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False, default=0),
    Column("updated_at", String(40), nullable=True),
    Column("error", Text, nullable=True),
)


def dbapi_cursor(conn: Connection) -> Any:
    """A DB-API cursor of ``conn``, in a transaction SQLAlchemy knows of (begun here if needed, as a statement
    of its own would autobegin it), so that the connection's commit or rollback covers what the cursor does.
    The writes queued before it are sent first (``flush_writes``)."""
    if not conn.in_transaction():
        conn.begin()
    flush_writes(conn)
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


# -- deferred writes (PostgreSQL) ----------------------------------------------------------------------------------

#: The ``info`` key of a connection's queued writes: a list of (SQL, rows) while deferring, else absent.
_QUEUED = "qualicoop.queued_writes"


def defer_writes_of(engine: Engine) -> None:
    """Make ``engine``'s statements send the writes queued before them (once per engine; PostgreSQL only)."""
    if not event.contains(engine, "before_cursor_execute", _flush_before):
        event.listen(engine, "before_cursor_execute", _flush_before)


def _flush_before(conn: Connection, *_: Any) -> None:
    flush_writes(conn)


@contextmanager
def deferring_writes(conn: Connection) -> Iterator[None]:
    """Queue the multi-row writes of the block (PostgreSQL; see the module), which must end with ``commit_writes``
    or a rollback (what is still queued is then dropped with the rest of the transaction)."""
    conn.info[_QUEUED] = []
    try:
        yield
    finally:
        conn.info.pop(_QUEUED, None)


def flush_writes(conn: Connection, *, commit: bool = False) -> None:
    """Send the queued writes in one pipeline (one round trip), followed by COMMIT with ``commit``."""
    queued: list[tuple[str, list[Any]]] | None = conn.info.get(_QUEUED)
    if not queued and not commit:
        return
    writes = list(queued or ())
    if queued:
        queued.clear()  # before sending: a statement of SQLAlchemy's below must not send them again
    dbapi_connection: Any = conn.connection.dbapi_connection
    with dbapi_connection.pipeline(), dbapi_connection.cursor() as cursor:
        for sql, rows in writes:
            cursor.executemany(sql, rows)
        if commit:
            cursor.execute("COMMIT")  # psycopg follows the server's transaction status: its commit() is then a no-op


def commit_writes(conn: Connection) -> None:
    """Commit ``conn``'s transaction, its queued writes sent with the COMMIT in one round trip."""
    if _QUEUED in conn.info:
        flush_writes(conn, commit=True)
    conn.commit()


def _queue(conn: Connection, sql: str, rows: list[Any]) -> bool:
    """Queue a write when ``conn`` defers its writes; whether it did."""
    queued: list[tuple[str, list[Any]]] | None = conn.info.get(_QUEUED)
    if queued is None:
        return False
    if not conn.in_transaction():
        conn.begin()
    queued.append((sql, rows))
    return True


class DriverStatement:
    """A fixed statement (plain str / int / None parameters and results, no SQL-side defaults) compiled once per
    dialect and run on the DB-API cursor of a SQLAlchemy connection, in its transaction: none of SQLAlchemy's
    per-execution work, which costs more than these small statements themselves (see ``dbapi_cursor``)."""

    __slots__ = ("_compiled", "statement")

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None]] = {}

    def _sql(self, conn: Connection) -> tuple[str, tuple[str, ...] | None]:
        """The SQL text in the dialect's paramstyle, and the parameters' order when it is positional."""
        found = self._compiled.get(conn.dialect.name)
        if found is None:
            compiled = cast(SQLCompiler, self.statement.compile(dialect=conn.dialect))
            names = tuple(compiled.positiontup or ()) if compiled.positional else None
            found = self._compiled[conn.dialect.name] = (str(compiled), names)
        return found

    def _params(self, names: tuple[str, ...] | None, params: Mapping[str, Any]) -> Any:
        return params if names is None else tuple(params[name] for name in names)

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        sql, names = self._sql(conn)
        cursor = dbapi_cursor(conn)
        try:
            cursor.execute(sql, self._params(names, params))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def run(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """Execute once; returns the rows' count."""
        sql, names = self._sql(conn)
        cursor = dbapi_cursor(conn)
        try:
            cursor.execute(sql, self._params(names, params))
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def run_many(self, conn: Connection, params: Iterable[Mapping[str, Any]]) -> None:
        """Execute once per parameter set (queued when the connection defers its writes: see the module)."""
        sql, names = self._sql(conn)
        rows = [self._params(names, p) for p in params]
        if _queue(conn, sql, rows):
            return
        cursor = dbapi_cursor(conn)
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()


_INSERTS: dict[tuple[str, str], tuple[str, bool]] = {}


def insert_many(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the table's column order, plain str / int / date / None values) with one
    executemany on the DB-API cursor, in the connection's transaction: no per-row SQLAlchemy processing (queued
    when the connection defers its writes: see the module)."""
    if not rows:
        return
    key = (conn.dialect.name, table.name)
    if key not in _INSERTS:
        names = [c.name for c in table.columns]
        compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
        assert not compiled.positional or list(compiled.positiontup or ()) == names
        _INSERTS[key] = (str(compiled), bool(compiled.positional))
    sql, positional = _INSERTS[key]
    params: list[Any] = list(rows)
    if not positional:
        names = [c.name for c in table.columns]
        params = [dict(zip(names, row, strict=True)) for row in rows]
    if _queue(conn, sql, params):
        return
    cursor = dbapi_cursor(conn)
    try:
        cursor.executemany(sql, params)
    finally:
        cursor.close()
