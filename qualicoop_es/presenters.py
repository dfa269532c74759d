"""Plain, JSON-ready pieces of a cooperative: its status, its list item, one event (``queries.cooperative`` builds
the whole view from them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.cooperative_events import payload
from qualicoop_es.aggregates.standing import StandingView
from qualicoop_es.aggregates.values import VERDICT_LABELS


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def status_of(coop: Cooperative, day: date) -> dict[str, Any]:
    """The standing on ``day`` with the decisions' dates, of ``coop`` as of ``day``."""
    return status_fields(coop.standing_on(day), registered_on=coop.registered_on, engaged_on=coop.engaged_on,
                         confirmed_on=coop.confirmed_on, last_verdict=coop.last_verdict)  # fmt: skip


def status_fields(view: StandingView, *, registered_on: date, engaged_on: date | None, confirmed_on: date | None,
                  last_verdict: dict[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    """One shape for a status, whether replayed from the events or read from the read models."""
    verdict = ds.plain(last_verdict) if last_verdict else None
    if verdict:
        verdict["label"] = VERDICT_LABELS.get(verdict["kind"], verdict["kind"])
    return {**view.to_dict(), "registered_on": _iso(registered_on), "engaged_on": _iso(engaged_on),
            "confirmed_on": _iso(confirmed_on), "last_verdict": verdict}  # fmt: skip


def list_item(coop: Cooperative, day: date) -> dict[str, Any]:
    """A cooperative as the network list shows it on ``day`` (``coop``: its state as of ``day``)."""
    identity, engagements = coop.dossier["identity"], coop.dossier["engagements"].values()
    return {
        "id": str(coop.id), "name": identity["name"], "siren": coop.siren, "legal_form": identity["legal_form"],
        "departement": identity["departement"], "activities": sorted(identity["activities"]), "version": coop.version,
        "status": status_of(coop, day),
        "counts": {"engagements": len(engagements), "actions": sum(len(e["actions"]) for e in engagements),
                   "indicators": sum(len(e["indicators"]) for e in engagements)},
        "checkpoints": coop.checkpoints, "readjustments": coop.readjustments,
    }  # fmt: skip


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
