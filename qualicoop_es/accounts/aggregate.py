"""The account aggregate: an opaque id and the history of its roles (no personal data in its events)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import Conflict, InvalidInput

ROLES: dict[str, str] = {
    "federation": "Équipe fédérale",
    "committee": "Membre du comité de validation",
    "cooperative": "Référent de la coopérative",
    "auditor": "Auditeur",
}

_T = "qualicoop.account."


def check_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInput("role", "Rôle attendu : " + ", ".join(ROLES) + ".")
    return str(role)


class Account(Aggregate):
    TOPIC = "qualicoop.account"

    class Event(Aggregate.Event):
        effective_on: date
        actor: str

    class Created(Aggregate.Created):
        TOPIC = _T + "opened.v1"
        effective_on: date
        actor: str

    class RoleGranted(Event):
        """A role given to the account; it replaces any role held before."""

        TOPIC = _T + "role_granted.v1"
        role: str
        cooperative_id: UUID | None
        affiliations: list[UUID]

        def apply(self, account: Account) -> None:
            account.role = self.role
            account.cooperative_id = self.cooperative_id
            account.affiliations = list(self.affiliations)

    class RoleRevoked(Event):
        TOPIC = _T + "role_revoked.v1"
        role: str
        reason: str

        def apply(self, account: Account) -> None:
            account.without_role()

    class PersonalDataErased(Event):
        """The person's name, e-mail and password were erased from the mutable tables (none are in events)."""

        TOPIC = _T + "personal_data_erased.v1"

        def apply(self, account: Account) -> None:
            account.erased = True
            account.without_role()

    if TYPE_CHECKING:  # attributes set by the events
        role: str | None
        cooperative_id: UUID | None
        affiliations: list[UUID]
        erased: bool

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str) -> None:
        """The ``Created`` event's apply (it runs again on every replay)."""
        self.erased = False
        self.without_role()

    @classmethod
    def open(cls, *, account_id: UUID, actor: str, effective_on: date) -> Account:
        return cls(id=account_id, actor=v.check_actor(actor), effective_on=effective_on)

    def grant(self, *, actor: str, effective_on: date, role: str, cooperative_id: UUID | None = None,
              affiliations: list[UUID] | None = None) -> None:  # fmt: skip
        self._alive()
        role = check_role(role)
        if role == "cooperative" and cooperative_id is None:
            raise InvalidInput("cooperative", "Le rôle « cooperative » est lié à une coopérative : précisez-la.")
        if role != "cooperative" and cooperative_id is not None:
            raise InvalidInput("cooperative", "Seul le rôle « cooperative » est lié à une coopérative.")
        if role != "committee" and affiliations:
            raise InvalidInput("affiliations", "Seul un membre du comité déclare ses coopératives d'appartenance.")
        affiliated = sorted(set(affiliations or []), key=str)
        if (self.role, self.cooperative_id, self.affiliations) == (role, cooperative_id, affiliated):
            raise Conflict("Ce rôle est déjà attribué à ce compte.")
        self.trigger_event(self.RoleGranted, actor=v.check_actor(actor), effective_on=effective_on, role=role,
                           cooperative_id=cooperative_id, affiliations=affiliated)  # fmt: skip

    def revoke(self, *, actor: str, effective_on: date, reason: str = "") -> None:
        self._alive()
        if self.role is None:
            raise Conflict("Ce compte n'a aucun rôle à retirer.")
        self.trigger_event(self.RoleRevoked, actor=v.check_actor(actor), effective_on=effective_on, role=self.role,
                           reason=v.check_text(reason, "reason", required=False, max_length=2000))  # fmt: skip

    def erase(self, *, actor: str, effective_on: date) -> None:
        self._alive()
        self.trigger_event(self.PersonalDataErased, actor=v.check_actor(actor), effective_on=effective_on)

    def without_role(self) -> None:
        """State only (called by the events that end a role): no role, no cooperative, no affiliation."""
        self.role = None
        self.cooperative_id = None
        self.affiliations = []

    def _alive(self) -> None:
        if self.erased:
            raise Conflict("Ce compte a été effacé.")

    def state(self) -> dict[str, Any]:
        return {"role": self.role, "cooperative_id": self.cooperative_id, "affiliations": list(self.affiliations)}
