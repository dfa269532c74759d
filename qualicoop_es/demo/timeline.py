"""Skeletons: the dates of a cooperative's phase changes, slid along the calendar until its target holds today."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from qualicoop_es.aggregates import values as v
from qualicoop_es.demo.committee import session_on_or_after

#: The first Monday of the network's history by default (Quali'Coop's first dossiers, 2022).
EPOCH = date(2022, 1, 3)


def epoch_for(today: date, years: int | None) -> date:
    """The first Monday of the network's history: ``EPOCH``, or the first Monday of January ``years`` calendar
    years back counting this one (``years=10`` on a day of 2026: 2017-01-02)."""
    if years is None:
        return EPOCH
    if years < 1:
        raise ValueError("Le nombre d'années doit être au moins 1.")
    first = date(today.year - years + 1, 1, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


#: (step, date of the phase change, due date after it)
Step = tuple[str, date, date | None]


def draw_days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


@dataclass
class Gaps:
    kit: timedelta
    meeting: timedelta
    prep: timedelta
    rework: timedelta
    early: list[timedelta]
    continue_months: int
    leave: timedelta
    withdraw: timedelta

    @classmethod
    def draw(cls, rng: random.Random) -> Gaps:
        return cls(kit=draw_days(rng, 0, 25), meeting=draw_days(rng, 10, 45), prep=draw_days(rng, 100, 240),
                   rework=draw_days(rng, 45, 130), early=[draw_days(rng, 10, 75) for _ in range(4)],
                   continue_months=rng.randint(6, 12), leave=draw_days(rng, 40, 260), withdraw=draw_days(rng, 120, 420))  # fmt: skip


def skeleton(target: str, variants: dict[str, Any], gaps: Gaps, start: date) -> list[Step]:
    """(step, date, due date after it) for each phase change of the script leading to ``target``."""
    steps: list[Step] = [("register", start, None)]
    submitted = _prepare(target, variants, gaps, start, steps)
    if submitted is None:
        return steps
    due = _validate(target, variants, gaps, submitted, steps)
    if due is not None:
        _confirm(target, variants, gaps, due, steps)
    return steps


def _prepare(target: str, variants: dict[str, Any], gaps: Gaps, start: date, steps: list[Step]) -> date | None:
    """Kit, first meeting, submissions (and a first verdict asking to mature): the day of the submission the
    committee validates, or None when the script stops before it."""
    day = start + gaps.kit
    steps.append(("kit", day, None))
    day += gaps.meeting
    steps.append(("meeting", day, None))
    if target == "left" and not variants.get("after_validation"):
        steps.append(("leave", day + gaps.leave, None))
        return None
    if target == "preparing" and not variants.get("mature"):
        return None
    day += gaps.prep
    steps.append(("submit", day, None))
    if variants.get("mature"):
        day = session_on_or_after(day + timedelta(days=21))
        steps.append(("mature", day, None))
        if target == "preparing":
            return None
        day += gaps.rework
        steps.append(("submit", day, None))
    return None if target == "submitted" else day


def _validate(target: str, variants: dict[str, Any], gaps: Gaps, submitted: date, steps: list[Step]) -> date | None:
    """The validation at the next session, and what ends the script during the 18 months: the end of the
    « Engagée » validity, or None when the script stops there."""
    day = session_on_or_after(submitted + timedelta(days=21))
    due = v.add_months(day, v.ENGAGED_MONTHS)
    steps.append(("validate", day, due))
    if target == "left":
        steps.append(("leave", day + gaps.leave, None))
        return None
    if target == "withdrawn" and variants.get("after") != "confirm":
        steps.append(("withdraw", day + gaps.withdraw, None))
        return None
    if target == "engaged" or (target == "expired" and variants.get("after") != "confirm"):
        return None
    return due


def _confirm(target: str, variants: dict[str, Any], gaps: Gaps, due: date, steps: list[Step]) -> None:
    """The bilan before ``due``, work to continue if the script says so, the confirmation and its renewal."""
    early = iter(gaps.early)
    day = due - next(early)
    steps.append(("bilan", day, None))
    if target == "bilan_submitted":
        return
    day = session_on_or_after(day + timedelta(days=21))
    if target == "continue_work" or variants.get("continue"):
        due = v.add_months(day, gaps.continue_months)
        steps.append(("continue", day, due))
        if target == "continue_work":
            return
        day = due - timedelta(days=min(next(early).days, 25))
        steps.append(("bilan", day, None))
        day = session_on_or_after(day + timedelta(days=21))
    due = v.add_months(day, v.CONFIRMED_MONTHS)
    steps.append(("confirm", day, due))
    if target == "withdrawn":
        steps.append(("withdraw", day + gaps.withdraw, None))
        return
    if target in ("confirmed", "expired"):
        return
    day = due - next(early)
    steps.append(("bilan", day, None))
    day = session_on_or_after(day + timedelta(days=21))
    steps.append(("confirm", day, v.add_months(day, v.CONFIRMED_MONTHS)))


def fits(target: str, steps: list[Step], today: date) -> bool:
    """Does this skeleton leave the cooperative exactly in ``target`` on ``today``, plausibly?"""
    step, last, due = steps[-1]
    if last > today:
        return False
    waited = (today - last).days
    if target == "preparing":
        return waited <= (120 if step == "mature" else 250)
    if target in ("submitted", "bilan_submitted"):
        return today < session_on_or_after(last + timedelta(days=21))
    if target == "expired":
        assert due is not None
        return today > due and (today - due).days <= 400
    if due is not None:
        return today <= due
    return True


def place(target: str, variants: dict[str, Any], gaps: Gaps, today: date, rng: random.Random,
          pin: Callable[[list[Step]], bool] | None = None, epoch: date = EPOCH,
          ) -> list[Step] | None:  # fmt: skip
    """Slide the skeleton along the calendar (week by week from ``epoch``) and pick one start where it fits."""
    found: list[list[Step]] = []
    pinned: list[list[Step]] = []
    offset = rng.randint(0, 6)
    start = epoch + timedelta(days=offset)
    while start <= today:
        steps = skeleton(target, variants, gaps, start)
        if fits(target, steps, today):
            found.append(steps)
            if pin and pin(steps):
                pinned.append(steps)
        start += timedelta(days=7)
    if pinned:
        return pinned[len(pinned) // 2]
    return rng.choice(found) if found else None
