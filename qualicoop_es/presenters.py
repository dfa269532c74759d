"""Plain, JSON-ready descriptions of a cooperative (shared by the CLI and, later, the API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.cooperative_events import payload
from qualicoop_es.aggregates.values import PHASE_LABELS


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def describe(coop: Cooperative, day: date) -> dict[str, Any]:
    """Identity, status on ``day``, dossier and checklist of one cooperative."""
    status = coop.status_on(day)
    return {
        "id": str(coop.id),
        "version": coop.version,
        "siren": coop.siren,
        "name": coop.dossier["identity"]["name"],
        "status": {
            "phase": coop.phase,
            "status": status,
            "label": PHASE_LABELS[status],
            "as_of": day.isoformat(),
            "since": _iso(coop.phase_since),
            "engaged_on": _iso(coop.engaged_on),
            "confirmed_on": _iso(coop.confirmed_on),
            "valid_until": _iso(coop.valid_until if coop.confirmed_on else coop.engaged_until),
            "next_bilan_due": _iso(coop.due_on()),
            "last_verdict": ds.plain(coop.last_verdict) if coop.last_verdict else None,
            "confirmations": coop.confirmations,
        },
        "dossier": ds.plain(coop.dossier),
        "checklist": rules.checklist(coop.dossier),
        "submission": ds.plain(coop.submission) if coop.submission else None,
        "measurements": ds.plain(coop.measurements),
    }


def describe_event(event: Cooperative.Event) -> dict[str, Any]:
    return {
        "version": event.originator_version,
        "kind": type(event).__name__,
        "topic": type(event).TOPIC,  # type: ignore[attr-defined]
        "effective_on": event.effective_on.isoformat(),
        "recorded_at": event.timestamp.isoformat(),
        "actor": event.actor,
        "data": ds.plain(payload(event)),
    }
