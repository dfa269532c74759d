"""The integrity of the log: the head of the hash chain and the last verification."""

from __future__ import annotations

from marshmallow import fields

from web.api.responses.base import Choice, IsoDateTime, Open

_PROBLEMS = ("altered", "missing", "inserted")


class VerificationOut(Open):
    at = IsoDateTime(required=True, metadata={"description": "quand la vérification a été enregistrée (UTC)"})
    actor = fields.String(
        required=True, metadata={"description": "identifiant de qui a vérifié (« cli » : l'opérateur)"}
    )
    actor_name = fields.String(
        required=True, metadata={"description": "nom affiché, « personne effacée » ou « Système »"}
    )
    ok = fields.Boolean(required=True, metadata={"description": "la chaîne recalculée concorde avec le registre"})
    start = fields.Integer(required=True, metadata={"description": "première position vérifiée"})
    head_position = fields.Integer(required=True, metadata={"description": "dernière position intacte"})
    head_digest = fields.String(required=True, metadata={"description": "son empreinte SHA-256 (hexadécimal)"})
    count = fields.Integer(required=True, metadata={"description": "événements chaînés jusqu'à elle"})
    difference_position = fields.Integer(
        required=True, allow_none=True, metadata={"description": "position du premier événement en cause"}
    )
    problem = Choice(_PROBLEMS, required=True, allow_none=True,
                     metadata={"description": "modifié (altered), supprimé (missing) ou inséré (inserted)"})  # fmt: skip


class IntegrityOut(Open):
    head_position = fields.Integer(required=True, metadata={"description": "position du dernier événement chaîné"})
    head_digest = fields.String(
        required=True,
        metadata={
            "description": "empreinte SHA-256 de la tête de la chaîne (hexadécimal ; vide "
            "si le journal est vide) ; calcul décrit dans docs/integrity.md"
        },
    )
    count = fields.Integer(required=True, metadata={"description": "nombre d'événements chaînés"})
    log_head = fields.Integer(required=True, metadata={"description": "dernière position du journal"})
    last_verification = fields.Nested(VerificationOut, required=True, allow_none=True,
                                      metadata={"description": "la dernière vérification enregistrée"})  # fmt: skip
