"""Access policies declared next to each view, enforced before any input is parsed.

``@policy("use_case")`` names the core's use case a view serves (``qualicoop_es.access.USE_CASES`` says who may);
``enforce`` runs before every API request and refuses with 401/403 from that same table, so the API refuses early
what the application would refuse anyway. A view with no declared policy is refused to everyone (and the
authorization-matrix test fails).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized

from qualicoop_es.access import USE_CASES
from web.auth import current_principal, may_on

F = TypeVar("F", bound=Callable[..., Any])
POLICIES_KEY = "qualicoop_policies"
#: The policy of a view anyone may call (health, the API's documentation).
PUBLIC = "public"


def policy(use_case: str) -> Callable[[F], F]:
    """Declare the use case a view serves (a name of ``access.USE_CASES``), or ``PUBLIC``."""
    if use_case != PUBLIC and use_case not in USE_CASES:
        raise ValueError(f"policy: unknown use case {use_case!r}")

    def decorate(func: F) -> F:
        func._qc_policy = use_case  # type: ignore[attr-defined]
        return func

    return decorate


def _policy_of(view: Any) -> str | None:
    while view is not None:
        found = getattr(view, "_qc_policy", None)
        if found is not None:
            return str(found)
        view = getattr(view, "__wrapped__", None)
    return None


def collect(app: Flask, explicit: dict[str, str]) -> dict[str, str]:
    """Map every endpoint to its declared use case (``explicit`` for views we do not write, e.g. openapi.json)."""
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
    use_case = current_app.extensions[POLICIES_KEY].get(request.endpoint)
    if use_case is None:
        raise Forbidden("Aucune règle d'accès n'est déclarée pour cette adresse.")
    if use_case == PUBLIC:
        return
    principal = current_principal(allow_session=False)
    if principal is None:
        raise Unauthorized()
    coop_id = (request.view_args or {}).get("coop_id")
    allowed = may_on(principal, use_case, coop_id) if isinstance(coop_id, UUID) else principal.may(use_case)
    if not allowed:
        raise Forbidden("Votre rôle ne permet pas cette opération sur cette ressource.")
