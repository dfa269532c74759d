"""The network's counts on every day, kept with the period rows (``periods.py``) in their transaction.

What the dashboard counts of the cooperatives registered by a day — per mention, step, département, activity and
engagement chosen, and their total — and the committee's verdicts per year and kind, as step functions of the day,
stored per (scope, dimension, value) as their changes and one checkpoint per month that has changes:

- ``proj_network_deltas``: per day the count changes, its net change that day (never 0);
- ``proj_network_months``: per month with at least one delta (its first day), the count at the month's end.

The count on day D is the last month row before D's month plus the deltas of D's month up to D: one seek and a
range of at most 31 rows of the primary keys per counted value (``proj_network_keys`` lists them), in one statement
for the dashboard, whatever the network's size. A change dated D writes its deltas and moves the month rows after
D's: a late-keyed fact costs rows per month with changes after it (a few dozen over years), not per day.

The month's end, not its start: a month row a write creates is then the last month row before it plus the changes
up to it, both known from the month rows the write reads; the count at the month's start would also need the deltas
of that earlier month.

Scope 0 counts every cooperative; scope 1 those submitted at least once (``proj_network_submitted``: the first
submission in the log adds the cooperative's whole history to it). Verdicts are counted in scope 0 only: they
only concern submitted cooperatives.

Each period row contributes +1 to its values over its interval [valid_from, valid_to) — a granted mention with an
end date becomes "expired" the day after it — so replacing a cooperative's periods changes the counts by the new
rows' contributions minus the old ones', netted per value and day (for a batch: every cooperative's, and the
verdicts'). A write reads each changed value's month rows from the last one before its first change on (one
statement for eight values), then writes without reading more (``planned``): the deltas of months without a row
inserted, the others added (``INSERT … ON CONFLICT``, then those that cancel out deleted); the month rows inserted,
set, and deleted when no delta is left in them. A command that changes no counted value costs nothing more. The
tables hold exactly the changes of the counts, whatever the order of the writes: what a rebuild writes too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
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

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.projections.tables import DriverStatement, insert_many, metadata

ALL, SUBMITTED = 0, 1
TOTAL, MENTION, STEP, DEPARTEMENT, ACTIVITY, ENGAGEMENT, VERDICT = (
    "total", "mention", "step", "departement", "activity", "engagement", "verdict")  # fmt: skip
OPEN = date(9999, 12, 31)  # periods.OPEN (not imported: periods imports this module)
_GRANTED = (st.Mention.ENGAGED.value, st.Mention.CONFIRMED.value)
_EXPIRED = st.Mention.EXPIRED.value
_GONE = (st.Step.LEFT.value, st.Step.CLOSED.value)
_DAY = timedelta(days=1)

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
keys_table = Table(
    "proj_network_keys",
    metadata,
    Column("scope", Integer, primary_key=True, autoincrement=False),
    Column("dimension", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
)
submitted_table = Table(
    "proj_network_submitted",
    metadata,
    Column("cooperative_id", String(36), primary_key=True),
)
TABLES = (deltas_table, months_table, keys_table, submitted_table)
#: The tables of earlier versions (one row per day a count changed, with the count): dropped by the upgrade
#: (``Projector.create_tables``).
RETIRED = ("proj_network_counts",)

Key = tuple[int, str, str]  # (scope, dimension, value)
Changes = dict[Key, dict[date, int]]  # per key: day → change of the count from that day on

#: The counted columns of a period row (a tuple in ``periods.COLUMNS`` order): set by ``periods``.
_COUNTED = ("valid_from", "valid_to", "mention", "held_until", "step", "departement", "activities",
            "engagement_numbers")  # fmt: skip


def counted_getter(columns: Sequence[str]) -> Any:
    return itemgetter(*(columns.index(name) for name in _COUNTED))


@lru_cache(maxsize=4096)
def _activities(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


@lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


def spans(counted: tuple[Any, ...]) -> Iterator[tuple[str, str, date, date]]:
    """What a period row counts: (dimension, value, from, to) — the mention split at its expiry."""
    start, end, mention, held_until, step, departement, activities, numbers = counted
    yield TOTAL, "", start, end
    if mention in _GRANTED and held_until is not None and held_until < end:
        expiry = held_until + _DAY  # ≤ end
        if start < expiry:
            yield MENTION, mention, start, expiry
        if expiry < end:
            yield MENTION, _EXPIRED, max(start, expiry), end
    else:
        yield MENTION, mention, start, end
    yield STEP, step, start, end
    yield DEPARTEMENT, departement, start, end
    for activity in _activities(activities):
        yield ACTIVITY, activity, start, end
    if step not in _GONE:
        for number in _numbers(numbers):
            yield ENGAGEMENT, number, start, end


def add(changes: Changes, scope: int, rows: Sequence[tuple[Any, ...]], sign: int) -> None:
    """Add (``sign`` 1) or take away (−1) the counts of period rows (their ``counted_getter`` tuples)."""
    for counted in rows:
        for dimension, value, start, end in spans(counted):
            days = changes.setdefault((scope, dimension, value), {})
            days[start] = days.get(start, 0) + sign
            if end != OPEN:
                days[end] = days.get(end, 0) - sign


def add_verdict(changes: Changes, event: Any) -> None:
    day = event.effective_on
    days = changes.setdefault((ALL, VERDICT, f"{day.year}:{event.kind.value}"), {})
    days[day] = days.get(day, 0) + 1


def merge(into: Changes, changes: Changes, scope: int | None = None) -> None:
    for (own, dimension, value), days in changes.items():
        target = into.setdefault((own if scope is None else scope, dimension, value), {})
        for day, change in days.items():
            if change:
                target[day] = target.get(day, 0) + change


def segments(days: dict[date, int]) -> list[tuple[date, date, int]]:
    """The intervals [from, to) of constant, non-zero change."""
    points = sorted((day, change) for day, change in days.items() if change)
    found, running = [], 0
    for i, (day, change) in enumerate(points):
        running += change
        if running:
            found.append((day, points[i + 1][0] if i + 1 < len(points) else OPEN, running))
    return found


def submitted_now(events: Sequence[Any]) -> bool:
    return any(isinstance(e, C.DossierSubmitted) for e in events)


# -- writing ----------------------------------------------------------------------------------------------------


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


class Plan(NamedTuple):
    """What a write does to one value's rows."""

    inserted: list[tuple[date, int]]  # (day, change) in months without a row: new delta rows
    added: list[tuple[date, int]]  # in months with a row: added to the stored delta (deleted if it cancels out)
    months: dict[date, int]  # month → count at its end: the rows that change and the new ones
    checked: list[date]  # months with a row whose deltas change: the row deleted if none is left


