"""The pieces of every response schema: the open base schema and the fields of already JSON-ready values."""

from __future__ import annotations

from typing import Any

from marshmallow import INCLUDE, Schema, fields

from web.french import FrenchSchema, OneOf


def IsoDate(**kw: Any) -> fields.String:
    """A date the read layer already wrote as ``AAAA-MM-JJ``."""
    return fields.String(metadata={"format": "date", **kw.pop("metadata", {})}, **kw)


def IsoDateTime(**kw: Any) -> fields.String:
    return fields.String(metadata={"format": "date-time", **kw.pop("metadata", {})}, **kw)


def Id(**kw: Any) -> fields.String:
    """A UUID the read layer already wrote as text."""
    return fields.String(metadata={"format": "uuid", **kw.pop("metadata", {})}, **kw)


def Decimal(**kw: Any) -> fields.String:
    """A decimal kept as text, exactly as entered ("42.5"), never a float."""
    return fields.String(metadata={"description": "nombre décimal, en texte", **kw.pop("metadata", {})}, **kw)


def Choice(values: Any, **kw: Any) -> fields.String:
    return fields.String(validate=OneOf([str(x) for x in values]), **kw)


class Open(FrenchSchema):
    class Meta:
        unknown = INCLUDE


def Counts(name: str, keys: Any) -> type[Schema]:
    """An object of counts whose keys are known (a mention, a step…): only the keys counted at least once appear."""
    return Open.from_dict({str(k): fields.Integer() for k in keys}, name=name)
