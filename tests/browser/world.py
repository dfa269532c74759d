"""A small network for the page tests: one cooperative per situation the pages must show, and one account per role.

Shared by ``tests/e2e/test_pages*.py`` and the browser tests (plain functions over the application and the
accounts module; the fixed clock makes "today" 2026-11-26).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.config import Settings
from tests import support as _h

ENGAGEMENTS, REFERENT, TODAY = _h.ENGAGEMENTS, _h.REFERENT, _h.TODAY
fill_dossier, register, submit, verdict, full_lifecycle = (
    _h.fill_dossier,
    _h.register,
    _h.submit,
    _h.verdict,
    _h.full_lifecycle,
)

PASSWORD = "motdepasse-de-test-1"
#: Committee members (no password) named present at the world's verdicts.
COMMITTEE_NAMES = {"member-1": "Hélène Verdier", "member-2": "Paul Jurat"}
EMAILS = {"federation": "federation@test.fr", "committee": "comite@test.fr", "auditor": "auditeur@test.fr",
          "cooperative": "referent@test.fr", "other": "autre-referent@test.fr", "engaged": "toit@test.fr"}  # fmt: skip


@dataclass
class World:
    services: bootstrap.Services
    preparing: UUID  # 7 engagements ready: the referent adds the 8th and submits
    submitted: UUID  # awaiting the committee's verdict
    matured: UUID  # asked to mature, then validated: two judged versions to compare
    confirmed: UUID  # full lifecycle, readjusted target and a measurement
    overdue: UUID  # engaged in 2022, bilan overdue (the committee member belongs to it)
    judged: tuple[int, int] = (0, 0)


def build_world(database_url: str = "memory://") -> World:
    services = bootstrap.build(Settings(database_url=database_url, secret_key="test-secret"), clock=lambda: TODAY)
    app = services.app
    app.ensure_catalogue(actor=Actor.operator("staff-1"))
    accounts = accounts_of(services)
    for key, name in COMMITTEE_NAMES.items():  # the members present at the world's verdicts (see support.verdict)
        accounts.add(f"{key}@test.fr", role="committee", actor=Actor.operator("staff-1"), display_name=name,
                     account_id=UUID(_h.account_id(key)), effective_on=_h.ACCOUNTS_SINCE)  # fmt: skip
    preparing = register(app, 1)
    fill_dossier(app, preparing, engagements=ENGAGEMENTS[:7])
    app.update_identity(preparing, {"name": "Coop Habitat Breton"}, actor=REFERENT, effective_on=date(2022, 2, 1))
    submitted = register(app, 2)
    fill_dossier(app, submitted)
    app.update_identity(submitted, {"name": "Les Castors de l'Ouest"}, actor=REFERENT, effective_on=date(2022, 2, 1))
    submit(app, submitted)
    matured = register(app, 3)
    fill_dossier(app, matured)
    app.update_identity(matured, {"name": "Abri Coopératif"}, actor=REFERENT, effective_on=date(2022, 2, 1))
    first = submit(app, matured)
    verdict(app, matured, "mature", date(2022, 3, 15))
    indicator = next(iter(app.cooperative(matured).dossier["engagements"]["1"]["indicators"]))
    app.change_dossier(matured, {"op": "revise_indicator", "indicator_id": indicator, "changes": {"target": "150"}},
                       actor=REFERENT, effective_on=date(2022, 3, 20))  # fmt: skip
    app.add_action(matured, 1, actor=REFERENT, title="Atelier accédants", effective_on=date(2022, 3, 20))
    second = submit(app, matured, on=date(2022, 3, 25))
    verdict(app, matured, "validate", date(2022, 4, 20))
    confirmed = full_lifecycle(app, 4)
    app.update_identity(confirmed, {"name": "Toit Partagé"}, actor=REFERENT, effective_on=date(2025, 10, 2))
    overdue = register(app, 5, activities=["locatif_social"])
    fill_dossier(app, overdue)
    app.update_identity(overdue, {"name": "Coop du Retard"}, actor=REFERENT, effective_on=date(2022, 2, 1))
    submit(app, overdue)
    verdict(app, overdue, "validate", date(2022, 4, 1))
    upcoming = register(app, 6, on=date(2025, 1, 10))
    fill_dossier(app, upcoming, on=date(2025, 2, 1))
    app.update_identity(upcoming, {"name": "Villages Solidaires"}, actor=REFERENT, effective_on=date(2025, 2, 1))
    submit(app, upcoming, on=date(2025, 3, 1))
    verdict(app, upcoming, "validate", date(2025, 6, 20))
    plan: list[tuple[str, str, str, Any, list[UUID]]] = [
        (EMAILS["federation"], "federation", "Claire Fédé", None, []),
        (EMAILS["committee"], "committee", "Marc Comité", None, [overdue]),
        (EMAILS["auditor"], "auditor", "Alice Audit", None, []),
        (EMAILS["cooperative"], "cooperative", "Rémi Référent", preparing, []),
        (EMAILS["other"], "cooperative", "Sophie Castor", submitted, []),
        (EMAILS["engaged"], "cooperative", "Yann Toit", confirmed, []),
    ]
    for email, role, name, coop_id, affiliations in plan:
        accounts.add(email, role=role, actor=Actor.operator("staff-1"), password=PASSWORD, display_name=name,
                     cooperative_id=coop_id, affiliations=affiliations)  # fmt: skip
    return World(services, preparing, submitted, matured, confirmed, overdue, (first, second))
