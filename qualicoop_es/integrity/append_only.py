"""Append-only by the database: triggers refusing UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of stored events.

Installed by ``qualicoop init`` (idempotent) on the event table, and on the snapshot table for UPDATE only: a
snapshot is a cache of a fold of the events, which an operator may purge (DELETE) at any time — loads then replay
the chained events — but never rewrite in place. The library itself only ever INSERTs into both tables.

The triggers stop a mistake or a naive edit; whoever holds the database owner's rights can drop them, which is what
the hash chain and ``qualicoop verify`` are for (docs/integrity.md: restoring a backup, the order of steps).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

EVENTS = "qualicoop_append_only"
SNAPSHOTS = "qualicoop_snapshot_no_update"
_MESSAGE = "journal en ajout seul : {op} refusé sur {table}"


def tables(app: Any) -> tuple[str, str | None, str | None]:
    """(events table, snapshots table or None, PostgreSQL schema or None), from the recorders' public attributes."""
    events = app.recorder.events_table_name
    snapshots = app.snapshots.recorder.events_table_name if app.snapshots is not None else None
    datastore = getattr(app.recorder, "datastore", None)
    return events, snapshots, getattr(datastore, "schema", None)


def _sqlite(events: str, snapshots: str | None) -> list[str]:
    def trigger(name: str, op: str, table: str) -> str:
        message = _MESSAGE.format(op=op, table=table)
        return (f'CREATE TRIGGER IF NOT EXISTS "{name}_{op.lower()}" BEFORE {op} ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END")  # fmt: skip

    statements = [trigger(EVENTS, "UPDATE", events), trigger(EVENTS, "DELETE", events)]
    return statements + ([trigger(SNAPSHOTS, "UPDATE", snapshots)] if snapshots else [])


def _postgres(events: str, snapshots: str | None, schema: str) -> list[str]:
    function = f'"{schema}".qualicoop_refuse_change'
    statements = [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION 'journal en ajout seul : %% refusé sur %%', TG_OP, TG_TABLE_NAME "
        f"USING ERRCODE = 'insufficient_privilege'; END $$",
    ]
    targets = [(EVENTS, events, "UPDATE OR DELETE", "ROW"), (EVENTS + "_truncate", events, "TRUNCATE", "STATEMENT")]
    if snapshots:
        targets.append((SNAPSHOTS, snapshots, "UPDATE", "ROW"))
    for name, table, ops, level in targets:
        qualified = f'"{schema}"."{table}"'
        statements += [f'DROP TRIGGER IF EXISTS "{name}" ON {qualified}',
                       f'CREATE TRIGGER "{name}" BEFORE {ops} ON {qualified} '
                       f"FOR EACH {level} EXECUTE FUNCTION {function}()"]  # fmt: skip
    return statements


def install(app: Any, engine: Engine) -> None:
    """Install (or re-install) the triggers, in one transaction."""
    events, snapshots, schema = tables(app)
    sqlite = engine.dialect.name == "sqlite"
    statements = _sqlite(events, snapshots) if sqlite else _postgres(events, snapshots, schema or "public")
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def drop_statements(app: Any, engine: Engine) -> list[str]:
    """The SQL an operator runs to lift the protection (restoring a backup); ``install`` puts it back."""
    events, snapshots, schema = tables(app)
    if engine.dialect.name == "sqlite":
        names = [f"{EVENTS}_update", f"{EVENTS}_delete"] + ([f"{SNAPSHOTS}_update"] if snapshots else [])
        return [f'DROP TRIGGER IF EXISTS "{name}"' for name in names]
    pairs = [(EVENTS, events), (EVENTS + "_truncate", events)] + ([(SNAPSHOTS, snapshots)] if snapshots else [])
    return [f'DROP TRIGGER IF EXISTS "{name}" ON "{schema or "public"}"."{table}"' for name, table in pairs]


def drop(app: Any, engine: Engine) -> None:
    with engine.begin() as conn:
        for statement in drop_statements(app, engine):
            conn.exec_driver_sql(statement)
