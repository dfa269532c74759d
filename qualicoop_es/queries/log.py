"""What the event store says of one aggregate, for the adapters that must not touch the store themselves."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.application import QualicoopApplication


def latest_version(app: QualicoopApplication, aggregate_id: UUID) -> int | None:
    """The aggregate's latest version (None when it has no events): one indexed read of the event store."""
    stored = app.recorder.select_events(aggregate_id, desc=True, limit=1)
    return stored[0].originator_version if stored else None


def is_recorded(app: QualicoopApplication, aggregate_id: UUID) -> bool:
    """Whether the aggregate has any event (a cooperative that was registered)."""
    return aggregate_id in app.repository


def recorded_value(app: QualicoopApplication, aggregate_id: UUID, version: int, key: str) -> Any:
    """One attribute of the event recorded at ``version`` (e.g. the id a command gave to what it created)."""
    event = next(iter(app.events.get(aggregate_id, gt=version - 1, lte=version)))
    return getattr(event, key)
