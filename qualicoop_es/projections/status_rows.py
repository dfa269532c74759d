"""Period rows as readers see them on a day: the row whose period contains the day, its standing derived for it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from qualicoop_es.aggregates import standing as st
from qualicoop_es.presenters import status_fields
from qualicoop_es.projections.periods import loaded
from qualicoop_es.projections.periods import periods_table as t

GRANTED = (st.Mention.ENGAGED.value, st.Mention.CONFIRMED.value)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def active_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the period contains ``day`` (one row per cooperative registered by then)."""
    return and_(t.c.valid_from <= day, t.c.valid_to > day)


def mention_filter(mention: str, day: date) -> ColumnElement[bool]:
    """SQL condition: the mention held on ``day`` is ``mention`` (as ``standing.view_on`` derives it)."""
    if mention == st.Mention.EXPIRED:
        return and_(t.c.mention.in_(GRANTED), t.c.held_until.is_not(None), t.c.held_until < day)
    if mention in GRANTED:
        return and_(t.c.mention == mention, or_(t.c.held_until.is_(None), t.c.held_until >= day))
    return t.c.mention == mention


def view(row: Any, day: date) -> tuple[dict[str, Any], st.StandingView]:
    period = loaded(row)
    return period, st.view_on(period["standing"], period["phase"], period["phase_since"], day)


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
