"""The counts' rows (``network_counts``) and how a write changes them: one read of the month rows it needs, then a
few ``executemany`` (on PostgreSQL queued and sent with the COMMIT, ``tables.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    select,
    text,
    union_all,
)

from qualicoop_es.projections.count_months import Plan, month_of, next_month, planned
from qualicoop_es.projections.tables import DriverStatement, insert_many, metadata


def _keyed(name: str, *columns: Column[Any]) -> Table:
    """A table whose rows belong to one counted value: (scope, dimension, value) first in its primary key."""
    return Table(name, metadata, Column("scope", Integer, primary_key=True, autoincrement=False),
                 Column("dimension", String(16), primary_key=True), Column("value", String(64), primary_key=True),
                 *columns)  # fmt: skip


#: per value and day, the count's net change that day (never 0)
deltas_table = _keyed(
    "proj_network_deltas", Column("day", Date, primary_key=True), Column("n", Integer, nullable=False)
)
#: per value, a row for each month with deltas (``month``: its first day), holding the count at the month's end
months_table = _keyed(
    "proj_network_months", Column("month", Date, primary_key=True), Column("n", Integer, nullable=False)
)
keys_table = _keyed("proj_network_keys")  # the values that have deltas: those the dashboard reads
Key = tuple[int, str, str]  # (scope, dimension, value)
Changes = dict[Key, dict[date, int]]  # per key: day → change of the count from that day on

_d, _m, _k = deltas_table.c, months_table.c, keys_table.c
#: The parameters naming a counted value, a day, a month (its first day): shared with the reads (``network_counts``).
SCOPE, DIMENSION = bindparam("b_scope", type_=Integer), bindparam("b_dimension", type_=String)
VALUE, DAY = bindparam("b_value", type_=String), bindparam("b_day", type_=Date)
_N, MONTH, _NEXT = bindparam("b_n", type_=Integer), bindparam("b_month", type_=Date), bindparam("b_next", type_=Date)
#: Not parameters (the statements' parameters are their own), and ``LIMIT 1`` rather than ``max()``: PostgreSQL's
#: generic plan of a prepared ``max()`` reads every row of the value before the day, this one seeks its last.
ONE: ColumnElement[int] = literal_column("1")
ZERO: ColumnElement[int] = literal_column("0")
_OF_DELTA = and_(_d.scope == SCOPE, _d.dimension == DIMENSION, _d.value == VALUE, _d.day == DAY)
_OF_MONTH_KEY = and_(_m.scope == SCOPE, _m.dimension == DIMENSION, _m.value == VALUE)
_ADD_DELTA = DriverStatement(text(
    f"INSERT INTO {deltas_table.name} (scope, dimension, value, day, n) "
    "VALUES (:b_scope, :b_dimension, :b_value, :b_day, :b_n) "
    f"ON CONFLICT (scope, dimension, value, day) DO UPDATE SET n = {deltas_table.name}.n + excluded.n"
).bindparams(SCOPE, DIMENSION, VALUE, DAY, _N))  # fmt: skip
_DROP_NO_DELTA = DriverStatement(deltas_table.delete().where(_OF_DELTA, _d.n == ZERO))
_MOVE_MONTHS = DriverStatement(months_table.update().where(_OF_MONTH_KEY, _m.month >= MONTH, _m.month < _NEXT)
                               .values(n=_m.n + _N))  # fmt: skip
_DROP_EMPTY_MONTH = DriverStatement(months_table.delete().where(
    _OF_MONTH_KEY, _m.month == MONTH,
    ~exists().where(_d.scope == SCOPE, _d.dimension == DIMENSION, _d.value == VALUE, _d.day >= MONTH, _d.day < _NEXT)))  # fmt: skip
_DROP_EMPTY_KEY = DriverStatement(keys_table.delete().where(
    _k.scope == SCOPE, _k.dimension == DIMENSION, _k.value == VALUE, ~exists().where(_OF_MONTH_KEY)))  # fmt: skip
_READ_CHUNK = 8  # keys per read (a statement per size, compiled once)


class _Writes:
    """A write's rows and parameters, per statement, for every value (see ``count_months.Plan``)."""

    def __init__(self) -> None:
        self.deltas: list[tuple[Any, ...]] = []
        self.months: list[tuple[Any, ...]] = []
        self.keys: list[Key] = []
        self.run: dict[DriverStatement, list[dict[str, Any]]] = {}

    def add(self, key: Key, plan: Plan, new: bool) -> None:
        named = {"b_scope": key[0], "b_dimension": key[1], "b_value": key[2]}
        run = self.run.setdefault
        self.deltas += [(*key, day, n) for day, n in plan.deltas_inserted]
        run(_ADD_DELTA, []).extend({**named, "b_day": day, "b_n": n} for day, n in plan.deltas_added)
        run(_DROP_NO_DELTA, []).extend({**named, "b_day": day} for day, _ in plan.deltas_added)
        self.months += [(*key, month, n) for month, n in plan.months_inserted]
        run(_MOVE_MONTHS, []).extend({**named, "b_month": start, "b_next": end, "b_n": n}
                                     for start, end, n in plan.months_moved)  # fmt: skip
        run(_DROP_EMPTY_MONTH, []).extend({**named, "b_month": month, "b_next": next_month(month)}
                                          for month in plan.months_checked)  # fmt: skip
        if new:
            self.keys.append(key)
        elif plan.may_vanish:
            run(_DROP_EMPTY_KEY, []).append(named)

    def send(self, conn: Connection) -> None:
        """In an order where each statement finds what it depends on written: the deltas, then the stored months
        (moved before the new ones are inserted), then the keys."""
        insert_many(conn, deltas_table, self.deltas)
        for statement in (_ADD_DELTA, _DROP_NO_DELTA, _MOVE_MONTHS, _DROP_EMPTY_MONTH):
            if self.run.get(statement):
                statement.run_many(conn, self.run[statement])
        insert_many(conn, months_table, self.months)
        insert_many(conn, keys_table, self.keys)
        if self.run.get(_DROP_EMPTY_KEY):
            _DROP_EMPTY_KEY.run_many(conn, self.run[_DROP_EMPTY_KEY])


