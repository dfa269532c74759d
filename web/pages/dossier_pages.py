"""The referent's dossier, a page per section: an overview (checklist, deposit, bilan), the identity card, the intent
note, the engagements chosen, one page per engagement (its actions and indicators), measurements, readjustment.

Each page is short and has its own URL; a small navigation links them. While the committee judges a version (or
once the approach is over) the same pages read without any form, saying why and until when (``CooperativeView
.editable``, the core's rule). The forms' POST routes are in ``views_edit``; on a refused form they re-render the
page they came from with every error and the summary at the top (``render``).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, render_template, request

from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import vocabulary as v
from web.pages import bp, services, today
from web.pages.access import signed_in, writable_coop
from web.pages.dossier_view import by_pillar

EDIT_USE_CASE = "update_identity"
IMPLEMENTING = ("engaged", "confirmed", "continue_work")


def _common(coop: cq.CooperativeView, coop_id: UUID) -> dict[str, Any]:
    return {"coop_id": coop_id, "coop": coop, "identity": coop.identity, "intent": coop.intent,
            "checklist": coop.checklist, "editable": coop.editable, "preparing": coop.phase == "preparing",
            "implementing": coop.phase in IMPLEMENTING, "day": today(), "stakeholders": v.STAKEHOLDERS,
            "can_measure": coop.phase in (*IMPLEMENTING, "bilan_submitted"), "chosen": set(coop.chosen)}  # fmt: skip


def render(template: str, coop_id: UUID, *, form_name: str = "", errors: dict[str, Any] | None = None,
           status: int = 200, **extra: Any) -> tuple[str, int]:  # fmt: skip
    """A dossier page: the cooperative now, what the page adds (``extra``), the form that was posted and its errors;
    ``here`` is the page's own endpoint (its section marked in the navigation, also when a POST shows it again)."""
    coop = cq.current(services().app, coop_id)
    context = _common(coop, coop_id) | {"form_name": form_name, "errors": errors or {}, "form": request.form}
    for name, build in extra.items():
        context[name] = build(coop) if callable(build) else build
    return render_template(template, **context), status


def _pillars(coop: cq.CooperativeView) -> list[dict[str, Any]]:
    app = services().app
    return by_pillar(coop.dossier, cq.catalogue(app), cq.series(app, coop.id))


def _engagement(number: int) -> Any:
    def find(coop: cq.CooperativeView) -> dict[str, Any]:
        for pillar in _pillars(coop):
            for engagement in pillar["engagements"]:
                if engagement["number"] == number:
                    return dict(engagement)
        abort(404)

    return find


def _options(coop: cq.CooperativeView, kind: str) -> list[tuple[str, str]]:
    """``(id, « I3 — label (engagement n°2) »)`` for every action or indicator of the dossier."""
    text = "title" if kind == "actions" else "label"
    return [(item["id"], f"{item['id']} — {item.get(text, '')} (engagement n°{e['number']})")
            for e in coop.dossier["engagements"].values() for item in e[kind].values()]  # fmt: skip


def _engagement_options(chosen: bool) -> Any:
    def options(coop: cq.CooperativeView) -> list[tuple[int, str]]:
        return [(e["number"], f"n°{e['number']} — {e['title']}") for e in cq.catalogue(services().app)["engagements"]
                if (str(e["number"]) in coop.dossier["engagements"]) == chosen]  # fmt: skip

    return options


# -- the pages, one per section ------------------------------------------------------------------------------


def overview_page(coop_id: UUID, **kw: Any) -> Any:
    return render("pages/dossier_overview.html", coop_id, here="pages.edit", pillars=_pillars, **kw)


def identity_page(coop_id: UUID, **kw: Any) -> Any:
    return render("pages/dossier_identity.html", coop_id, here="pages.edit_identity_page", **kw)


def intent_page(coop_id: UUID, **kw: Any) -> Any:
    return render("pages/dossier_intent.html", coop_id, here="pages.edit_intent_page", **kw)


def engagements_page(coop_id: UUID, **kw: Any) -> Any:
    return render("pages/dossier_engagements.html", coop_id, here="pages.edit_engagements_page", pillars=_pillars,
                  catalogue=lambda c: cq.catalogue(services().app), **kw)  # fmt: skip


def engagement_page(coop_id: UUID, number: int, **kw: Any) -> Any:
    return render(
        "pages/dossier_engagement.html",
        coop_id,
        here="pages.edit_engagement_page",
        engagement=_engagement(number),
        **kw,
    )


def measure_page(coop_id: UUID, **kw: Any) -> Any:
    return render(
        "pages/dossier_measure.html",
        coop_id,
        here="pages.edit_measure_page",
        indicators=lambda c: _options(c, "indicators"),
        **kw,
    )


def readjust_page(coop_id: UUID, **kw: Any) -> Any:
    return render("pages/dossier_readjust.html", coop_id, here="pages.edit_readjust_page", indicators=lambda c: _options(c, "indicators"),
                  actions=lambda c: _options(c, "actions"), chosen_options=_engagement_options(True),
                  free_options=_engagement_options(False), **kw)  # fmt: skip


def _page(path: str, endpoint: str, show: Any) -> None:
    def view(coop: str, **args: Any) -> Any:
        coop_id, _ = writable_coop(coop, EDIT_USE_CASE)
        return show(coop_id, **args)

    bp.add_url_rule(f"/cooperatives/<coop>/dossier{path}", endpoint=endpoint, view_func=signed_in()(view),
                    methods=["GET"])  # fmt: skip


_page("", "edit", overview_page)
_page("/identite", "edit_identity_page", identity_page)
_page("/intention", "edit_intent_page", intent_page)
_page("/engagements", "edit_engagements_page", engagements_page)
_page("/engagements/<int:number>", "edit_engagement_page", engagement_page)
_page("/mesures", "edit_measure_page", measure_page)
_page("/reajustement", "edit_readjust_page", readjust_page)
