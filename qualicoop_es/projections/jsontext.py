"""The read models' JSON text: compact, dates as ISO strings, decimals as strings, codes (enums) as their values,
sets sorted, tuples as lists.

Two encoders are built once and reused (``JSONEncoder.encode``, the standard library's public API). A faster path
through the ``json`` module's undocumented C encoder factory was measured (the JSON about 3× cheaper, the whole
rebuild within the noise) and left out: an internal is not worth its upkeep.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from qualicoop_es.projections.tables import iso_day


def _json_default(value: Any) -> Any:
    kind = type(value)  # the frequent exact types first
    if kind is date:
        return iso_day(value)
    if kind is Decimal:
        return str(value)
    if isinstance(value, Enum):  # a code (a mention, a verdict kind…): read models store its value
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


def _encoder(*, sort_keys: bool) -> Callable[[Any], str]:
    return json.JSONEncoder(default=_json_default, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"),
                            check_circular=False).encode  # fmt: skip


#: Canonical text: sorted keys (equal values give the same text whatever their keys' order).
dumps: Callable[[Any], str] = _encoder(sort_keys=True)
#: Keys in their order (an event's fields: the same order on every replay).
dumps_ordered: Callable[[Any], str] = _encoder(sort_keys=False)
