"""French labels and sentences for the timeline (used when the projections' own sentences are not available)."""

from __future__ import annotations

import re
from typing import Any

from qualicoop_es.aggregates import values as v

KIND_LABELS: dict[str, str] = {
    "registered": "Inscription",
    "kit_requested": "Demande du kit",
    "first_meeting_held": "Première rencontre",
    "identity_card_updated": "Fiche d'identité",
    "intent_note_updated": "Note d'intention",
    "engagement_chosen": "Engagement choisi",
    "engagement_revised": "Engagement révisé",
    "engagement_dropped": "Engagement abandonné",
    "action_added": "Action ajoutée",
    "action_revised": "Action révisée",
    "action_removed": "Action supprimée",
    "indicator_defined": "Indicateur défini",
    "indicator_revised": "Indicateur révisé",
    "indicator_removed": "Indicateur supprimé",
    "dossier_submitted": "Dépôt du dossier",
    "verdict_recorded": "Verdict du comité",
    "checkpoint_held": "Point d'étape",
    "objectives_readjusted": "Réajustement des objectifs",
    "indicator_measured": "Mesure d'indicateur",
    "bilan_submitted": "Dépôt du bilan",
    "diploma_awarded": "Remise du diplôme",
    "approach_left": "Sortie de la démarche",
    "mention_withdrawn": "Retrait de la mention",
}

_CLASS_TO_KIND = {"Created": "registered"}


def kind_code(class_name: str) -> str:
    """``VerdictRecorded`` → ``verdict_recorded`` (the registration event is ``registered``)."""
    return _CLASS_TO_KIND.get(class_name) or re.sub(r"(?<!^)([A-Z])", r"_\1", class_name).lower()


def sentence(kind: str, data: dict[str, Any]) -> str:
    n = data.get("number")
    simple = {
        "kit_requested": "La coopérative a demandé le kit Quali'Coop.",
        "first_meeting_held": "Première rencontre avec l'équipe fédérale.",
        "identity_card_updated": "La fiche d'identité a été mise à jour.",
        "intent_note_updated": "La note d'intention stratégique a été mise à jour.",
        "engagement_chosen": f"L'engagement n°{n} a été choisi.",
        "engagement_revised": f"L'engagement n°{n} a été révisé.",
        "engagement_dropped": f"L'engagement n°{n} a été abandonné.",
        "action_added": f"Action ajoutée à l'engagement n°{n} : « {data.get('title', '')} ».",
        "action_revised": f"L'action {data.get('action_id')} a été révisée.",
        "action_removed": f"L'action {data.get('action_id')} a été supprimée.",
        "indicator_defined": f"Indicateur défini pour l'engagement n°{n} : « {(data.get('fields') or {}).get('label', '')} ».",
        "indicator_revised": f"L'indicateur {data.get('indicator_id')} a été révisé.",
        "indicator_removed": f"L'indicateur {data.get('indicator_id')} a été supprimé.",
        "checkpoint_held": f"Point d'étape avec la fédération : {data.get('summary', '')}",
        "indicator_measured": f"Mesure de l'indicateur {data.get('indicator_id')} : {data.get('value')}.",
        "bilan_submitted": f"Bilan déposé (version {data.get('dossier_version')} du dossier).",
        "approach_left": f"La coopérative a quitté la démarche : {data.get('reason', '')}",
        "mention_withdrawn": f"La mention a été retirée : {data.get('reason', '')}",
    }
    if kind in simple:
        return simple[kind]
    if kind == "registered":
        return f"Inscription de {data.get('name', 'la coopérative')} dans la démarche Quali'Coop."
    if kind == "dossier_submitted":
        return f"Dossier déposé au comité de validation (version {data.get('dossier_version')})."
    if kind == "verdict_recorded":
        label = v.VERDICT_LABELS.get(str(data.get("kind")), str(data.get("kind")))
        return f"Le comité de validation {label} (version {data.get('judged_version')} jugée)."
    if kind == "objectives_readjusted":
        count = len(data.get("changes") or [])
        return f"Objectifs réajustés ({count} modification{'s' if count > 1 else ''}) : {data.get('reason', '')}"
    if kind == "diploma_awarded":
        return f"Diplôme « {v.MENTIONS.get(str(data.get('mention')), '')} » remis ({data.get('ceremony', '')})."
    return KIND_LABELS.get(kind, kind)
