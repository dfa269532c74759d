"""Kinds, French labels and readable French sentences for every event of the log."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from qualicoop_es.accounts.aggregate import ROLES, Account
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.catalogue import Catalogue
from qualicoop_es.aggregates.committee_session import CommitteeSession
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.aggregates.values import MONTHS, french_date

__all__ = ["MONTHS", "french_date"]


def french_number(value: Decimal | int | float) -> str:
    """« 12,5 » — the decimal comma, the value as recorded."""
    return str(value).replace(".", ",")


def _with(text: str, detail: str) -> str:
    return f"{text} : {detail}" if detail else text


def _verdict(e: Any) -> str:
    text = f"Le comité de validation {v.VERDICT_LABELS[e.kind.value]} (version {e.judged_version})"
    if e.axes:
        text += " sur les engagements n°" + ", ".join(str(a) for a in e.axes)
    return f"{text} — session du {french_date(e.effective_on)}"


_IDENTITY_LABELS = {"name": "nom", "legal_form": "forme juridique", "departement": "département",
                    "activities": "activités", "homes_managed": "logements gérés",
                    "homes_delivered_per_year": "logements livrés par an", "members": "sociétaires",
                    "staff": "salariés", "governance_bodies": "instances", "contact": "contact"}  # fmt: skip


def _role(role: str) -> str:
    return f"Rôle « {ROLES.get(role, role).lower()} »"


def _granted(e: Any) -> str:
    """Ids only: an account's events never carry personal data, and neither do their sentences."""
    text = f"{_role(e.role)} accordé au compte {e.originator_id}"
    if e.cooperative_id:
        text += f" pour la coopérative {e.cooperative_id}"
    if e.affiliations:
        count = len(e.affiliations)
        text += f" ({count} coopérative{'s' if count > 1 else ''} d'appartenance déclarée{'s' if count > 1 else ''})"
    return text


Sentence = Callable[[Any], str]

#: event class → (kind, French label of the kind, sentence)
KINDS: dict[type, tuple[str, str, Sentence]] = {
    C.Created: ("registered", "Inscription",
                lambda e: f"Inscription de la coopérative « {e.name} » dans la démarche"),
    C.KitRequested: ("kit_requested", "Kit demandé", lambda e: "Kit demandé"),
    C.FirstMeetingHeld: ("first_meeting_held", "Première rencontre",
                         lambda e: "Première rencontre avec l'équipe fédérale"),
    C.IdentityCardUpdated: ("identity_card_updated", "Fiche d'identité",
                            lambda e: "Fiche d'identité mise à jour ("
                            + ", ".join(_IDENTITY_LABELS.get(k, k) for k in sorted(e.changes)) + ")"),
    C.IntentNoteUpdated: ("intent_note_updated", "Note d'intention",
                          lambda e: "Note d'intention stratégique mise à jour"),
    C.EngagementChosen: ("engagement_chosen", "Engagement choisi", lambda e: f"Engagement n°{e.number} choisi"),
    C.EngagementRevised: ("engagement_revised", "Engagement révisé", lambda e: f"Engagement n°{e.number} révisé"),
    C.EngagementDropped: ("engagement_dropped", "Engagement abandonné",
                          lambda e: _with(f"Engagement n°{e.number} abandonné", e.reason)),
    C.ActionAdded: ("action_added", "Action ajoutée",
                    lambda e: f"Action {e.action_id} ajoutée à l'engagement n°{e.number} : {e.title}"),
    C.ActionRevised: ("action_revised", "Action révisée", lambda e: f"Action {e.action_id} révisée"),
    C.ActionRemoved: ("action_removed", "Action retirée",
                      lambda e: _with(f"Action {e.action_id} retirée", e.reason)),
    C.IndicatorDefined: ("indicator_defined", "Indicateur défini",
                         lambda e: f"Indicateur {e.indicator_id} défini pour l'engagement n°{e.number} : "
                         f"{e.fields.get('label', '')}"),
    C.IndicatorRevised: ("indicator_revised", "Indicateur révisé",
                         lambda e: f"Indicateur {e.indicator_id} révisé"),
    C.IndicatorRemoved: ("indicator_removed", "Indicateur retiré",
                         lambda e: _with(f"Indicateur {e.indicator_id} retiré", e.reason)),
    C.DossierSubmitted: ("dossier_submitted", "Dossier déposé",
                         lambda e: f"Dossier déposé (version {e.dossier_version})"),
    C.VerdictRecorded: ("verdict_recorded", "Verdict du comité", _verdict),
    C.CheckpointHeld: ("checkpoint_held", "Point d'étape", lambda e: "Point d'étape"),
    C.ObjectivesReadjusted: ("objectives_readjusted", "Objectifs réajustés",
                             lambda e: _with("Objectifs réajustés", e.reason)),
    C.IndicatorMeasured: ("indicator_measured", "Mesure d'indicateur",
                          lambda e: f"Indicateur {e.indicator_id} mesuré : {french_number(e.value)}"),
    C.BilanSubmitted: ("bilan_submitted", "Bilan déposé", lambda e: "Bilan déposé"),
    C.DiplomaAwarded: ("diploma_awarded", "Diplôme remis",
                       lambda e: f"Diplôme remis : {v.MENTIONS[e.mention.value]}"),
    C.ApproachLeft: ("approach_left", "Sortie de la démarche", lambda e: _with("Sortie de la démarche", e.reason)),
    C.MentionWithdrawn: ("mention_withdrawn", "Mention retirée", lambda e: _with("Mention retirée", e.reason)),
    Catalogue.Created: ("catalogue_established", "Catalogue établi",
                        lambda e: "Catalogue des 12 engagements établi"),
    Catalogue.EngagementWordingRevised: ("engagement_wording_revised", "Intitulé révisé",
                                         lambda e: f"Intitulé de l'engagement n°{e.number} révisé"),
    CommitteeSession.Created: ("committee_session_held", "Séance du comité",
                               lambda e: f"Séance du comité {e.reference} du {french_date(e.held_on)} "
                               f"({len(e.members)} membre{'s' if len(e.members) > 1 else ''})"),
    # accounts: the reason of a revocation is free text, kept in the event's data but out of the sentence
    Account.Created: ("account_opened", "Compte ouvert", lambda e: f"Compte {e.originator_id} ouvert"),
    Account.RoleGranted: ("role_granted", "Rôle accordé", _granted),
    Account.RoleRevoked: ("role_revoked", "Rôle retiré",
                          lambda e: f"{_role(e.role)} retiré au compte {e.originator_id}"),
    Account.PersonalDataErased: ("personal_data_erased", "Données personnelles effacées",
                                 lambda e: f"Données personnelles du compte {e.originator_id} effacées"),
}  # fmt: skip


def kind_of_topic(topic: str) -> str:
    """A readable kind for an event class this code does not know (a newer one): its topic's name."""
    parts = topic.split(".")
    return parts[-2] if len(parts) >= 2 else topic


#: every kind → its French label, in the order of the approach
KIND_LABELS: dict[str, str] = {kind: label for kind, label, _ in KINDS.values()}


def event_kinds() -> dict[str, str]:
    """Every kind → its French label, in the order of the approach (for filters)."""
    return dict(KIND_LABELS)
