"""What a write does to one counted value's delta and month rows (``network_counts``): arithmetic only, no SQL.

A value's rows: a delta per day its count changes (the net change, never 0), and a month row per month that has
deltas (its first day → the count at its end). A write knows, from one read, the value's month rows from its first
changed month on and the count of the last one before: a month without a row has no delta, so the changes there
are new rows, computed here with the month's row; the changes in months with a row are added to the stored deltas
by the database (``INSERT … ON CONFLICT``), which then deletes what cancelled out — the deltas that reached 0,
the month rows left without a delta. The month rows after a change are moved by the database too, one statement per
stretch of months of constant change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

OPEN = date(9999, 12, 31)  # after every month, and a period's open end (``periods.OPEN``)


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


@dataclass
class Plan:
    """The writes of one value: rows to insert, add to, move or delete, by day or month."""

    deltas_inserted: list[tuple[date, int]] = field(default_factory=list)  # (day, change) in months without a row
    #: (day, change) in months with a row: added to the stored delta (``INSERT … ON CONFLICT``), deleted if 0.
    deltas_added: list[tuple[date, int]] = field(default_factory=list)
    #: (from, to, change): the stored month rows from ``from`` on and before ``to`` (``OPEN``: every later one)
    #: moved by ``change`` — one statement whatever their number, before the new rows are inserted.
    months_moved: list[tuple[date, date, int]] = field(default_factory=list)
    months_inserted: list[tuple[date, int]] = field(default_factory=list)  # the months that had no delta
    #: Months with a row whose deltas were added to: their row deleted if no delta is left in them.
    months_checked: list[date] = field(default_factory=list)
    #: Whether the value may be left without any delta (then no longer listed).
    may_vanish: bool = False


def planned(before: int | None, months: dict[date, int], days: dict[date, int]) -> Plan:
    """The writes of a value's changes ``days`` (day → change, none 0), given its stored month rows ``months``
    (month → count at its end) from its first changed month on, and ``before`` the count of its last month row
    before that month (None: no row before)."""
    plan = Plan()
    per_month: dict[date, int] = {}
    for day, change in sorted(days.items()):
        month = month_of(day)
        per_month[month] = per_month.get(month, 0) + change
        (plan.deltas_added if month in months else plan.deltas_inserted).append((day, change))
    changed = sorted(per_month)
    running = 0
    for i, month in enumerate(changed):
        running += per_month[month]
        if running:
            plan.months_moved.append((month, changed[i + 1] if i + 1 < len(changed) else OPEN, running))
    running, last = 0, before or 0  # the changes so far; the stored count at the month's end
    for month in sorted({*months, *per_month}):
        running += per_month.get(month, 0)
        last = months.get(month, last)
        if month not in months:
            plan.months_inserted.append((month, last + running))
    plan.months_checked = [month for month in changed if month in months]
    plan.may_vanish = before is None and not plan.months_inserted and set(months) <= set(changed)
    return plan
