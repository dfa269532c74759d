"""Transcodings for stored events. Their names are persisted in every event: never rename one."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


ALL: tuple[Transcoding, ...] = (DateAsISO(),)
