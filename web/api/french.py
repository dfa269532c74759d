"""French wording for marshmallow's built-in validation messages (the interface speaks French).

marshmallow keeps its default messages as class attributes and bakes some of them into validators when they
are built, so ``install()`` must run before any schema is defined: ``web/api/schemas.py`` calls it first.
Idempotent; it only replaces message strings.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

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
    fields.UUID: {"invalid_uuid": "Identifiant (UUID) invalide."},
    fields.Nested: {"type": "Objet attendu."},
    fields.Dict: {"invalid": "Objet attendu."},
    fields.Email: {"invalid": "Adresse électronique invalide."},
}  # fmt: skip


def install() -> None:
    for cls, messages in FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.default_error_messages, **messages}
    Schema._default_error_messages = {"type": "Objet JSON attendu.", "unknown": "Champ inconnu."}
    validate.Length.message_min = "Trop court ({min} au minimum)."
    validate.Length.message_max = "Trop long ({max} au maximum)."
    validate.Length.message_all = "Longueur attendue entre {min} et {max}."
    validate.Length.message_equal = "Longueur attendue : {equal}."
    validate.OneOf.default_message = "Valeur attendue parmi : {choices}."
    validate.Regexp.default_message = "Format invalide."
    validate.Range.message_min = "Doit être {min_op} {{min}}."
    validate.Range.message_max = "Doit être {max_op} {{max}}."
    validate.Range.message_all = "Doit être {min_op} {{min}} et {max_op} {{max}}."
    validate.Range.message_gt, validate.Range.message_gte = "supérieur à", "supérieur ou égal à"
    validate.Range.message_lt, validate.Range.message_lte = "inférieur à", "inférieur ou égal à"
