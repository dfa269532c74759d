"""A person's sessions and the temporary sign-in locks, for the federation (``manage_accounts``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import fields

from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.sessions import REASONS, SessionInfo
from qualicoop_es.accounts.throttle import AttemptInfo
from qualicoop_es.errors import NotFound
from web.api.blueprint import Blueprint
from web.api.common import actor, services
from web.api.policy import policy
from web.api.responses import Open

blp = Blueprint("accounts", __name__, url_prefix="/api/v1/accounts", description="Sessions et verrous de connexion")


class SessionOut(Open):
    ref = fields.String(required=True, metadata={"description": "début de l'empreinte de la session (jamais sa clé)"})
    created_at = fields.DateTime(required=True)
    last_seen_at = fields.DateTime(required=True)
    client = fields.String(required=True)
    active = fields.Boolean(required=True)
    ended_at = fields.DateTime(allow_none=True)
    end_reason = fields.String(allow_none=True)


class SessionsOut(Open):
    items = fields.List(fields.Nested(SessionOut), required=True)


class EndedOut(Open):
    ended = fields.Integer(required=True)


class LockOut(Open):
    subject = fields.String(required=True)
    failures = fields.Integer(required=True)
    last_failure_at = fields.DateTime(required=True)
    locked_until = fields.DateTime(allow_none=True)
    locked = fields.Boolean(required=True)


class LocksOut(Open):
    items = fields.List(fields.Nested(LockOut), required=True)


def _email(account_id: UUID) -> str:
    view = accounts_of(services()).get(str(account_id))
    if view is None or not view.email:
        raise NotFound(f"Compte inconnu : {account_id}")
    return view.email


def _session(s: SessionInfo) -> dict[str, Any]:
    return {"ref": s.ref, "created_at": s.created_at, "last_seen_at": s.last_seen_at, "client": s.client,
            "active": s.active, "ended_at": s.ended_at,
            "end_reason": REASONS.get(s.end_reason, s.end_reason) if s.end_reason else None}  # fmt: skip


def _lock(a: AttemptInfo, now: Any) -> dict[str, Any]:
    return {"subject": a.subject, "failures": a.failures, "last_failure_at": a.last_failure_at,
            "locked_until": a.locked_until, "locked": a.locked(now)}  # fmt: skip


@blp.route("/<uuid:account_id>/sessions", methods=["GET"])
@policy("manage_accounts")
@blp.response(200, SessionsOut)
def sessions(account_id: UUID) -> dict[str, Any]:
    """Les sessions d'une personne (ouvertes et terminées), les plus récentes d'abord."""
    found = accounts_of(services()).sessions(_email(account_id), actor=actor())
    return {"items": [_session(s) for s in found]}


@blp.route("/<uuid:account_id>/sessions", methods=["DELETE"])
@policy("manage_accounts")
@blp.response(200, EndedOut)
def end_sessions(account_id: UUID) -> dict[str, int]:
    """Terminer toutes les sessions ouvertes d'une personne : elle devra se reconnecter."""
    return {"ended": accounts_of(services()).end_sessions(_email(account_id), actor=actor())}


@blp.route("/locks", methods=["GET"])
@policy("manage_accounts")
@blp.response(200, LocksOut)
def locks() -> dict[str, Any]:
    """Les échecs de connexion récents par adresse e-mail ou adresse IP, et leurs verrous (en cours ou levés)."""
    service = accounts_of(services())
    now = service.now()
    return {"items": [_lock(a, now) for a in service.locks(actor=actor())]}
