"""Queries over the read models for a given day: deadlines across the network and dashboard figures."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, extract, func, select

from qualicoop_es.aggregates import values as v
from qualicoop_es.projections.mention_status import cooperatives_table as coops
from qualicoop_es.projections.status_rows import DUE_KINDS, DUE_LABELS, status_on
from qualicoop_es.projections.timeline import events_table as ev


def deadlines(engine: Engine, *, day: date, horizon_days: int = 90) -> dict[str, Any]:
    """What is overdue on ``day`` and what falls due within ``horizon_days`` (bilans, renewals)."""
    limit = day + timedelta(days=max(int(horizon_days), 0))
    query = (select(coops.c.cooperative_id, coops.c.name, coops.c.phase, coops.c.next_due)
             .where(coops.c.next_due.is_not(None), coops.c.next_due <= limit)
             .order_by(coops.c.next_due, coops.c.name))  # fmt: skip
    overdue: list[dict[str, Any]] = []
    upcoming: list[dict[str, Any]] = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            kind = DUE_KINDS[row.phase]
            item = {"cooperative_id": row.cooperative_id, "name": row.name, "kind": kind, "label": DUE_LABELS[kind],
                    "due_on": row.next_due.isoformat(), "days": (row.next_due - day).days}  # fmt: skip
            (overdue if day > row.next_due else upcoming).append(item)
    return {"day": day.isoformat(), "horizon_days": horizon_days, "overdue": overdue, "upcoming": upcoming}


def network_figures(engine: Engine, *, day: date) -> dict[str, Any]:
    """Cooperatives per status (on ``day``), département and activity; engagement popularity among the
    cooperatives still in the approach; committee verdicts per year and kind (business dates up to ``day``)."""
    per_phase: Counter[str] = Counter()
    per_departement: Counter[str] = Counter()
    per_activity: Counter[str] = Counter()
    popularity: Counter[str] = Counter({str(n): 0 for n in v.ENGAGEMENT_NUMBERS})
    terminal = {p.value for p in v.TERMINAL_PHASES}
    year = extract("year", ev.c.effective_on)
    verdicts = (select(year.label("year"), ev.c.detail, func.count().label("n"))
                .where(ev.c.kind == "verdict_recorded", ev.c.effective_on <= day)
                .group_by(year, ev.c.detail))  # fmt: skip
    with engine.connect() as conn:
        rows = conn.execute(select(coops.c.phase, coops.c.next_due, coops.c.departement, coops.c.activities,
                                   coops.c.engagement_numbers)).all()  # fmt: skip
        verdict_rows = conn.execute(verdicts).all()
    for row in rows:
        per_phase[status_on(row.phase, row.next_due, day)] += 1
        per_departement[row.departement] += 1
        per_activity.update(json.loads(row.activities))
        if row.phase not in terminal and row.engagement_numbers:
            popularity.update(row.engagement_numbers.split(","))
    per_year: dict[str, dict[str, int]] = {}
    for row in verdict_rows:
        per_year.setdefault(str(int(row.year)), {})[row.detail] = row.n
    return {
        "day": day.isoformat(),
        "total": len(rows),
        "per_phase": dict(sorted(per_phase.items())),
        "per_departement": dict(sorted(per_departement.items())),
        "per_activity": dict(sorted(per_activity.items())),
        "engagement_popularity": dict(sorted(popularity.items(), key=lambda kv: int(kv[0]))),
        "verdicts_per_year": {y: dict(sorted(k.items())) for y, k in sorted(per_year.items())},
    }
