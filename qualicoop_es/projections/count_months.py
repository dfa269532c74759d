"""What a write does to one counted value's delta and month rows (``network_counts``): arithmetic only, no SQL.

A value's rows: a delta per day its count changes (the net change, never 0), and a month row per month that has
deltas (its first day → the count at its end). A write knows, from one read, the value's month rows from its first
changed month on (and the count of the last one before), and the deltas of that first month: for those, the new
rows are computed here; the deltas of later months that have a row are added to the stored ones by the database
(``Plan.added``), which then deletes what cancelled out (``Plan.checked``: the month rows left without a delta).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

OPEN = date(9999, 12, 31)  # after every month


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


@dataclass
class Plan:
    """The writes of one value: rows to insert, set (the new value), move or delete, by day or month."""

    deltas_inserted: list[tuple[date, int]] = field(default_factory=list)
    deltas_set: list[tuple[date, int]] = field(default_factory=list)
    deltas_dropped: list[date] = field(default_factory=list)
    #: Changes on days of months with a row after the first: added to the stored delta (dropped if it reaches 0).
    deltas_added: list[tuple[date, int]] = field(default_factory=list)
    months_inserted: list[tuple[date, int]] = field(default_factory=list)
    #: (from, to, change): the stored month rows from ``from`` on and before ``to`` (``OPEN``: every later one)
    #: moved by ``change`` — one statement whatever their number, before the new rows are inserted.
    months_moved: list[tuple[date, date, int]] = field(default_factory=list)
    months_dropped: list[date] = field(default_factory=list)
    #: Months whose deltas were added to: their row dropped if no delta is left in them.
    months_checked: list[date] = field(default_factory=list)
    #: Whether the value may be left without any delta (then no longer listed).
    may_vanish: bool = False


def planned(before: int | None, months: dict[date, int], first: dict[date, int], days: dict[date, int]) -> Plan:
    """The writes of a value's changes ``days`` (day → change, none 0), given its stored month rows ``months``
    (month → count at its end) from its first changed month on, ``before`` the count of its last month row before
    that month (None: no row before), and ``first`` its stored deltas in that month (day → change)."""
    plan = Plan()
    start = month_of(min(days))
    left = dict(first)  # the first month's deltas after the write
    per_month: dict[date, int] = {}
    for day, change in sorted(days.items()):
        month = month_of(day)
        per_month[month] = per_month.get(month, 0) + change
        if month == start:
            stored = first.get(day, 0)
            left[day] = stored + change
            if not stored:
                plan.deltas_inserted.append((day, change))
            elif left[day]:
                plan.deltas_set.append((day, left[day]))
            else:
                plan.deltas_dropped.append(day)
                del left[day]
        elif month in months:
            plan.deltas_added.append((day, change))
        else:
            plan.deltas_inserted.append((day, change))
    running, last = 0, before or 0  # the changes so far; the stored count at the month's end
    for month in sorted({*months, *per_month}):
        running += per_month.get(month, 0)
        last = months.get(month, last)
        if month == start and not left:
            if month in months:
                plan.months_dropped.append(month)
        elif month not in months:
            plan.months_inserted.append((month, last + running))
    changed = sorted(per_month)
    running = 0
    for i, month in enumerate(changed):
        running += per_month[month]
        if running:
            plan.months_moved.append((month, changed[i + 1] if i + 1 < len(changed) else OPEN, running))
    plan.months_checked = [month for month in per_month if month in months and month != start]
    gone = {*plan.months_dropped, *plan.months_checked}
    plan.may_vanish = before is None and not plan.months_inserted and all(month in gone for month in months)
    return plan
