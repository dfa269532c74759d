"""Forms that change a dossier (the referent's desk); the pages they sit on are ``dossier_pages``, the committee's
verdict form is in ``views_verdict``.

Each POST is one use case: parse the form (shape only: what is no number or date goes to the core as typed, for it
to refuse in its own words beside the other mistakes) → one application call with ``expected_version`` → redirect
to the item saved (``#engagement-3``, ``#indicateur-I2``). A refused form re-renders its page with every error and
the summary at the top. What cannot be undone (removing, depositing) first shows a confirmation page
(``confirm``): a POST without ``confirm=1`` never acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from flask import request, url_for

from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import vocabulary as v
from web.pages import bp, services
from web.pages import dossier_confirm as dc
from web.pages import dossier_forms as df
from web.pages import dossier_pages as dp
from web.pages import forms as f
from web.pages.access import signed_in, writable_coop
from web.pages.confirm import Confirm, confirmation, confirmed
from web.pages.readjust_form import readjust

IDENTITY_COUNTS = ("homes_managed", "homes_delivered_per_year", "members", "staff")
Command = Callable[[UUID, Any, Any], None]


def _kw(me: Any, form: Any) -> dict[str, Any]:
    return {"actor": me, "expected_version": f.version(form)}


def _changed(section: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {k: x for k, x in changes.items() if section.get(k) != x}


def _identity(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {"name": f.text(form, "name"), "legal_form": f.text(form, "legal_form"),
                               "departement": f.text(form, "departement"), "activities": form.getlist("activities"),
                               "governance_bodies": f.text(form, "governance_bodies"),
                               "contact": f.text(form, "contact")}  # fmt: skip
    for name in IDENTITY_COUNTS:
        changes[name] = f.int_or_text(f.text(form, name)) if f.text(form, name) else None
    current = cq.current(services().app, coop_id).identity
    services().app.update_identity(coop_id, _changed(current, changes), **_kw(me, form))


def _intent(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {name: f.text(form, name) for name in v.INTENT_FIELDS if name != "stakeholders"}
    changes["stakeholders"] = sorted(form.getlist("stakeholders"))
    current = cq.current(services().app, coop_id).intent
    services().app.update_intent_note(coop_id, _changed(current, changes), **_kw(me, form))


def _dossier(build: Callable[[Any], dict[str, Any]]) -> Command:
    """The command that sends ``change_dossier`` the operation ``build`` reads from the form."""

    def command(coop_id: UUID, me: Any, form: Any) -> None:
        services().app.change_dossier(coop_id, build(form), **_kw(me, form))

    return command


def _measure(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.measure_indicator(coop_id, f.text(form, "indicator_id"), f.text(form, "value"),
                                     comment=f.text(form, "comment"), effective_on=f.day_or_text(form, "effective_on"),
                                     **_kw(me, form))  # fmt: skip


def _submit(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_dossier(coop_id, **_kw(me, form))


def _bilan(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_bilan(coop_id, summary=f.text(form, "summary"), **_kw(me, form))


# -- where a form sits, and where its success leads ------------------------------------------------------------


def _engagement_of(coop_id: UUID, form: Any) -> int | None:
    """The engagement a form is about: its number, or the engagement that holds its action or indicator."""
    number = f.parse_int(f.text(form, "number"), 1, 99)
    item = f.text(form, "action_id") or f.text(form, "indicator_id")
    if number is not None or not item:
        return number
    engagements = cq.current(services().app, coop_id).dossier["engagements"]
    return next((int(k) for k, e in engagements.items() if item in e["actions"] or item in e["indicators"]), None)


def _newest(coop_id: UUID, number: int | None, kind: str) -> str:
    items = cq.current(services().app, coop_id).dossier["engagements"].get(str(number), {}).get(kind, {})
    return max(items, key=lambda i: int(i[1:]), default="")


Anchor = Callable[[UUID, int | None, Any], str]
PAGES: dict[str, tuple[str, Callable[..., Any]]] = {
    "overview": ("pages.edit", dp.overview_page), "identity": ("pages.edit_identity_page", dp.identity_page),
    "intent": ("pages.edit_intent_page", dp.intent_page),
    "engagements": ("pages.edit_engagements_page", dp.engagements_page),
    "engagement": ("pages.edit_engagement_page", dp.engagement_page),
    "measure": ("pages.edit_measure_page", dp.measure_page), "readjust": ("pages.edit_readjust_page", dp.readjust_page),
}  # fmt: skip


@dataclass(frozen=True)
class Route:
    path: str
    use_case: str
    form_name: str
    command: Command
    done: str
    page: str
    anchor: Anchor
    confirm: Confirm | None = None


def _fixed(fragment: str) -> Anchor:
    return lambda coop_id, number, form: fragment


def _item(kind: str, prefix: str, key: str) -> Anchor:
    """``#action-A3``: the item the form named (a revision), else the newest of its engagement (an addition)."""
    return lambda coop_id, number, form: f"#{prefix}-{f.text(form, key) or _newest(coop_id, number, kind)}"


