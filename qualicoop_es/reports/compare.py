"""A report as published (the facts recorded by a date) against the same report as corrected (everything known
now), explained event by event: which fact recorded after that date changed which figures.

Two passes over the log: the first finds the facts recorded late (after the date) that the year's report (or the
previous year's, shown beside it) includes; the second replays, in one pass, the report as published, then with
each late fact in turn (scopes that also include the facts up to its position), then as corrected.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from qualicoop_es import presenters
from qualicoop_es.projections.sentences import KINDS
from qualicoop_es.reports.build import Request, check, figures_of, one_report
from qualicoop_es.reports.replay import decoded, replay
from qualicoop_es.reports.scopes import Scope, end_of

#: Late facts explained one by one; beyond, the rest are explained together in one last step.
MAX_STEPS = 60


def late_facts(app: Any, request: Request, recorded_by: datetime, head: int) -> list[tuple[int, Any]]:
    cut_off = date(request.last, 12, 31)
    return [(p, e) for p, e in decoded(app, head) if e.timestamp > recorded_by and e.effective_on <= cut_off]


def compare(app: Any, engine: Engine | None, request: Request, recorded_on: date | datetime, *,
            today: date) -> dict[str, Any]:  # fmt: skip
    """The changes from the report as published (recorded by ``recorded_on``) to the report as corrected."""
    check(app, request, today)
    recorded_by = recorded_on if isinstance(recorded_on, datetime) else end_of(recorded_on)
    head = app.recorder.max_notification_id() or 0
    late = late_facts(app, request, recorded_by, head)
    steps = late[: MAX_STEPS - 1] + ([late[-1]] if len(late) >= MAX_STEPS else [])
    variants = [Scope(y, request.basis, recorded_by, p) for p in [0, *(p for p, _ in steps)]
                for y in (request.last - 1, request.last)]  # fmt: skip
    variants += [Scope(request.last - 1, request.basis), Scope(request.last, request.basis)]
    passed = replay(app, variants, stop=head)
    reports = []
    for i in range(0, len(variants), 2):
        reports.append(one_report(passed, i + 1, figures_of(passed, i + 1), figures_of(passed, i), engine, request))
    changes = [_step(late, steps, k, reports[k], reports[k + 1], passed) for k in range(len(steps))]
    return {"year": request.last, "basis": request.basis, "recorded_by": recorded_by.isoformat(),
            "published": reports[0]["provenance"], "corrected": reports[-1]["provenance"],
            "late_facts": len(late), "changes": changes,
            "figures": differences(reports[0], reports[-1])}  # fmt: skip


def _step(late: list[tuple[int, Any]], steps: list[tuple[int, Any]], k: int, before: dict[str, Any],
          after: dict[str, Any], passed: Any) -> dict[str, Any]:  # fmt: skip
    position, event = steps[k]
    closing = passed.states.at(len(passed.scopes) - 1).get(event.originator_id)
    described = presenters.describe_event(event)
    fact = {"position": position, "cooperative": None if closing is None else closing.name,
            "siren": None if closing is None else closing.siren, "kind": described["kind"],
            "kind_label": KINDS.get(type(event), (None, described["kind"]))[1],
            "effective_on": described["effective_on"], "recorded_at": described["recorded_at"]}  # fmt: skip
    grouped = len(late) - len(steps) if k == len(steps) - 1 and len(late) > len(steps) else 0
    return {"fact": fact, "with_earlier_unlisted": grouped, "figures": differences(before, after)}


def _flat(report: dict[str, Any]) -> dict[tuple[str, str, str], tuple[Any, str, str, str]]:
    cells = {}
    for table in report["tables"]:
        labels = {c["key"]: c["label"] for c in table["columns"]}
        for index, row in enumerate(table["rows"]):
            key = str(row.get("code", row.get("siren", row.get("session", index))))
            for column, value in row.items():
                if column not in ("code", "label"):
                    cells[(table["name"], key, column)] = (value, table["title"], str(row.get("label", key)),
                                                           labels.get(column, column))  # fmt: skip
    return cells


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure that differs between two reports of the same year (a row absent on one side: None)."""
    old, new = _flat(before), _flat(after)
    found = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if (a and a[0]) != (b and b[0]):
            table_title, row_label, column_label = (b or a)[1:]  # type: ignore[index]
            found.append({"table": key[0], "row": key[1], "column": key[2], "table_title": table_title,
                          "row_label": row_label, "column_label": column_label,
                          "before": a[0] if a else None, "after": b[0] if b else None})  # fmt: skip
    return found
