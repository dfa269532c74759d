"""The deterministic cooperative histories of ``bench/write_read.py``: the commands of one history, and writing
it through the application (one use case per event) or building it on the aggregate in memory."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from qualicoop_es.access import Actor
from qualicoop_es.accounts.aggregate import Account
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import siren_with_key
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.config import Settings

TODAY = date(2026, 11, 26)
START = date(2022, 1, 10)
VALIDATED = date(2022, 4, 12)
NUMBERS = (1, 2, 3, 5, 6, 9, 10, 11)  # 8 engagements, at least 2 per pillar
PREP_EVENTS = 5 + 3 * len(NUMBERS) + 2  # up to and including the validation
MEMBER = str(uuid5(NAMESPACE_URL, "https://bench.qualicoop.test/comite/1"))
REF, FED = "referent-bench", "federation-1"

Steps = list[tuple[str, dict[str, Any]]]


def siren(i: int) -> str:
    body = f"{31_000_000 + i:08d}"
    return siren_with_key(body)


def script(n_events: int) -> Steps:
    """The commands after registration for a history of ``n_events`` events (n_events >= PREP_EVENTS)."""
    if n_events < PREP_EVENTS:
        raise SystemExit(f"--events must be at least {PREP_EVENTS}")
    steps = _preparation(START)
    day = START + timedelta(days=20)
    for k, number in enumerate(NUMBERS, start=1):
        steps += _engagement(day, k, number)
    steps.append(("submit_dossier", {"actor": REF, "effective_on": day + timedelta(days=30)}))
    judged = len(steps)  # the version before the submission (registration is version 1)
    steps.append(("record_verdict", {"actor": MEMBER, "effective_on": VALIDATED, "kind": "validate",
                                     "session_reference": "CV-2022-04", "members_present": [MEMBER],
                                     "rationale": "Dossier pertinent.", "judged_version": judged}))  # fmt: skip
    k = 0
    while len(steps) + 1 < n_events:
        steps.append(_implementation(k))
        k += 1
    return steps


def _preparation(day: date) -> Steps:
    return [
        ("request_kit", {"actor": REF, "effective_on": day}),
        ("hold_first_meeting", {"actor": FED, "effective_on": day + timedelta(days=10), "summary": "Rencontre."}),
        ("update_identity", {"actor": REF, "effective_on": day + timedelta(days=11), "changes": {
            "homes_managed": 1200, "homes_delivered_per_year": 40, "members": 800, "staff": 25,
            "governance_bodies": "Conseil d'administration de 12 membres ; assemblée générale annuelle.",
            "contact": "Direction générale — référent Quali'Coop"}}),
        ("update_intent_note", {"actor": REF, "effective_on": day + timedelta(days=12), "changes": {
            "motivations": "Rendre lisible notre mission.", "ambitions": "Doubler l'offre en BRS.",
            "human_means": "Un référent à mi-temps.", "financial_means": "50 k€ par an.",
            "stakeholders": ["administrateurs", "salaries"]}}),
    ]  # fmt: skip


def _engagement(day: date, k: int, number: int) -> Steps:
    return [
        ("change_dossier", {"actor": REF, "effective_on": day, "op": {
            "op": "choose_engagement", "number": number, "activities": ["accession_sociale"],
            "context": "Engagement retenu avec les administrateurs."}}),
        ("change_dossier", {"actor": REF, "effective_on": day, "op": {
            "op": "add_action", "number": number, "title": f"Action de l'engagement n°{number}",
            "description": "Programmer chaque année des opérations en PSLA dans les communes en zone tendue."}}),
        ("change_dossier", {"actor": REF, "effective_on": day, "op": {
            "op": "define_indicator", "number": number, "fields": {
                "label": f"Logements PSLA lancés par an (n°{k})", "unit": "logements", "baseline": 20,
                "target": 40, "target_date": date(2024, 6, 30)}}}),
    ]  # fmt: skip


def _implementation(k: int) -> tuple[str, dict[str, Any]]:
    """The ``k``-th step after the validation: a readjustment every 40, a checkpoint every 10, else a measurement."""
    on = min(TODAY, VALIDATED + timedelta(days=1 + k // 4))
    if k % 40 == 39:
        return ("readjust_objectives", {"actor": REF, "effective_on": on, "reason": "Point d'étape.",
                                        "changes": [{"op": "revise_indicator", "indicator_id": "I1",
                                                     "changes": {"target": 40 + k % 7}}]})  # fmt: skip
    if k % 10 == 0:
        return ("hold_checkpoint", {"actor": FED, "effective_on": on, "summary": "Point d'étape."})
    return ("measure_indicator", {"actor": REF, "effective_on": on, "indicator_id": f"I{1 + k % len(NUMBERS)}",
                                  "value": Decimal(20 + k % 20), "comment": "Tableau de bord."})  # fmt: skip


REGISTER: dict[str, Any] = {"name": "Coop Habitat Bench", "legal_form": "SCIC", "departement": "44",
                            "activities": ["accession_sociale"]}  # fmt: skip


def write_per_command(app: QualicoopApplication, i: int, steps: Steps) -> UUID:
    """The history through the application: one use case (one transaction) per event, by operators."""
    coop_id = app.register_cooperative(siren=siren(i), effective_on=START, actor=Actor.operator(FED),
                                       **REGISTER).aggregate_id  # fmt: skip
    for name, kwargs in steps:
        getattr(app, name)(coop_id, **{**kwargs, "actor": Actor.operator(kwargs["actor"])})
    return coop_id


def build_whole_history(i: int, steps: Steps) -> Cooperative:
    """The history on the aggregate in memory (its commands and guards), not saved."""
    s = siren(i)
    coop = Cooperative(id=Cooperative.id_for_siren(s), siren=s, effective_on=START, actor=FED, **REGISTER)
    for name, kwargs in steps:
        extra = {"catalogue_version": 1} if name in ("change_dossier", "submit_dossier", "readjust_objectives") else {}
        getattr(coop, name)(today=TODAY, **kwargs, **extra)
    return coop


def app_at(path: str, snapshot_interval: int = 50) -> QualicoopApplication:
    env = Settings(database_url=f"sqlite:///{path}").event_store_env()
    app = QualicoopApplication(env, clock=lambda: TODAY, snapshot_interval=snapshot_interval)
    app.ensure_catalogue(actor=Actor.operator(FED))
    member = Account.open(account_id=UUID(MEMBER), actor=FED, effective_on=START)
    member.grant(actor=FED, effective_on=START, role="committee")
    app.save(member)  # the committee member named present at the verdicts (checked by record_verdict)
    return app


def full_replay(app: QualicoopApplication, coop_id: UUID) -> Cooperative:
    aggregate = None
    for event in app.events.get(coop_id):
        aggregate = event.mutate(aggregate)
    assert aggregate is not None
    return aggregate
