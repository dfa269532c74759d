"""An account as the rest of the system sees it, read from the accounts table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from qualicoop_es.access import Actor, Role


@dataclass(frozen=True)
class AccountView:
    """What the rest of the system knows of a signed-in person."""

    account_id: str
    email: str
    display_name: str
    role: str | None
    cooperative_id: UUID | None
    affiliations: frozenset[UUID]

    def actor(self) -> Actor:
        """The person as an actor of the use cases (no role: every use case refused)."""
        role = Role(self.role) if self.role else None
        return Actor(self.account_id, role, self.cooperative_id, self.affiliations)


def now_utc() -> datetime:
    return datetime.now(UTC)


def view_of_row(row: Any) -> AccountView:
    affiliations = frozenset(UUID(a) for a in (row.affiliations or "").split(",") if a)
    return AccountView(account_id=row.id, email=row.email or "", display_name=row.display_name or "",
                       role=row.role, cooperative_id=UUID(row.cooperative_id) if row.cooperative_id else None,
                       affiliations=affiliations)  # fmt: skip
