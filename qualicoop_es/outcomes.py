"""Truthful answers when a commit's outcome is unknown, and ``Idempotency-Key`` claims.

Why: PostgreSQL's recorder retries an insert whose connection was lost (eventsourcing's ``@retry`` on
``OperationalError``/``InterfaceError``). When the first insert did commit and only its answer was lost, the retry
meets it — the primary key (aggregate, version) refuses it — and that ``IntegrityError`` read as a concurrent
change: a stored command was answered 409. Any failed save is therefore *settled* here: the events stored at the
command's versions are compared with the command's own (their stored form: topic and state, which carries the
event's creation time), so the answer is the truth — stored (success), another writer's (409), or not known while
the store cannot be read (503 ``outcome_unknown``, retry with the same ``Idempotency-Key``).

A claim is an ``Idempotency-Key`` the web adapter took from a request (per caller, with a digest of the request):
the command's first ``store`` records it beside its events in the same ``save`` (``CommandKey``), and a command
whose claim is already recorded is not run again: the first answer is given again.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from qualicoop_es.aggregates.command_key import CommandKey
from qualicoop_es.errors import STORE_FAULTS, KeyReused, OutcomeUnknown, StaleVersion
from qualicoop_es.use_cases import CommandResult

#: How far back from the head of the log a command's own position is looked for (else the head is answered: a
#: position at which the command is in the log, which is what a reader waiting for it needs).
SEARCH_BACK = 2000
#: What a failed save raises: a conflict (perhaps with our own committed insert, retried) or a store fault.
SAVE_FAILURES: tuple[type[Exception], ...] = (IntegrityError, *STORE_FAULTS)


@dataclass(frozen=True)
class Claim:
    key: str
    actor: str  # the caller's account id: keys are per caller
    request_digest: str  # SHA-256 of the method, path and body: the same key for another request is refused

    @property
    def aggregate_id(self) -> UUID:
        return CommandKey.id_for(self.key, self.actor)


_claim: ContextVar[Claim | None] = ContextVar("qualicoop_claim", default=None)


def claim(found: Claim | None) -> None:
    """The current request's claim (None: no key). Set by the web adapter at the start of every request."""
    _claim.set(found)


def take_claim() -> Claim | None:
    """The claim, for the first command that stores (a request keys one command)."""
    found = _claim.get()
    _claim.set(None)
    return found


def key_event(found: Claim, last: Any, today: date) -> Any:
    """The claim's record, saved with the command's events (``last``: the command's last event)."""
    key = CommandKey(id=found.aggregate_id, effective_on=today, actor=found.actor,
                     request_digest=found.request_digest, aggregate_id=last.originator_id,
                     version=last.originator_version)  # fmt: skip
    return key.collect_events()[0]


def replayed(app: Any) -> CommandResult | None:
    """The first answer of the command the current claim keyed, if it is recorded (the claim is then spent)."""
    found = _claim.get()
    if found is None:
        return None
    answer = recorded_answer(app, found)
    if answer is not None:
        _claim.set(None)
    return answer


def already_answered(app: Any) -> bool:
    """Whether the current claim's command is recorded already (the same request sent again): a caller whose own
    checks depend on the state that command changed skips them, and the command gives its first answer."""
    found = _claim.get()
    return found is not None and recorded_answer(app, found) is not None


def recorded_answer(app: Any, found: Claim) -> CommandResult | None:
    try:
        key: Any = app.repository.get(found.aggregate_id)
    except AggregateNotFoundError:
        return None
    if not isinstance(key, CommandKey) or key.request_digest != found.request_digest:
        raise KeyReused()
    return CommandResult(key.aggregate_id, key.version, position(app, key.aggregate_id, key.version))


def position(app: Any, aggregate_id: UUID, version: int) -> int:
    """The log position of the event (aggregate, version), looked for back from the head; else the head."""
    head = app.recorder.max_notification_id() or 0
    start = max(head - SEARCH_BACK, 0)
    for notification in reversed(app.recorder.select_notifications(start, SEARCH_BACK + 1)):
        if notification.originator_id == aggregate_id and notification.originator_version == version:
            return int(notification.id)
    return head


def settle(app: Any, events: Sequence[Any], error: Exception, found: Claim | None) -> CommandResult:
    """The truth about a save that raised ``error`` (a conflict or a store fault), or an error that tells it."""
    last = events[-1] if found is None else events[-2]  # the claim's record comes last
    try:
        stored = _compare(app, events)
        answer = recorded_answer(app, found) if found is not None and stored == "theirs" else None
        at = position(app, last.originator_id, last.originator_version) if stored == "ours" else 0
    except STORE_FAULTS:
        raise OutcomeUnknown() from error
    if stored == "ours":
        result = CommandResult(last.originator_id, last.originator_version, at)
        for hook in app.after_save:  # the read models catch up, as after any save
            hook(result.notification_id, ())
        return result
    if answer is not None:  # the same key, stored meanwhile by a concurrent request
        return answer
    if stored == "theirs" or isinstance(error, IntegrityError):
        raise StaleVersion("Une autre modification a été enregistrée entre-temps : rechargez et recommencez.")
    raise error  # not stored (the recorder retried until it gave up): the store's own 503, safe to retry


def _compare(app: Any, events: Sequence[Any]) -> str:
    """ "ours" when every event is stored as ours, "theirs" when another event holds one of their versions,
    "absent" when none is stored (one ``save``: all or nothing)."""
    verdicts = set()
    for event in events:
        mine = app.mapper.to_stored_event(event)
        version = event.originator_version
        there = app.recorder.select_events(event.originator_id, gt=version - 1, lte=version)
        if not there:
            verdicts.add("absent")
        elif (there[0].topic, there[0].state) == (mine.topic, mine.state):
            verdicts.add("ours")
        else:
            verdicts.add("theirs")
    return "theirs" if "theirs" in verdicts else "ours" if verdicts == {"ours"} else "absent"
