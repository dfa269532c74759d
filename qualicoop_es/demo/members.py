"""The demonstration's people as accounts: the federal team, the committee's members and the referents.

Each is opened once (idempotent: an id already in the store is left alone) through the account service, like any
person's account: a fictional display name, a placeholder e-mail and no password (they exist to sign the facts, not
to sign in). Each role runs from a business date no later than the first fact its holder signs:

- the federal team from the demonstration's epoch, opened by the demonstration's seeder (``demo-seed``: someone
  has to open the first accounts, and it is the only system actor the demonstration keeps);
- the committee from the epoch too, opened by the team's lead;
- a referent from its cooperative's registration (the role names the cooperative, so it cannot come earlier),
  opened by the staff member who registered it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor, Role
from qualicoop_es.accounts.service import accounts_of
from qualicoop_es.demo.committee import AFFILIATION, MEMBERS, Committee, member_id
from qualicoop_es.demo.team import STAFF, Team, referent_email, referent_id, staff_email, staff_id

#: The federal team is opened by the demo loader, an operator on the server.
SEEDER = Actor.operator("demo-seed")


def seat(svc: bootstrap.Services, committee: Committee, team: Team) -> None:
    """Open the team's accounts, then every member's not yet open except the affiliated one (who waits for their
    cooperative)."""
    for key, name in STAFF:
        _open(
            svc, staff_id(team.seed, key), staff_email(team.seed, key), name, "federation", SEEDER, committee.seated_on
        )
    for key, name in MEMBERS:
        if key != AFFILIATION[0]:
            _member(svc, committee, team, key, name, [])


def registered(svc: bootstrap.Services, committee: Committee, team: Team, *, name: str, siren: str, coop_id: UUID,
               day: date, by: Actor) -> None:  # fmt: skip
    """A cooperative was just registered by ``by`` on ``day``: its referent's account is opened, and a member who
    belongs to it is seated now, affiliated with it."""
    _open(svc, referent_id(team.seed, siren), referent_email(team.seed, siren), team.referent_name(siren),
          "cooperative", by, day, cooperative_id=coop_id)  # fmt: skip
    key, coop_name = AFFILIATION
    if name != coop_name:
        return
    committee.affiliate(key, coop_id)
    _member(svc, committee, team, key, dict(MEMBERS)[key], [coop_id])


def _member(svc: bootstrap.Services, committee: Committee, team: Team, key: str, name: str,
            affiliations: list[UUID]) -> None:  # fmt: skip
    email = f"comite-{key}-{committee.seed}@demo.qualicoop.test"
    _open(
        svc,
        member_id(committee.seed, key),
        email,
        name,
        "committee",
        Actor(team.lead, Role.FEDERATION),
        committee.seated_on,
        affiliations=affiliations,
    )


def _open(svc: bootstrap.Services, account_id: UUID, email: str, name: str, role: str, actor: Actor, day: date, *,
          cooperative_id: UUID | None = None, affiliations: Iterable[UUID] = ()) -> None:  # fmt: skip
    if account_id in svc.app.repository:  # loaded before (idempotent)
        return
    accounts_of(svc).add(email, role=role, actor=actor, display_name=name, cooperative_id=cooperative_id,
                         affiliations=affiliations, account_id=account_id, effective_on=day)  # fmt: skip
