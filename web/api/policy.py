"""Access policies declared next to each view, and their enforcement before any input is parsed.

``@policy(...)`` records who may call a view; ``enforce`` runs before every API request and refuses with 401/403.
A view with no declared policy is refused to everyone (and the authorization-matrix test fails).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized

from web.auth import ROLES, USE_CASE_ROLES, current_principal

F = TypeVar("F", bound=Callable[..., Any])
POLICIES_KEY = "qualicoop_policies"


@dataclass(frozen=True)
class Policy:
    """``access``: "public" (anyone), "network" (roles only), "coop" (read the cooperative in the URL),
    or "write" (run ``use_case``, on the cooperative in the URL when there is one)."""

    access: str
    roles: frozenset[str]
    use_case: str | None = None

    def allows(self, role: str | None, *, own: bool, affiliated: bool = False) -> bool:
        """Expected decision for a role on its own / another cooperative (used by the matrix test too)."""
        if self.access == "public":
            return True
        if role is None or role not in self.roles:
            return False
        if self.access in ("coop", "write") and role == "cooperative":
            return own
        return not (self.use_case == "record_verdict" and affiliated)


def policy(*, read: str | None = None, write: str | None = None, roles: tuple[str, ...] = ROLES) -> Callable[[F], F]:
    """Declare a view's policy: ``read="public"|"network"|"coop"`` with ``roles``, or ``write=<use case>``."""
    if (read is None) == (write is None):
        raise ValueError("policy: give exactly one of read= or write=")
    if write is not None:
        pol = Policy("write", USE_CASE_ROLES[write], write)
    else:
        assert read in ("public", "network", "coop"), read
        pol = Policy(read, frozenset(roles))

    def decorate(func: F) -> F:
        func._qc_policy = pol  # type: ignore[attr-defined]
        return func

    return decorate


def _policy_of(view: Any) -> Policy | None:
    while view is not None:
        found = getattr(view, "_qc_policy", None)
        if found is not None:
            return found
        view = getattr(view, "__wrapped__", None)
    return None


def collect(app: Flask, explicit: dict[str, Policy]) -> dict[str, Policy]:
    """Map every endpoint to its declared policy (``explicit`` for views we do not write, e.g. openapi.json)."""
    table = dict(explicit)
    for endpoint, view in app.view_functions.items():
        found = _policy_of(view)
        if found is not None:
            table[endpoint] = found
    app.extensions[POLICIES_KEY] = table
    return table


def enforce() -> None:
    """Before every /api request: 401 without valid credentials, 403 for a role or a cooperative not yours."""
    if request.endpoint is None:  # unknown route: the 404/405 handler answers
        return
    pol = current_app.extensions[POLICIES_KEY].get(request.endpoint)
    if pol is None:
        raise Forbidden("Aucune règle d'accès n'est déclarée pour cette adresse.")
    if pol.access == "public":
        return
    principal = current_principal(allow_session=False)
    if principal is None:
        raise Unauthorized()
    coop_id = (request.view_args or {}).get("coop_id")
    if pol.access == "write":
        assert pol.use_case is not None
        allowed = (
            principal.can_write(coop_id, pol.use_case) if isinstance(coop_id, UUID) else principal.may(pol.use_case)
        )
    elif pol.access == "coop" and isinstance(coop_id, UUID):
        allowed = principal.role in pol.roles and principal.can_read(coop_id)
    else:
        allowed = principal.role in pol.roles
    if not allowed:
        raise Forbidden("Votre rôle ne permet pas cette opération sur cette ressource.")
