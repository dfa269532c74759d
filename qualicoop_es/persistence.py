"""The one adapter over eventsourcing's SQLite module: a pool sized by the environment (``PERSISTENCE_MODULE``).

Why: the library's SQLite factory builds its datastore with a pool of 5 connections whatever the number of server
threads and reads no setting for it; beyond the fifth thread every request opened a connection, and a new SQLite
connection re-reads the schema at its first statement (hundreds were opened per second under ``bench/http.py``).
The datastore's constructor takes the size: this factory rebuilds the datastore with ``SQLITE_POOL_SIZE``
(``Settings.pool_size``). Only public names are used (the constructor's arguments, the built datastore's attributes);
``tests/integration/test_sqlite_persistence.py`` fails if an upgrade changes them.
"""

from __future__ import annotations

from eventsourcing import sqlite as library  # the module, not its class: one factory class lives here
from eventsourcing.utils import Environment, EnvType

__all__ = ["SQLiteFactory"]


class SQLiteFactory(library.SQLiteFactory):
    SQLITE_POOL_SIZE = "SQLITE_POOL_SIZE"

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)  # validates the environment and builds the library's datastore (no connection yet)
        built = self.datastore
        pool_size = 5
        value = (self.env.get(self.SQLITE_POOL_SIZE) or "").strip()
        if value:
            if not (value.isascii() and value.isdigit()) or len(value) > 4 or int(value) < 1:
                raise OSError(f"SQLite environment value for key '{self.SQLITE_POOL_SIZE}' is invalid: '{value}'")
            pool_size = int(value)
        self.datastore = library.SQLiteDatastore(
            db_name=built.pool.db_name,
            lock_timeout=built.pool.lock_timeout,
            pool_size=pool_size,
            single_row_tracking=built.single_row_tracking,
            originator_id_type=built.originator_id_type,
        )
        built.close()
