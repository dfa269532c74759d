"""The one composition root: Settings → event-sourced application, SQLAlchemy engine, read models."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from qualicoop_es.accounts.names import create_generation
from qualicoop_es.accounts.tables import metadata as accounts_metadata
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.config import Settings
from qualicoop_es.integrity.ledger import LedgerProjection
from qualicoop_es.projections import folding
from qualicoop_es.projections.runner import Projector, default_projections


@dataclass
class Services:
    settings: Settings
    app: QualicoopApplication
    engine: Engine
    extras: dict[str, Any] = field(default_factory=dict)
    projector: Projector | None = None  # the read models' runner (read-your-writes after every save)

    def close(self) -> None:
        if self.projector is not None:
            self.projector.close()
        self.app.close()
        self.engine.dispose()


def make_engine(settings: Settings) -> Engine:
    """The read models' engine: the same database as the events by default."""
    url = settings.sqlalchemy_url()
    if url == "sqlite://":  # in-memory: one shared connection
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
        folding.install(engine)  # the search's qc_fold function
        return engine
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=settings.pool_size, max_overflow=10)  # fmt: skip

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Events are written by eventsourcing's own connections (synchronous=FULL). Here: read models and
            # account tables. WAL + NORMAL never corrupts; only a power cut may drop the very last commits, and a
            # read model is then caught up again from its recorded position (the next event commit syncs the WAL).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        folding.install(engine)  # the search's qc_fold function
        return engine
    # PostgreSQL: a pooled connection is pinged before use (SQLAlchemy's ping is one round trip, and a failed one
    # replaces the connection at once: no back-off), and a request waits ``store_timeout`` at most for a pooled
    # connection, or for a new one to open, before the store is reported unavailable (503). Server-side prepared
    # statements stay on (psycopg's default: from a statement's 5th run on a connection): turned off, every statement
    # of the projections was planned again at each run — at 10,000 cooperatives (bench/scale.py) registrations ran
    # at 25 commands/s against 47 with them, and a follower from zero took twice as long.
    schema = settings.event_store_env().get("POSTGRES_SCHEMA", "public")
    return create_engine(url, pool_pre_ping=True, pool_size=settings.pool_size, max_overflow=10,
                         pool_timeout=settings.store_timeout,
                         connect_args={"options": f"-csearch_path={schema}",
                                       "connect_timeout": max(settings.store_timeout, 2)})  # fmt: skip


@contextlib.contextmanager
def schema_lock(settings: Settings) -> Iterator[None]:
    """On PostgreSQL, one process at a time creates or alters the schema: a session advisory lock on the schema's
    name, held on a connection of its own. Without it, processes starting together on a fresh database failed
    (``tuple concurrently updated``: two ``CREATE … IF NOT EXISTS`` of one table or type at once). SQLite takes
    its own database lock for DDL."""
    if settings.backend != "postgresql":
        yield
        return
    env = settings.event_store_env()
    key = int.from_bytes(hashlib.sha256(f"qualicoop-schema:{env['POSTGRES_SCHEMA']}".encode()).digest()[:8],
                         "big", signed=True)  # fmt: skip
    with psycopg.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], dbname=env["POSTGRES_DBNAME"],
                         user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
                         connect_timeout=5, autocommit=True) as conn:  # fmt: skip
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def build(settings: Settings | None = None, *, clock: Callable[[], date] | None = None) -> Services:
    """Build everything a process needs. Call it after any fork (one application per process)."""
    settings = settings or Settings()
    if settings.backend == "sqlite":
        private_sqlite_file(settings.sqlite_path)
    with schema_lock(settings):  # the tables, types and rows every process creates if they are missing
        app = QualicoopApplication(settings.event_store_env(), clock=clock,
                                   snapshot_interval=settings.snapshot_interval)  # fmt: skip
        engine = make_engine(settings)
        projector = Projector(app, engine, [*default_projections(), LedgerProjection()])  # + the chain
        projector.create_tables()
        accounts_metadata.create_all(engine)  # the people's tables, read by every named read (accounts.names)
        create_generation(engine)
    projector.catch_up()  # a read model added or rebuilt by an upgrade is filled before anything reads it
    app.after_save.append(projector.after_save)
    if settings.backend == "sqlite":
        private_sqlite_file(settings.sqlite_path)  # the WAL and shared-memory files opened meanwhile
    return Services(settings=settings, app=app, engine=engine, projector=projector)


def private_sqlite_file(path: Path) -> None:
    """The SQLite store (password hashes, e-mails) readable by its owner only: its folder created 0700, the file
    created 0600 before SQLite opens it (SQLite then gives its WAL and shared-memory files the file's mode), and
    the mode of an existing file, WAL or shm brought back to 0600."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)
