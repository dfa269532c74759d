"""French validation messages for the API's schemas, without touching marshmallow's own classes.

- ``FrenchSchema``: the base of every API schema. Its ``error_messages`` word the schema's own errors, and its
  ``on_bind_field`` hook (marshmallow's documented hook, run for each field as a schema instance binds it) gives
  each field — and the fields inside a list, tuple or mapping — the French text of every message it still has
  in marshmallow's English default; a message given explicitly (``error_messages=``) is kept.
- ``Length``, ``OneOf``, ``Range``, ``Regexp``: marshmallow's validators with French class messages. A French
  schema refuses to bind a field validated by an English one without an explicit ``error`` (a ``TypeError`` when
  the schema is built, so every test that builds it catches the slip).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

FIELD_MESSAGES: dict[type[fields.Field], dict[str, str]] = {
    fields.Field: {"required": "Champ obligatoire.", "null": "Ce champ ne peut pas être nul.",
                   "validator_failed": "Valeur invalide."},
    fields.String: {"invalid": "Texte attendu.", "invalid_utf8": "Texte UTF-8 invalide."},
    fields.Integer: {"invalid": "Nombre entier attendu."},
    fields.Number: {"invalid": "Nombre attendu.", "too_large": "Nombre trop grand."},
    fields.Decimal: {"special": "Les valeurs spéciales (nan, infini) ne sont pas admises."},
    fields.Date: {"invalid": "Date invalide (AAAA-MM-JJ attendu).", "format": "« {input} » n'est pas une date."},
    fields.DateTime: {"invalid": "Date et heure invalides.", "invalid_awareness": "Date et heure invalides.",
                      "format": "« {input} » n'est pas une date et heure."},
    fields.Boolean: {"invalid": "Booléen attendu (true ou false)."},
    fields.List: {"invalid": "Liste attendue."},
    fields.Tuple: {"invalid": "Liste attendue."},
    DelimitedList: {"invalid": "Liste attendue (valeurs séparées par des virgules)."},
    fields.UUID: {"invalid_uuid": "Identifiant (UUID) invalide."},
    fields.Nested: {"type": "Objet attendu."},
    fields.Mapping: {"invalid": "Objet attendu."},
    fields.Email: {"invalid": "Adresse électronique invalide."},
}  # fmt: skip


class Length(validate.Length):
    message_min = "Trop court ({min} au minimum)."
    message_max = "Trop long ({max} au maximum)."
    message_all = "Longueur attendue entre {min} et {max}."
    message_equal = "Longueur attendue : {equal}."


class OneOf(validate.OneOf):
    default_message = "Valeur attendue parmi : {choices}."


class Range(validate.Range):
    message_min = "Doit être {min_op} {{min}}."
    message_max = "Doit être {max_op} {{max}}."
    message_all = "Doit être {min_op} {{min}} et {max_op} {{max}}."
    message_gt, message_gte = "supérieur à", "supérieur ou égal à"
    message_lt, message_lte = "inférieur à", "inférieur ou égal à"


class Regexp(validate.Regexp):
    default_message = "Format invalide."


FRENCH_VALIDATORS = (Length, OneOf, Range, Regexp)
ENGLISH_VALIDATORS = (validate.Length, validate.OneOf, validate.Range, validate.Regexp)


class FrenchSchema(Schema):
    """Base of every API schema: French messages for the schema and each of its fields (see the module)."""

    # marshmallow's documented class attribute (merged along the MRO when a schema is built; never mutated)
    error_messages = {"type": "Objet JSON attendu.", "unknown": "Champ inconnu."}  # noqa: RUF012

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        in_french(field_obj, f"{type(self).__name__}.{field_name}")


def in_french(field: fields.Field, where: str) -> None:
    """Give ``field`` (and the fields it contains) the French wording of the messages still in English."""
    english: dict[str, Any] = {}
    french: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        english.update(getattr(cls, "default_error_messages", {}))
        french.update(FIELD_MESSAGES.get(cls, {}))
    for key, text in french.items():
        if key in field.error_messages and field.error_messages[key] == english.get(key):
            field.error_messages[key] = text
    for validator in field.validators:
        if _in_english(validator):
            raise TypeError(f"{where}: {type(validator).__name__} speaks English; use web.french's")
    for inner in _inner_fields(field):
        in_french(inner, where)


def _in_english(validator: Any) -> bool:
    """A marshmallow validator left with its English default message (no French class, no explicit ``error``)."""
    if isinstance(validator, FRENCH_VALIDATORS) or not isinstance(validator, ENGLISH_VALIDATORS):
        return False
    error = getattr(validator, "error", None)
    return error is None or error == getattr(type(validator), "default_message", None)


def _inner_fields(field: fields.Field) -> list[fields.Field]:
    if isinstance(field, fields.List):
        return [field.inner]
    if isinstance(field, fields.Tuple):
        return list(field.tuple_fields)
    if isinstance(field, fields.Mapping):
        return [f for f in (field.key_field, field.value_field) if f is not None]
    return []
