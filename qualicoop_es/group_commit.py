"""Group commit: the commands of concurrent threads saved by ONE call of the library's ``Application.save``.

Every command must be durable before it is answered (on SQLite ``synchronous=FULL``: one disk flush per commit;
on PostgreSQL one commit and its round trips), and the store takes one writer at a time. Saved one by one, each
command pays its own transaction. Here a thread queues its command's events, then takes the application's write
lock; whoever holds it saves everything queued meanwhile — its own events and those of the threads still waiting
behind it — with one ``save()`` (the library writes the events of all its arguments in one transaction), then
lets the read models catch up once for the whole batch, and marks every entry done. A thread that finds its entry
done when it gets the lock has nothing left to do. Under light load a batch holds one command; under load,
batches grow by themselves with the queue.

Only the library's public surface is used: ``collect_events`` on the aggregates, ``save`` of the events, the
``Recording`` objects it returns. A batch is all or nothing, so when one command in it conflicts (another writer
took its version first) or fails, the batch is written again one command per ``save``, so that only the failing
command gets its error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import PersistenceError, Recording

__all__ = ["GroupCommit"]

Save = Callable[..., list[Recording[UUID]]]
AfterBatch = Callable[[list[Recording[UUID]]], None]


@dataclass
class _Entry:
    events: Sequence[Any]
    done: bool = False
    error: BaseException | None = None
    recordings: list[Recording[UUID]] = field(default_factory=list)


class GroupCommit:
    def __init__(self, save: Save, write_lock: Any, after_batch: AfterBatch | None = None) -> None:
        self._save = save
        self.write_lock = write_lock
        self.after_batch = after_batch
        self._queue: list[_Entry] = []
        self._mutex = threading.Lock()
        #: Batches written and commands in them (a measure of the grouping, read by tests and diagnostics).
        self.batches = 0
        self.commands = 0

    def save(self, events: Sequence[Any]) -> list[Recording[UUID]]:
        """Store ``events`` (one command's) with whatever other commands queue meanwhile; their recordings."""
        entry = _Entry(events)
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

    def _write(self, batch: list[_Entry]) -> None:
        try:
            recordings = self._save(*(event for entry in batch for event in entry.events))
        except Exception as error:  # the save is all or nothing: nothing of the batch is stored
            recordings = self._one_by_one(batch) if len(batch) > 1 else _failed(batch, error)
        else:
            start = 0
            for entry in batch:
                entry.recordings = recordings[start : start + len(entry.events)]
                start += len(entry.events)
            self.batches += 1
            self.commands += len(batch)
        if self.after_batch is not None and recordings:
            self.after_batch(recordings)
        for entry in batch:
            entry.done = True

    def _one_by_one(self, batch: list[_Entry]) -> list[Recording[UUID]]:
        """After a conflict in a batch: each command in its own save, so that only the failing one fails."""
        written: list[Recording[UUID]] = []
        for entry in batch:
            try:
                entry.recordings = self._save(*entry.events)
            except Exception as error:  # this command's own error (a conflict, a store fault)
                entry.error = error
            else:
                written += entry.recordings
        return written


def _failed(batch: list[_Entry], error: BaseException) -> list[Recording[UUID]]:
    for entry in batch:
        entry.error = error
    return []
