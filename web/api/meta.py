"""Health, the caller's identity, the event kinds, and the local documentation page (no CDN)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.accounts import accounts_of
from web.api.blueprint import Blueprint
from web.api.common import principal, queries, services
from web.api.policy import PUBLIC, policy
from web.api.responses import EventKindsOut, HealthOut, MeOut, RoleHistoryOut

blp = Blueprint("meta", __name__, url_prefix="/api/v1", description="Santé, identité, documentation")


@blp.route("/health", methods=["GET"])
@policy(PUBLIC)
@blp.response(200, HealthOut)
def health() -> dict[str, str]:
    """Le service répond (sans authentification)."""
    return {"status": "ok"}


@blp.route("/me", methods=["GET"])
@policy("read_reference")
@blp.response(200, MeOut)
def me() -> dict[str, Any]:
    """Le compte qui appelle : identifiant stable, rôle, coopérative."""
    who = principal()
    return {"account_id": who.account_id, "role": who.role, "email": who.email, "display_name": who.display_name,
            "cooperative_id": who.cooperative_id, "affiliations": sorted(who.affiliations, key=str)}  # fmt: skip


@blp.route("/accounts/<uuid:account_id>/roles", methods=["GET"])
@policy("read_role_history")
@blp.response(200, RoleHistoryOut)
def role_history(account_id: UUID) -> dict[str, Any]:
    """Qui a eu quel rôle, quand : les événements de rôle d'un compte (sans donnée personnelle)."""
    return {"items": accounts_of(services()).role_history(str(account_id))}


@blp.route("/event-kinds", methods=["GET"])
@policy("read_reference")
@blp.response(200, EventKindsOut)
def event_kinds() -> dict[str, str]:
    """Les sortes d'événements (code → libellé français), pour filtrer frises et journaux."""
    return queries().event_kinds()
