"""What one replayed report counts: a year's cut-off, on a basis, possibly restricted to what was recorded by then.

A *scope* is the set of facts a report at 31 December of ``year`` includes, decided per fact from its business
date, its recorded time and its position in the log (README, "How time works"):

- ``effective``: the facts whose business date is ≤ 31 December (``app.as_of(coop, day)``);
- ``recorded``: the facts recorded by the end of 31 December (``app.as_of(coop, day, basis="recorded")``);
- ``recorded_by`` (``--as-recorded-on``) keeps, on either basis, only the facts recorded by then; ``also_upto``
  (the comparison of a report as published and as corrected) adds the facts recorded later up to a position.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime

BASES = ("effective", "recorded")


def end_of(day: date) -> datetime:
    """The last instant of ``day`` (UTC): what "recorded by that day" includes."""
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    year: int
    basis: str = "effective"
    recorded_by: datetime | None = None
    also_upto: int = 0

    @property
    def day(self) -> date:
        return date(self.year, 12, 31)

    @property
    def recorded_limit(self) -> datetime | None:
        """The latest recorded time included (None: no limit)."""
        if self.basis == "recorded":
            end = end_of(self.day)
            return end if self.recorded_by is None else min(end, self.recorded_by)
        return self.recorded_by

    def includes(self, effective_on: date, recorded_at: datetime, position: int) -> bool:
        if self.basis == "effective" and effective_on > self.day:
            return False
        limit = self.recorded_limit
        return limit is None or recorded_at <= limit or position <= self.also_upto


class Selector:
    """Which scopes (by index) include a fact: a bisection on the cut-off when every scope is by business date
    without a recording limit (the usual report), else each scope asked in turn."""

    def __init__(self, scopes: list[Scope]) -> None:
        self.scopes = scopes
        self.days = [s.day for s in scopes]
        self.simple = all(s.basis == "effective" and s.recorded_by is None for s in scopes) and self.days == sorted(
            self.days
        )
        self.all = list(range(len(scopes)))
        self._by_day: dict[date, list[int]] = {}

    def __call__(self, effective_on: date, recorded_at: datetime, position: int) -> list[int]:
        if self.simple:  # the first scope whose cut-off is on or after the business date, and all after it
            return self.on(effective_on)
        return [i for i, s in enumerate(self.scopes) if s.includes(effective_on, recorded_at, position)]

    def on(self, effective_on: date) -> list[int]:
        """The scopes including a fact of that business date, when ``simple``: one list per date, shared by its
        facts (not to be changed)."""
        found = self._by_day.get(effective_on)
        if found is None:
            found = self._by_day[effective_on] = self.all[bisect_left(self.days, effective_on) :]
        return found