def planned(before: int, old: dict[date, int], days: dict[date, int]) -> Plan:
    """A value's writes for its changes ``days`` (day → change), given its month rows ``old`` (month → count at
    its end) from its first changed month on, and ``before``, the count of the last month row before (0: none)."""
    per_month: dict[date, int] = {}
    inserted: list[tuple[date, int]] = []
    added: list[tuple[date, int]] = []
    for day, change in sorted(days.items()):
        if change:
            month = month_of(day)
            per_month[month] = per_month.get(month, 0) + change
            (added if month in old else inserted).append((day, change))
    months: dict[date, int] = {}
    running, last = 0, before  # the changes so far; the stored count at the end of the month
    for month in sorted({*old, *per_month}):
        running += per_month.get(month, 0)
        last = old.get(month, last)
        if running or month not in old:
            months[month] = last + running
    return Plan(inserted, added, months, [month for month in per_month if month in old])


#: Not parameters (the statements' parameters are their own), and ``LIMIT 1`` rather than ``max()``: PostgreSQL's
#: generic plan of a prepared ``max()`` reads every row of the value before the day, this one seeks its last.
_ONE: ColumnElement[int] = literal_column("1")
_ZERO: ColumnElement[int] = literal_column("0")
_d, _m, _k = deltas_table.c, months_table.c, keys_table.c
_S, _D = bindparam("b_scope", type_=Integer), bindparam("b_dimension", type_=String)
_V, _ON = bindparam("b_value", type_=String), bindparam("b_day", type_=Date)
_MONTH, _NEXT = bindparam("b_month", type_=Date), bindparam("b_next", type_=Date)
_OF_DELTA_KEY = and_(_d.scope == _S, _d.dimension == _D, _d.value == _V)
_OF_MONTH_KEY = and_(_m.scope == _S, _m.dimension == _D, _m.value == _V)
_ADD_DELTA = DriverStatement(text(
    f"INSERT INTO {deltas_table.name} (scope, dimension, value, day, n) "
    "VALUES (:b_scope, :b_dimension, :b_value, :b_day, :b_n) "
    f"ON CONFLICT (scope, dimension, value, day) DO UPDATE SET n = {deltas_table.name}.n + excluded.n"
).bindparams(_S, _D, _V, _ON, bindparam("b_n", type_=Integer)))  # fmt: skip
_DROP_NO_DELTA = DriverStatement(deltas_table.delete().where(_OF_DELTA_KEY, _d.day == _ON, _d.n == _ZERO))
_SET_MONTH = DriverStatement(months_table.update().where(_OF_MONTH_KEY, _m.month == _MONTH).values(n=bindparam("b_n")))
_DROP_EMPTY_MONTH = DriverStatement(months_table.delete().where(
    _OF_MONTH_KEY, _m.month == _MONTH,
    ~exists().where(_OF_DELTA_KEY, _d.day >= _MONTH, _d.day < _NEXT)))  # fmt: skip
_DROP_EMPTY_KEY = DriverStatement(keys_table.delete().where(
    _k.scope == _S, _k.dimension == _D, _k.value == _V, ~exists().where(_OF_MONTH_KEY)))  # fmt: skip
