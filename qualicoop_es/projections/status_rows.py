"""Mention-status rows as the readers see them on a given day ("expired" and "overdue" derived, never stored)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from qualicoop_es.aggregates import values as v
from qualicoop_es.projections.mention_status import cooperatives_table as t

DUE_KINDS = {"engaged": "bilan_18_mois", "confirmed": "renouvellement", "continue_work": "bilan_travail_a_poursuivre"}
DUE_LABELS = {
    "bilan_18_mois": "Bilan à 18 mois",
    "renouvellement": "Renouvellement de la mention (2 ans)",
    "bilan_travail_a_poursuivre": "Bilan du travail à poursuivre",
}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def status_on(phase: str, next_due: date | None, day: date) -> str:
    """As ``Cooperative.status_on``: a mention whose next bilan is overdue is expired."""
    return v.EXPIRED if next_due is not None and day > next_due else phase


def status_filter(status: str, day: date) -> ColumnElement[bool]:
    """SQL condition: the cooperative's status on ``day`` is ``status`` (a stored phase or "expired")."""
    if status == v.EXPIRED:
        return and_(t.c.next_due.is_not(None), t.c.next_due < day)
    return and_(t.c.phase == status, or_(t.c.next_due.is_(None), t.c.next_due >= day))


def status_row(row: Any, day: date) -> dict[str, Any]:
    status = status_on(row.phase, row.next_due, day)
    verdict = json.loads(row.last_verdict) if row.last_verdict else None
    if verdict:
        verdict["label"] = v.VERDICT_LABELS.get(verdict["kind"], verdict["kind"])
    due_kind = DUE_KINDS.get(row.phase) if row.next_due else None
    return {
        "id": row.cooperative_id,
        "name": row.name,
        "siren": row.siren,
        "legal_form": row.legal_form,
        "departement": row.departement,
        "activities": json.loads(row.activities),
        "version": row.version,
        "phase": row.phase,
        "phase_label": v.PHASE_LABELS.get(row.phase, row.phase),
        "status": status,
        "label": v.PHASE_LABELS.get(status, status),
        "as_of": day.isoformat(),
        "since": iso(row.phase_since),
        "registered_on": iso(row.registered_on),
        "engaged_on": iso(row.engaged_on),
        "confirmed_on": iso(row.confirmed_on),
        "valid_until": iso(row.valid_until),
        "next_due": iso(row.next_due),
        "next_due_kind": due_kind,
        "next_due_label": DUE_LABELS.get(due_kind) if due_kind else None,
        "overdue": row.next_due is not None and day > row.next_due,
        "last_verdict": verdict,
        "counts": {
            "engagements": row.engagements_count,
            "actions": row.actions_count,
            "indicators": row.indicators_count,
        },
        "checkpoints": row.checkpoints,
        "readjustments": row.readjustments,
    }
