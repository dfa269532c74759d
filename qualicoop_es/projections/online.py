"""A rebuild that never interrupts reads: the read models are replayed beside the live ones, then switched at once.

``Projector.rebuild`` empties the tables and refills them page by page: meanwhile a reader finds a table missing or
half full. Here the chosen projections are replayed into a *shadow* — the same tables in a namespace of their own
(SQLite: a file beside the store, ``<store>.rebuild``; PostgreSQL: the schema ``<schema>_rebuild``), written by a
second ``Projector`` that reads the same log — while the live tables keep answering and keep following new
commands. Then one short transaction switches them:

1. it takes the write lock on the live positions (SQLite: the database's write lock, so no event is stored
   meanwhile; PostgreSQL: the positions' rows, so no live catch-up runs meanwhile);
2. the shadow catches up with the log once more (the commands stored during the replay);
3. the live tables are replaced by the shadow's (SQLite: copied in with ``INSERT … SELECT`` from the attached
   shadow file; PostgreSQL: ``DROP`` then ``ALTER TABLE … SET SCHEMA``, which moves a table with its indexes), and
   the live positions set to the shadow's;
4. commit. Readers see the old tables, complete, until that commit, and the new ones, complete, after it (SQLite's
   WAL and PostgreSQL's MVCC give each statement one committed state); a reader at the very moment of the switch
   waits for it (PostgreSQL) rather than failing. Events stored after the switch are applied to the new tables by
   the live catch-up, from the positions the switch set.

The shadow is removed afterwards (and before, if an earlier rebuild was interrupted).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, Engine

from qualicoop_es import bootstrap
from qualicoop_es.config import Settings
from qualicoop_es.projections.base import Projection
from qualicoop_es.projections.positions import Positions
from qualicoop_es.projections.runner import Projector

Progress = Callable[[int], None]


def rebuild_online(svc: bootstrap.Services, names: Sequence[str] | None = None,
                   progress: Progress | None = None) -> int:  # fmt: skip
    """Replay the named projections (all by default) into a shadow and switch; returns the events replayed."""
    live = svc.projector
    assert live is not None
    chosen = list(names or live.projections)
    unknown = sorted(set(chosen) - set(live.projections))
    if unknown:
        raise KeyError(", ".join(unknown))
    projections = [live.projections[name] for name in chosen]
    with _shadow(svc.settings) as engine:
        shadow = Projector(svc.app, engine, projections)
        shadow.create_tables()
        read = shadow.rebuild(chosen, progress)
        _switch(svc, live, shadow, projections)
    return read


# -- the shadow ------------------------------------------------------------------------------------------------


def shadow_settings(settings: Settings) -> Settings:
    """Where the shadow lives: a SQLite file beside the store, or a PostgreSQL schema beside the store's."""
    if settings.backend == "sqlite":
        path = settings.sqlite_path
        return dataclasses.replace(settings, database_url=f"sqlite:///{path.with_name(path.name + '.rebuild')}")
    if settings.backend == "postgresql":
        parts = urlsplit(settings.database_url)
        query = parse_qs(parts.query)
        query["schema"] = [shadow_schema(settings)]
        return dataclasses.replace(settings, database_url=urlunsplit(parts._replace(query=urlencode(query, True))))
    raise ValueError("a store in memory has no reader to spare: rebuild it in place")


def shadow_schema(settings: Settings) -> str:
    return settings.event_store_env().get("POSTGRES_SCHEMA", "public") + "_rebuild"


@contextmanager
def _shadow(settings: Settings) -> Iterator[Engine]:
    """An empty shadow (an interrupted rebuild's removed first), removed again at the end."""
    shadow = shadow_settings(settings)
    _remove(settings, shadow)
    if shadow.backend == "postgresql":
        _in_store(settings, f'CREATE SCHEMA "{shadow_schema(settings)}"')
    else:
        bootstrap.private_sqlite_file(shadow.sqlite_path)
    engine = bootstrap.make_engine(shadow)
    try:
        yield engine
    finally:
        engine.dispose()
        _remove(settings, shadow)


