"""One streaming pass over the event log into in-memory projections, for any number of scopes at once.

The log is read in pages through the recorder's public ``select_notifications`` (cooperatives' topics only), up
to the head found when the pass starts, and each notification is decoded by the application's public mapper
(``app.mapper.to_domain_event``): no stored bytes are parsed here. Each fact goes to the states of the scopes that
include it (``states.ScopedStates``) and, if it is a milestone, to the activity's short list.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.reports.milestones import KINDS, Milestone, milestone
from qualicoop_es.reports.scopes import Scope, Selector
from qualicoop_es.reports.states import Reduce, ScopedStates
from qualicoop_es.reports.yearend import closing

PAGE = 2000


def cooperative_topics() -> list[str]:
    """The topics of every event a cooperative records (its nested event classes)."""
    topics = {Cooperative.Created.TOPIC}
    for item in vars(Cooperative).values():
        topic = getattr(item, "TOPIC", None)
        if isinstance(item, type) and isinstance(topic, str) and topic.startswith("qualicoop.cooperative.") \
                and not topic.endswith(".base"):  # fmt: skip
            topics.add(topic)
    return sorted(topics)


@dataclass
class Included:
    """The last fact a scope includes (its position in the log and its recorded time)."""

    position: int = 0
    recorded_at: datetime | None = None


@dataclass
class Replay:
    scopes: list[Scope]
    states: ScopedStates
    milestones: list[Milestone] = field(default_factory=list)
    last: list[Included] = field(default_factory=list)
    read_upto: int = 0
    events_read: int = 0


def decoded(app: Any, stop: int, page: int = PAGE) -> Iterator[tuple[int, Any]]:
    """(position, domain event) for every cooperative event up to ``stop``, in log order, page by page."""
    topics, start = cooperative_topics(), 0
    while start < stop:
        notifications = app.recorder.select_notifications(start, page, stop=stop, topics=topics,
                                                          inclusive_of_start=False)  # fmt: skip
        for notification in notifications:
            yield notification.id, app.mapper.to_domain_event(notification)
        if len(notifications) < page:
            return
        start = notifications[-1].id


@contextmanager
def set_aside() -> Iterator[Callable[[], None]]:
    """The pass keeps a state per cooperative, growing as it goes: the collector would walk them again and again
    (its young generations fill with them between two pages: a tenth of the time of applying the facts). The
    automatic collections are paused for the pass, and the function given, called after each page, sets what is
    alive then aside from the collector (``gc.freeze``); all is handed back when the pass ends (``gc.unfreeze``, the
    collections resumed), so what became garbage meanwhile is collected then: nothing is leaked. Left alone when
    something else in the process already set objects aside."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def history(app: Any, coop_id: UUID, version: int) -> Iterator[Any]:
    """One cooperative's events recorded before ``version`` (its stored events, decoded by the application's mapper)."""
    for stored in app.recorder.select_events(coop_id, lte=version - 1):
        yield app.mapper.to_domain_event(stored)


def replay(app: Any, scopes: list[Scope], *, stop: int | None = None, reduce: Reduce = closing,
           progress: Callable[[int], None] | None = None) -> Replay:  # fmt: skip
    """Feed every scope from one pass over the log (up to ``stop``, else the head when the pass starts); each
    cooperative's state in each scope ends reduced by ``reduce`` (state, cut-off day) to what the report counts."""
    head = (app.recorder.max_notification_id() or 0) if stop is None else stop
    states = ScopedStates(scopes, reduce, partial(history, app))
    result = Replay(scopes, states, last=[Included() for _ in scopes], read_upto=head)
    select, marks, feed, last = Selector(scopes), result.milestones, states.feed, result.last
    note = None if states.positions is None else states.note
    latest: dict[int, tuple[int, datetime]] = {}  # the first scope including a fact → the last such fact
    simple, on, count = select.simple, select.on, 0
    with set_aside() as aside:
        for count, (position, event) in enumerate(decoded(app, head), 1):
            if count % PAGE == 0:
                aside()
                if progress is not None:
                    progress(PAGE)
            if note is not None:
                note(event, position)
            included = on(event.effective_on) if simple else select(event.effective_on, event.timestamp, position)
            if not included:
                continue
            if type(event) in KINDS:
                marks.append(milestone(event, position, states.before(event, included)))
            feed(event, included)
            if simple:
                latest[included[0]] = position, event.timestamp
            else:
                for i in included:
                    last[i].position, last[i].recorded_at = position, event.timestamp
    result.events_read = count
    states.finish()
    for first, (position, recorded_at) in sorted(latest.items(), key=lambda item: item[1][0]):
        for i in range(first, len(scopes)):  # in the usual report, a fact is in a scope and in all those after it
            last[i].position, last[i].recorded_at = position, recorded_at
    return result
