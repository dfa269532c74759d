"""The network's counts on every day, kept with the period rows (``periods.py``) in their transaction.

What the dashboard counts of the cooperatives registered by a day — per mention, step, département, activity and
engagement chosen, and their total — and the committee's verdicts per year and kind, as step functions of the
day: ``proj_network_counts`` holds, per (scope, dimension, value), one row per day the count changes, with the
count from that day on (0 before its first row). The count on day D is the row with the greatest day ≤ D: one
seek of the primary key per counted value (``proj_network_keys`` lists them), whatever the network's size.

Scope 0 counts every cooperative; scope 1 those submitted at least once (``proj_network_submitted``: the first
submission in the log adds the cooperative's whole history to it). Verdicts are counted in scope 0 only: they
only concern submitted cooperatives.

Each period row contributes +1 to its values over its interval [valid_from, valid_to) — a granted mention with an
end date becomes "expired" the day after it — so replacing a cooperative's periods changes the counts by the new
rows' contributions minus the old ones', netted per value into a few intervals of constant change (for a batch:
every cooperative's, and the verdicts'). Each changed value's rows from its first change on are read (one
statement for eight values), recomputed here, and only the rows that differ deleted, updated or inserted: a
command that changes no counted value costs nothing more, one that does two statements. The table holds exactly
the days the counts change — what a rebuild writes too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
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
    func,
    literal_column,
    select,
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

counts_table = Table(
    "proj_network_counts",
    metadata,
    Column("scope", Integer, primary_key=True, autoincrement=False),
    Column("dimension", String(16), primary_key=True),
    Column("value", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("n", Integer, nullable=False),  # the count from ``day`` on (until the next row's day)
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
TABLES = (counts_table, keys_table, submitted_table)

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

_c, _k = counts_table.c, keys_table.c
_S, _D = bindparam("b_scope", type_=Integer), bindparam("b_dimension", type_=String)
_V, _ON = bindparam("b_value", type_=String), bindparam("b_day", type_=Date)
_OF_KEY = and_(_c.scope == _S, _c.dimension == _D, _c.value == _V)
_SET_ROW = DriverStatement(counts_table.update().where(_OF_KEY, _c.day == _ON).values(n=bindparam("b_n")))
_DROP_ROW = DriverStatement(counts_table.delete().where(_OF_KEY, _c.day == _ON))
_DROP_KEY = DriverStatement(keys_table.delete().where(_k.scope == _S, _k.dimension == _D, _k.value == _V))
_ADD_SUBMITTED = DriverStatement(submitted_table.insert().values(cooperative_id=bindparam("b_coop")))
#: Not parameters (the statements' parameters are their own), and ``LIMIT 1`` rather than ``max()``: PostgreSQL's
#: generic plan of a prepared ``max()`` reads every row of the value before the day, this one seeks its last.
_ONE: ColumnElement[int] = literal_column("1")
_ZERO: ColumnElement[int] = literal_column("0")
_READ_CHUNK = 8  # keys per read (a statement per size, compiled once)


def write(conn: Connection, changes: Changes) -> None:
    """Apply ``changes`` to the stored counts: the rows of each changed value from its first change on read at
    once, recomputed here, and only those that differ written (a few ``executemany``, whatever their number)."""
    planned = {key: found for key, days in changes.items() if (found := segments(days))}
    if not planned:
        return
    stored = _rows_from(conn, {key: found[0][0] for key, found in planned.items()})
    dropped, set_, added, new_keys, gone_keys = [], [], [], [], []
    for key, found in planned.items():
        base, old = stored.get(key, (None, {}))
        new = recomputed(base or 0, old, found)
        named = {"b_scope": key[0], "b_dimension": key[1], "b_value": key[2]}
        dropped += [{**named, "b_day": day} for day in old if day not in new]
        set_ += [{**named, "b_day": day, "b_n": n} for day, n in new.items() if day in old and old[day] != n]
        added += [(*key, day, n) for day, n in new.items() if day not in old]
        if base is None and not old and new:
            new_keys.append(key)
        elif base is None and old and not new:
            gone_keys.append(named)
    if dropped:
        _DROP_ROW.run_many(conn, dropped)
    if set_:
        _SET_ROW.run_many(conn, set_)
    insert_many(conn, counts_table, added)
    insert_many(conn, keys_table, new_keys)
    if gone_keys:
        _DROP_KEY.run_many(conn, gone_keys)


def recomputed(base: int, old: dict[date, int], found: list[tuple[date, date, int]]) -> dict[date, int]:
    """A value's rows from its first change on: ``old`` (day → count, the rows from that day on) with the
    changes ``found`` (``segments``) added, kept only where the count differs from the day before (``base``
    before the first)."""
    days = sorted({*old, *(start for start, _, _ in found), *(end for _, end, _ in found if end != OPEN)})
    new: dict[date, int] = {}
    previous = before = base
    at = 0
    for day in days:
        before = old.get(day, before)
        while at < len(found) and found[at][1] <= day:
            at += 1
        change = found[at][2] if at < len(found) and found[at][0] <= day else 0
        if before + change != previous:
            new[day] = previous = before + change
    return new


def _read_statement(size: int) -> DriverStatement:
    """The rows of ``size`` keys (``b_s<i>``, ``b_d<i>``, ``b_v<i>``) from the one in force before their first day
    (``b_f<i>``) on, each row with its key's index: compiled once per size."""
    found = _READS.get(size)
    if found is None:
        parts = []
        for i in range(size):
            of_key = and_(_c.scope == bindparam(f"b_s{i}", type_=Integer), _c.dimension == bindparam(f"b_d{i}", type_=String),
                          _c.value == bindparam(f"b_v{i}", type_=String))  # fmt: skip
            first = bindparam(f"b_f{i}", type_=Date)
            in_force = (select(_c.day).where(of_key, _c.day < first).order_by(_c.day.desc())
                        .limit(_ONE).offset(_ZERO).scalar_subquery())  # fmt: skip
            parts.append(select(literal_column(str(i)).label("k"), _c.day, _c.n)
                         .where(of_key, _c.day >= func.coalesce(in_force, first)))  # fmt: skip
        found = _READS[size] = DriverStatement(union_all(*parts) if size > 1 else parts[0])
    return found


