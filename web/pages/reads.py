"""The read side as the pages see it: the projections' queries, with a replay fallback.

Network-wide reads come from ``qualicoop_es.projections.queries`` (one SQL read model). Until that module is
importable, the same shapes are computed by replaying the cooperatives through the application, so the pages
work (slowly) on any store. Results are plain, JSON-ready dicts in both cases.
"""

from __future__ import annotations

import importlib
from collections import Counter
from datetime import date, timedelta
from types import ModuleType
from typing import Any
from uuid import UUID

from qualicoop_es.accounts import names
from qualicoop_es.aggregates import values as v
from qualicoop_es.presenters import describe_event
from web.pages import sentences


def _queries() -> ModuleType | None:
    try:
        return importlib.import_module("qualicoop_es.projections.queries")
    except ImportError:
        return None


def _query(name: str) -> Any:
    """The projections' query function ``name``, or None while it does not exist."""
    return getattr(_queries(), name, None)


def _coops(services: Any) -> list[Any]:
    app = services.app
    return [app.cooperative(coop_id) for coop_id in app.cooperative_ids()]


def _row(coop: Any, day: date) -> dict[str, Any]:
    identity = coop.dossier["identity"]
    status = coop.status_on(day)
    return {"id": str(coop.id), "cooperative_id": str(coop.id), "name": identity["name"], "siren": coop.siren,
            "departement": identity["departement"], "activities": list(identity["activities"]),
            "legal_form": identity["legal_form"], "status": status, "phase": coop.phase,
            "label": v.PHASE_LABELS[status], "since": coop.phase_since.isoformat(), "version": coop.version,
            "engagements": len(coop.dossier["engagements"])}  # fmt: skip


def list_cooperatives(services: Any, *, day: date, phase: str | None = None, departement: str | None = None,
                      activity: str | None = None, search: str | None = None, page: int = 1,
                      per_page: int = 50) -> dict[str, Any]:  # fmt: skip
    query = _query("list_cooperatives")
    if query is not None:
        return query(services.engine, day=day, phase=phase, departement=departement,
                                         activity=activity, search=search, page=page, per_page=per_page)  # fmt: skip
    rows = [_row(coop, day) for coop in _coops(services)]
    rows = [r for r in rows if (not phase or phase in (r["status"], r["phase"]))
            and (not departement or r["departement"] == departement)
            and (not activity or activity in r["activities"])
            and (not search or search.casefold() in r["name"].casefold())]  # fmt: skip
    rows.sort(key=lambda r: r["name"].casefold())
    start = (page - 1) * per_page
    return {"items": rows[start : start + per_page], "total": len(rows), "page": page, "per_page": per_page}


def timeline(services: Any, coop_id: UUID, *, kinds: list[str] | None = None, start: date | None = None,
             end: date | None = None) -> list[dict[str, Any]]:  # fmt: skip
    query = _query("timeline")
    if query is not None:
        return query(services.engine, coop_id, kinds=kinds or None, start=start, end=end)
    entries = []
    for event in services.app.history(coop_id):
        entry = describe_event(event)
        entry["kind"] = sentences.kind_code(entry["kind"])
        entry["sentence"] = sentences.sentence(entry["kind"], entry["data"])
        entry["notification_id"] = None
        day = event.effective_on
        if (kinds and entry["kind"] not in kinds) or (start and day < start) or (end and day > end):
            continue
        entries.append(entry)
    return names.with_actor_names(services.engine, entries)


def event_kinds() -> dict[str, str]:
    query = _query("event_kinds")
    if query is not None:
        return dict(query())
    return dict(sentences.KIND_LABELS)


def deadlines(services: Any, *, day: date, horizon_days: int = 90) -> dict[str, list[dict[str, Any]]]:
    query = _query("deadlines")
    if query is not None:
        return query(services.engine, day=day, horizon_days=horizon_days)
    overdue, upcoming = [], []
    for coop in _coops(services):
        due = coop.due_on()
        if due is None:
            continue
        item = {"cooperative_id": str(coop.id), "name": coop.dossier["identity"]["name"], "kind": "bilan",
                "label": "Bilan attendu", "due_on": due.isoformat(), "days": (due - day).days}  # fmt: skip
        if due < day:
            overdue.append(item)
        elif due <= day + timedelta(days=horizon_days):
            upcoming.append(item)
    return {
        "overdue": sorted(overdue, key=lambda i: i["due_on"]),
        "upcoming": sorted(upcoming, key=lambda i: i["due_on"]),
    }


def network_figures(services: Any, *, day: date) -> dict[str, Any]:
    query = _query("network_figures")
    if query is not None:
        return query(services.engine, day=day)
    coops = _coops(services)
    verdicts: Counter[str] = Counter()
    for coop in coops:
        for event in services.app.history(coop.id):
            if type(event).__name__ == "VerdictRecorded" and event.effective_on <= day:
                verdicts[str(event.effective_on.year)] += 1
    return {
        "per_phase": dict(Counter(c.status_on(day) for c in coops)),
        "per_departement": dict(Counter(c.dossier["identity"]["departement"] for c in coops)),
        "per_activity": dict(Counter(a for c in coops for a in c.dossier["identity"]["activities"])),
        "engagement_popularity": dict(Counter(int(n) for c in coops for n in c.dossier["engagements"])),
        "verdicts_per_year": dict(sorted(verdicts.items())),
        "total": len(coops),
    }


def latest_verdicts(services: Any, *, day: date, limit: int = 8) -> list[dict[str, Any]]:
    """The most recent verdicts across the network (each cooperative's last verdict, newest first)."""
    rows = []
    for item in list_cooperatives(services, day=day, per_page=500)["items"]:
        verdict = item.get("last_verdict")
        if verdict is None and _query("list_cooperatives") is None:
            verdict = services.app.cooperative(UUID(item["id"])).last_verdict
        if verdict and str(verdict["on"]) <= day.isoformat():
            rows.append({"cooperative_id": item.get("id") or item.get("cooperative_id"), "name": item["name"],
                         "kind": verdict["kind"], "label": v.VERDICT_LABELS.get(verdict["kind"], verdict["kind"]),
                         "on": str(verdict["on"]), "session": verdict.get("session_reference", "")})  # fmt: skip
    rows.sort(key=lambda r: r["on"], reverse=True)
    return rows[:limit]


def pairs(figure: Any, labels: dict[str, str] | None = None) -> list[tuple[str, int]]:
    """A figure (``{key: count}`` or a list of ``{key|code|..., count}``) as ``(label, count)`` pairs."""
    labels = labels or {}
    if isinstance(figure, dict):
        items = list(figure.items())
    else:
        items = []
        for row in figure or []:
            key = next((row[k] for k in ("key", "code", "phase", "departement", "activity", "number", "year", "label")
                        if k in row), "?")  # fmt: skip
            items.append((key, row.get("count", row.get("total", 0))))
    return [(labels.get(str(key), str(key)), _total(count)) for key, count in items]


def _total(count: Any) -> int:
    """A count, or the sum of a breakdown (``{"validate": 3, "mature": 1}``)."""
    return sum(_total(x) for x in count.values()) if isinstance(count, dict) else int(count)
