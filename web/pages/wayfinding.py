"""Where am I: the section of the navigation a page belongs to (``aria-current``) and its breadcrumb, for every
page at once (a context processor), from the page's endpoint and the cooperative or account its URL names.

A page of the top level (the dashboard, the list, the committee desk…) has no breadcrumb; a page below shows the
way back to its section: « Coopératives › Toit Partagé › Historique ». A referent's way starts at « Ma coopérative »
(the list is not theirs). A page added later under a cooperative gets its section and the cooperative's crumb
without a word here; its own crumb is its label in ``BELOW_COOPERATIVE``. Error pages show none (``pages._error``):
a refused page must not name the cooperative it refused.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request, url_for

#: endpoint → its section in the navigation (pages below a cooperative: « cooperatives »)
SECTIONS = {"pages.dashboard": "dashboard", "pages.dashboard_details": "dashboard", "pages.cooperatives": "cooperatives",
            "pages.register_cooperative": "cooperatives", "pages.committee": "committee", "pages.reports": "reports",
            "pages.catalogue": "catalogue", "pages.accounts": "accounts", "pages.account": "accounts",
            "pages.confirm_step": "accounts"}  # fmt: skip
#: the top of each section: (label, endpoint)
TOPS = {"dashboard": ("Tableau de bord", "pages.dashboard"), "cooperatives": ("Coopératives", "pages.cooperatives"),
        "accounts": ("Comptes", "pages.accounts")}  # fmt: skip
#: pages below a cooperative's fiche → their crumb
BELOW_COOPERATIVE = {"pages.history": "Historique", "pages.as_of": "Dossier à une date", "pages.compare": "Comparer",
                     "pages.edit": "Modifier le dossier", "pages.follow_up": "Suivi de la démarche",
                     "pages.verdict": "Verdict du comité"}  # fmt: skip
#: pages below the top of their section → their crumb
BELOW_TOP = {"pages.dashboard_details": "Chiffres détaillés", "pages.register_cooperative": "Inscrire une coopérative"}

Crumb = tuple[str, str | None]  # label, address (None: the page itself)


def section(endpoint: str | None, view_args: dict[str, Any]) -> str:
    """The navigation's section of the page (« » when none: sign-in, errors)."""
    if endpoint in SECTIONS:
        return SECTIONS[endpoint]
    return "cooperatives" if "coop" in view_args else ""


def breadcrumb(me: Any, coop_name: Any) -> list[Crumb]:
    """The way from the section's top to this page (empty on a top-level page)."""
    endpoint, args = request.endpoint or "", request.view_args or {}
    if endpoint in BELOW_TOP:
        label, top = TOPS[SECTIONS[endpoint]]
        return [(label, url_for(top)), (BELOW_TOP[endpoint], None)]
    if endpoint in ("pages.account", "pages.confirm_step"):
        return [("Comptes", url_for("pages.accounts")), (_account_name(args.get("account_id", "")), None)]
    coop = _uuid(args.get("coop"))
    if coop is None or (endpoint == "pages.cooperative" and me is not None and me.role == "cooperative"):
        return []
    mine = me is not None and me.role == "cooperative"
    root: list[Crumb] = [] if mine else [("Coopératives", url_for("pages.cooperatives"))]
    name = "Ma coopérative" if mine else coop_name(coop)
    if endpoint == "pages.cooperative":
        return [*root, (name, None)]
    here = BELOW_COOPERATIVE.get(endpoint)
    return [*root, (name, url_for("pages.cooperative", coop=str(coop))), *([(here, None)] if here else [])]


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def coop_name(coop_id: UUID) -> str:
    from qualicoop_es.errors import QualicoopError
    from qualicoop_es.queries import cooperative as cq
    from web.pages import services

    try:
        return str(cq.heading(services().app, coop_id).name)
    except QualicoopError:
        return "Coopérative"


def _account_name(account_id: str) -> str:
    from qualicoop_es.accounts import accounts_of
    from web.pages import services

    view = accounts_of(services()).get(account_id)
    return (view.display_name or view.email) if view is not None else "Compte"
