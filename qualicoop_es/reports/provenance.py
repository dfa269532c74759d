"""Where a report comes from: its basis and cut-off, the last event it includes, the integrity chain's digest at
that event (``integrity_ledger``, see docs/integrity.md), the code's version, the parameters."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import metadata
from typing import Any

from sqlalchemy import Engine, select

from qualicoop_es.integrity.ledger import ledger_table
from qualicoop_es.reports.replay import Included
from qualicoop_es.reports.scopes import Scope


@cache
def code_version() -> str:
    try:
        return metadata.version("qualicoop-es")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "inconnue"


def chain_at(engine: Engine | None, position: int) -> dict[str, Any] | None:
    """The chain's digest at ``position`` and its rank (the number of events chained up to it), or None."""
    if engine is None or position <= 0:
        return None
    query = select(ledger_table.c.seq, ledger_table.c.digest).where(ledger_table.c.notification_id == position)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else {"position": position, "count": int(row[0]), "digest": bytes(row[1]).hex()}


def provenance(scope: Scope, last: Included, engine: Engine | None, parameters: dict[str, Any],
               generated_at: datetime | None) -> dict[str, Any]:  # fmt: skip
    recorded_at = None if last.recorded_at is None else last.recorded_at.isoformat()
    return {
        "basis": scope.basis,
        "cut_off": scope.day.isoformat(),
        "recorded_by": None if scope.recorded_limit is None else scope.recorded_limit.isoformat(),
        "last_event": {"position": last.position, "recorded_at": recorded_at} if last.position else None,
        "chain": chain_at(engine, last.position),
        "code_version": code_version(),
        "parameters": parameters,
        "generated_at": None if generated_at is None else generated_at.isoformat(),
    }
