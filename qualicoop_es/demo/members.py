"""The committee's members as accounts: opened once each, their role dated from the demonstration's epoch.

Their fictional names go to the accounts table (through the account service, like any person's), with a
placeholder e-mail and no password: they exist to be named present at the verdicts, not to sign in.
"""

from __future__ import annotations

from uuid import UUID

from qualicoop_es import bootstrap
from qualicoop_es.accounts.service import accounts_of
from qualicoop_es.demo.committee import AFFILIATION, MEMBERS, Committee, member_id
from qualicoop_es.demo.timeline import EPOCH

SEEDER = "demo-seed"


def seat(svc: bootstrap.Services, committee: Committee) -> None:
    """Open every member's account not yet open, except the affiliated one (who waits for their cooperative)."""
    for key, name in MEMBERS:
        if key != AFFILIATION[0]:
            _open(svc, committee, key, name, [])


def registered(svc: bootstrap.Services, committee: Committee, name: str, coop_id: UUID) -> None:
    """A cooperative was just registered: a member who belongs to it is seated now, affiliated with it."""
    key, coop_name = AFFILIATION
    if name != coop_name:
        return
    committee.affiliate(key, coop_id)
    _open(svc, committee, key, dict(MEMBERS)[key], [coop_id])


def _open(svc: bootstrap.Services, committee: Committee, key: str, name: str, affiliations: list[UUID]) -> None:
    account_id = member_id(committee.seed, key)
    if account_id in svc.app.repository:  # loaded before (idempotent)
        return
    accounts_of(svc).add(f"comite-{key}-{committee.seed}@demo.qualicoop.test", role="committee", actor=SEEDER,
                         display_name=name, affiliations=affiliations, account_id=account_id, effective_on=EPOCH)  # fmt: skip
