"""An attacker with database access: direct SQL on the stored events table, on SQLite or PostgreSQL.

The store is built through the composition root (events, read models, the integrity ledger), made append-only as
``qualicoop init`` does; the attacker then drops the triggers with the documented statements and edits the table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from qualicoop_es.integrity import append_only
from tests.support import STAFF, TODAY, fill_dossier, register


@contextmanager
def opened(settings: Settings) -> Iterator[Services]:
    svc = build(settings, clock=lambda: TODAY)
    try:
        yield svc
    finally:
        svc.close()


def small_log(settings: Settings) -> list[str]:
    """The catalogue (n°1), two cooperatives (n°2–4 and n°5–7), the first one's dossier (n°8 on); the triggers
    installed then dropped. Returns the SQL that dropped them."""
    with opened(settings) as svc:
        svc.app.ensure_catalogue(actor=STAFF)
        first = register(svc.app, 1)
        register(svc.app, 2)
        fill_dossier(svc.app, first)
        append_only.install(svc.app, svc.engine)
        return append_only.drop_statements(svc.app, svc.engine)


class RawLog:
    """Direct SQL on the events table: ``{t}`` is the table, ``{id}`` its notification id column, ``?`` a value."""

    def __init__(self, settings: Settings) -> None:
        self.sqlite = settings.backend == "sqlite"
        if self.sqlite:
            self.conn: Any = sqlite3.connect(settings.sqlite_path, isolation_level=None)
            self.table, self.id = "stored_events", "rowid"
        else:
            import psycopg

            parts = urlsplit(settings.database_url)
            schema = parse_qs(parts.query)["schema"][0]
            self.conn = psycopg.connect(settings.database_url.split("?")[0], autocommit=True)
            self.conn.execute(f'SET search_path TO "{schema}"')
            self.table, self.id = "qualicoop_events", "notification_id"

    def run(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        statement = sql.format(t=self.table, id=self.id)
        if not self.sqlite:
            statement = statement.replace("?", "%s")
        cursor = self.conn.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []

    def state(self, position: int) -> bytes:
        return bytes(self.run("SELECT state FROM {t} WHERE {id} = ?", position)[0][0])

    def head(self) -> int:
        return int(self.run("SELECT MAX({id}) FROM {t}")[0][0])

    def shift(self, start: int) -> None:
        """Renumber the events from ``start`` on one position up (in two steps: the ids are unique)."""
        self.run("UPDATE {t} SET {id} = {id} + 1000000 WHERE {id} >= ?", start)
        self.run("UPDATE {t} SET {id} = {id} - 999999 WHERE {id} >= 1000000")

    def close(self) -> None:
        self.conn.close()


@contextmanager
def raw(settings: Settings, drop: list[str] | None = None) -> Iterator[RawLog]:
    log = RawLog(settings)
    try:
        for statement in drop or []:
            log.run(statement)
        yield log
    finally:
        log.close()
