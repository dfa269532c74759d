"""Period rows as readers see them on a day: the row whose period contains the day, its standing derived for it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, and_, func, or_, select
from sqlalchemy.orm import aliased

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates.values import Phase
from qualicoop_es.presenters import status_fields
from qualicoop_es.projections.periods import OPEN, listed_of
from qualicoop_es.projections.periods import periods_table as t

GRANTED = (st.Mention.ENGAGED.value, st.Mention.CONFIRMED.value)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def active_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the period contains ``day`` (for one cooperative: a seek of its primary key)."""
    return and_(t.c.valid_from <= day, t.c.valid_to > day)


def on_day(conn: Connection, day: date) -> tuple[FromClause, ColumnElement[bool]]:
    """The periods containing ``day``, one per cooperative registered by then: (FROM clause, WHERE condition).

    When no period opened after ``day`` (today, and any day since the network's latest fact), they are the open
    periods: one range of an index on ``valid_to`` (by name: the list's order). Otherwise — periods are contiguous, so a
    cooperative's period on ``day`` is its latest one starting by then — the query is driven by each cooperative's
    open period and finds that start, then that row, with two seeks of the primary key (cooperative, start): its
    cost follows the number of cooperatives, never the length of their histories."""
    latest_start = conn.execute(select(func.max(t.c.valid_from)).where(t.c.valid_to == OPEN)).scalar()
    if latest_start is None or latest_start <= day:  # every open period started by ``day``: no bound on the start
        return t, t.c.valid_to == OPEN  # (one on the index's second column would keep the list from its name order)
    current, latest = aliased(t), aliased(t)
    start = (select(func.max(latest.c.valid_from))
             .where(latest.c.cooperative_id == current.c.cooperative_id, latest.c.valid_from <= day)
             .scalar_subquery())  # fmt: skip
    joined = current.join(t, and_(t.c.cooperative_id == current.c.cooperative_id, t.c.valid_from == start))
    return joined, current.c.valid_to == OPEN


def mention_filter(mention: str, day: date) -> ColumnElement[bool]:
    """SQL condition: the mention held on ``day`` is ``mention`` (as ``standing.view_on`` derives it)."""
    if mention == st.Mention.EXPIRED.value:
        return and_(t.c.mention.in_(GRANTED), t.c.held_until.is_not(None), t.c.held_until < day)
    if mention in GRANTED:
        return and_(t.c.mention == mention, or_(t.c.held_until.is_(None), t.c.held_until >= day))
    return t.c.mention == mention


def view(row: Any, day: date) -> tuple[dict[str, Any], st.StandingView]:
    listed = listed_of(row.listed)
    return listed, st.view_on(listed["standing"], Phase(row.phase), row.phase_since, day)


def status_row(row: Any, day: date) -> dict[str, Any]:
    """The list item of a period row on ``day`` (the same shape as ``presenters.list_item`` of a replay)."""
    period, standing = view(row, day)
    return {
        "id": row.cooperative_id, "name": row.name, "siren": row.siren, "legal_form": row.legal_form,
        "departement": row.departement, "activities": json.loads(row.activities), "version": row.version,
        "status": status_fields(standing, registered_on=row.registered_on, engaged_on=row.engaged_on,
                                confirmed_on=row.confirmed_on, last_verdict=period["last_verdict"]),
        "counts": {"engagements": row.engagements_count, "actions": row.actions_count,
                   "indicators": row.indicators_count},
        "checkpoints": row.checkpoints, "readjustments": row.readjustments,
    }  # fmt: skip