_ADD_SUBMITTED = DriverStatement(submitted_table.insert().values(cooperative_id=bindparam("b_coop")))
_READ_CHUNK = 8  # keys per read (a statement per size, compiled once)


def write(conn: Connection, changes: Changes) -> None:
    """Apply ``changes`` to the stored counts: the month rows of the changed values read at once, then a few
    ``executemany`` (``planned``), whatever their number."""
    wanted = {key: found for key, days in changes.items() if (found := {d: n for d, n in days.items() if n})}
    if not wanted:
        return
    stored = _months_from(conn, {key: month_of(min(days)) for key, days in wanted.items()})
    deltas, added, months, set_, checked, new_keys, gone_keys = [], [], [], [], [], [], []
    for key, days in wanted.items():
        before, old = stored.get(key, (None, {}))
        plan = planned(before or 0, old, days)
        named = {"b_scope": key[0], "b_dimension": key[1], "b_value": key[2]}
        deltas += [(*key, day, n) for day, n in plan.inserted]
        added += [(named, day, n) for day, n in plan.added]
        months += [(*key, month, n) for month, n in plan.months.items() if month not in old]
        set_ += [{**named, "b_month": month, "b_n": n} for month, n in plan.months.items() if month in old]
        checked += [{**named, "b_month": month, "b_next": next_month(month)} for month in plan.checked]
        if before is None and not old:
            new_keys.append(key)
        elif before is None and not plan.inserted and set(old) <= set(plan.checked):
            gone_keys.append(named)  # every delta of the value may have cancelled out
    insert_many(conn, deltas_table, deltas)
    if added:
        _ADD_DELTA.run_many(conn, [{**named, "b_day": day, "b_n": n} for named, day, n in added])
        _DROP_NO_DELTA.run_many(conn, [{**named, "b_day": day} for named, day, _ in added])
    insert_many(conn, months_table, months)
    if set_:
        _SET_MONTH.run_many(conn, set_)
    if checked:
        _DROP_EMPTY_MONTH.run_many(conn, checked)
    insert_many(conn, keys_table, new_keys)
    if gone_keys:
        _DROP_EMPTY_KEY.run_many(conn, gone_keys)


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
                        .limit(_ONE).offset(_ZERO).scalar_subquery())  # fmt: skip
            parts.append(select(literal_column(str(i)).label("k"), _m.month, _m.n)
                         .where(of_key, _m.month >= func.coalesce(in_force, first)))  # fmt: skip
        found = _READS[size] = DriverStatement(union_all(*parts) if size > 1 else parts[0])
    return found


_READS: dict[int, DriverStatement] = {}


def _months_from(conn: Connection, firsts: dict[Key, date]) -> dict[Key, tuple[int | None, dict[date, int]]]:
    """For each key, the count of its last month row before its first month (None: no row before) and its month
    rows from then on."""
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


def already_submitted(conn: Connection, coops: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(coops), 500):
        chunk = list(coops[i : i + 500])
        query = select(submitted_table.c.cooperative_id).where(submitted_table.c.cooperative_id.in_(chunk))
        found.update(conn.execute(query).scalars())
    return found


def mark_submitted(conn: Connection, coops: Sequence[str]) -> None:
    if coops:
        _ADD_SUBMITTED.run_many(conn, [{"b_coop": coop} for coop in coops])


# -- reading -----------------------------------------------------------------------------------------------------


def _count(day: date, scope: Any, dimension: Any, value: Any) -> ColumnElement[int]:
    """The count of a value on ``day``: its last month row before the day's month (one seek), plus the deltas of
    that month up to the day (at most 31 rows)."""
    month = month_of(day)
    before = (select(_m.n).where(_m.scope == scope, _m.dimension == dimension, _m.value == value, _m.month < month)
              .order_by(_m.month.desc()).limit(1).scalar_subquery())  # fmt: skip
    since = (select(func.sum(_d.n)).where(_d.scope == scope, _d.dimension == dimension, _d.value == value,
                                          _d.day >= month, _d.day <= day).scalar_subquery())  # fmt: skip
    return func.coalesce(before, 0) + func.coalesce(since, 0)


def counts_on(conn: Connection, day: date, scope: int) -> list[tuple[str, str, int]]:
    """(dimension, value, count) on ``day`` of every counted value of ``scope`` (verdicts: of scope 0), the
    counts of 0 left out: one statement, a seek and a short range of the primary keys per value."""
    asked = (_k.scope == scope) | ((_k.scope == ALL) & (_k.dimension == VERDICT))
    query = select(_k.dimension, _k.value, _count(day, _k.scope, _k.dimension, _k.value).label("n")).where(asked)
    return [(r.dimension, r.value, int(r.n)) for r in conn.execute(query) if r.n]


def count_on(conn: Connection, day: date, scope: int, dimension: str, value: str = "") -> int:
    """The count of one value on ``day`` (0 before its first change): a seek and a short range."""
    return int(conn.execute(select(_count(day, scope, dimension, value))).scalar() or 0)
