"""The register of verifications: each run of ``qualicoop verify`` recorded as an event of one aggregate.

Its events are stored in the same log, so they are chained like every other: a verification names the head it
found (position, digest, count), and the next verification covers that very record.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

REGISTER_ID: UUID = uuid5(NAMESPACE_URL, "https://qualicoop.coophlm.fr/integrite")
_T = "qualicoop.integrity."


class IntegrityRegister(Aggregate):
    TOPIC = "qualicoop.integrity_register"

    class Event(Aggregate.Event):
        effective_on: date
        actor: str

    class Created(Aggregate.Created):
        TOPIC = _T + "register_opened.v1"
        effective_on: date
        actor: str

    class Verified(Event):
        """``qualicoop verify`` recomputed the chain from ``start`` to the head (``head_position``, its digest in
        hex, ``count`` events in the chain up to it): ``ok``, or the first event that differs (``position``,
        ``problem``: altered, missing or inserted)."""

        TOPIC = _T + "verified.v1"
        ok: bool
        start: int
        head_position: int
        head_digest: str
        count: int
        checked: int
        seconds: str
        difference_position: int | None
        problem: str | None

        def apply(self, register: IntegrityRegister) -> None:
            register.verifications += 1

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str) -> None:
        """The ``Created`` event's apply (it runs again on every replay)."""
        self.verifications = 0

    @classmethod
    def open(cls, *, actor: str, effective_on: date) -> IntegrityRegister:
        return cls(id=REGISTER_ID, actor=actor, effective_on=effective_on)

    def record(self, *, actor: str, effective_on: date, **outcome: Any) -> None:
        self.trigger_event(self.Verified, actor=actor, effective_on=effective_on, **outcome)