def _remove(settings: Settings, shadow: Settings) -> None:
    if shadow.backend == "postgresql":
        _in_store(settings, f'DROP SCHEMA IF EXISTS "{shadow_schema(settings)}" CASCADE')
        return
    path = shadow.sqlite_path
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        file.unlink(missing_ok=True)


def _in_store(settings: Settings, statement: str) -> None:
    engine = bootstrap.make_engine(settings)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


# -- the switch ------------------------------------------------------------------------------------------------


#: How many times the switch lets go and catches up again when commands arrive on SQLite just before it.
ATTEMPTS = 50


class _Again(Exception):
    """Commands were stored between the shadow's catch-up and the lock: let go (roll back) and try again."""


def _switch(svc: bootstrap.Services, live: Projector, shadow: Projector, projections: list[Projection]) -> None:
    """Replace the live tables by the shadow's in one transaction (see the module's docstring)."""
    sqlite = live.store.sqlite
    with _attached(live.store, shadow.engine) if sqlite else nullcontext("") as attached:
        for _ in range(ATTEMPTS):
            shadow.catch_up()
            try:
                reached = _switched(svc, live, shadow, projections, attached)
            except _Again:
                continue
            live.note_applied(reached)
            return
    raise RuntimeError(f"le journal avance plus vite que la bascule ({ATTEMPTS} essais) : relancez la reconstruction")


def _switched(svc: bootstrap.Services, live: Projector, shadow: Projector, projections: list[Projection],
              attached: str) -> dict[str, int]:  # fmt: skip
    """The switch's transaction; returns the positions set. On SQLite the shadow file is locked with the store
    (attached): it cannot catch up inside, so a command stored since its catch-up means ``_Again``."""
    names = [p.name for p in projections]
    with live.store.locked(names) as (conn, _):
        if attached:
            reached = _reached(shadow, names)
            if min(reached.values()) < live.head():
                raise _Again
        else:
            shadow.catch_up()  # PostgreSQL: what was stored since (no live catch-up can run meanwhile)
            reached = _reached(shadow, names)
        for projection in projections:
            if attached:
                _copy_in(conn, projection, attached)
            else:
                _move_in(conn, projection, shadow_schema(svc.settings), svc.settings)
        for name in names:
            Positions.move(conn, name, reached[name])
    return reached


def _reached(shadow: Projector, names: list[str]) -> dict[str, int]:
    return {name: position for name, (position, _) in shadow.positions().items() if name in names}


@contextmanager
def _attached(store: Positions, shadow: Engine) -> Iterator[str]:
    """The shadow file attached (as ``rebuild``) to the connection the live positions' lock will use."""
    path = Path(str(shadow.url.database))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ATTACH DATABASE ? AS rebuild", (str(path),))
        conn.commit()
        try:
            with store.pinned(conn):
                yield "rebuild"
        finally:
            conn.rollback()
            conn.exec_driver_sql("DETACH DATABASE rebuild")
            conn.commit()


def _copy_in(conn: Connection, projection: Projection, attached: str) -> None:
    """SQLite: the live tables re-created bare as a rebuild does (a rebuild applies a changed schema), filled from
    the shadow's, then indexed."""
    projection.rebuild_started(conn)
    for table in projection.tables:
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        conn.exec_driver_sql(f'INSERT INTO main."{table.name}" ({columns}) '
                             f'SELECT {columns} FROM {attached}."{table.name}"')  # fmt: skip
    projection.rebuild_finished(conn)


def _move_in(conn: Connection, projection: Projection, shadow: str, settings: Settings) -> None:
    """PostgreSQL: the live table dropped and the shadow's moved into the store's schema, indexes and all."""
    schema = settings.event_store_env().get("POSTGRES_SCHEMA", "public")
    for table in reversed(projection.tables):
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{schema}"."{table.name}" CASCADE')
    for table in projection.tables:
        conn.exec_driver_sql(f'ALTER TABLE "{shadow}"."{table.name}" SET SCHEMA "{schema}"')
