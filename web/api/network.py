"""Network-wide reads: deadlines, audit log of events, key figures (from the read models)."""

from __future__ import annotations

from typing import Any

from qualicoop_es.access import Sight
from web.api.blueprint import Blueprint
from web.api.common import principal, queries, services, today
from web.api.policy import policy
from web.api.responses import AuditPageOut, DeadlinesOut, FiguresOut
from web.api.schemas import AuditQuery, DayQuery, DeadlinesQuery

blp = Blueprint("network", __name__, url_prefix="/api/v1", description="Réseau, échéances, audit")


@blp.route("/deadlines", methods=["GET"])
@policy("read_network")
@blp.arguments(DeadlinesQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, DeadlinesOut)
def deadlines(args: dict[str, Any]) -> dict[str, Any]:
    """Bilans en retard et à venir à une date (défaut : aujourd'hui) ; pour le comité, parmi les coopératives qui
    ont déposé au moins une fois leur dossier.

    Chaque liste est découpée en pages (``page``, ``per_page`` : 50 par défaut) ; ``overdue_count`` et
    ``upcoming_count`` les comptent en entier."""
    return queries().deadlines(services().engine, day=args.get("on") or today(), horizon_days=args["horizon_days"],
                               submitted_only=_submitted_only(), page=args["page"],
                               per_page=args["per_page"])  # fmt: skip


@blp.route("/audit/events", methods=["GET"])
@policy("read_audit_log")
@blp.arguments(AuditQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, AuditPageOut)
def audit_events(args: dict[str, Any]) -> dict[str, Any]:
    """Le journal des événements : qui a fait quoi, quand (filtres : auteur, coopérative, sortes, dates).

    Chaque élément nomme son auteur (``actor_name`` : nom affiché, « personne effacée » ou « Système »)."""
    return queries().audit_events(services().engine, **args)


@blp.route("/network/figures", methods=["GET"])
@policy("read_network")
@blp.arguments(DayQuery(), location="query")  # an instance: parsed without re-instantiating
@blp.response(200, FiguresOut)
def figures(args: dict[str, Any]) -> dict[str, Any]:
    """Chiffres clés du réseau à une date : coopératives par mention, par étape, par département et par activité,
    engagements les plus choisis, verdicts par année et par sorte ; pour le comité, parmi les coopératives qui ont
    déposé au moins une fois leur dossier."""
    return queries().network_figures(services().engine, day=args.get("on") or today(),
                                     submitted_only=_submitted_only())  # fmt: skip


def _submitted_only() -> bool:
    return principal().sight("read_network") is Sight.SUBMITTED
