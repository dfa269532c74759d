"""eventsourcing's SQLite persistence, tuned for a threaded server. Selected by ``PERSISTENCE_MODULE``.

Two differences from the library's module, both measured under ``bench/http.py`` (8 server threads):

- **Pool size from the environment** (``SQLITE_POOL_SIZE``, set from ``Settings.pool_size``). The library keeps
  5 connections whatever the number of threads: beyond the fifth, every request opened a connection, and a new
  SQLite connection re-reads the schema at its first statement; hundreds were opened per second of load.
- **Reads without BEGIN … ROLLBACK.** Every read the library makes is one SELECT (events of an aggregate,
  notifications, the last notification or tracking id), and in autocommit mode one statement is its own read
  transaction: the same snapshot, two statements fewer. Each statement releases and retakes the interpreter lock,
  which other server threads hold meanwhile: fewer statements means less waiting. Writes are untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing import persistence as base
from eventsourcing import sqlite as library  # the module, not its class: one factory class lives here
from eventsourcing.utils import Environment, EnvType

__all__ = ["SQLiteFactory", "translated"]

#: sqlite3's errors and the library's persistence errors they become (subclasses first), as its transactions do.
_ERRORS: tuple[tuple[type[sqlite3.Error], type[base.PersistenceError]], ...] = (
    (sqlite3.InterfaceError, base.InterfaceError),
    (sqlite3.DataError, base.DataError),
    (sqlite3.OperationalError, base.OperationalError),
    (sqlite3.IntegrityError, base.IntegrityError),
    (sqlite3.InternalError, base.InternalError),
    (sqlite3.ProgrammingError, base.ProgrammingError),
    (sqlite3.NotSupportedError, base.NotSupportedError),
    (sqlite3.DatabaseError, base.DatabaseError),
)


def translated(error: sqlite3.Error) -> base.PersistenceError:
    """The library's persistence error for a sqlite3 error (``OperationalError`` for a lock timeout, …)."""
    for raw, translated in _ERRORS:
        if isinstance(error, raw):
            return translated(error)
    return base.PersistenceError(error)


class SQLiteDatastore(library.SQLiteDatastore):
    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[library.SQLiteCursor]:
        if commit:
            with super().transaction(commit=True) as cursor:
                yield cursor
            return
        with self.get_connection(commit=False) as connection:
            cursor = connection.cursor()
            try:
                yield cursor
            except sqlite3.Error as error:
                raise translated(error) from error
            finally:
                cursor.sqlite_cursor.close()  # ends the statement, hence its read transaction


class SQLiteFactory(library.SQLiteFactory):
    SQLITE_POOL_SIZE = "SQLITE_POOL_SIZE"

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)  # validates the environment and builds the library's datastore (no connection yet)
        built = self.datastore
        pool_size = 5
        value = (self.env.get(self.SQLITE_POOL_SIZE) or "").strip()
        if value:
            if not value.isdigit() or int(value) < 1:
                raise OSError(f"SQLite environment value for key '{self.SQLITE_POOL_SIZE}' is invalid: '{value}'")
            pool_size = int(value)
        self.datastore = SQLiteDatastore(
            db_name=built.pool.db_name,
            lock_timeout=built.pool.lock_timeout,
            pool_size=pool_size,
            single_row_tracking=built.single_row_tracking,
            originator_id_type=built.originator_id_type,
        )
        built.close()
