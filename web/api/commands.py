"""One POST per use case on a cooperative (DELETE where something is dropped). Every write takes If-Match
(documented once for the blueprint, where ``register_api`` registers it) and answers the new version in ETag.

Body schemas are passed as instances: webargs then parses with that one instance instead of building a schema
for every request (they hold no per-request state).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response

from qualicoop_es.queries import log
from web.api import etags
from web.api.blueprint import Blueprint
from web.api.common import application, done, effective
from web.api.policy import policy
from web.api.responses import CommandOut
from web.api.schemas import (
    ActionIn,
    ActionRevisionIn,
    Dated,
    DiplomaIn,
    EngagementIn,
    EngagementRevisionIn,
    IdentityIn,
    IndicatorIn,
    IndicatorRevisionIn,
    IntentIn,
    MeasurementIn,
    OptionalReasonIn,
    ReadjustmentIn,
    ReasonIn,
    RequiredSummaryIn,
    SummaryIn,
    VerdictIn,
)  # fmt: skip

blp = Blueprint("commands", __name__, url_prefix="/api/v1/cooperatives/<uuid:coop_id>",
                description="Étapes de la démarche (écritures)")  # fmt: skip

Result = Response  # see common.done


def _new_id(coop_id: UUID, version: int, key: str) -> str:
    """The id the domain gave to what a command created (read from the event it recorded)."""
    return str(log.recorded_value(application(), coop_id, version, key))


def _op(coop_id: UUID, body: dict[str, Any], op: dict[str, Any]) -> Any:
    _, kw = effective(body)
    return application().change_dossier(coop_id, op, **kw)


@blp.route("/kit-request", methods=["POST"])
@policy("request_kit")
@blp.arguments(Dated())
@blp.response(200, CommandOut, headers=etags.ETAG)
def request_kit(body: dict[str, Any], coop_id: UUID) -> Result:
    """Demande du kit."""
    _, kw = effective(body)
    return done(application().request_kit(coop_id, **kw))


@blp.route("/first-meeting", methods=["POST"])
@policy("hold_first_meeting")
@blp.arguments(SummaryIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def first_meeting(body: dict[str, Any], coop_id: UUID) -> Result:
    """Première rencontre avec l'équipe fédérale."""
    fields, kw = effective(body)
    return done(application().hold_first_meeting(coop_id, **fields, **kw))


