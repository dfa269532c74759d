"""Network reads on a day from the period rows: deadlines and dashboard figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Engine, select

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.projections import network_counts as counts
from qualicoop_es.projections.periods import READ_COLUMNS
from qualicoop_es.projections.periods import periods_table as periods
from qualicoop_es.projections.status_rows import on_day, view
from qualicoop_es.projections.visibility import once_submitted


def deadlines(engine: Engine, *, day: date, horizon_days: int = 90, submitted_only: bool = False,
              per_page: int | None = None, page: int = 1) -> dict[str, Any]:  # fmt: skip
    """What is overdue on ``day`` and what falls due within ``horizon_days`` (bilans, renewals), with how many of
    each (``overdue_count``, ``upcoming_count``); ``submitted_only``: among the cooperatives submitted at least
    once; ``per_page``: page ``page`` of each list only (the dashboard, the API), the others counted from their
    dates alone (a narrow read: the full rows of the ones shown only)."""
    limit = day + timedelta(days=max(int(horizon_days), 0))
    awaited = [s.value for s in st.BILAN_AWAITED]
    with engine.connect() as conn:
        joined, registered = on_day(conn, day)
        where = (registered, periods.c.step.in_(awaited), periods.c.due.is_not(None), periods.c.due <= limit,
                 *_seen(submitted_only))  # fmt: skip
        if per_page is None:
            rows = conn.execute(select(*READ_COLUMNS).select_from(joined).where(*where)).all()
            return deadlines_of(((r.cooperative_id, r.name, view(r, day)[1]) for r in rows), day, horizon_days)
        dates = sorted(conn.execute(select(periods.c.due, periods.c.name, periods.c.cooperative_id)
                                    .select_from(joined).where(*where)).all())  # fmt: skip
        overdue = [r for r in dates if r.due < day]
        upcoming = [r for r in dates if r.due >= day]
        cut = slice((max(page, 1) - 1) * per_page, max(page, 1) * per_page)
        chosen = {r.cooperative_id for r in overdue[cut] + upcoming[cut]}
        rows = conn.execute(select(*READ_COLUMNS).select_from(joined).where(
            *where, periods.c.cooperative_id.in_(sorted(chosen)))).all() if chosen else []  # fmt: skip
    found = deadlines_of(((r.cooperative_id, r.name, view(r, day)[1]) for r in rows), day, horizon_days)
    return {**found, "overdue_count": len(overdue), "upcoming_count": len(upcoming), "page": max(page, 1),
            "per_page": per_page}  # fmt: skip


def deadlines_of(standings: Iterable[tuple[str, str, st.StandingView]], day: date, horizon_days: int) -> dict[str, Any]:
    """Overdue and upcoming bilans among (id, name, standing on ``day``), by due date then name."""
    limit = day + timedelta(days=max(int(horizon_days), 0))
    overdue: list[dict[str, Any]] = []
    upcoming: list[dict[str, Any]] = []
    for coop_id, name, s in sorted(standings, key=lambda x: (x[2].due or date.max, x[1], x[0])):
        if s.due is None or s.due > limit:
            continue
        item = {"cooperative_id": coop_id, "name": name, "kind": s.due_kind, "label": st.DUE_LABELS[s.due_kind or ""],
                "due_on": s.due.isoformat(), "days": (s.due - day).days, "mention": s.mention.value}  # fmt: skip
        (overdue if s.overdue else upcoming).append(item)
    return {"day": day.isoformat(), "horizon_days": horizon_days, "overdue": overdue, "upcoming": upcoming,
            "overdue_count": len(overdue), "upcoming_count": len(upcoming)}  # fmt: skip


def _seen(submitted_only: bool) -> list[ColumnElement[bool]]:
    return [once_submitted(periods.c.cooperative_id)] if submitted_only else []


def network_figures(engine: Engine, *, day: date, submitted_only: bool = False) -> dict[str, Any]:
    """Cooperatives per mention and per step on ``day``, per département and activity; engagement popularity among
    the cooperatives still in the approach; committee verdicts per year and kind (business dates up to ``day``).
    ``submitted_only``: among the cooperatives submitted at least once (verdicts only concern those).

    Read from the network's counts (``network_counts``): one seek per counted value, whatever the network's size."""
    with engine.connect() as conn:
        found = counts.counts_on(conn, day, counts.SUBMITTED if submitted_only else counts.ALL)
    per: dict[str, dict[str, int]] = {}
    for dimension, value, n in found:
        per.setdefault(dimension, {})[value] = n
    popularity = {str(n): 0 for n in v.ENGAGEMENT_NUMBERS} | per.get(counts.ENGAGEMENT, {})
    per_year: dict[str, dict[str, int]] = {}
    for key, n in per.get(counts.VERDICT, {}).items():
        year, kind = key.split(":", 1)
        per_year.setdefault(year, {})[kind] = n
    return {
        "day": day.isoformat(),
        "total": per.get(counts.TOTAL, {}).get("", 0),
        "per_mention": dict(sorted(per.get(counts.MENTION, {}).items())),
        "per_step": dict(sorted(per.get(counts.STEP, {}).items())),
        "per_departement": dict(sorted(per.get(counts.DEPARTEMENT, {}).items())),
        "per_activity": dict(sorted(per.get(counts.ACTIVITY, {}).items())),
        "engagement_popularity": dict(sorted(popularity.items(), key=lambda kv: int(kv[0]))),
        "verdicts_per_year": {y: dict(sorted(k.items())) for y, k in sorted(per_year.items())},
    }


class Listed(NamedTuple):
    """What the figures count of a cooperative on a day."""

    mention: str
    step: str
    departement: str
    activities: list[str]
    engagements: list[str]


def figures_of(listed: list[Listed], day: date, verdicts_per_year: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The figures from what every cooperative registered by ``day`` was on that day."""
    per_mention = Counter(c.mention for c in listed)
    per_step = Counter(c.step for c in listed)
    per_departement = Counter(c.departement for c in listed)
    per_activity = Counter(a for c in listed for a in c.activities)
    popularity: Counter[str] = Counter({str(n): 0 for n in v.ENGAGEMENT_NUMBERS})
    for c in listed:
        if c.step not in (st.Step.LEFT.value, st.Step.CLOSED.value):
            popularity.update(c.engagements)
    return {
        "day": day.isoformat(),
        "total": len(listed),
        "per_mention": dict(sorted(per_mention.items())),
        "per_step": dict(sorted(per_step.items())),
        "per_departement": dict(sorted(per_departement.items())),
        "per_activity": dict(sorted(per_activity.items())),
        "engagement_popularity": dict(sorted(popularity.items(), key=lambda kv: int(kv[0]))),
        "verdicts_per_year": {y: dict(sorted(k.items())) for y, k in sorted(verdicts_per_year.items())},
    }
