"""Shared pieces of the cooperative's events (kept apart so cooperative.py stays readable)."""

from __future__ import annotations

import dataclasses
from typing import Any

#: Fields every cooperative event carries besides the library's own.
BASE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                         "effective_on", "actor"})  # fmt: skip


def payload(event: Any) -> dict[str, Any]:
    """The event's own fields: what the domain recorded, without the envelope."""
    return {f.name: getattr(event, f.name) for f in dataclasses.fields(event) if f.name not in BASE_FIELDS}
