"""What the event store says of one aggregate, for the adapters that must not touch the store themselves."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.application import QualicoopApplication

#: The topic of every cooperative event starts with this (``Cooperative``'s events; accounts, the catalogue and the
#: integrity register have their own).
COOPERATIVE_TOPICS = "qualicoop.cooperative."


def latest_version(app: QualicoopApplication, aggregate_id: UUID) -> int | None:
    """The *cooperative*'s latest version (None when it has no events, or when the id is another aggregate's: an
    account's id answers exactly like an unknown one): one indexed read of the event store."""
    stored = app.recorder.select_events(aggregate_id, desc=True, limit=1)
    if not stored or not stored[0].topic.startswith(COOPERATIVE_TOPICS):
        return None
    return stored[0].originator_version


def is_recorded(app: QualicoopApplication, aggregate_id: UUID) -> bool:
    """Whether the id is a registered cooperative's (any other aggregate's id is not)."""
    return latest_version(app, aggregate_id) is not None


def recorded_value(app: QualicoopApplication, aggregate_id: UUID, version: int, key: str) -> Any:
    """One attribute of the event recorded at ``version`` (e.g. the id a command gave to what it created)."""
    event = next(iter(app.events.get(aggregate_id, gt=version - 1, lte=version)))
    return getattr(event, key)
