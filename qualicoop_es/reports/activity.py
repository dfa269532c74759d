"""The activity of a year: the milestones a scope includes whose business date falls in that year."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date
from typing import Any
from uuid import UUID

from qualicoop_es.reports.milestones import Milestone
from qualicoop_es.reports.scopes import Scope

ENTRANTS = ("registered", "kit_requested", "first_meeting")
EXITS = ("left", "withdrawn")


def activity(milestones: list[Milestone], scope: Scope) -> dict[str, Any]:
    """Counts, verdicts by kind and by session, durations, bilans on time or late, checkpoints, readjustments."""
    by_coop: dict[UUID, list[Milestone]] = defaultdict(list)
    for m in milestones:
        if scope.includes(m.effective_on, m.recorded_at, m.position):
            by_coop[m.coop_id].append(m)
    for marks in by_coop.values():
        marks.sort(key=lambda m: (m.effective_on, m.version))
    year = scope.year
    of_year = [m for marks in by_coop.values() for m in marks if m.effective_on.year == year]
    kinds = Counter(m.kind for m in of_year)
    return {
        "counts": {
            k: kinds.get(k, 0)
            for k in (*ENTRANTS, "submitted", "verdict", "checkpoint", "readjustment", "bilan", *EXITS)
        },
        "verdicts": dict(Counter(m.data["verdict"] for m in of_year if m.kind == "verdict")),
        "sessions": _sessions(of_year),
        "durations": _durations(by_coop, year),
        "bilans": dict(
            Counter(
                _bilan_timing(marks, m)
                for marks in by_coop.values()
                for m in marks
                if m.kind == "bilan" and m.effective_on.year == year
            )
        ),
        "checkpoint_cooperatives": len({m.coop_id for m in of_year if m.kind == "checkpoint"}),
        "readjusted_cooperatives": len({m.coop_id for m in of_year if m.kind == "readjustment"}),
        "readjustments": _readjustments([m for m in of_year if m.kind == "readjustment"]),
    }


def _sessions(of_year: list[Milestone]) -> dict[str, dict[str, Any]]:
    sessions: dict[str, dict[str, Any]] = {}
    for m in of_year:
        if m.kind != "verdict":
            continue
        row = sessions.setdefault(m.data["session"], {"date": m.effective_on.isoformat(), "total": 0})
        row["date"] = min(row["date"], m.effective_on.isoformat())
        row[m.data["verdict"]] = row.get(m.data["verdict"], 0) + 1
        row["total"] += 1
    return sessions


def _durations(by_coop: dict[UUID, list[Milestone]], year: int) -> dict[str, list[int]]:
    """Days from the kit request to the validation, from the validation to the (first) confirmation that follows,
    for the validations and confirmations of the year."""
    kit_to_validation: list[int] = []
    validation_to_confirmation: list[int] = []
    for marks in by_coop.values():
        kit: date | None = None
        validated: date | None = None
        for m in marks:
            if m.kind == "kit_requested" and kit is None:
                kit = m.effective_on
            elif m.kind == "verdict" and m.data["verdict"] == "validate":
                validated = m.effective_on
                if m.effective_on.year == year and kit is not None:
                    kit_to_validation.append((m.effective_on - kit).days)
            elif m.kind == "verdict" and m.data["verdict"] == "confirm" and validated is not None:
                if m.effective_on.year == year:
                    validation_to_confirmation.append((m.effective_on - validated).days)
                validated = None  # the renewals that follow are not a first confirmation
    return {"kit_to_validation": kit_to_validation, "validation_to_confirmation": validation_to_confirmation}


def _bilan_timing(marks: list[Milestone], bilan: Milestone) -> str:
    """On time (by the date the last verdict before it set), late, or without a date set."""
    due = None
    for m in marks:
        if (m.effective_on, m.version) >= (bilan.effective_on, bilan.version):
            break
        if m.kind == "verdict":
            due = m.data["next_due"]
    if due is None:
        return "no_due_date"
    return "on_time" if bilan.effective_on <= due else "late"


def _readjustments(marks: list[Milestone]) -> dict[str, dict[str, int]]:
    by_engagement: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for m in marks:
        for op, number in m.data["changes"]:
            by_kind[op] += 1
            by_engagement["?" if number is None else str(number)] += 1
    return {"by_engagement": dict(by_engagement), "by_kind": dict(by_kind)}


def quartiles(values: list[int]) -> dict[str, Any]:
    """Count, first quartile, median and third quartile (days, one decimal; None without values)."""
    if not values:
        return {"count": 0, "q1": None, "median": None, "q3": None}
    ordered = sorted(values)
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return {"count": len(ordered), "q1": round(float(q1), 1), "median": round(float(median), 1),
            "q3": round(float(q3), 1)}  # fmt: skip
