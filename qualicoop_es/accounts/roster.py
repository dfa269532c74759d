"""Who sat on the comité de validation on a given day, folded from the accounts' own events.

An account's role on day D is the fold of its events whose business date (``effective_on``) is on or before D,
in business-date order (ties in version order): a role granted later, or revoked or erased before D, does not
count. Only the event store is read (through the public ``app.events``): names stay in the mutable tables.

The application calls ``check_members_present`` before recording a verdict, so every entry point (API, pages,
CLI, demo) stores only members who really held the committee role that day and do not belong to the
cooperative judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from qualicoop_es.accounts.aggregate import Account
from qualicoop_es.errors import InvalidInput


class HasEvents(Protocol):
    """What the roster needs of the application: its event store (``QualicoopApplication.events``)."""

    @property
    def events(self) -> Any: ...


COMMITTEE = "committee"


@dataclass(frozen=True)
class Standing:
    """An account as it stood on a day: its role (None before it was opened, or without one) and affiliations."""

    account_id: UUID
    role: str | None
    affiliations: frozenset[UUID]


def standing_on(app: HasEvents, account_id: str, day: date) -> Standing | None:
    """The account's role and affiliations on ``day`` (business date); None when the id names no account."""
    try:
        uid = UUID(account_id)
    except (ValueError, TypeError, AttributeError):
        return None
    events: list[Any] = list(app.events.get(uid))
    if not events or not isinstance(events[0], Account.Created):
        return None
    opened = events[0]
    if opened.effective_on > day:
        return Standing(uid, None, frozenset())
    account = opened.mutate(None)
    assert account is not None  # a Created event always makes the aggregate
    later = sorted(
        (e for e in events[1:] if e.effective_on <= day), key=lambda e: (e.effective_on, e.originator_version)
    )
    for event in later:
        event.apply(account)
    return Standing(uid, account.role, frozenset(account.affiliations))


def committee_member_on(app: HasEvents, member_id: str, day: date) -> Standing | None:
    """The member's standing on ``day`` when they held the committee role that day, else None."""
    standing = standing_on(app, member_id, day)
    return standing if standing is not None and standing.role == COMMITTEE else None


def refusal(app: HasEvents, member_id: str, *, coop_id: UUID, day: date) -> str | None:
    """Why ``member_id`` cannot be named present at a verdict on ``coop_id`` on ``day`` (French), or None."""
    standing = standing_on(app, member_id, day)
    if standing is None:
        return f"« {member_id} » (compte inconnu)"
    if standing.role != COMMITTEE:
        return f"« {member_id} » (pas membre du comité le {day:%d/%m/%Y})"
    if coop_id in standing.affiliations:
        return f"« {member_id} » (membre affilié à la coopérative jugée)"
    return None


def check_members_present(app: HasEvents, members: object, *, coop_id: UUID, day: object) -> None:
    """Raise ``InvalidInput("members_present", …)`` naming every refused member and why.

    Only who the members are is checked here: the shape of the list and the date are the aggregate's guards
    (a value of the wrong type is left for them to report).
    """
    if not isinstance(members, list) or not isinstance(day, date):
        return
    named = [m for m in dict.fromkeys(members) if isinstance(m, str)]
    reasons = [r for m in named if (r := refusal(app, m, coop_id=coop_id, day=day))]
    if reasons:
        raise InvalidInput("members_present", "Membres présents refusés : " + " ; ".join(reasons) + ".")


def check_session_members(app: HasEvents, members: list[str], day: date) -> None:
    """Raise ``InvalidInput("members", …)`` naming every member of a committee session who did not hold the
    committee role on the session's ``day``."""
    refused = [f"« {m} »" for m in members if committee_member_on(app, m, day) is None]
    if refused:
        raise InvalidInput("members", f"Pas membres du comité le {day:%d/%m/%Y} : " + ", ".join(refused) + ".")
