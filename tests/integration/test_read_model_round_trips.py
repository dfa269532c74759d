"""What a typical command costs the read-model store, counted on the wire: round trips and statements.

A command's read models are caught up in one transaction under the positions' lock (``projections/positions.py``),
and every round trip in it is paid by every writer of every process: their number is a budget here, so that it
cannot creep back up. On PostgreSQL they are counted from libpq's own trace of the read models' connections (a
round trip: the client sends, then waits for the server's answer); on SQLite, the statements SQLite runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from qualicoop_es.access import Actor
from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from qualicoop_es.projections.positions import Positions
from qualicoop_es.projections.tables import DriverStatement, insert_many
from qualicoop_es.projections.timeline import events_table
from tests.support import STAFF, TODAY, engaged, sqlite_settings

#: The read models' transaction of one command on PostgreSQL: the pool's ping, BEGIN, the positions' lock, the
#: periods taken (``DELETE … RETURNING``), the rows queued so far sent before the chain's previous link is read, that
#: read, then the last rows, the positions and the COMMIT together.
POSTGRES_ROUND_TRIPS = 7  # 11 before the writes were sent with the COMMIT and the periods taken in one statement
#: The statements of that transaction that reach the server (one per row for a multi-row write).
POSTGRES_STATEMENTS = 11  # 14 before
#: On SQLite: BEGIN IMMEDIATE, the positions, the periods taken, the rows (two periods, an event, a link of the
#: chain), the chain's previous link, the positions moved, COMMIT.
SQLITE_STATEMENTS = 10  # 13 before


@dataclass
class Wire:
    round_trips: int
    statements: int
    text: str


def wire_of(trace: str) -> Wire:
    """Round trips and statements in a libpq trace: a round trip ends where the server's messages follow the
    client's; a statement is an Execute (extended protocol) or a Query (simple protocol) the client sent."""
    round_trips, statements, last = 0, 0, ""
    for line in trace.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0] not in ("F", "B"):
            continue
        if fields[0] == "B" and last == "F":
            round_trips += 1
        if fields[0] == "F" and fields[2].split(" ")[0] in ("Execute", "Query"):
            statements += 1
        last = fields[0]
    return Wire(round_trips, statements, trace)


@contextmanager
def libpq_trace(engine: Engine) -> Iterator[list[Any]]:
    """The connections the engine opens from now on (its pooled ones closed first): the libpq connections whose
    messages ``traced`` records."""
    engine.dispose()  # the pooled connections were opened before
    opened: list[Any] = []

    def keep(dbapi_connection: Any, _: Any) -> None:
        opened.append(dbapi_connection.pgconn)

    event.listen(engine, "connect", keep)
    try:
        yield opened
    finally:
        event.remove(engine, "connect", keep)
        engine.dispose()


def traced(connections: list[Any], path: Path, run: Callable[[], object]) -> Wire:
    """What ``run`` sent and received on ``connections``, from libpq's trace (flushed when it stops)."""
    from psycopg import pq

    with path.open("w") as out:
        for pgconn in connections:
            pgconn.trace(out.fileno())
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            run()
        finally:
            for pgconn in connections:
                pgconn.untrace()
    return wire_of(path.read_text())


@contextmanager
def built(settings: Settings) -> Iterator[tuple[Services, Any]]:
    """The services, an engaged cooperative, and a few commands already applied (statements prepared, caches
    warm): what a serving process is like."""
    svc = build(settings, clock=lambda: TODAY)
    try:
        svc.app.ensure_catalogue(actor=STAFF)
        coop = engaged(svc.app)
        for n in range(3):
            checkpoint(svc, coop, n)
        yield svc, coop
    finally:
        svc.close()


def checkpoint(svc: Services, coop: Any, n: int) -> None:
    svc.app.hold_checkpoint(
        coop, actor=Actor.operator("bench"), summary=f"Point {n}", effective_on=date(2022, 6, n + 1)
    )


@pytest.mark.postgres
def test_a_command_costs_the_postgresql_read_models_a_fixed_budget_of_round_trips(
    postgres_url: str, tmp_path: Path
) -> None:
    with built(Settings(database_url=postgres_url)) as (svc, coop):
        with libpq_trace(svc.engine) as connections:
            checkpoint(svc, coop, 3)  # opens the connection, with its first use: not measured
            wire = traced(connections, tmp_path / "trace.txt", lambda: checkpoint(svc, coop, 4))
        assert svc.projector is not None and svc.projector.status()[0]["lag"] == 0
    assert (wire.round_trips, wire.statements) <= (POSTGRES_ROUND_TRIPS, POSTGRES_STATEMENTS), wire.text
    assert wire.round_trips == POSTGRES_ROUND_TRIPS, f"{wire.round_trips}: lower the budget"


def test_a_command_costs_the_sqlite_read_models_a_fixed_budget_of_statements(tmp_path: Path) -> None:
    statements: list[str] = []

    def trace(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    with built(sqlite_settings(tmp_path)) as (svc, coop):
        svc.engine.dispose()
        event.listen(svc.engine, "connect", trace)
        checkpoint(svc, coop, 3)
        statements.clear()
        checkpoint(svc, coop, 4)
        event.remove(svc.engine, "connect", trace)
    assert len(statements) == SQLITE_STATEMENTS, "\n".join(statements)


@pytest.mark.postgres
def test_a_statement_in_a_transaction_that_defers_its_writes_sees_the_rows_queued_before_it(postgres_url: str) -> None:
    """Whatever a projection reads after queuing rows — through SQLAlchemy or a driver statement — includes them."""
    count = select(func.count()).select_from(events_table)
    with built(Settings(database_url=postgres_url)) as (svc, _):
        before = _count(svc.engine, count)
        row = (10**9, None, 1, "test", None, "test", None, "2026-01-01T00:00:00+00:00", None, "test", "{}")
        with Positions(svc.engine).locked(["timeline"]) as (conn, _):
            insert_many(conn, events_table, [row])
            assert conn.execute(count).scalar_one() == before + 1  # SQLAlchemy's statement
            insert_many(conn, events_table, [(row[0] + 1, *row[1:])])
            assert DriverStatement(count).rows(conn, {}) == [(before + 2,)]  # a driver statement
            insert_many(conn, events_table, [(row[0] + 2, *row[1:])])
        assert _count(svc.engine, count) == before + 3  # the last one sent with the COMMIT


def _count(engine: Engine, statement: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(statement).scalar_one())
