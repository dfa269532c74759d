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


STAFF = Actor.operator("staff-1")


def build_world(database_url: str = "memory://") -> World:
    services = bootstrap.build(Settings(database_url=database_url, secret_key="test-secret"), clock=lambda: TODAY)
    app = services.app
    app.ensure_catalogue(actor=STAFF)
    accounts = accounts_of(services)
    for key, name in COMMITTEE_NAMES.items():  # the members present at the world's verdicts (see support.verdict)
        accounts.add(f"{key}@test.fr", role="committee", actor=STAFF, display_name=name,
                     account_id=UUID(_h.account_id(key)), effective_on=_h.ACCOUNTS_SINCE)  # fmt: skip
    preparing = _named(app, 1, "Coop Habitat Breton", engagements=ENGAGEMENTS[:7])
    submitted = _named(app, 2, "Les Castors de l'Ouest")
    submit(app, submitted)
    matured, judged = _matured(app)
    confirmed = full_lifecycle(app, 4)
    app.update_identity(confirmed, {"name": "Toit Partagé"}, actor=REFERENT, effective_on=date(2025, 10, 2))
    overdue = _named(app, 5, "Coop du Retard", activities=["locatif_social"])
    submit(app, overdue)
    verdict(app, overdue, "validate", date(2022, 4, 1))
    upcoming = _named(app, 6, "Villages Solidaires", on=date(2025, 1, 10), filled_on=date(2025, 2, 1))
    submit(app, upcoming, on=date(2025, 3, 1))
    verdict(app, upcoming, "validate", date(2025, 6, 20))
    _people(services, preparing, submitted, confirmed, overdue)
    return World(services, preparing, submitted, matured, confirmed, overdue, judged)


def _named(app: Any, n: int, name: str, *, on: date = date(2022, 1, 10), filled_on: date = date(2022, 2, 1),
           activities: list[str] | None = None, engagements: tuple[int, ...] = ENGAGEMENTS) -> UUID:  # fmt: skip
    """A cooperative registered on ``on``, its dossier filled on ``filled_on``, under ``name``."""
    coop = register(app, n, on=on, activities=activities)
    fill_dossier(app, coop, on=filled_on, engagements=engagements)
    app.update_identity(coop, {"name": name}, actor=REFERENT, effective_on=filled_on)
    return coop


def _matured(app: Any) -> tuple[UUID, tuple[int, int]]:
    """A dossier sent back to mature, revised, submitted again and validated: the two judged versions."""
    matured = _named(app, 3, "Abri Coopératif")
    first = submit(app, matured)
    verdict(app, matured, "mature", date(2022, 3, 15))
    indicator = next(iter(app.cooperative(matured).dossier["engagements"]["1"]["indicators"]))
    app.change_dossier(matured, {"op": "revise_indicator", "indicator_id": indicator, "changes": {"target": "150"}},
                       actor=REFERENT, effective_on=date(2022, 3, 20))  # fmt: skip
    app.add_action(matured, 1, actor=REFERENT, title="Atelier accédants", effective_on=date(2022, 3, 20))
    second = submit(app, matured, on=date(2022, 3, 25))
    verdict(app, matured, "validate", date(2022, 4, 20))
    return matured, (first, second)


def _people(services: Any, preparing: UUID, submitted: UUID, confirmed: UUID, overdue: UUID) -> None:
    """The accounts that sign in: one per role, two more referents; the committee member belongs to ``overdue``."""
    plan: list[tuple[str, str, str, Any, list[UUID]]] = [
        (EMAILS["federation"], "federation", "Claire Fédé", None, []),
        (EMAILS["committee"], "committee", "Marc Comité", None, [overdue]),
        (EMAILS["auditor"], "auditor", "Alice Audit", None, []),
        (EMAILS["cooperative"], "cooperative", "Rémi Référent", preparing, []),
        (EMAILS["other"], "cooperative", "Sophie Castor", submitted, []),
        (EMAILS["engaged"], "cooperative", "Yann Toit", confirmed, []),
    ]
    for email, role, name, coop_id, affiliations in plan:
        accounts_of(services).add(email, role=role, actor=STAFF, password=PASSWORD, display_name=name,
                                  cooperative_id=coop_id, affiliations=affiliations)  # fmt: skip
