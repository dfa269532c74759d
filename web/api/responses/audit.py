"""How a mention was granted (the audit of a cooperative) and the installation's public signing key."""

from __future__ import annotations

from marshmallow import fields

from qualicoop_es.queries.audit_views import STAGE_LABELS
from qualicoop_es.queries.vocabulary import KIND_LABELS, VERDICT_LABELS, Mention
from web.api.responses.base import Choice, Id, IsoDate, IsoDateTime, Open

_DIGEST = {"description": "empreinte SHA-256, en hexadécimal"}


class PersonOut(Open):
    id = fields.String(required=True, metadata={"description": "identifiant opaque que l'événement enregistre"})
    name = fields.String(required=True, metadata={"description": "nom affiché, « personne effacée » ou « Système »"})


class ReadjustmentChangeOut(Open):
    label = fields.String(required=True, metadata={"description": "ce qui a changé, en français"})
    before = fields.String(required=True, metadata={"description": "valeur avant (« — » si vide)"})
    after = fields.String(required=True, metadata={"description": "valeur après (« — » si vide)"})


class AuditVerdictOut(Open):
    kind = Choice(VERDICT_LABELS, required=True, metadata={"description": "sorte de verdict"})
    label = fields.String(required=True, metadata={"description": "le verdict, en français"})
    session_reference = fields.String(required=True, metadata={"description": "référence de la session du comité"})
    members_present = fields.List(fields.Nested(PersonOut), required=True,
                                  metadata={"description": "membres présents, par identifiant et par nom"})  # fmt: skip
    rationale = fields.String(required=True, metadata={"description": "motifs du comité"})
    axes = fields.List(fields.Integer(), required=True, metadata={"description": "engagements à retravailler"})
    judged_version = fields.Integer(required=True, metadata={"description": "version du dossier jugée"})
    judged_digest = fields.String(required=True, metadata=_DIGEST)
    valid_until = IsoDate(required=True, allow_none=True, metadata={"description": "fin de validité fixée"})
    next_bilan_due = IsoDate(required=True, allow_none=True, metadata={"description": "date du prochain bilan"})


class AuditFactOut(Open):
    kind = Choice(KIND_LABELS, required=True, metadata={"description": "sorte d'événement"})
    kind_label = fields.String(required=True, metadata={"description": "sorte d'événement, en français"})
    stage = Choice(STAGE_LABELS, required=True, metadata={"description": "avant l'octroi, l'octroi, ou pendant"})
    stage_label = fields.String(required=True, metadata={"description": "place du fait, en français"})
    sentence = fields.String(required=True, metadata={"description": "le fait, en une phrase"})
    version = fields.Integer(required=True, metadata={"description": "version de la coopérative à cet événement"})
    effective_on = IsoDate(required=True, metadata={"description": "date métier"})
    recorded_at = IsoDateTime(required=True, metadata={"description": "date d'enregistrement (UTC)"})
    actor = fields.String(required=True, metadata={"description": "identifiant de l'auteur"})
    actor_name = fields.String(required=True, metadata={"description": "nom affiché de l'auteur"})
    position = fields.Integer(required=True, allow_none=True, metadata={"description": "position dans le journal"})
    chain_rank = fields.Integer(required=True, allow_none=True, metadata={"description": "rang dans la chaîne"})
    chain_digest = fields.String(required=True, allow_none=True,
                                 metadata={"description": "empreinte de l'événement dans la chaîne (null : pas "
                                                          "encore chaîné)"})  # fmt: skip
    dossier_version = fields.Integer(required=True, allow_none=True, metadata={"description": "version déposée"})
    dossier_digest = fields.String(required=True, allow_none=True, metadata=_DIGEST)
    summary = fields.String(required=True, metadata={"description": "compte rendu (point d'étape, bilan)"})
    reason = fields.String(required=True, metadata={"description": "motif (réajustement, retrait, sortie)"})
    verdict = fields.Nested(AuditVerdictOut, required=True, allow_none=True,
                            metadata={"description": "pour un verdict"})  # fmt: skip
    changes = fields.List(fields.Nested(ReadjustmentChangeOut), required=True,
                          metadata={"description": "pour un réajustement : chaque changement, avant → après"})  # fmt: skip


class ValidityOut(Open):
    granted = Choice([Mention.ENGAGED, Mention.CONFIRMED], required=True, metadata={"description": "mention accordée"})
    granted_label = fields.String(required=True, metadata={"description": "mention accordée, en français"})
    granted_on = IsoDate(required=True, metadata={"description": "date de la décision"})
    valid_until_at_grant = IsoDate(required=True, allow_none=True, metadata={"description": "fin de validité fixée"})
    as_of = IsoDate(required=True, metadata={"description": "jour où la validité est lue"})
    held = Choice(list(Mention), required=True, metadata={"description": "mention détenue ce jour-là"})
    held_label = fields.String(required=True, metadata={"description": "mention détenue, en français"})
    valid_until = IsoDate(required=True, allow_none=True, metadata={"description": "valable jusqu'au"})
    expired_on = IsoDate(required=True, allow_none=True, metadata={"description": "expirée le"})
    superseded_on = IsoDate(required=True, allow_none=True, metadata={"description": "mention suivante accordée le"})


class ChainHeadOut(Open):
    head_position = fields.Integer(required=True, metadata={"description": "position du dernier événement chaîné"})
    head_digest = fields.String(required=True, metadata=_DIGEST)
    count = fields.Integer(required=True, metadata={"description": "nombre d'événements chaînés"})


class MentionAuditOut(Open):
    cooperative_id = Id(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)
    mention_number = fields.Integer(required=True, metadata={"description": "n° de la mention auditée"})
    mentions_granted = fields.Integer(required=True, metadata={"description": "mentions accordées à ce jour"})
    validity = fields.Nested(ValidityOut, required=True)
    facts = fields.List(fields.Nested(AuditFactOut), required=True,
                        metadata={"description": "les faits, dans l'ordre des dates métier"})  # fmt: skip
    chain = fields.Nested(ChainHeadOut, required=True, metadata={"description": "tête de la chaîne à la lecture"})


class SigningKeyOut(Open):
    algorithm = fields.String(required=True, metadata={"description": "Ed25519"})
    public_key = fields.String(
        required=True, metadata={"description": "clé publique brute (32 octets), en hexadécimal"}
    )
    public_key_pem = fields.String(required=True, metadata={"description": "la même, au format PEM"})
    fingerprint = fields.String(required=True, metadata={"description": "empreinte courte, à comparer à l'œil"})
