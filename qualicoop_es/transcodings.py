"""Transcodings for stored events. Their names are persisted in every event: never rename one.

The library's JSON transcoder looks a transcoding up by the exact type of a value, so each enum has its own; an
enum is stored as its value (``{"_type_": "verdict_kind", "_data_": "validate"}``) and comes back as the member.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from eventsourcing.persistence import Transcoding

from qualicoop_es.aggregates.standing import Mention, Step
from qualicoop_es.aggregates.values import Phase, VerdictKind


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    """One enum, stored as its value under ``name``."""

    def __init__(self, enum: type[Enum], name: str) -> None:
        self.type = enum
        self.name = name

    def encode(self, obj: Enum) -> object:
        return obj.value

    def decode(self, data: object) -> Enum:
        return self.type(data)


ALL: tuple[Transcoding, ...] = (
    DateAsISO(),
    EnumAsValue(Phase, "phase"),
    EnumAsValue(VerdictKind, "verdict_kind"),
    EnumAsValue(Mention, "mention"),
    EnumAsValue(Step, "step"),
)
