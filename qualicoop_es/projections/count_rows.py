"""The counts' rows (``network_counts``) and how a write changes them: a read of what it needs, then a few
``executemany`` (on PostgreSQL queued and sent with the COMMIT, ``tables.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

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

deltas_table = Table(
    "proj_network_deltas",
    metadata,
    Column("scope", Integer, primary_key=True, autoincrement=False),
    Column("dimension", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("n", Integer, nullable=False),  # the count's net change on ``day`` (never 0)
)
months_table = Table(
    "proj_network_months",
    metadata,
    Column("scope", Integer, primary_key=True, autoincrement=False),
    Column("dimension", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("month", Date, primary_key=True),  # its first day; a row only for the months with deltas
    Column("n", Integer, nullable=False),  # the count at the month's end
)
keys_table = Table(  # the values that have deltas: those the dashboard reads
    "proj_network_keys",
    metadata,
    Column("scope", Integer, primary_key=True, autoincrement=False),
    Column("dimension", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
)
Key = tuple[int, str, str]  # (scope, dimension, value)
Changes = dict[Key, dict[date, int]]  # per key: day → change of the count from that day on

_d, _m, _k = deltas_table.c, months_table.c, keys_table.c
_S, _D = bindparam("b_scope", type_=Integer), bindparam("b_dimension", type_=String)
_V, _ON = bindparam("b_value", type_=String), bindparam("b_day", type_=Date)
_N, _MONTH, _NEXT = bindparam("b_n", type_=Integer), bindparam("b_month", type_=Date), bindparam("b_next", type_=Date)
#: Not parameters (the statements' parameters are their own), and ``LIMIT 1`` rather than ``max()``: PostgreSQL's
#: generic plan of a prepared ``max()`` reads every row of the value before the day, this one seeks its last.
_ONE: ColumnElement[int] = literal_column("1")
_ZERO: ColumnElement[int] = literal_column("0")
_OF_DELTA = and_(_d.scope == _S, _d.dimension == _D, _d.value == _V, _d.day == _ON)
_OF_MONTH_KEY = and_(_m.scope == _S, _m.dimension == _D, _m.value == _V)
_SET_DELTA = DriverStatement(deltas_table.update().where(_OF_DELTA).values(n=_N))
_DROP_DELTA = DriverStatement(deltas_table.delete().where(_OF_DELTA))
_ADD_DELTA = DriverStatement(text(
    f"INSERT INTO {deltas_table.name} (scope, dimension, value, day, n) "
    "VALUES (:b_scope, :b_dimension, :b_value, :b_day, :b_n) "
    f"ON CONFLICT (scope, dimension, value, day) DO UPDATE SET n = {deltas_table.name}.n + excluded.n"
).bindparams(_S, _D, _V, _ON, _N))  # fmt: skip
_DROP_NO_DELTA = DriverStatement(deltas_table.delete().where(_OF_DELTA, _d.n == _ZERO))
_MOVE_MONTHS = DriverStatement(months_table.update().where(_OF_MONTH_KEY, _m.month >= _MONTH, _m.month < _NEXT)
                               .values(n=_m.n + _N))  # fmt: skip
_DROP_MONTH = DriverStatement(months_table.delete().where(_OF_MONTH_KEY, _m.month == _MONTH))
_DROP_EMPTY_MONTH = DriverStatement(months_table.delete().where(
    _OF_MONTH_KEY, _m.month == _MONTH,
    ~exists().where(_d.scope == _S, _d.dimension == _D, _d.value == _V, _d.day >= _MONTH, _d.day < _NEXT)))  # fmt: skip
_DROP_EMPTY_KEY = DriverStatement(keys_table.delete().where(
    _k.scope == _S, _k.dimension == _D, _k.value == _V, ~exists().where(_OF_MONTH_KEY)))  # fmt: skip
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
        run(_SET_DELTA, []).extend({**named, "b_day": day, "b_n": n} for day, n in plan.deltas_set)
        run(_DROP_DELTA, []).extend({**named, "b_day": day} for day in plan.deltas_dropped)
        run(_ADD_DELTA, []).extend({**named, "b_day": day, "b_n": n} for day, n in plan.deltas_added)
        run(_DROP_NO_DELTA, []).extend({**named, "b_day": day} for day, _ in plan.deltas_added)
        self.months += [(*key, month, n) for month, n in plan.months_inserted]
        run(_MOVE_MONTHS, []).extend({**named, "b_month": start, "b_next": end, "b_n": n}
                                     for start, end, n in plan.months_moved)  # fmt: skip
        run(_DROP_MONTH, []).extend({**named, "b_month": month} for month in plan.months_dropped)
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
        for statement in (_SET_DELTA, _DROP_DELTA, _ADD_DELTA, _DROP_NO_DELTA):
            if self.run.get(statement):
                statement.run_many(conn, self.run[statement])
        for statement in (_MOVE_MONTHS, _DROP_MONTH, _DROP_EMPTY_MONTH):
            if self.run.get(statement):
                statement.run_many(conn, self.run[statement])
        insert_many(conn, months_table, self.months)
        insert_many(conn, keys_table, self.keys)
        if self.run.get(_DROP_EMPTY_KEY):
            _DROP_EMPTY_KEY.run_many(conn, self.run[_DROP_EMPTY_KEY])


def write(conn: Connection, changes: Changes) -> None:
    """Apply ``changes`` to the stored counts: the rows of the changed values that the write needs read at once
    (``_stored``), then a few ``executemany`` (``count_months.planned``), whatever their number."""
    wanted = {key: found for key, days in changes.items() if (found := {d: n for d, n in days.items() if n})}
    if not wanted:
        return
    stored = _stored(conn, {key: month_of(min(days)) for key, days in wanted.items()})
    writes = _Writes()
    for key, days in wanted.items():
        before, months, first = stored.get(key) or _Stored(None, {}, {})
        writes.add(key, planned(before, months, first, days), before is None and not months)
    writes.send(conn)


class _Stored(NamedTuple):
    """What a write reads of a value, from the first month it changes (``count_months.planned``)."""

    before: int | None  # the count of the last month row before that month (None: no row before)
    months: dict[date, int]  # its month rows from that month on
    first: dict[date, int]  # its deltas in that month


def _read_statement(size: int) -> DriverStatement:
    """For ``size`` keys (``b_s<i>``, ``b_d<i>``, ``b_v<i>``) and their first changed month (``b_f<i>``), its
    month rows from the last one before that month on (kind 0) and its deltas in that month (kind 1), each row with
    its key's index: compiled once per size."""
    found = _READS.get(size)
    if found is None:
        parts = []
        for i in range(size):
            scope, dimension = bindparam(f"b_s{i}", type_=Integer), bindparam(f"b_d{i}", type_=String)
            value, first = bindparam(f"b_v{i}", type_=String), bindparam(f"b_f{i}", type_=Date)
            of_key = and_(_m.scope == scope, _m.dimension == dimension, _m.value == value)
            in_force = (select(_m.month).where(of_key, _m.month < first).order_by(_m.month.desc())
                        .limit(_ONE).offset(_ZERO).scalar_subquery())  # fmt: skip
            index: ColumnElement[int] = literal_column(str(i)).label("k")
            parts.append(select(index, _ZERO.label("kind"), _m.month.label("day"), _m.n)
                         .where(of_key, _m.month >= func.coalesce(in_force, first)))  # fmt: skip
            parts.append(select(index, _ONE, _d.day, _d.n)
                         .where(_d.scope == scope, _d.dimension == dimension, _d.value == value, _d.day >= first,
                                _d.day < bindparam(f"b_e{i}", type_=Date)))  # fmt: skip
        found = _READS[size] = DriverStatement(union_all(*parts))
    return found


_READS: dict[int, DriverStatement] = {}


def _stored(conn: Connection, firsts: dict[Key, date]) -> dict[Key, _Stored]:
    """What each key's write needs (``_Stored``), from its first changed month ``firsts[key]`` on."""
    keys = list(firsts)
    found: dict[Key, _Stored] = {}
    for start in range(0, len(keys), _READ_CHUNK):
        chunk = keys[start : start + _READ_CHUNK]
        params: dict[str, Any] = {}
        for i, (scope, dimension, value) in enumerate(chunk):
            month = firsts[(scope, dimension, value)]
            params.update({f"b_s{i}": scope, f"b_d{i}": dimension, f"b_v{i}": value, f"b_f{i}": month,
                           f"b_e{i}": next_month(month)})  # fmt: skip
        for i, kind, day, n in _read_statement(len(chunk)).rows(conn, params):
            key = chunk[int(i)]
            on = day if isinstance(day, date) else date.fromisoformat(day)  # SQLite's driver gives the text
            before, months, first = found.get(key) or _Stored(None, {}, {})
            if int(kind):
                first[on] = n
            elif on < firsts[key]:
                before = n
            else:
                months[on] = n
            found[key] = _Stored(before, months, first)
    return found
