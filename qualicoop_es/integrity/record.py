"""Recording a verification in the register (an event, chained like every other) and reading the last one back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from qualicoop_es.access import Actor, authorize
from qualicoop_es.integrity.register import REGISTER_ID, IntegrityRegister
from qualicoop_es.integrity.verify import Outcome


@dataclass(frozen=True)
class LastVerification:
    at: datetime
    actor: str
    ok: bool
    start: int
    head_position: int
    head_digest: str
    count: int
    difference_position: int | None
    problem: str | None


def record(app: Any, outcome: Outcome, *, actor: Actor) -> int:
    """Store ``outcome`` as a ``Verified`` event of the register (opened on first use); its notification id.
    The actor must be allowed to verify (``access``: the federation, an auditor, or the operator)."""
    actor_id = authorize(actor, "check_integrity")
    try:
        register: Any = app.repository.get(REGISTER_ID)
    except AggregateNotFoundError:
        register = IntegrityRegister.open(actor=actor_id, effective_on=app.clock())
    difference = outcome.difference
    register.record(actor=actor_id, effective_on=app.clock(), ok=outcome.ok, start=outcome.start,
                    head_position=outcome.head_position, head_digest=outcome.head_digest, count=outcome.count,
                    checked=outcome.checked, seconds=f"{outcome.seconds:.3f}",
                    difference_position=difference.position if difference else None,
                    problem=difference.problem if difference else None)  # fmt: skip
    return int(app.store(register).notification_id)


def last_verification(app: Any) -> LastVerification | None:
    """The latest ``Verified`` event: one indexed read of the register's last stored event, decoded by the mapper."""
    stored = app.recorder.select_events(REGISTER_ID, desc=True, limit=1)
    if not stored:
        return None
    event = app.mapper.to_domain_event(stored[0])
    if not isinstance(event, IntegrityRegister.Verified):
        return None
    return LastVerification(at=event.timestamp, actor=event.actor, ok=event.ok, start=event.start,
                            head_position=event.head_position, head_digest=event.head_digest, count=event.count,
                            difference_position=event.difference_position, problem=event.problem)  # fmt: skip