ROUTES: tuple[Route, ...] = (
    Route("identite", "update_identity", "identity", _identity, "Fiche d'identité enregistrée.", "identity",
          _fixed("#identite")),
    Route("intention", "update_intent_note", "intent", _intent, "Note d'intention enregistrée.", "intent",
          _fixed("#intention")),
    Route("engagements", "change_dossier", "choose", _dossier(df.choose), "Engagement ajouté au dossier.", "engagement",
          lambda coop_id, number, form: f"#engagement-{number}"),
    Route("engagements/abandon", "change_dossier", "drop", _dossier(df.drop), "Engagement retiré du dossier.",
          "engagements", _fixed("#engagements"), dc.DROP),
    Route("actions", "change_dossier", "action", _dossier(df.action), "Action ajoutée.", "engagement",
          _item("actions", "action", "")),
    Route("actions/suppression", "change_dossier", "remove-action", _dossier(df.remove("action")), "Action supprimée.",
          "engagement", _fixed("#actions"), dc.REMOVE_ACTION),
    Route("indicateurs", "change_dossier", "indicator", _dossier(df.indicator), "Indicateur ajouté.", "engagement",
          _item("indicators", "indicateur", "")),
    Route("indicateurs/suppression", "change_dossier", "remove-indicator", _dossier(df.remove("indicator")),
          "Indicateur supprimé.", "engagement", _fixed("#indicateurs"), dc.REMOVE_INDICATOR),
    Route("engagements/revision", "change_dossier", "revise-engagement", _dossier(df.revise_engagement),
          "Engagement modifié.", "engagement", lambda coop_id, number, form: f"#engagement-{number}"),
    Route("actions/revision", "change_dossier", "revise-action", _dossier(df.revise_action), "Action modifiée.",
          "engagement", _item("actions", "action", "action_id")),
    Route("indicateurs/revision", "change_dossier", "revise-indicator", _dossier(df.revise_indicator),
          "Indicateur modifié.", "engagement", _item("indicators", "indicateur", "indicator_id")),
    Route("mesures", "measure_indicator", "measure", _measure, "Mesure enregistrée.", "measure", _fixed("#mesure")),
    Route("reajustement", "readjust_objectives", "readjust", readjust, "Objectifs réajustés.", "readjust",
          _fixed("#reajustement"), dc.READJUST),
    Route("depot", "submit_dossier", "submit", _submit, "Dossier déposé au comité de validation.", "overview",
          _fixed("#depot"), dc.SUBMIT),
    Route("bilan", "submit_bilan", "bilan", _bilan, "Bilan déposé au comité de validation.", "overview",
          _fixed("#bilan"), dc.BILAN),
)  # fmt: skip


def _where(route: Route, coop_id: UUID, number: int | None) -> tuple[str, Callable[..., Any]]:
    """The URL of the page the form sits on, and how to show that page again."""
    page = route.page if route.page != "engagement" or number in cq.current(services().app, coop_id).chosen \
        else "engagements"  # fmt: skip
    endpoint, show = PAGES[page]
    args: dict[str, Any] = {"number": number} if page == "engagement" else {}
    return url_for(endpoint, coop=str(coop_id), **args), partial(show, coop_id, form_name=route.form_name, **args)


def _make_view(route: Route) -> Callable[[str], Any]:
    def view(coop: str) -> Any:
        coop_id, me = writable_coop(coop, route.use_case)
        form = request.form
        number = _engagement_of(coop_id, form)
        url, page = _where(route, coop_id, number)

        def run() -> Any:
            if route.confirm is not None and not confirmed(form):
                return confirmation(route.confirm, coop_id, me, form, cancel=url)
            route.command(coop_id, me, form)
            return None

        def target() -> str:
            after, _ = _where(route, coop_id, number)
            return after + route.anchor(coop_id, number, form)

        return f.submit(run, page, route.done, target)

    return view


for _route in ROUTES:
    bp.add_url_rule(f"/cooperatives/<coop>/dossier/{_route.path}", endpoint=f"edit_{_route.form_name.replace('-', '_')}",
                    view_func=signed_in()(_make_view(_route)), methods=["POST"])  # fmt: skip
