"""The read side as the pages see it: the projections' queries (``qualicoop_es.projections.queries``), whose
reads on a day equal a replay of the log as of that day. Results are plain, JSON-ready dicts."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from qualicoop_es.projections import queries


def list_cooperatives(services: Any, *, day: date, mention: str | None = None, step: str | None = None,
                      departement: str | None = None, activity: str | None = None, search: str | None = None,
                      page: int = 1, per_page: int = 50, submitted_only: bool = False,
                      longest_waiting: bool = False) -> dict[str, Any]:  # fmt: skip
    return queries.list_cooperatives(services.engine, day=day, mention=mention, step=step, departement=departement,
                                     activity=activity, search=search, page=page, per_page=per_page,
                                     submitted_only=submitted_only, longest_waiting=longest_waiting)  # fmt: skip


def cooperative_names(services: Any) -> dict[str, str]:
    return queries.cooperative_names(services.engine)


def timeline(services: Any, coop_id: UUID, *, kinds: list[str] | None = None, start: date | None = None,
             end: date | None = None) -> list[dict[str, Any]]:  # fmt: skip
    return queries.timeline(services.engine, coop_id, kinds=kinds or None, start=start, end=end)


def event_kinds() -> dict[str, str]:
    return dict(queries.event_kinds())


def deadlines(services: Any, *, day: date, horizon_days: int = 90, submitted_only: bool = False,
              per_page: int | None = None, page: int = 1) -> dict[str, Any]:  # fmt: skip
    return queries.deadlines(services.engine, day=day, horizon_days=horizon_days, submitted_only=submitted_only,
                             per_page=per_page, page=page)  # fmt: skip


def network_figures(services: Any, *, day: date, submitted_only: bool = False) -> dict[str, Any]:
    return queries.network_figures(services.engine, day=day, submitted_only=submitted_only)


def latest_verdicts(services: Any, *, day: date, limit: int = 8) -> list[dict[str, Any]]:
    """The most recent verdicts across the network (each cooperative's last verdict as of ``day``, newest first):
    verdicts concern submitted cooperatives only."""
    return queries.latest_verdicts(services.engine, day=day, limit=limit)


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
