"""How the read models are fed: catch-up, rebuild, status and follow, over the notification log.

Our own runner (eventsourcing's ProjectionRunner cannot follow SQLite). A projection registers by being in the
list given to ``Projector`` (``default_projections()`` by default): a ``Projection`` (``base.py``) with a name, its
tables and a ``process`` applying a batch of decoded events. The log is read and decoded once for every projection
(``feeding.py``); each batch is applied in one transaction that also moves the positions (``positions.py``).

After every batch of commands the application stores (``qualicoop_es.group_commit``), the read models catch up
with the notifications just recorded (``after_save``), in one transaction for the batch: an answered command is
already in every read model.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Engine, MetaData, Table, inspect
from sqlalchemy.schema import DropTable

from qualicoop_es.projections import feeding
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.periods import PeriodsProjection
from qualicoop_es.projections.positions import Moved, Positions, follows
from qualicoop_es.projections.timeline import TimelineProjection

logger = logging.getLogger("qualicoop_es.projections")

Progress = Callable[[int], None]

#: Beyond this lag a catch-up replays like a rebuild (every projection per page, in one transaction, in large
#: pages) rather than page by page and projection by projection: a follower starting from zero, a restart after a
#: long stop.
LONG_LAG = 20_000
BULK_PAGE = 20_000
#: How long ``close`` waits for a follower to finish what it is doing (a catch-up in progress).
FOLLOWER_JOIN_SECONDS = 30.0


def default_projections() -> list[Projection]:
    return [PeriodsProjection(), TimelineProjection()]


class Projector:
    def __init__(self, app: Any, engine: Engine, projections: Iterable[Projection] | None = None,
                 *, page_size: int = 2000) -> None:  # fmt: skip
        self.app = app
        self.engine = engine
        self.projections = {p.name: p for p in (projections or default_projections())}
        self.page_size = page_size
        self.long_lag = LONG_LAG
        self.log = feeding.LogReader(app)
        self.store = Positions(engine)
        self._lock = threading.RLock()
        self._known: dict[str, int] = {}  # lower bounds of the positions, to make an idle catch-up free
        self._known_lock = threading.Lock()
        #: the threads following the log for it (``follower.start_following``), stopped by ``close``
        self.followers: list[tuple[threading.Event, threading.Thread]] = []

    def create_tables(self) -> None:
        """Create the read-model tables and the position rows if they are missing (safe to race).

        A projection that has a position but lacks one of its tables (a store from before a read model gained or
        renamed a table) is emptied and set back to position 0: the start's catch-up (``bootstrap.build``) replays
        it. The tables it no longer has (``Projection.retired``) are dropped in the same transaction."""
        existing = set(inspect(self.engine).get_table_names())
        stale = [name for name, p in self.projections.items() if any(t.name not in existing for t in p.tables)
                 and any(t.name in existing for t in p.tables)]  # fmt: skip
        retired = {name: [t for t in p.retired if t in existing] for name, p in self.projections.items()}
        retired = {name: tables for name, tables in retired.items() if tables}
        self.store.create(list(self.projections))
        if stale or retired:
            with self.store.locked(sorted({*stale, *retired})) as (conn, _):
                for name in stale:
                    logger.warning("Read model %s lacks a table: emptied, replayed from the log", name)
                    self.projections[name].clear(conn)
                    self.store.move(conn, name, 0)
                for table in (t for tables in retired.values() for t in tables):
                    logger.warning("Table %s of an earlier version dropped", table)
                    conn.execute(DropTable(Table(table, MetaData()), if_exists=True))  # raced: gone

    def positions(self) -> dict[str, tuple[int, str | None]]:
        """Each projection's position in the log and its recorded error."""
        return {name: found for name, found in self.store.read().items() if name in self.projections}

    def head(self) -> int:
        return self.log.head()

    def close(self) -> None:
        """Stop and wait for the threads following the log for it (``follower``): closing the store under a read
        in progress would crash the process (SQLite). Connections are borrowed from the engine's pool for one
        transaction: nothing else to release."""
        while self.followers:
            stop, thread = self.followers.pop()
            stop.set()
            thread.join(timeout=FOLLOWER_JOIN_SECONDS)

    # -- catch-up -------------------------------------------------------------------------------------------

    def catch_up(self, until: int | None = None, recent: Sequence[Notification] = ()) -> int:
        """Process everything new for every projection. Returns how many notifications were read.

        With ``until`` (the notification id a command just wrote), returns at once when every projection is
        known to include it: read-your-writes costs nothing more than the new events themselves, and commands
        saved meanwhile by other threads are applied together by whichever thread holds the lock first.

        Usually one page and ONE transaction for all the projections (``_catch_up_together``); the
        per-projection path (``_run``) takes over for a long lag, a rebuild elsewhere, or a failing projection.

        ``recent``: the notifications the command just recorded (the same ids, topics and stored states as the
        log's, which ``_catch_up_together`` uses instead of reading them back when they follow what is known).
        """
        if until is not None and self._includes(until):
            return 0
        # The application's write lock first, then the runner's: the order of a command, whose catch-up runs
        # inside the write lock (a follower thread taking them the other way round would deadlock with it).
        with self._writing(), self._lock:
            if until is not None and self._includes(until):  # applied by another thread while we waited
                return 0
            read = self._catch_up_together(use_known=until is not None, recent=recent)
            if read is not None:
                return read
            pending = {name: pos for name, (pos, _) in self.positions().items()}
            if pending and self.head() - min(pending.values()) > self.long_lag:  # a new follower, a long stop
                return self._replay(pending, BULK_PAGE, None)
            return self._run(pending, self.page_size)

    def after_save(self, notification_id: int, recent: Sequence[Notification] = ()) -> None:
        """The application's after-save hook: never lets a read-model problem fail a saved command."""
        try:
            self.catch_up(until=notification_id, recent=recent)
        except Exception:
            logger.exception("Mise à jour des projections impossible après la notification %s", notification_id)

    def note_applied(self, reached: dict[str, int]) -> None:
        """Record positions known to be reached (committed): lower bounds, so never moved back."""
        with self._known_lock:
            for name, position in reached.items():
                if position > self._known.get(name, -1):
                    self._known[name] = position

    def _includes(self, notification_id: int) -> bool:
        return all(self._known.get(name, -1) >= notification_id for name in self.projections)

    def _writing(self) -> AbstractContextManager[Any]:
        """On SQLite, the application's lock on this process's writes to the database (see its ``write_lock``)."""
        lock = getattr(self.app, "write_lock", None) if self.store.sqlite else None
        return lock if lock is not None else nullcontext()

    def _catch_up_together(self, *, use_known: bool, recent: Sequence[Notification] = ()) -> int | None:
        """Read what is new once, then apply it to every projection in ONE transaction that also moves their
        positions (re-read under the write lock, as ``feeding.apply`` does). Returns how many notifications were
        read, or None to leave it to the per-projection path: a position missing or gone backwards (a rebuild
        elsewhere), more than a page to apply, or any error (rolled back as a whole, so a failing projection is
        then isolated and retried event by event without holding the others back)."""
        names = list(self.projections)
        start = self._start(names, use_known)
        if start is None:
            return None
        items = self._new_items(start, recent if use_known else ())
        if len(items) >= self.page_size:
            return None
        if not items:
            return 0
        try:
            with self._writing(), self.store.locked(names) as (conn, found):
                if set(found) != set(names) or min(found.values()) < start:
                    return None  # nothing written; the per-projection path re-reads the positions
                reached = feeding.process_all(self.projections, conn, names, items, found)
        except Exception:
            logger.debug("Catch-up in one transaction failed: per-projection path", exc_info=True)
            return None
        self.note_applied(reached)
        return len(items)

    def _start(self, names: list[str], use_known: bool) -> int | None:
        """The lowest position of ``names``: the positions this process last saw with ``use_known`` (lower
        bounds: positions only move forward, and a rebuild elsewhere shows up under the lock), else read."""
        hints = [self._known.get(name) for name in names] if use_known else []
        if use_known and None not in hints:
            return min(h for h in hints if h is not None)
        seen = {name: pos for name, (pos, _) in self.positions().items()}
        return min(seen.values()) if set(seen) == set(names) else None

    def _new_items(self, start: int, recent: Sequence[Notification]) -> list[Item]:
        """The page after ``start``. ``recent``, the notifications just recorded, are that page when they are the
        log right after ``start`` (ids contiguous from ``start`` + 1): nothing lies between, and the positions
        re-read under the lock are at least that low (else nothing is written, as for a page)."""
        if recent and follows(recent, start) and len(recent) < self.page_size:
            return self.log.items(recent)
        return self.log.page(start, self.page_size)

    def _run(self, pending: dict[str, int], page_size: int, progress: Progress | None = None) -> int:
        """Feed every projection in ``pending`` from its position to the head of the log, page by page."""
        read, stopped = 0, set[str]()
        while True:
            active = [name for name in pending if name not in stopped]
            if not active:
                break
            items = self.log.page(min(pending[name] for name in active), page_size)
            read += len(items)
            moved = self._feed_page(active, items, pending, stopped)
            if progress is not None:
                progress(len(items))
            if len(items) < page_size and not moved:
                break
        for name, position in pending.items():
            if name in stopped:
                self._known.pop(name, None)
            else:
                self._known[name] = position
        return read

    def _feed_page(self, active: list[str], items: list[Item], pending: dict[str, int], stopped: set[str]) -> bool:
        """One page to each active projection, one transaction each; whether a position was found moved back."""
        moved = False
        for name in active:
            try:
                pending[name], ok = feeding.feed(self.store, self.projections[name], items, pending[name])
            except Moved as error:  # rebuilt elsewhere meanwhile: start again from its real position
                pending[name], moved = int(error.args[0]), True
                continue
            if not ok:
                stopped.add(name)
        return moved

    # -- rebuild --------------------------------------------------------------------------------------------

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None,
                *, page_size: int = BULK_PAGE) -> int:  # fmt: skip
        """Drop the named projections' rows (all by default) and replay the whole log in large batches."""
        chosen = list(names or self.projections)
        unknown = sorted(set(chosen) - set(self.projections))
        if unknown:
            raise KeyError(", ".join(unknown))
        with self._lock, self.store.rebuild_settings():
            self._reset(chosen)
            collecting = gc.isenabled()
            gc.disable()  # millions of short-lived events: the cyclic collector only slows the replay (~13 %)
            try:
                return self._replay(dict.fromkeys(chosen, 0), page_size, progress)
            finally:
                if collecting:
                    gc.enable()
                with self.store.locked(chosen) as (conn, _):
                    for name in chosen:
                        self.projections[name].rebuild_finished(conn)

    def _reset(self, chosen: list[str]) -> None:
        """Empty the chosen projections (their tables re-created, without secondary indexes) at position 0."""
        with self.store.locked(chosen) as (conn, _):
            for name in chosen:
                self.projections[name].rebuild_started(conn)
                self.projections[name].clear(conn)
                self.store.move(conn, name, 0)
                self._known.pop(name, None)

    def _replay(self, pending: dict[str, int], page_size: int, progress: Progress | None) -> int:
        """The rebuild's loop: each page applied to every projection in ``pending`` in ONE transaction that also
        moves their positions (re-read under the write lock). Should that fail (a projection's error, a rebuild
        elsewhere moving a position back), nothing of the page is kept and ``_run`` takes over from the positions
        reached: it isolates a failing projection, retried event by event, while the others go on."""
        names, read = list(pending), 0
        while True:
            items = self.log.page(min(pending.values()), page_size)
            try:
                with self.store.locked(names) as (conn, found):
                    if any(found.get(name, -1) < pending[name] for name in names):
                        raise Moved(found)
                    reached = feeding.process_all(self.projections, conn, names, items, found)
            except Exception:
                logger.debug("Rebuild page in one transaction failed: per-projection path", exc_info=True)
                return read + self._run(pending, page_size, progress)
            count = len(items)
            del items  # not alive any more while the next page is read and decoded
            pending.update(reached)
            read += count
            if progress is not None:
                progress(count)
            if count < page_size:
                break
        self._known.update(pending)
        if not self.store.sqlite:  # PostgreSQL: the statistics of what was just written at once (no lock needed)
            with self.store.engine.begin() as conn:
                for name in names:
                    self.projections[name].analyze(conn)
        return read

    # -- status and follow ----------------------------------------------------------------------------------

    def status(self) -> list[dict[str, Any]]:
        head = self.head()
        found = self.positions()
        return [{"name": name, "position": found[name][0], "head": head, "lag": max(head - found[name][0], 0),
                 "error": found[name][1]} for name in self.projections if name in found]  # fmt: skip

    def follow(self, stop: threading.Event, *, poll_interval: float = 1.0) -> None:
        """Keep the read models current for writes made by other processes, until ``stop`` is set."""
        self.catch_up()
        try:
            subscription = self.app.recorder.subscribe(gt=min(p for p, _ in self.positions().values()))
        except NotImplementedError:  # SQLite: poll the log
            while not stop.wait(poll_interval):
                self.catch_up()
            return
        watcher = threading.Thread(target=lambda: (stop.wait(), subscription.stop()), daemon=True)
        watcher.start()
        with subscription:
            for notification in subscription:
                if stop.is_set():
                    break
                self.catch_up(until=notification.id)
