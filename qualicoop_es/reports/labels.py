"""French labels of every code a report shows (tables, rows, measures): no raw key reaches a reader."""

from __future__ import annotations

from collections.abc import Callable

from qualicoop_es.aggregates.catalogue import PILLAR_TITLES
from qualicoop_es.aggregates.standing import MENTION_LABELS, STEP_LABELS, Mention, Step
from qualicoop_es.aggregates.values import ACTIVITIES, VerdictKind
from qualicoop_es.reports.regions import departement_label, region_label

VERDICTS: dict[str, str] = {
    VerdictKind.VALIDATE.value: "Dossier validé (Engagée)",
    VerdictKind.MATURE.value: "Dossier à faire mûrir",
    VerdictKind.CONFIRM.value: "Mention confirmée",
    VerdictKind.CONTINUE_WORK.value: "Travail à poursuivre",
}
OPERATIONS: dict[str, str] = {
    "choose_engagement": "Engagement ajouté", "revise_engagement": "Engagement révisé",
    "drop_engagement": "Engagement abandonné", "add_action": "Action ajoutée", "revise_action": "Action révisée",
    "remove_action": "Action retirée", "define_indicator": "Indicateur ajouté",
    "revise_indicator": "Indicateur révisé (cible, libellé…)", "remove_indicator": "Indicateur retiré",
}  # fmt: skip
BILANS = {"on_time": "Déposés à temps", "late": "Déposés en retard", "no_due_date": "Sans échéance fixée"}
DURATIONS = {"kit_to_validation": "De la demande de kit à la validation",
             "validation_to_confirmation": "De la validation à la confirmation"}  # fmt: skip
INDICATORS = {"on_target": "Cible atteinte", "off_target": "Cible non atteinte", "not_measured": "Non mesuré"}
MENTION_ORDER = [m.value for m in Mention]
STEP_ORDER = [s.value for s in Step]


def pillar(number: int | str) -> str:
    return f"Pilier {number} — {PILLAR_TITLES[int(number)]['name']}" if str(number) in "123" else str(number)


def engagement(number: str) -> str:
    return "Engagement non retrouvé" if number == "?" else f"Engagement n°{number}"


ROW_LABELS: dict[str, Callable[[str], str]] = {
    "mentions": lambda k: MENTION_LABELS.get(k, k),
    "steps": lambda k: STEP_LABELS.get(k, k),
    "departements": departement_label,
    "regions": region_label,
    "activities": lambda k: ACTIVITIES.get(k, k),
    "verdicts": lambda k: VERDICTS.get(k, k),
    "bilans": lambda k: BILANS.get(k, k),
    "durations": lambda k: DURATIONS.get(k, k),
    "readjustment_engagements": engagement,
    "readjustment_kinds": lambda k: OPERATIONS.get(k, k),
    "engagements": engagement,
    "indicators": pillar,
}
