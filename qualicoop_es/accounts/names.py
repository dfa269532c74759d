"""Who an actor is, for people to read: an account's display name, never its raw id.

Events name people by stable ids only; display names are personal data in the mutable accounts table, where an
erasure blanks them. So a name is looked up when a page or an answer is made, for all the ids it shows at once
(one query), and reads:

- the account's display name (its e-mail when it has none);
- « personne effacée » once the person's data was erased;
- « Système » for an id that is no account: the system's own actors ("system", "cli", "demo-seed"…) and any
  stable code recorded before people had accounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, insert, literal_column, select, update
from sqlalchemy.exc import IntegrityError

from qualicoop_es.accounts.tables import accounts, names_generation

ERASED = "personne effacée"
SYSTEM = "Système"
UNNAMED = "compte sans nom"
_CHUNK = 500  # ids per query (well under every database's limit of bound parameters)


def display_names(bind: Engine | Connection, ids: Iterable[str | None]) -> dict[str, str]:
    """``{id: what to show}`` for every id given (None and empty ids are skipped)."""
    wanted = sorted({i for i in ids if i})
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return _names(conn, wanted)
    return _names(bind, wanted)


def _names(conn: Connection, wanted: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(accounts.c.id, accounts.c.display_name, accounts.c.email, accounts.c.erased_at).where(
            accounts.c.id.in_(wanted[start : start + _CHUNK])
        )
        for row in conn.execute(query):
            found[row.id] = ERASED if row.erased_at is not None else (row.display_name or row.email or UNNAMED)
    return {i: found.get(i, SYSTEM) for i in wanted}


def with_actor_names(bind: Engine | Connection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``actor_name`` to each event item, and ``members_present_names`` (same order) to a verdict's; one query."""
    ids: list[str | None] = []
    for item in items:
        ids.append(item.get("actor"))
        ids.extend(_members(item))
    names = display_names(bind, ids)
    for item in items:
        item["actor_name"] = names.get(item.get("actor") or "", SYSTEM)
        members = _members(item)
        if members:
            item["members_present_names"] = [names[m] for m in members]
    return items


def _members(item: Mapping[str, Any]) -> list[str]:
    data = item.get("data")
    members = data.get("members_present") if isinstance(data, Mapping) else None
    return [m for m in members if isinstance(m, str) and m] if isinstance(members, list) else []


def generation(bind: Engine | Connection) -> int:
    """Moves whenever a name shown could have changed (an account added or erased, in any process): for caches of
    named reads. One primary-key read on the driver's cursor: it runs on every cached read, where SQLAlchemy's own
    work for a statement would cost several times the query."""
    if isinstance(bind, Engine):
        raw = bind.raw_connection()
        try:
            return _read_generation(raw, bind.dialect)
        finally:
            raw.close()
    return _read_generation(bind.connection, bind.dialect)


def _read_generation(raw: Any, dialect: Dialect) -> int:
    sql = _GENERATION_SQL.get(dialect.name)
    if sql is None:
        sql = _GENERATION_SQL[dialect.name] = str(_GENERATION.compile(dialect=dialect))
    cursor = raw.cursor()
    try:
        cursor.execute(sql)
        row = cursor.fetchone()
    finally:
        cursor.close()
    return int(row[0]) if row else 0


_GENERATION = select(names_generation.c.generation).where(names_generation.c.id == literal_column("1"))
_GENERATION_SQL: dict[str, str] = {}


def bump_generation(conn: Connection) -> None:
    """In the caller's transaction (the change's own): the names shown may have changed."""
    g = names_generation.c
    moved = conn.execute(update(names_generation).where(g.id == 1).values(generation=g.generation + 1)).rowcount
    if not moved:
        conn.execute(insert(names_generation).values(id=1, generation=1))


def create_generation(engine: Engine) -> None:
    """The generation's row, if missing (safe to race)."""
    with engine.connect() as conn:
        if conn.execute(select(names_generation.c.id)).first() is None:
            try:
                conn.execute(insert(names_generation).values(id=1, generation=0))
                conn.commit()
            except IntegrityError:
                conn.rollback()
