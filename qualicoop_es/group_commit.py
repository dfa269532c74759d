"""Group commit for the SQLite event store: the commands of concurrent threads share one transaction.

Every command must be durable before it is answered (``synchronous=FULL``: one disk flush per commit), and SQLite
takes one writer at a time. Saved one by one, each command paid a BEGIN, a COMMIT and a flush under the
application's write lock, and every SQLite call gives up the interpreter lock to the other server threads and
waits to take it back: under load the write lock was held mostly waiting.

Here a thread queues its events, then takes the write lock. Whoever holds it writes everything queued meanwhile,
its own entry and those of the threads still waiting behind it, in ONE transaction, and marks them done; a thread
that finds its entry done when it gets the lock has nothing left to write. Under light load a batch holds one
command (the same statements as before); under load, batches grow by themselves with the queue.

When the read models live in the same database file (the default), the batch's events are also applied to them
in that same transaction (``ProjectionsWriter``: the projections' runner), under a savepoint: one commit and one
flush for the events and the read models of every command of the batch, and the after-save catch-up then finds
them applied. A projection that fails there rolls back to the savepoint, and the usual catch-up handles it.

Nothing changes for a command: it returns once its events are committed and flushed, with their notification
ids. A batch is all or nothing, so when one of its commands conflicts (another writer took its version first:
the table's primary key refuses the row) or fails, the batch is rolled back and its entries are written again
one transaction each, so that only the failing command gets its error.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import (
    IntegrityError,
    Mapper,
    Notification,
    PersistenceError,
    Recording,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder

from qualicoop_es.persistence import translated

__all__ = ["GroupCommit", "ProjectionsWriter"]


class ProjectionsWriter(Protocol):
    """What the group commit needs of the projections' runner to write events and read models together."""

    def events_transaction(self) -> AbstractContextManager[Any]:
        """A write transaction on a SQLAlchemy connection to the events' database file (committed on exit)."""

    def apply_with_events(self, conn: Any, notifications: Sequence[Notification]) -> dict[str, int] | None:
        """Apply the notifications just inserted, in that transaction; the positions reached, or None."""

    def note_applied(self, reached: dict[str, int]) -> None:
        """The positions reached, once the transaction has committed."""


@dataclass
class _Entry:
    events: Sequence[Any]
    stored: list[StoredEvent]
    done: bool = False
    ids: Sequence[int] = ()
    error: BaseException | None = None
    recordings: list[Recording[UUID]] = field(default_factory=list)


class _BatchFailed(Exception):
    """Aborts a batch's transaction (rolled back by the datastore) so its entries are written one by one."""


class GroupCommit:
    def __init__(self, recorder: SQLiteApplicationRecorder, mapper: Mapper[UUID], write_lock: Any,
                 *, projections: ProjectionsWriter | None = None) -> None:  # fmt: skip
        self.recorder = recorder
        self.mapper = mapper
        self.write_lock = write_lock
        self.projections = projections
        self._queue: list[_Entry] = []
        self._mutex = threading.Lock()
        #: Batches written and commands in them (a measure of the grouping, read by tests and diagnostics).
        self.batches = 0
        self.commands = 0

    @staticmethod
    def applies_to(recorder: Any, processing_event: ProcessingEvent[UUID]) -> bool:
        """Plain commands on the SQLite application recorder (no tracking record, no extra arguments)."""
        return (
            isinstance(recorder, SQLiteApplicationRecorder)
            and processing_event.tracking is None
            and not processing_event.saved_kwargs
        )

    def entry(self, events: Sequence[Any]) -> _Entry:
        """A command's events, encoded (before any lock is taken), to be written by ``_write``."""
        return _Entry(events, [self.mapper.to_stored_event(e) for e in events])

    def record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        entry = self.entry(processing_event.events)
        with self._mutex:
            self._queue.append(entry)
        with self.write_lock:
            if not entry.done:  # nobody wrote it while we waited: write it, and whatever queued behind it
                with self._mutex:
                    batch, self._queue = self._queue, []
                try:
                    self._write(batch)
                finally:
                    for other in batch:  # interrupted half way: no command of the batch is left without an answer
                        if not other.done:
                            other.error, other.done = PersistenceError("write interrupted"), True
        if entry.error is not None:
            raise entry.error
        return entry.recordings

    # -- writing (under the write lock) -------------------------------------------------------------------------

    def _write(self, batch: list[_Entry]) -> None:
        try:
            self._insert(batch)
        except _BatchFailed:
            for entry in batch:  # one transaction each: only the failing command fails
                try:
                    self._insert([entry])
                except _BatchFailed as failed:
                    entry.error = failed.__cause__
                except Exception as error:
                    entry.error = _persistence_error(error)
        except Exception as error:  # the commit itself failed: nothing of the batch is stored
            for entry in batch:
                entry.error = _persistence_error(error)
        else:
            self.batches += 1
            self.commands += len(batch)
        for entry in batch:
            if entry.error is None:
                entry.recordings = _recordings(entry)
            entry.done = True

    def _insert(self, batch: list[_Entry]) -> None:
        if self.projections is None:
            with self.recorder.datastore.transaction(commit=True) as cursor:
                self._insert_into(cursor, batch)
            return
        with self.projections.events_transaction() as conn:
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                self._insert_into(cursor, batch)
            finally:
                cursor.close()
            notifications = [r.notification for entry in batch for r in _recordings(entry)]
            reached = self.projections.apply_with_events(conn, notifications)
        if reached:
            self.projections.note_applied(reached)

    def _insert_into(self, cursor: Any, batch: list[_Entry]) -> None:
        recorder = self.recorder
        for entry in batch:
            try:
                ids = recorder._insert_events(cursor, entry.stored)  # the library's own insert, in our transaction
            except sqlite3.IntegrityError as error:
                raise _BatchFailed from IntegrityError(error)
            except sqlite3.Error as error:
                raise _BatchFailed from translated(error)
            if ids is None or len(ids) != len(entry.stored):
                raise _BatchFailed from PersistenceError("notification ids missing after insert")
            entry.ids = ids


def _persistence_error(error: Exception) -> PersistenceError:
    """The error a command gets when its transaction failed: the library's kind, as its own recorders raise (a
    lock timeout is its ``OperationalError``, which the web layer answers with 503)."""
    if isinstance(error, PersistenceError):
        return error
    driver_error = getattr(error, "orig", None)  # SQLAlchemy's errors wrap the driver's
    if isinstance(driver_error, sqlite3.Error):
        error = driver_error
    if isinstance(error, sqlite3.Error):
        return translated(error)
    wrapped = PersistenceError(str(error))
    wrapped.__cause__ = error
    return wrapped


def _recordings(entry: _Entry) -> list[Recording[UUID]]:
    """What the library's event store returns for a put: each event with its notification."""
    return [
        Recording(event, Notification(originator_id=s.originator_id, originator_version=s.originator_version,
                                       topic=s.topic, state=s.state, id=n))
        for event, s, n in zip(entry.events, entry.stored, entry.ids, strict=True)
    ]  # fmt: skip
