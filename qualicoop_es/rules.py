"""The rules a dossier must satisfy to be submitted and to stay valid after any readjustment.

They live here, in one place, because the kit's wording may change them. Each rule is a named function
returning the failures it finds; ``checklist`` runs them all and says which hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from qualicoop_es.aggregates.values import ACTIVITIES, PILLARS, add_months, french_date, pillar_of
from qualicoop_es.dossier_diff import FIELD_LABELS
from qualicoop_es.errors import RuleFailure, RuleViolation

MIN_ENGAGEMENTS = 8
MIN_PER_PILLAR = 2
IDENTITY_REQUIRED = (
    "name", "legal_form", "siren", "departement", "activities", "homes_managed",
    "homes_delivered_per_year", "members", "staff", "governance_bodies", "contact",
)  # fmt: skip
INTENT_REQUIRED = ("motivations", "ambitions", "human_means", "financial_means", "stakeholders")

Dossier = dict[str, Any]


def min_engagements(dossier: Dossier) -> list[RuleFailure]:
    count = len(dossier["engagements"])
    if count >= MIN_ENGAGEMENTS:
        return []
    return [RuleFailure("min_engagements",
                        f"Au moins {MIN_ENGAGEMENTS} engagements sur 12 doivent être choisis ({count} choisis).",
                        {"chosen": count, "minimum": MIN_ENGAGEMENTS})]  # fmt: skip


def min_per_pillar(dossier: Dossier) -> list[RuleFailure]:
    failures = []
    for pillar in PILLARS:
        count = sum(1 for n in dossier["engagements"] if pillar_of(int(n)) == pillar)
        if count < MIN_PER_PILLAR:
            failures.append(RuleFailure(
                "min_per_pillar",
                f"Pilier {pillar} : au moins {MIN_PER_PILLAR} engagements attendus ({count} choisis).",
                {"pillar": pillar, "chosen": count, "minimum": MIN_PER_PILLAR}))  # fmt: skip
    return failures


def activities_covered(dossier: Dossier) -> list[RuleFailure]:
    covered = {a for e in dossier["engagements"].values() for a in e["activities"]}
    missing = [a for a in dossier["identity"].get("activities") or [] if a not in covered]
    if not missing:
        return []
    labels = ", ".join(ACTIVITIES.get(a, a) for a in missing)
    return [RuleFailure("activities_covered",
                        f"Activités couvertes par aucun engagement choisi : {labels}.",
                        {"missing": missing})]  # fmt: skip


def engagements_complete(dossier: Dossier) -> list[RuleFailure]:
    failures = []
    for number in sorted(dossier["engagements"], key=int):
        engagement = dossier["engagements"][number]
        lacks = [what for what, key in (("une action", "actions"), ("un indicateur", "indicators"))
                 if not engagement[key]]  # fmt: skip
        if lacks:
            failures.append(RuleFailure(
                "engagement_complete",
                f"L'engagement n°{number} doit avoir au moins {' et '.join(lacks)}.",
                {"engagement": int(number), "missing": ["action" if "action" in w else "indicator" for w in lacks]}))  # fmt: skip
    return failures


def _section_complete(dossier: Dossier, section: str, required: tuple[str, ...], rule: str,
                      title: str) -> list[RuleFailure]:  # fmt: skip
    missing = [f for f in required if dossier[section].get(f) in (None, "", [])]
    if not missing:
        return []
    labels = ", ".join(FIELD_LABELS[f][0] if f in FIELD_LABELS else f for f in missing)
    return [RuleFailure(rule, f"{title} incomplète : {labels}.", {"missing": missing})]


def identity_complete(dossier: Dossier) -> list[RuleFailure]:
    return _section_complete(dossier, "identity", IDENTITY_REQUIRED, "identity_complete", "Fiche d'identité")


def intent_complete(dossier: Dossier) -> list[RuleFailure]:
    return _section_complete(dossier, "intent", INTENT_REQUIRED, "intent_complete", "Note d'intention stratégique")


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    check: Callable[[Dossier], list[RuleFailure]]


RULES: tuple[Rule, ...] = (
    Rule("min_engagements", f"Au moins {MIN_ENGAGEMENTS} engagements choisis sur 12", min_engagements),
    Rule("min_per_pillar", f"Au moins {MIN_PER_PILLAR} engagements dans chaque pilier", min_per_pillar),
    Rule("activities_covered", "Chaque activité couverte par au moins un engagement", activities_covered),
    Rule("engagement_complete", "Chaque engagement a au moins une action et un indicateur", engagements_complete),
    Rule("identity_complete", "Fiche d'identité complète", identity_complete),
    Rule("intent_complete", "Note d'intention stratégique complète", intent_complete),
)


def failures(dossier: Dossier) -> list[RuleFailure]:
    """Every failing rule, in the order of the checklist."""
    return [failure for rule in RULES for failure in rule.check(dossier)]


def require_valid(dossier: Dossier) -> None:
    found = failures(dossier)
    if found:
        raise RuleViolation(found)


def checklist(dossier: Dossier) -> list[dict[str, Any]]:
    """The checklist shown to the cooperative: each rule, whether it holds, and what is wrong."""
    items = []
    for rule in RULES:
        found = rule.check(dossier)
        items.append({"rule": rule.code, "label": rule.label, "ok": not found,
                      "problems": [f.message for f in found]})  # fmt: skip
    return items


# -- the seed's steps: what must come before a submission, and when a bilan is accepted -------------------------

#: A bilan is accepted from this many months before it is due: from month 15 of the 18 months of « Engagée », and
#: likewise before each renewal or each bilan date a committee sets (never before the decision that set it).
BILAN_WINDOW_MONTHS = 3


def bilan_accepted_from(decided_on: date, due: date) -> date:
    """The first day a bilan due on ``due`` (set by a decision on ``decided_on``) is accepted."""
    return max(decided_on, add_months(due, -BILAN_WINDOW_MONTHS))


def require_seed_steps(kit_requested_on: date | None, first_meeting_on: date | None) -> None:
    """A dossier is submitted after the kit request and the first meeting with the federal team."""
    found = []
    if kit_requested_on is None:
        found.append(RuleFailure("kit_requested", "Le kit Quali'Coop n'a pas été demandé.", {}))
    if first_meeting_on is None:
        found.append(RuleFailure("first_meeting_held", "La première rencontre avec l'équipe fédérale n'a pas eu lieu.",
                                 {}))  # fmt: skip
    if found:
        raise RuleViolation(found, "Le dossier ne peut pas encore être déposé")


def require_bilan_window(day: date, accepted_from: date | None, due: date | None) -> None:
    """A bilan dated before its window opens is refused, naming the day from which it will be accepted."""
    if accepted_from is not None and due is not None and day < accepted_from:
        message = (f"Le bilan est recevable à partir du {french_date(accepted_from)} ({BILAN_WINDOW_MONTHS} mois "
                   f"avant l'échéance du {french_date(due)}).")  # fmt: skip
        failure = RuleFailure("bilan_window", message, {"accepted_from": accepted_from.isoformat(),
                                                        "due": due.isoformat()})  # fmt: skip
        raise RuleViolation([failure], "Le bilan ne peut pas encore être déposé")
