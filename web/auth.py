"""Who is asking, and what they may do: principals from bearer tokens (API) or the session (pages).

The role rules live here, in one table (``USE_CASE_ROLES``), used by the API's policies and by the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import current_app, g, request, session

from qualicoop_es.accounts import AccountView, accounts_of

ROLES = ("federation", "committee", "cooperative", "auditor")
#: Roles that read every cooperative (a referent reads only their own).
NETWORK_READERS = frozenset({"federation", "committee", "auditor"})

#: Which roles may run each write use case (a referent only on their own cooperative; a committee member
#: never records the verdict of a cooperative they belong to).
USE_CASE_ROLES: dict[str, frozenset[str]] = {
    "register_cooperative": frozenset({"federation"}),
    "revise_catalogue": frozenset({"federation"}),
    "request_kit": frozenset({"federation"}),
    "hold_first_meeting": frozenset({"federation"}),
    "hold_checkpoint": frozenset({"federation"}),
    "award_diploma": frozenset({"federation"}),
    "withdraw_mention": frozenset({"federation"}),
    "leave_approach": frozenset({"federation", "cooperative"}),
    "update_identity": frozenset({"cooperative"}),
    "update_intent_note": frozenset({"cooperative"}),
    "change_dossier": frozenset({"cooperative"}),
    "submit_dossier": frozenset({"cooperative"}),
    "readjust_objectives": frozenset({"cooperative"}),
    "measure_indicator": frozenset({"cooperative"}),
    "submit_bilan": frozenset({"cooperative"}),
    "record_verdict": frozenset({"committee"}),
    "manage_accounts": frozenset({"federation"}),
}

_SESSION_KEY = "account_id"


@dataclass(frozen=True)
class Principal:
    account_id: str
    role: str  # "federation" | "committee" | "cooperative" | "auditor"
    email: str
    display_name: str
    cooperative_id: UUID | None  # set for role "cooperative"
    affiliations: frozenset[UUID]  # cooperatives a committee member belongs to

    def can_read(self, coop_id: UUID) -> bool:
        """Federation, committee and auditor read every cooperative; a referent only their own."""
        return self.role in NETWORK_READERS or (self.role == "cooperative" and self.cooperative_id == coop_id)

    def can_write(self, coop_id: UUID | None, use_case: str) -> bool:
        """May this principal run ``use_case`` on cooperative ``coop_id`` (None for network-wide use cases)?"""
        if self.role not in USE_CASE_ROLES.get(use_case, frozenset()):
            return False
        if self.role == "cooperative":
            return coop_id is not None and coop_id == self.cooperative_id
        return not (use_case == "record_verdict" and coop_id in self.affiliations)

    def may(self, use_case: str) -> bool:
        """May this principal's role run ``use_case`` at all (on some cooperative)?"""
        return self.role in USE_CASE_ROLES.get(use_case, frozenset())

    @classmethod
    def of(cls, view: AccountView) -> Principal | None:
        if view.role is None:
            return None
        return cls(account_id=view.account_id, role=view.role, email=view.email, display_name=view.display_name,
                   cooperative_id=view.cooperative_id, affiliations=view.affiliations)  # fmt: skip


def _accounts() -> Any:
    return accounts_of(current_app.extensions["qualicoop"])


def bearer_principal() -> Principal | None:
    """The principal named by an ``Authorization: Bearer …`` header (None when absent or not valid)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        return None
    view = _accounts().by_token(token.strip())
    return Principal.of(view) if view is not None else None


def session_principal() -> Principal | None:
    account_id = session.get(_SESSION_KEY)
    if not isinstance(account_id, str):
        return None
    view = _accounts().get(account_id)
    return Principal.of(view) if view is not None else None


def current_principal(*, allow_session: bool = True) -> Principal | None:
    """From the bearer token when one is sent (API), else from the Flask session (pages). Cached per request.

    The API passes ``allow_session=False``: it takes bearer tokens only (no cookie, so no cross-site request)."""
    if "qc_principal" not in g:
        has_bearer = request.headers.get("Authorization", "").lower().startswith("bearer ")
        if has_bearer:
            g.qc_principal = bearer_principal()
        else:
            g.qc_principal = session_principal() if allow_session else None
    return g.qc_principal


def authenticate_password(email: str, password: str) -> Principal | None:
    view = _accounts().by_password(email, password)
    return Principal.of(view) if view is not None else None


def login_session(principal: Principal) -> None:
    session.clear()  # a new session on sign-in (no fixation)
    session[_SESSION_KEY] = principal.account_id
    session.permanent = True
    g.qc_principal = principal


def logout_session() -> None:
    session.clear()
    g.pop("qc_principal", None)
