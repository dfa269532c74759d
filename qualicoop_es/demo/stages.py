"""The stages between phase changes: preparing the dossier, reworking it, then implementing the plan."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.values import pillar_of
from qualicoop_es.demo.history import History
from qualicoop_es.demo.timeline import draw_days


def _spread(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """``n`` sorted days in [start, end] (end ≥ start)."""
    span = max(0, (end - start).days)
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))


def _pick_engagements(rng: random.Random, activities: list[str]) -> list[tuple[int, list[str]]]:
    """8–12 engagements, at least 2 per pillar, every activity covered."""
    chosen: list[int] = []
    for pillar in v.PILLARS:
        numbers = [n for n in v.ENGAGEMENT_NUMBERS if pillar_of(n) == pillar]
        chosen += rng.sample(numbers, 2)
    if 1 not in chosen and rng.random() < 0.85:
        chosen.append(1)
    extra = [n for n in v.ENGAGEMENT_NUMBERS if n not in chosen]
    chosen += rng.sample(extra, max(0, rng.choice((8, 8, 9, 9, 10, 11, 12)) - len(chosen)))
    chosen.sort()
    covers: dict[int, list[str]] = {n: [rng.choice(activities)] for n in chosen}
    for activity in activities:
        if not any(activity in acts for acts in covers.values()):
            covers[rng.choice(chosen)].append(activity)
    for n in chosen:
        if rng.random() < 0.3:
            covers[n].append(rng.choice(activities))
    return [(n, sorted(set(covers[n]))) for n in chosen]


def prepare(h: History, start: date, end: date, limit: date) -> None:
    """The dossier prepared between the first meeting and the submission (stopping at ``limit``)."""
    rng = h.rng
    steps: list[Callable[[date], None]] = [h.identity_figures, h.intent_why]
    for number, activities in _pick_engagements(rng, h.p.activities):
        steps.append(lambda d, n=number, a=activities: h.choose(d, n, a))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            steps.append(lambda d, n=number: h.dossier_op(d, h.dossier.action_op(n)))
        for _ in range(rng.choice((1, 1, 1, 2))):
            steps.append(lambda d, n=number: h.dossier_op(d, h.dossier.indicator_op(n, d)))
    steps += [h.intent_means, h.identity_governance]
    if rng.random() < 0.5:
        steps.append(lambda d: _revise_one_action(h, d))
    for day, step in zip(_spread(rng, start, end, len(steps)), steps, strict=True):
        if day > limit:
            return
        step(day)


def _revise_one_action(h: History, day: date) -> None:
    number = h.rng.choice(sorted(h.dossier.engagements))
    action = h.dossier.engagements[number].actions[0]
    h.dossier_op(day, {"op": "revise_action", "action_id": action,
                       "changes": {"description": "Description précisée avec les parties prenantes : calendrier, "
                                                  "pilote et moyens de l'action."}})  # fmt: skip


def rework(h: History, axes: list[int], start: date, end: date, limit: date) -> None:
    """After « faire mûrir »: sharper indicators and more actions on the named engagements."""
    rng = h.rng
    steps: list[Callable[[date], None]] = []
    for number in axes:
        indicators = list(h.dossier.engagements[number].indicators)
        steps.append(lambda d, i=indicators[0]: h.dossier_op(d, {
            "op": "revise_indicator", "indicator_id": i,
            "changes": {"target": h.dossier.find_indicator(i)["target"] + rng.randint(1, 5)}}))  # fmt: skip
        steps.append(lambda d, n=number: h.dossier_op(d, h.dossier.action_op(n)))
    steps.append(lambda d: h.update_stakeholders(d))
    for day, step in zip(_spread(rng, start, end, len(steps)), steps, strict=True):
        if day > limit:
            return
        step(day)


def implement(h: History, start: date, end: date, limit: date, *, diploma: str | None,
              diploma_on: date | None = None) -> None:  # fmt: skip
    """Checkpoints, measurements, readjustments, a diploma: from a decision to the next phase change."""
    rng = h.rng
    stop = min(end, limit)
    plan: list[tuple[date, int, Callable[[date], None]]] = []
    day = start + draw_days(rng, 75, 130)
    readjust_at = rng.randint(0, 3) if rng.random() < 0.7 else -1
    for index in range(12):
        if day > stop:
            break
        plan.append((day, 0, h.checkpoint))
        plan.append((day + draw_days(rng, 0, 10), 1, h.measure))
        if index == readjust_at:
            plan.append((day + draw_days(rng, 3, 20), 2, h.readjust))
        if index % 3 == 2:
            plan.append((day + draw_days(rng, 0, 30), 3, h.grow))
        day += draw_days(rng, 90, 150)
    if diploma:
        award = diploma_on or start + draw_days(rng, 45, 200)
        plan.append((award, 4, lambda d, m=diploma: h.diploma(d, m)))
    for when, _, step in sorted(plan, key=lambda x: (x[0], x[1])):
        if when <= stop and when < end:
            step(when)
