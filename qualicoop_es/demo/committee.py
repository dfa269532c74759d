"""The comité de validation's calendar: monthly sessions, their references and the members present."""

from __future__ import annotations

import random
from datetime import date, timedelta


def session_on_or_after(day: date) -> date:
    """Sessions of the comité de validation: the second Tuesday of each month, none in August."""
    year, month = day.year, day.month
    while True:
        if month != 8:
            first = date(year, month, 1)
            second_tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
            if second_tuesday >= day:
                return second_tuesday
        month += 1
        if month == 13:
            year, month = year + 1, 1


def session_reference(day: date) -> str:
    return f"CV-{day.year}-{day.month:02d}"


def session_members(seed: int, day: date) -> list[str]:
    rng = random.Random(f"{seed}:{day.isoformat()}")
    return sorted(rng.sample([f"comite-{n}" for n in range(1, 10)], rng.randint(4, 6)))
