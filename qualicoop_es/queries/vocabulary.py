"""The closed lists and French labels that pages, schemas and the command line show or validate against."""

from __future__ import annotations

from qualicoop_es.accounts.aggregate import ROLES
from qualicoop_es.aggregates.dossier import INDICATOR_FIELDS, INTENT_FIELDS
from qualicoop_es.aggregates.operations import NAMES as OPERATION_NAMES
from qualicoop_es.aggregates.standing import DUE_LABELS, MENTION_LABELS, STEP_LABELS, STEP_OF_PHASE, Mention, Step
from qualicoop_es.aggregates.values import (
    ACTIVITIES,
    ENGAGEMENT_NUMBERS,
    LEGAL_FORMS,
    MENTIONS,
    MONTHS,
    PHASE_LABELS,
    STAKEHOLDERS,
    VERDICT_LABELS,
    VerdictKind,
    check_text,
    french_date,
    pillar_of,
)
from qualicoop_es.dossier_diff import FIELD_LABELS
from qualicoop_es.projections.sentences import KIND_LABELS, event_kinds, french_number
from qualicoop_es.rules import MIN_PER_PILLAR

#: role code → French label, as the pages show it (the accounts' ROLES name the same roles)
ROLE_LABELS: dict[str, str] = {"federation": "Équipe fédérale", "committee": "Comité de validation",
                               "cooperative": "Référent de coopérative", "auditor": "Auditeur"}  # fmt: skip

#: Every field a form sends or an error names → its French label: what an error summary shows, so a raw key never
#: reaches a page. The dossier's own fields are ``FIELD_LABELS``'; the others are the forms' and the commands'.
FORM_LABELS: dict[str, str] = {name: label for name, (label, _) in FIELD_LABELS.items()} | {
    "effective_on": "date", "summary": "synthèse", "reason": "motif", "value": "valeur", "comment": "commentaire",
    "number": "engagement", "indicator_id": "indicateur", "action_id": "action", "ceremony": "cérémonie",
    "mention": "mention", "session_reference": "session du comité", "members_present": "membres présents",
    "rationale": "motivation", "kind": "décision", "axes": "axes de travail", "next_bilan_due": "date du prochain bilan",
    "judged_version": "version jugée", "email": "adresse électronique", "password": "mot de passe",
    "year": "année", "role": "rôle", "cooperative": "coopérative", "affiliations": "coopératives d'appartenance",
    "basis": "base de lecture", "as_recorded_on": "date d'enregistrement", "official": "intitulé officiel",
    "format": "format", "actor": "auteur", "from": "version de départ", "to": "version d'arrivée",
    "reference": "référence de la séance", "held_on": "date de la séance", "file": "fichier de sauvegarde",
    "destination": "stockage de destination",
}  # fmt: skip

__all__ = [
    "ACTIVITIES",
    "DUE_LABELS",
    "ENGAGEMENT_NUMBERS",
    "FIELD_LABELS",
    "FORM_LABELS",
    "INDICATOR_FIELDS",
    "INTENT_FIELDS",
    "KIND_LABELS",
    "LEGAL_FORMS",
    "MENTIONS",
    "MENTION_LABELS",
    "MIN_PER_PILLAR",
    "MONTHS",
    "OPERATION_NAMES",
    "PHASE_LABELS",
    "ROLES",
    "ROLE_LABELS",
    "STAKEHOLDERS",
    "STEP_LABELS",
    "STEP_OF_PHASE",
    "VERDICT_LABELS",
    "Mention",
    "Step",
    "VerdictKind",
    "check_text",
    "event_kinds",
    "french_date",
    "french_number",
    "pillar_of",
]
