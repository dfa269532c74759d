"""Reading the log for the read models, and applying what was read to them.

The log is read in pages with the recorder's public ``select_notifications``, and each notification is decoded once,
through the mapper's public ``to_domain_event``, for every projection. A page is applied to a projection in one
transaction that also moves its position; should it fail, the projection is retried event by event up to the
failing event, which is logged; its error is recorded, and the other projections go on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Connection

from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.positions import Moved, Positions, after

logger = logging.getLogger("qualicoop_es.projections")


class LogReader:
    """The application's notification log, decoded once for every projection."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def page(self, start: int, limit: int) -> list[Item]:
        """Up to ``limit`` notifications after ``start``, decoded."""
        return self.items(self.app.recorder.select_notifications(start, limit, inclusive_of_start=False))

    def items(self, notifications: Sequence[Notification]) -> list[Item]:
        """Each notification decoded once, through the mapper's public method, for every projection."""
        to_event = self.app.mapper.to_domain_event
        names: dict[Any, str] = {}  # originator id → its text, computed once per aggregate and page
        items: list[Item] = []
        append, new_item = items.append, tuple.__new__  # an Item built from its tuple: no Python-level __new__
        for n in notifications:
            event = to_event(n)
            key = event.originator_id
            hashed = key.int if type(key) is UUID else key  # a UUID hashes its ``int`` in Python: hash that at once
            name = names.get(hashed)
            if name is None:
                name = names[hashed] = str(key)
            append(new_item(Item, (n.id, n.topic, event, name, n)))
        return items


def process_all(projections: Mapping[str, Projection], conn: Connection, names: Sequence[str],
                items: Sequence[Item], found: dict[str, int]) -> dict[str, int]:  # fmt: skip
    """In the caller's transaction: apply to each named projection the items after its position (``found``, read
    under the lock) and move the positions that changed. Returns the positions reached."""
    reached = dict(found)
    for name in names:
        todo = after(items, found[name])
        if todo:
            projections[name].process(conn, todo)
            reached[name] = todo[-1].notification_id
    Positions.move_changed(conn, reached, found)
    return reached


def apply(positions: Positions, projection: Projection, items: Sequence[Item], start: int) -> int:
    """Apply ``items`` (all after ``start``) in one transaction; returns the new position."""
    with positions.locked([projection.name]) as (conn, found):
        position = found[projection.name]
        if position < start:
            raise Moved(position)
        todo = after(items, position)
        if not todo:
            return position
        projection.process(conn, todo)
        positions.move(conn, projection.name, todo[-1].notification_id)
        return todo[-1].notification_id


def feed(positions: Positions, projection: Projection, items: Sequence[Item], start: int) -> tuple[int, bool]:
    """Apply the items after ``start`` in one transaction, else one by one. Returns (position, ok)."""
    todo = after(items, start)
    if not todo:
        return start, True
    try:
        return apply(positions, projection, todo, start), True
    except Moved:
        raise
    except Exception:
        return _one_by_one(positions, projection, todo, start)


def _one_by_one(positions: Positions, projection: Projection, items: Sequence[Item], start: int) -> tuple[int, bool]:
    """After a failed batch: apply event by event up to the failing one. Returns (position, ok)."""
    for item in items:
        try:
            start = apply(positions, projection, [item], start)
        except Moved:
            raise
        except Exception as error:
            message = _failure(projection, item, error)
            logger.error(message, exc_info=True)
            positions.record_error(projection.name, message)
            return start, False
    return start, True


def _failure(projection: Projection, item: Item, error: Exception) -> str:
    event = item.event
    return (f"Projection « {projection.name} » arrêtée à la notification {item.notification_id} "
            f"(agrégat {event.originator_id}, version {event.originator_version}, {item.topic}) : "
            f"{type(error).__name__}: {error}")  # fmt: skip
