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

from sqlalchemy import Connection, Engine, func, select

from qualicoop_es.accounts.tables import accounts

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


def generation(bind: Engine | Connection) -> tuple[int, int]:
    """Changes whenever a name shown could have changed (an account added or erased): for caches of named reads."""
    query = select(func.count(), func.count(accounts.c.erased_at)).select_from(accounts)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            row = conn.execute(query).one()
    else:
        row = bind.execute(query).one()
    return int(row[0]), int(row[1])
