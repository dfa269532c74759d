"""How the read models are fed: catch-up, rebuild, status and follow, over the notification log.

Our own runner (eventsourcing's ProjectionRunner cannot follow SQLite). The log is read in pages with
``recorder.select_notifications`` and each notification is decoded once for every projection. Each
projection then applies the page in ONE transaction that also moves its position, after locking its position
row (``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL) and re-reading it, so two
processes never apply the same event twice. A failing projection is retried event by event up to the
failing event, which is logged; its error is recorded and the other projections go on.

After every batch of commands the application stores (``qualicoop_es.group_commit``), the read models catch up
with the notifications just recorded (``after_save``), in one transaction for the batch: an answered command is
already in every read model.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, bindparam, null, select, update
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.periods import PeriodsProjection
from qualicoop_es.projections.tables import DriverStatement, metadata, positions
from qualicoop_es.projections.timeline import TimelineProjection

logger = logging.getLogger("qualicoop_es.projections")

Progress = Callable[[int], None]


def default_projections() -> list[Projection]:
    return [PeriodsProjection(), TimelineProjection()]


# SQLite settings of the rebuild's connection (restored afterwards): see Projector._rebuild_settings.
_REBUILD_PRAGMAS = {"synchronous": 1, "cache_size": -65536, "temp_store": 2, "wal_autocheckpoint": 16384,
                    "secure_delete": 0}  # fmt: skip


def _after(items: Sequence[Item], position: int) -> Sequence[Item]:
    """The items after ``position`` (``items`` are in log order): usually all of them, checked in O(1)."""
    if not items or items[0].notification_id > position:
        return items
    return [item for item in items if item.notification_id > position]


#: Moves a projection's position (and clears its error), for ``executemany``: built once, compiled once.
_MOVE_POSITION = DriverStatement(
    update(positions)
    .where(positions.c.name == bindparam("b_name"))
    .values(position=bindparam("b_position"), error=null(), updated_at=bindparam("b_updated_at"))
)

#: Re-reads (and, on PostgreSQL, locks) ``count`` named positions (``b_0``, ``b_1``…): compiled once per count.
_LOCK_POSITIONS: dict[int, DriverStatement] = {}


def _lock_positions(count: int) -> DriverStatement:
    found = _LOCK_POSITIONS.get(count)
    if found is None:
        names = positions.c.name.in_([bindparam(f"b_{i}", type_=positions.c.name.type) for i in range(count)])
        found = _LOCK_POSITIONS[count] = DriverStatement(
            select(positions.c.name, positions.c.position).where(names).with_for_update()
        )
    return found


def _follows(notifications: Sequence[Notification], position: int) -> bool:
    """Whether ``notifications`` are exactly the log's next ones after ``position`` (ids position + 1, + 2, …)."""
    return all(n.id == position + offset for offset, n in enumerate(notifications, 1))


class _Moved(Exception):
    """The position went backwards under us (a rebuild in another process): read the log again."""


