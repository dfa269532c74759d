"""The committee's sessions: the federation creates them (reference, day, members); verdicts name one."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from web.api.blueprint import Blueprint
from web.api.common import actor, application, done
from web.api.policy import policy
from web.api.responses import CommandOut
from web.api.responses.base import IsoDate, Open
from web.api.schemas import Dated, Day
from web.french import Length

blp = Blueprint("sessions", __name__, url_prefix="/api/v1/committee-sessions", description="Séances du comité")


class CommitteeSessionIn(Dated):
    reference = fields.String(required=True, validate=Length(3, 40),
                              metadata={"description": "référence de la séance, par exemple CV-2026-11"})  # fmt: skip
    held_on = Day(required=True, metadata={"description": "date de la séance (AAAA-MM-JJ)"})
    members = fields.List(fields.String(validate=Length(1, 64)), required=True, validate=Length(1, 40),
                          metadata={"description": "identifiants des comptes membres du comité ce jour-là"})  # fmt: skip


class CommitteeSessionOut(Open):
    id = fields.String(required=True)
    reference = fields.String(required=True)
    held_on = IsoDate(required=True)
    members = fields.List(fields.String(), required=True)
    recorded_by = fields.String(required=True)


class CommitteeSessionListOut(Open):
    items = fields.List(fields.Nested(CommitteeSessionOut), required=True)


@blp.route("", methods=["GET"])
@policy("read_committee_sessions")
@blp.response(200, CommitteeSessionListOut)
def list_sessions() -> dict[str, Any]:
    """Les séances du comité, la plus récente d'abord."""
    return {"items": [s.to_dict() for s in application().committee_sessions()]}


@blp.route("", methods=["POST"])
@policy("hold_committee_session")
@blp.arguments(CommitteeSessionIn())
@blp.response(201, CommandOut)
def create_session(body: dict[str, Any]) -> Any:
    """Créer une séance du comité (équipe fédérale) ; ses membres doivent être au comité le jour de la séance."""
    result = application().hold_committee_session(actor=actor(), reference=body["reference"],
                                                  held_on=body["held_on"], members=body["members"],
                                                  effective_on=body.get("effective_on"))  # fmt: skip
    return done(result, 201)
