"""The annual network reports, replayed from the log: JSON (typed, canonical bytes) or a file to download."""

from __future__ import annotations

from typing import Any

from flask import Response
from marshmallow import fields

from qualicoop_es.errors import InvalidInput
from qualicoop_es.reports import BASES, FORMATS, Request, annual_report
from web.api.blueprint import Blueprint
from web.api.common import actor, services, today
from web.api.policy import policy
from web.api.responses.base import IsoDate, IsoDateTime, Open
from web.api.schemas import Day, Strict
from web.french import OneOf

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Rapports annuels du réseau")


class ReportQuery(Strict):
    basis = fields.String(load_default="effective", validate=OneOf(list(BASES)))
    format = fields.String(load_default="json", validate=OneOf(list(FORMATS)))
    as_recorded_on = Day(load_default=None)


class LastEventOut(Open):
    position = fields.Integer(required=True, metadata={"description": "position du dernier fait pris en compte"})
    recorded_at = IsoDateTime(required=True, metadata={"description": "son heure d'enregistrement (UTC)"})


class ChainOut(Open):
    position = fields.Integer(required=True)
    count = fields.Integer(required=True, metadata={"description": "événements chaînés jusqu'à cette position"})
    digest = fields.String(required=True, metadata={"description": "empreinte SHA-256 de la chaîne à ce fait"})


class ProvenanceOut(Open):
    basis = fields.String(required=True, validate=OneOf(list(BASES)))
    cut_off = IsoDate(required=True, metadata={"description": "le 31 décembre de l'année"})
    recorded_by = IsoDateTime(required=True, allow_none=True)
    last_event = fields.Nested(LastEventOut, required=True, allow_none=True)
    chain = fields.Nested(ChainOut, required=True, allow_none=True)
    code_version = fields.String(required=True)
    parameters = fields.Dict(required=True)
    generated_at = IsoDateTime(required=True, allow_none=True, metadata={"description": "seulement si fixée"})


class ColumnOut(Open):
    key = fields.String(required=True)
    label = fields.String(required=True)


class TableOut(Open):
    name = fields.String(required=True)
    title = fields.String(required=True)
    columns = fields.List(fields.Nested(ColumnOut), required=True)
    rows = fields.List(fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True)), required=True)


class SentenceOut(Open):
    text = fields.String(required=True)
    figures = fields.List(fields.String(), required=True, metadata={"description": "chiffres clés cités"})


class ReportOut(Open):
    report = fields.String(required=True)
    format_version = fields.Integer(required=True)
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    provenance = fields.Nested(ProvenanceOut, required=True)
    commentary = fields.List(fields.Nested(SentenceOut), required=True)
    tables = fields.List(fields.Nested(TableOut), required=True)


def year_of(text: str) -> int:
    if not (len(text) == 4 and text.isascii() and text.isdigit()):  # « ²²²² » passes isdigit() alone
        raise InvalidInput("year", f"année attendue (AAAA), reçu « {text} »")
    return int(text)


@blp.route("/reports/<year>", methods=["GET"])
@policy("read_reports")
@blp.arguments(ReportQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, ReportOut)
def report(args: dict[str, Any], year: str) -> Response:
    """Rapport annuel du réseau pour une année : état au 31 décembre et activité de l'année, chacun à côté de
    l'année précédente, avec sa provenance. Rejoué depuis le journal des événements ; le JSON est canonique (les
    mêmes événements donnent les mêmes octets). ``format`` : json (ce schéma), csv (ZIP d'un fichier par tableau),
    xlsx, html ou pdf (fichiers à télécharger)."""
    number = year_of(year)
    request = Request(number, number, args["basis"], args["as_recorded_on"])
    svc = services()
    out = annual_report(svc.app, svc.engine, request, args["format"], actor=actor(), today=today())
    response = Response(out.content, content_type=out.content_type)
    if args["format"] != "json":
        response.headers["Content-Disposition"] = f'attachment; filename="rapport-qualicoop-{number}.{out.extension}"'
    return response
