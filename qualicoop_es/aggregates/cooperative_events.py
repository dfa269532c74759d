"""Shared pieces of the cooperative's events (kept apart so cooperative.py stays readable)."""

from __future__ import annotations

import dataclasses
from typing import Any

#: Fields every cooperative event carries besides the library's own.
BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                         "effective_on", "actor"})  # fmt: skip


def payload(event: Any) -> dict[str, Any]:
    """The event's own fields: what the domain recorded, without the envelope."""
    state = vars(event)  # a dataclass's fields (the library's events are)
    return {name: state[name] for name in own_fields(type(event))}


def own_fields(event_class: type) -> tuple[str, ...]:
    """The names of an event class's own fields (found once per class: every replay asks for them)."""
    names = _OWN_FIELDS.get(event_class)
    if names is None:
        names = _OWN_FIELDS[event_class] = tuple(f.name for f in dataclasses.fields(event_class)
                                                 if f.name not in BASE_FIELDS)  # fmt: skip
    return names


_OWN_FIELDS: dict[type, tuple[str, ...]] = {}