class Projector:
    def __init__(self, app: Any, engine: Engine, projections: Iterable[Projection] | None = None,
                 *, page_size: int = 2000) -> None:  # fmt: skip
        self.app = app
        self.engine = engine
        self.projections = {p.name: p for p in (projections or default_projections())}
        self.page_size = page_size
        self._lock = threading.RLock()
        self._known: dict[str, int] = {}  # lower bounds of the positions, to make an idle catch-up free
        self._sqlite = engine.dialect.name == "sqlite"
        self._pinned: tuple[int, Connection] | None = None  # (thread, connection) while rebuilding
        self._known_lock = threading.Lock()

    # -- setup ------------------------------------------------------------------------------------------------

    def create_tables(self) -> None:
        """Create the read-model tables and the position rows if they are missing (safe to race)."""
        for attempt in range(3):
            try:
                metadata.create_all(self.engine)
                break
            except (OperationalError, ProgrammingError):  # created concurrently by another process
                if attempt == 2:
                    raise
        with self.engine.begin() as conn:  # indexes a rebuild interrupted before re-creating them
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    index.create(conn, checkfirst=True)
        for name in self.projections:
            with self.engine.connect() as conn:
                if conn.execute(select(positions.c.name).where(positions.c.name == name)).first() is None:
                    try:
                        conn.execute(positions.insert().values(name=name, position=0))
                        conn.commit()
                    except IntegrityError:
                        conn.rollback()

    # -- transactions ---------------------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """The rebuild's own connection in the rebuilding thread (see ``_rebuild_settings``), else a pooled one."""
        pinned = self._pinned
        if pinned is not None and pinned[0] == threading.get_ident():
            yield pinned[1]
        else:
            with self.engine.connect() as conn:
                yield conn

    @contextmanager
    def _locked(self, names: Sequence[str]) -> Iterator[tuple[Connection, dict[str, int]]]:
        """One transaction holding the write lock on ``names``' positions, with their positions re-read."""
        with self._connection() as conn:
            try:
                if self._sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                rows = _lock_positions(len(names)).rows(conn, {f"b_{i}": name for i, name in enumerate(names)})
                found: dict[str, int] = dict(rows)
                yield conn, found
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    @contextmanager
    def _rebuild_settings(self) -> Iterator[None]:
        """On SQLite, replay on one connection tuned for bulk writes, and restore its settings afterwards.

        ``synchronous=NORMAL`` is WAL's documented safe setting: a commit is no longer flushed to disk by
        itself (the next checkpoint flushes it), so a power cut may lose the last committed batches, never
        corrupt the file; the positions roll back with their rows, and the rebuild resumes or restarts. The
        larger page cache and in-memory temporary store serve the final index builds. The WAL is checkpointed
        every 64 MB instead of every 4 MB (each checkpoint copies the WAL into the database and syncs both), and
        once at the end, without waiting for readers (PASSIVE; what it cannot copy yet is left to the next
        automatic checkpoint). ``secure_delete`` is off while the old rows are dropped: this SQLite build
        overwrites every freed page with zeros by default, doubling the rebuild's writes, and the read models
        hold nothing that is not in the event log (ids, never personal data), rewritten at once anyway.
        """
        if not self._sqlite:
            yield
            return
        with self.engine.connect() as conn:
            saved = {name: int(conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()) for name in _REBUILD_PRAGMAS}
            try:
                for name, value in _REBUILD_PRAGMAS.items():
                    conn.exec_driver_sql(f"PRAGMA {name}={value}")
                conn.commit()
                self._pinned = (threading.get_ident(), conn)
                yield
            finally:
                self._pinned = None
                conn.rollback()
                for name, saved_value in saved.items():
                    conn.exec_driver_sql(f"PRAGMA {name}={saved_value}")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
                conn.commit()

    @staticmethod
    def _move(conn: Connection, name: str, position: int, error: str | None = None) -> None:
        conn.execute(update(positions).where(positions.c.name == name)
                     .values(position=position, error=error, updated_at=datetime.now(UTC).isoformat()))  # fmt: skip

    def _process_all(self, conn: Connection, names: Sequence[str], items: Sequence[Item],
                     found: dict[str, int]) -> dict[str, int]:  # fmt: skip
        """In one transaction: apply to each named projection the items after its position (``found``, read under
        the lock) and move the positions that changed. Returns the positions reached."""
        reached = dict(found)
        for name in names:
            todo = _after(items, found[name])
            if todo:
                self.projections[name].process(conn, todo)
                reached[name] = todo[-1].notification_id
        now = datetime.now(UTC).isoformat()
        moves = [{"b_name": name, "b_position": reached[name], "b_updated_at": now}
                 for name in names if reached[name] != found[name]]  # fmt: skip
        if moves:
            _MOVE_POSITION.run_many(conn, moves)
        return reached

    def _record_error(self, name: str, error: str) -> None:
        with self._locked([name]) as (conn, _):
            conn.execute(update(positions).where(positions.c.name == name).values(error=error))

    def positions(self) -> dict[str, tuple[int, str | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(positions.c.name, positions.c.position, positions.c.error))
            return {r.name: (r.position, r.error) for r in rows if r.name in self.projections}

    # -- reading the log ------------------------------------------------------------------------------------

    def _page(self, after: int, limit: int) -> list[Item]:
        return self._items(self.app.recorder.select_notifications(after, limit, inclusive_of_start=False))

    def _items(self, notifications: Sequence[Notification]) -> list[Item]:
        """Each notification decoded once, through the mapper's public method, for every projection."""
        to_event = self.app.mapper.to_domain_event
        names: dict[Any, str] = {}  # originator id → its text, computed once per aggregate and page
        items = []
        for n in notifications:
            event = to_event(n)
            key = event.originator_id
            name = names.get(key.int if type(key) is UUID else key)
            if name is None:
                name = names[key.int if type(key) is UUID else key] = str(key)
            items.append(Item(n.id, n.topic, event, name))
        return items

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    # -- applying ---------------------------------------------------------------------------------------------

    def _apply(self, projection: Projection, items: Sequence[Item], after: int) -> int:
        """Apply ``items`` (all after ``after``) in one transaction; returns the new position."""
        with self._locked([projection.name]) as (conn, found):
            position = found[projection.name]
            if position < after:
                raise _Moved(position)
            todo = _after(items, position)
            if not todo:
                return position
            projection.process(conn, todo)
            self._move(conn, projection.name, todo[-1].notification_id)
            return todo[-1].notification_id

    def _apply_one_by_one(self, projection: Projection, items: Sequence[Item], after: int) -> tuple[int, bool]:
        """After a failed batch: apply event by event up to the failing one. Returns (position, ok)."""
        for item in items:
            try:
                after = self._apply(projection, [item], after)
            except _Moved:
                raise
            except Exception as error:
                event = item.event
                message = (f"Projection « {projection.name} » arrêtée à la notification {item.notification_id} "
                           f"(agrégat {event.originator_id}, version {event.originator_version}, {item.topic}) : "
                           f"{type(error).__name__}: {error}")  # fmt: skip
                logger.error(message, exc_info=True)
                self._record_error(projection.name, message)
                return after, False
        return after, True

    def _feed(self, projection: Projection, items: Sequence[Item], after: int) -> tuple[int, bool]:
        todo = _after(items, after)
        if not todo:
            return after, True
        try:
            return self._apply(projection, todo, after), True
        except _Moved:
            raise
        except Exception:
            return self._apply_one_by_one(projection, todo, after)

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
        with self._lock:
            if until is not None and self._includes(until):  # applied by another thread while we waited
                return 0
            read = self._catch_up_together(use_known=until is not None, recent=recent)
            if read is not None:
                return read
            pending = {name: pos for name, (pos, _) in self.positions().items()}
            return self._run(pending, self.page_size)

    def _writing(self) -> AbstractContextManager[Any]:
        """On SQLite, the application's lock on this process's writes to the database (see its ``write_lock``)."""
        lock = getattr(self.app, "write_lock", None) if self._sqlite else None
        return lock if lock is not None else nullcontext()

    def _includes(self, notification_id: int) -> bool:
        return all(self._known.get(name, -1) >= notification_id for name in self.projections)

    def _catch_up_together(self, *, use_known: bool, recent: Sequence[Notification] = ()) -> int | None:
        """Read what is new once, then apply it to every projection in ONE transaction that also moves their
        positions (re-read under the write lock, as ``_apply`` does). Returns how many notifications were read,
        or None to leave it to the per-projection path: a position missing or gone backwards (a rebuild
        elsewhere), more than a page to apply, or any error (rolled back as a whole, so a failing projection is
        then isolated and retried event by event without holding the others back).

        ``use_known``: start from the positions this process last saw (lower bounds: positions only move
        forward, and a rebuild elsewhere shows up under the lock) instead of reading them first.

        ``recent``: notifications just recorded. When they are the log right after the positions known (ids
        contiguous from the lowest known position + 1), they are that page of the log: nothing lies between, and
        the positions re-read under the lock are at least that low (else nothing is written, as for a page).
        """
        names = list(self.projections)
        hints = [self._known.get(name) for name in names] if use_known else []
        if use_known and None not in hints:
            start = min(h for h in hints if h is not None)
        else:
            seen = {name: pos for name, (pos, _) in self.positions().items()}
            if set(seen) != set(names):
                return None
            start = min(seen.values())
        if use_known and recent and _follows(recent, start) and len(recent) < self.page_size:
            items = self._items(recent)
        else:
            items = self._page(start, self.page_size)
        if len(items) >= self.page_size:
            return None
        if not items:
            return 0
        try:
            with self._writing(), self._locked(names) as (conn, found):
                if set(found) != set(names) or min(found.values()) < start:
                    return None  # nothing written; the per-projection path re-reads the positions
                reached = self._process_all(conn, names, items, found)
        except Exception:
            logger.debug("Catch-up in one transaction failed: per-projection path", exc_info=True)
            return None
        self.note_applied(reached)
        return len(items)

    def _run(self, pending: dict[str, int], page_size: int, progress: Progress | None = None) -> int:
        """Feed every projection in ``pending`` from its position to the head of the log, page by page."""
        read, stopped = 0, set()
        while True:
            active = [name for name in pending if name not in stopped]
            if not active:
                break
            items = self._page(min(pending[name] for name in active), page_size)
            read += len(items)
            moved = False
            for name in active:
                try:
                    pending[name], ok = self._feed(self.projections[name], items, pending[name])
                except _Moved as error:  # rebuilt elsewhere meanwhile: start again from its real position
                    pending[name], moved = int(error.args[0]), True
                    continue
                if not ok:
                    stopped.add(name)
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

    def after_save(self, notification_id: int, recent: Sequence[Notification] = ()) -> None:
        """The application's after-save hook: never lets a read-model problem fail a saved command."""
        try:
            self.catch_up(until=notification_id, recent=recent)
        except Exception:
            logger.exception("Mise à jour des projections impossible après la notification %s", notification_id)

    # -- rebuild --------------------------------------------------------------------------------------------

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None,
                *, page_size: int = 20000) -> int:  # fmt: skip
        """Drop the named projections' rows (all by default) and replay the whole log in large batches."""
        chosen = list(names or self.projections)
        unknown = sorted(set(chosen) - set(self.projections))
        if unknown:
            raise KeyError(", ".join(unknown))
        with self._lock, self._rebuild_settings():
            with self._locked(chosen) as (conn, _):
                for name in chosen:
                    self.projections[name].rebuild_started(conn)
                    self.projections[name].clear(conn)
                    self._move(conn, name, 0)
                    self._known.pop(name, None)
            collecting = gc.isenabled()
            gc.disable()  # millions of short-lived events: the cyclic collector only slows the replay (~13 %)
            try:
                return self._replay(dict.fromkeys(chosen, 0), page_size, progress)
            finally:
                if collecting:
                    gc.enable()
                with self._locked(chosen) as (conn, _):
                    for name in chosen:
                        self.projections[name].rebuild_finished(conn)

    def _replay(self, pending: dict[str, int], page_size: int, progress: Progress | None) -> int:
        """The rebuild's loop: each page applied to every projection in ``pending`` in ONE transaction that also
        moves their positions (re-read under the write lock). Should that fail (a projection's error, a rebuild
        elsewhere moving a position back), nothing of the page is kept and ``_run`` takes over from the positions
        reached: it isolates a failing projection, retried event by event, while the others go on."""
        names, read = list(pending), 0
        while True:
            items = self._page(min(pending.values()), page_size)
            try:
                with self._locked(names) as (conn, found):
                    if any(found.get(name, -1) < pending[name] for name in names):
                        raise _Moved(found)
                    reached = self._process_all(conn, names, items, found)
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
        return read

    def note_applied(self, reached: dict[str, int]) -> None:
        """Record positions known to be reached (committed): lower bounds, so never moved back."""
        with self._known_lock:
            for name, position in reached.items():
                if position > self._known.get(name, -1):
                    self._known[name] = position

    def close(self) -> None:
        """Nothing to release: every connection is borrowed from the engine's pool for one transaction."""

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