def write(conn: Connection, changes: Changes) -> None:
    """Apply ``changes`` to the stored counts: the month rows of the changed values read at once, then a few
    ``executemany`` (``count_months.planned``), whatever their number."""
    wanted = {key: found for key, days in changes.items() if (found := {d: n for d, n in days.items() if n})}
    if not wanted:
        return
    stored = _months_from(conn, {key: month_of(min(days)) for key, days in wanted.items()})
    writes = _Writes()
    for key, days in wanted.items():
        before, months = stored.get(key, (None, {}))
        writes.add(key, planned(before, months, days), before is None and not months)
    writes.send(conn)


def _read_statement(size: int) -> DriverStatement:
    """The month rows of ``size`` keys (``b_s<i>``, ``b_d<i>``, ``b_v<i>``) from the last one before their first
    changed month (``b_f<i>``) on, each row with its key's index: compiled once per size."""
    found = _READS.get(size)
    if found is None:
        parts = []
        for i in range(size):
            of_key = and_(_m.scope == bindparam(f"b_s{i}", type_=Integer), _m.dimension == bindparam(f"b_d{i}", type_=String),
                          _m.value == bindparam(f"b_v{i}", type_=String))  # fmt: skip
            first = bindparam(f"b_f{i}", type_=Date)
            in_force = (select(_m.month).where(of_key, _m.month < first).order_by(_m.month.desc())
                        .limit(ONE).offset(ZERO).scalar_subquery())  # fmt: skip
            parts.append(select(literal_column(str(i)).label("k"), _m.month, _m.n)
                         .where(of_key, _m.month >= func.coalesce(in_force, first)))  # fmt: skip
        found = _READS[size] = DriverStatement(union_all(*parts) if size > 1 else parts[0])
    return found


_READS: dict[int, DriverStatement] = {}


def _months_from(conn: Connection, firsts: dict[Key, date]) -> dict[Key, tuple[int | None, dict[date, int]]]:
    """For each key, the count of its last month row before its first changed month (None: no row before) and its
    month rows from that month on."""
    keys = list(firsts)
    found: dict[Key, tuple[int | None, dict[date, int]]] = {}
    for start in range(0, len(keys), _READ_CHUNK):
        chunk = keys[start : start + _READ_CHUNK]
        params: dict[str, Any] = {}
        for i, (scope, dimension, value) in enumerate(chunk):
            params.update({f"b_s{i}": scope, f"b_d{i}": dimension, f"b_v{i}": value,
                           f"b_f{i}": firsts[(scope, dimension, value)]})  # fmt: skip
        for i, month, n in _read_statement(len(chunk)).rows(conn, params):
            key = chunk[int(i)]
            on = month if isinstance(month, date) else date.fromisoformat(month)  # SQLite's driver gives the text
            rows = found.setdefault(key, (None, {}))[1]
            if on < firsts[key]:
                found[key] = (n, rows)
            else:
                rows[on] = n
    return found