_READS: dict[int, DriverStatement] = {}


def _rows_from(conn: Connection, firsts: dict[Key, date]) -> dict[Key, tuple[int | None, dict[date, int]]]:
    """For each key, the count in force before its first day (None: no row before) and its rows from then on."""
    keys = list(firsts)
    found: dict[Key, tuple[int | None, dict[date, int]]] = {}
    for start in range(0, len(keys), _READ_CHUNK):
        chunk = keys[start : start + _READ_CHUNK]
        params: dict[str, Any] = {}
        for i, (scope, dimension, value) in enumerate(chunk):
            params.update({f"b_s{i}": scope, f"b_d{i}": dimension, f"b_v{i}": value,
                           f"b_f{i}": firsts[(scope, dimension, value)]})  # fmt: skip
        for i, day, n in _read_statement(len(chunk)).rows(conn, params):
            key = chunk[int(i)]
            on = day if isinstance(day, date) else date.fromisoformat(day)  # SQLite's driver gives the text
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


def counts_on(conn: Connection, day: date, scope: int) -> list[tuple[str, str, int]]:
    """(dimension, value, count) on ``day`` of every counted value of ``scope`` (verdicts: of scope 0), the
    counts of 0 left out: one seek of the primary key per value."""
    latest = (select(_c.n).where(_c.scope == _k.scope, _c.dimension == _k.dimension, _c.value == _k.value,
                                 _c.day <= day).order_by(_c.day.desc()).limit(1).scalar_subquery())  # fmt: skip
    asked = (_k.scope == scope) | ((_k.scope == ALL) & (_k.dimension == VERDICT))
    query = select(_k.dimension, _k.value, latest.label("n")).where(asked)
    return [(r.dimension, r.value, r.n) for r in conn.execute(query) if r.n]


def count_on(conn: Connection, day: date, scope: int, dimension: str, value: str = "") -> int:
    """The count of one value on ``day`` (0 before its first row): one seek of the primary key."""
    query = (select(_c.n).where(_c.scope == scope, _c.dimension == dimension, _c.value == value, _c.day <= day)
             .order_by(_c.day.desc()).limit(1))  # fmt: skip
    return int(conn.execute(query).scalar() or 0)
