"""Shared pieces of the read models: one SQLAlchemy MetaData and the projections' positions.

Each projection module declares its own tables on ``metadata``; ``projection_positions`` records, for each
projection, the last notification id it has applied. The runner writes it in the same transaction as the
projection's rows, so a crash never applies an event twice or skips one.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, MetaData, String, Table, Text

# What SQLAlchemy's SQLite Date type stores; explicit because Python 3.12 deprecates the default adapter.
sqlite3.register_adapter(date, date.isoformat)

metadata = MetaData()

positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False, default=0),
    Column("updated_at", String(40), nullable=True),
    Column("error", Text, nullable=True),
)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime, Decimal)):
        return str(value) if not isinstance(value, (date, datetime)) else value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


_canonical = json.JSONEncoder(default=_json_default, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_ordered = json.JSONEncoder(default=_json_default, ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """Canonical, JSON-ready text: sorted keys, dates as ISO strings, decimals as strings."""
    return _canonical.encode(value)


def dumps_ordered(value: Any) -> str:
    """JSON-ready text keeping the keys' order (an event's fields: the same order on every replay)."""
    return _ordered.encode(value)


_INSERTS: dict[tuple[str, str], tuple[str, bool]] = {}


def insert_many(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples in the table's column order, plain str / int / date / None values) with one
    driver-level executemany: no per-row SQLAlchemy processing."""
    if not rows:
        return
    key = (conn.dialect.name, table.name)
    if key not in _INSERTS:
        names = [c.name for c in table.columns]
        compiled = table.insert().compile(dialect=conn.dialect, column_keys=names)
        assert not compiled.positional or list(compiled.positiontup or ()) == names
        _INSERTS[key] = (str(compiled), bool(compiled.positional))
    sql, positional = _INSERTS[key]
    if positional:
        conn.exec_driver_sql(sql, rows)
    else:
        names = [c.name for c in table.columns]
        conn.exec_driver_sql(sql, [dict(zip(names, row, strict=True)) for row in rows])
