"""The read models' JSON text: compact, dates as ISO strings, decimals as strings, sets sorted, tuples as lists.

A rebuild encodes a few hundred thousand small objects (an event's fields, a period's state), where what
``JSONEncoder.encode`` does around the encoding itself (a new C encoder and closures built for every call) costs
more than the encoding. So the standard library's C encoder (``json.encoder.c_make_encoder``, what ``encode``
builds for every call) is built once here and called directly; it is used only if it gives, on a sample of every
kind of value, exactly the text ``JSONEncoder.encode`` gives, else ``encode`` itself serves (the same text,
slower): a Python without it, or whose encoder changed, is served correctly.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from qualicoop_es.projections.tables import iso_day


def _json_default(value: Any) -> Any:
    kind = type(value)  # the frequent exact types first
    if kind is date:
        return iso_day(value)
    if kind is Decimal:
        return str(value)
    if isinstance(value, (date, datetime, Decimal)):
        return str(value) if not isinstance(value, (date, datetime)) else value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    return str(value)


_SAMPLE = {"text": "é\"\\\n\x01", "n": -3, "big": 10**30, "none": None, "yes": True, "f": 1.5, "day": date(2024, 2, 29),
           "at": datetime(2024, 1, 2, 3, 4, 5), "dec": Decimal("12.50"), "set": {"b", "a"}, "tuple": (1, "x"),
           "nested": [{"z": 1, "a": [date(2020, 1, 1)]}, []], "": {}}  # fmt: skip


def _encoder(*, sort_keys: bool) -> Callable[[Any], str]:
    """The fastest function that gives ``JSONEncoder.encode``'s text (compact, non-ASCII kept, no circular check)."""
    reference = json.JSONEncoder(default=_json_default, sort_keys=sort_keys, ensure_ascii=False,
                                 separators=(",", ":"), check_circular=False)  # fmt: skip
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return reference.encode
    try:
        direct = make(None, _json_default, json.encoder.encode_basestring, None, ":", ",", sort_keys, False, True)

        def encode(value: Any) -> str:
            return "".join(direct(value, 0))

        if encode(_SAMPLE) == reference.encode(_SAMPLE) and encode("x") == '"x"':
            return encode
    except Exception:  # a changed signature: the reference serves
        pass
    return reference.encode


#: Canonical text: sorted keys (equal values give the same text whatever their keys' order).
dumps: Callable[[Any], str] = _encoder(sort_keys=True)
#: Keys in their order (an event's fields: the same order on every replay).
dumps_ordered: Callable[[Any], str] = _encoder(sort_keys=False)