@blp.route("/identity", methods=["POST"])
@policy("update_identity")
@blp.arguments(IdentityIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def identity(body: dict[str, Any], coop_id: UUID) -> Result:
    """Modifier la fiche d'identité (seuls les champs donnés changent)."""
    fields, kw = effective(body)
    return done(application().update_identity(coop_id, fields, **kw))


@blp.route("/intent-note", methods=["POST"])
@policy("update_intent_note")
@blp.arguments(IntentIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def intent_note(body: dict[str, Any], coop_id: UUID) -> Result:
    """Modifier la note d'intention stratégique."""
    fields, kw = effective(body)
    return done(application().update_intent_note(coop_id, fields, **kw))


@blp.route("/engagements", methods=["POST"])
@policy("change_dossier")
@blp.arguments(EngagementIn())
@blp.response(201, CommandOut, headers=etags.ETAG)
def choose_engagement(body: dict[str, Any], coop_id: UUID) -> Result:
    """Choisir un engagement (activités couvertes, contexte)."""
    fields, _ = effective(body)
    return done(_op(coop_id, body, {"op": "choose_engagement", **fields}), 201)


@blp.route("/engagements/<int:number>/revision", methods=["POST"])
@policy("change_dossier")
@blp.arguments(EngagementRevisionIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def revise_engagement(body: dict[str, Any], coop_id: UUID, number: int) -> Result:
    """Réviser un engagement choisi (activités, contexte)."""
    fields, _ = effective(body)
    return done(_op(coop_id, body, {"op": "revise_engagement", "number": number, "changes": fields}))


@blp.route("/engagements/<int:number>", methods=["DELETE"])
@policy("change_dossier")
@blp.arguments(OptionalReasonIn(), required=False)
@blp.response(200, CommandOut, headers=etags.ETAG)
def drop_engagement(body: dict[str, Any], coop_id: UUID, number: int) -> Result:
    """Abandonner un engagement (pendant la préparation)."""
    return done(_op(coop_id, body, {"op": "drop_engagement", "number": number, "reason": body.get("reason", "")}))


@blp.route("/engagements/<int:number>/actions", methods=["POST"])
@policy("change_dossier")
@blp.arguments(ActionIn())
@blp.response(201, CommandOut, headers=etags.ETAG)
def add_action(body: dict[str, Any], coop_id: UUID, number: int) -> Result:
    """Ajouter une action à un engagement ; renvoie son identifiant."""
    fields, _ = effective(body)
    result = _op(coop_id, body, {"op": "add_action", "number": number, **fields})
    return done(result, 201, action_id=_new_id(coop_id, result.version, "action_id"))


@blp.route("/actions/<string:action_id>/revision", methods=["POST"])
@policy("change_dossier")
@blp.arguments(ActionRevisionIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def revise_action(body: dict[str, Any], coop_id: UUID, action_id: str) -> Result:
    """Réviser une action."""
    fields, _ = effective(body)
    return done(_op(coop_id, body, {"op": "revise_action", "action_id": action_id, "changes": fields}))


@blp.route("/actions/<string:action_id>", methods=["DELETE"])
@policy("change_dossier")
@blp.arguments(OptionalReasonIn(), required=False)
@blp.response(200, CommandOut, headers=etags.ETAG)
def remove_action(body: dict[str, Any], coop_id: UUID, action_id: str) -> Result:
    """Retirer une action."""
    return done(_op(coop_id, body, {"op": "remove_action", "action_id": action_id, "reason": body.get("reason", "")}))


@blp.route("/engagements/<int:number>/indicators", methods=["POST"])
@policy("change_dossier")
@blp.arguments(IndicatorIn())
@blp.response(201, CommandOut, headers=etags.ETAG)
def define_indicator(body: dict[str, Any], coop_id: UUID, number: int) -> Result:
    """Définir un indicateur (libellé, unité, valeur de départ, cible, échéance) ; renvoie son identifiant."""
    fields, _ = effective(body)
    result = _op(coop_id, body, {"op": "define_indicator", "number": number, "fields": fields})
    return done(result, 201, indicator_id=_new_id(coop_id, result.version, "indicator_id"))


@blp.route("/indicators/<string:indicator_id>/revision", methods=["POST"])
@policy("change_dossier")
@blp.arguments(IndicatorRevisionIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def revise_indicator(body: dict[str, Any], coop_id: UUID, indicator_id: str) -> Result:
    """Réviser un indicateur."""
    fields, _ = effective(body)
    return done(_op(coop_id, body, {"op": "revise_indicator", "indicator_id": indicator_id, "changes": fields}))


@blp.route("/indicators/<string:indicator_id>", methods=["DELETE"])
@policy("change_dossier")
@blp.arguments(OptionalReasonIn(), required=False)
@blp.response(200, CommandOut, headers=etags.ETAG)
def remove_indicator(body: dict[str, Any], coop_id: UUID, indicator_id: str) -> Result:
    """Retirer un indicateur."""
    op = {"op": "remove_indicator", "indicator_id": indicator_id, "reason": body.get("reason", "")}
    return done(_op(coop_id, body, op))


@blp.route("/indicators/<string:indicator_id>/measurements", methods=["POST"])
@policy("measure_indicator")
@blp.arguments(MeasurementIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def measure(body: dict[str, Any], coop_id: UUID, indicator_id: str) -> Result:
    """Enregistrer une mesure d'indicateur."""
    fields, kw = effective(body)
    return done(application().measure_indicator(coop_id, indicator_id, fields["value"],
                                                comment=fields.get("comment", ""), **kw))  # fmt: skip


@blp.route("/submission", methods=["POST"])
@policy("submit_dossier")
@blp.arguments(Dated())
@blp.response(200, CommandOut, headers=etags.ETAG)
def submission(body: dict[str, Any], coop_id: UUID) -> Result:
    """Déposer le dossier au comité de validation (toutes les règles doivent être respectées)."""
    _, kw = effective(body)
    return done(application().submit_dossier(coop_id, **kw))


@blp.route("/verdicts", methods=["POST"])
@policy("record_verdict")
@blp.arguments(VerdictIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def verdict(body: dict[str, Any], coop_id: UUID) -> Result:
    """Enregistrer une décision du comité (sur la version exacte déposée)."""
    fields, kw = effective(body)
    return done(application().record_verdict(coop_id, **fields, **kw))


@blp.route("/checkpoints", methods=["POST"])
@policy("hold_checkpoint")
@blp.arguments(RequiredSummaryIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def checkpoint(body: dict[str, Any], coop_id: UUID) -> Result:
    """Point d'étape avec la fédération."""
    fields, kw = effective(body)
    return done(application().hold_checkpoint(coop_id, **fields, **kw))


@blp.route("/readjustments", methods=["POST"])
@policy("readjust_objectives")
@blp.arguments(ReadjustmentIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def readjustment(body: dict[str, Any], coop_id: UUID) -> Result:
    """Réajuster les objectifs (motivé ; les règles du dossier doivent rester respectées)."""
    fields, kw = effective(body)
    return done(application().readjust_objectives(coop_id, fields["changes"], reason=fields["reason"], **kw))


@blp.route("/bilans", methods=["POST"])
@policy("submit_bilan")
@blp.arguments(RequiredSummaryIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def bilan(body: dict[str, Any], coop_id: UUID) -> Result:
    """Déposer un bilan (à 18 mois, puis tous les 2 ans)."""
    fields, kw = effective(body)
    return done(application().submit_bilan(coop_id, **fields, **kw))


@blp.route("/diplomas", methods=["POST"])
@policy("award_diploma")
@blp.arguments(DiplomaIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def diploma(body: dict[str, Any], coop_id: UUID) -> Result:
    """Remise du diplôme d'une mention accordée."""
    fields, kw = effective(body)
    return done(application().award_diploma(coop_id, **fields, **kw))


@blp.route("/leaving", methods=["POST"])
@policy("leave_approach")
@blp.arguments(ReasonIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def leaving(body: dict[str, Any], coop_id: UUID) -> Result:
    """Sortie de la démarche."""
    fields, kw = effective(body)
    return done(application().leave_approach(coop_id, **fields, **kw))


@blp.route("/mention-withdrawal", methods=["POST"])
@policy("withdraw_mention")
@blp.arguments(ReasonIn())
@blp.response(200, CommandOut, headers=etags.ETAG)
def mention_withdrawal(body: dict[str, Any], coop_id: UUID) -> Result:
    """Retrait de la mention."""
    fields, kw = effective(body)
    return done(application().withdraw_mention(coop_id, **fields, **kw))
