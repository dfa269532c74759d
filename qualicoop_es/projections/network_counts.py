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
of that earlier month. (Before, one row per day the count changed held the count: one seek to read, but a fact dated
in the past rewrote every later day's row — thousands over years. Its table is dropped by the upgrade: ``RETIRED``.)

Scope 0 counts every cooperative; scope 1 those submitted at least once (``proj_network_submitted``: the first
submission in the log adds the cooperative's whole history to it). Verdicts are counted in scope 0 only: they
only concern submitted cooperatives.

Each period row contributes +1 to its values over its interval [valid_from, valid_to) — a granted mention with an
end date becomes "expired" the day after it — so replacing a cooperative's periods changes the counts by the new
rows' contributions minus the old ones', netted per value and day (for a batch: every cooperative's, and the
verdicts'). A write reads the changed values' month rows from the last one before their first change on (one
statement for eight values), then writes without reading more (``count_months.planned``): the changes in months
without a row inserted with their month's row; those in months with a row added by the database (``INSERT … ON
CONFLICT``), the deltas and month rows that cancelled out then deleted; the month rows after each change moved by
one ``UPDATE`` per stretch of constant change. Rows written: the changed days plus at most one per month with deltas
after the first change. A command that changes no counted value costs nothing more. The tables hold exactly the
changes of the counts, whatever the order of the writes: what a rebuild writes too.
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
    String,
    Table,
    bindparam,
    func,
    literal_column,
    select,
)

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.projections.count_months import OPEN, month_of  # OPEN: periods.OPEN (periods imports this)
from qualicoop_es.projections.count_rows import (
    DAY,
    DIMENSION,
    MONTH,
    ONE,
    SCOPE,
    VALUE,
    ZERO,
    deltas_table,
    keys_table,
    months_table,
)
from qualicoop_es.projections.count_rows import Changes as Changes  # the module's API (``periods``), as ``write``
from qualicoop_es.projections.count_rows import Key as Key
from qualicoop_es.projections.count_rows import write as write
from qualicoop_es.projections.tables import DriverStatement, metadata

ALL, SUBMITTED = 0, 1
TOTAL, MENTION, STEP, DEPARTEMENT, ACTIVITY, ENGAGEMENT, VERDICT = (
    "total", "mention", "step", "departement", "activity", "engagement", "verdict")  # fmt: skip
_GRANTED = (st.Mention.ENGAGED.value, st.Mention.CONFIRMED.value)
_EXPIRED = st.Mention.EXPIRED.value
_GONE = (st.Step.LEFT.value, st.Step.CLOSED.value)
_DAY = timedelta(days=1)

submitted_table = Table(
    "proj_network_submitted",
    metadata,
    Column("cooperative_id", String(36), primary_key=True),
)
TABLES = (deltas_table, months_table, keys_table, submitted_table)
#: The tables of earlier versions (one row per day a count changed, with the count): dropped by the upgrade
#: (``Projector.create_tables``).
RETIRED = ("proj_network_counts",)

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


def submitted_now(events: Sequence[Any]) -> bool:
    return any(isinstance(e, C.DossierSubmitted) for e in events)


_ADD_SUBMITTED = DriverStatement(submitted_table.insert().values(cooperative_id=bindparam("b_coop")))


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

_d, _m, _k = deltas_table.c, months_table.c, keys_table.c


def _count(scope: Any, dimension: Any, value: Any) -> ColumnElement[int]:
    """The count of a value on the day ``b_day`` (``b_month``: its month): its last month row before that month
    (one seek), plus the deltas of that month up to the day (at most 31 rows)."""
    before = (select(_m.n).where(_m.scope == scope, _m.dimension == dimension, _m.value == value, _m.month < MONTH)
              .order_by(_m.month.desc()).limit(ONE).offset(ZERO).scalar_subquery())  # fmt: skip
    since = (select(func.sum(_d.n)).where(_d.scope == scope, _d.dimension == dimension, _d.value == value,
                                          _d.day >= MONTH, _d.day <= DAY).scalar_subquery())  # fmt: skip
    return func.coalesce(before, ZERO) + func.coalesce(since, ZERO)


#: Built once (building them costs more than running them): the counts of every value of a scope (verdicts: of
#: scope ``ALL``), of one value.
_VERDICTS = (_k.scope == literal_column(str(ALL))) & (_k.dimension == literal_column(f"'{VERDICT}'"))
_COUNTS_ON = DriverStatement(
    select(_k.dimension, _k.value, _count(_k.scope, _k.dimension, _k.value)).where((_k.scope == SCOPE) | _VERDICTS)
)
_COUNT_ON = DriverStatement(select(_count(SCOPE, DIMENSION, VALUE)))


def counts_on(conn: Connection, day: date, scope: int) -> list[tuple[str, str, int]]:
    """(dimension, value, count) on ``day`` of every counted value of ``scope`` (verdicts: of scope 0), the
    counts of 0 left out: one statement, a seek and a short range of the primary keys per value."""
    rows = _COUNTS_ON.rows(conn, {"b_scope": scope, "b_day": day, "b_month": month_of(day)})
    return [(dimension, value, int(n)) for dimension, value, n in rows if n]


def count_on(conn: Connection, day: date, scope: int, dimension: str, value: str = "") -> int:
    """The count of one value on ``day`` (0 before its first change): a seek and a short range."""
    params = {"b_scope": scope, "b_dimension": dimension, "b_value": value, "b_day": day, "b_month": month_of(day)}
    return int(_COUNT_ON.rows(conn, params)[0][0] or 0)
