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
from web.pages import dossier_pages as dp
from web.pages import forms as f
from web.pages.access import signed_in, writable_coop
from web.pages.confirm import Confirm, Described, confirmation, confirmed, counted
from web.pages.readjust_form import describe_readjustment, readjust, readjust_refusal

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


def _number(form: Any) -> int | str:
    return f.int_or_text(f.text(form, "number"))


def _indicator_fields(form: Any) -> dict[str, Any]:
    """What an indicator form says of the indicator: the fields filled in (the core says which are missing)."""
    fields = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "baseline": f.text(form, "baseline"),
              "target": f.text(form, "target"), "target_date": f.day_or_text(form, "target_date")}  # fmt: skip
    return {k: x for k, x in fields.items() if x not in ("", None)}


def _choose(form: Any) -> dict[str, Any]:
    return {"op": "choose_engagement", "number": _number(form), "activities": form.getlist("activities"),
            "context": f.text(form, "context")}  # fmt: skip


def _drop(form: Any) -> dict[str, Any]:
    return {"op": "drop_engagement", "number": _number(form), "reason": f.text(form, "reason")}


def _action(form: Any) -> dict[str, Any]:
    return {"op": "add_action", "number": _number(form), "title": f.text(form, "title"),
            "description": f.text(form, "description")}  # fmt: skip


def _indicator(form: Any) -> dict[str, Any]:
    return {"op": "define_indicator", "number": _number(form), "fields": _indicator_fields(form)}


def _remove(kind: str) -> Callable[[Any], dict[str, Any]]:
    key = "action_id" if kind == "action" else "indicator_id"
    return lambda form: {"op": f"remove_{kind}", key: f.text(form, key), "reason": f.text(form, "reason")}


def _measure(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.measure_indicator(coop_id, f.text(form, "indicator_id"), f.text(form, "value"),
                                     comment=f.text(form, "comment"), effective_on=f.day_or_text(form, "effective_on"),
                                     **_kw(me, form))  # fmt: skip


def _revise_engagement(form: Any) -> dict[str, Any]:
    changes = {"activities": form.getlist("activities"), "context": f.text(form, "context")}
    return {"op": "revise_engagement", "number": _number(form), "changes": changes}


def _revise_action(form: Any) -> dict[str, Any]:
    changes = {"title": f.text(form, "title"), "description": f.text(form, "description")}
    return {"op": "revise_action", "action_id": f.text(form, "action_id"), "changes": changes}


def _revise_indicator(form: Any) -> dict[str, Any]:
    changes = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "target": f.text(form, "target"),
               "target_date": f.day_or_text(form, "target_date") or ""}  # fmt: skip
    if f.text(form, "baseline"):
        changes["baseline"] = f.text(form, "baseline")
    return {"op": "revise_indicator", "indicator_id": f.text(form, "indicator_id"), "changes": changes}


def _submit(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_dossier(coop_id, **_kw(me, form))


def _bilan(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_bilan(coop_id, summary=f.text(form, "summary"), **_kw(me, form))


# -- what each form confirms first ----------------------------------------------------------------------------


def _titles(coop: cq.CooperativeView) -> dict[int, str]:
    return {e["number"]: e["title"] for e in cq.catalogue(services().app)["engagements"]}


def _describe_drop(coop: cq.CooperativeView, form: Any) -> list[str]:
    number = f.parse_int(f.text(form, "number"), 1, 99) or 0
    engagement = coop.dossier["engagements"].get(str(number), {"actions": {}, "indicators": {}})
    with_it = (f"{counted(len(engagement['actions']), 'action', 'actions', 'aucune action')} et "
               f"{counted(len(engagement['indicators']), 'indicateur', 'indicateurs', 'aucun indicateur')}")  # fmt: skip
    return [f"Retirer l'engagement n°{number} du dossier ?",
            f"L'engagement n°{number} « {_titles(coop).get(number, '')} » sera retiré du dossier avec ses actions et "
            f"ses indicateurs : {with_it}.",
            "Pour le reprendre, il faudra le choisir à nouveau et ressaisir ses actions et ses indicateurs ; "
            "le retrait restera inscrit dans l'historique."]  # fmt: skip


def _describe_removal(kind: str) -> Described:
    key, text = ("action_id", "title") if kind == "action" else ("indicator_id", "label")
    what = "l'action" if kind == "action" else "l'indicateur"

    def describe(coop: cq.CooperativeView, form: Any) -> list[str]:
        item_id = f.text(form, key)
        item: dict[str, Any] = next((e[kind + "s"][item_id] for e in coop.dossier["engagements"].values() if item_id in e[kind + "s"]),
                    {})  # fmt: skip
        done = "supprimée" if kind == "action" else "supprimé"
        return [f"Supprimer {what} « {item.get(text, item_id)} » ?",
                f"{what.capitalize()} « {item.get(text, item_id)} » sera {done} du dossier.",
                "Pour la retrouver, il faudra la ressaisir ; la suppression restera inscrite dans l'historique."
                if kind == "action" else "Pour le retrouver, il faudra le ressaisir ; la suppression restera "
                "inscrite dans l'historique."]  # fmt: skip

    return describe


def _describe_submit(coop: cq.CooperativeView, form: Any) -> list[str]:
    return ["Déposer le dossier au comité de validation ?",
            f"Le comité de validation jugera exactement la version {coop.version} du dossier.",
            "Une fois déposé, le dossier ne pourra plus être modifié jusqu'à la décision du comité "
            "(validation, ou demande de le faire mûrir)."]  # fmt: skip


def _describe_bilan(coop: cq.CooperativeView, form: Any) -> list[str]:
    return ["Déposer le bilan au comité de validation ?",
            f"Synthèse déposée : « {f.text(form, 'summary')} »",
            f"Le comité jugera ce bilan avec la version {coop.version} du dossier ; ni la synthèse ni le dossier ne "
            "pourront plus être modifiés jusqu'à sa décision."]  # fmt: skip


def _op(build: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    return lambda form: {"op": build(form)}


DROP = Confirm("change_dossier", _describe_drop, "Confirmer le retrait", _op(_drop))
REMOVE_ACTION = Confirm("change_dossier", _describe_removal("action"), "Confirmer la suppression",
                        _op(_remove("action")))  # fmt: skip
REMOVE_INDICATOR = Confirm("change_dossier", _describe_removal("indicator"), "Confirmer la suppression",
                           _op(_remove("indicator")))  # fmt: skip
READJUST = Confirm("readjust_objectives", describe_readjustment, "Confirmer le réajustement", check=readjust_refusal)
SUBMIT = Confirm("submit_dossier", _describe_submit, "Confirmer le dépôt")
BILAN = Confirm("submit_bilan", _describe_bilan, "Confirmer le dépôt du bilan",
                lambda form: {"summary": f.text(form, "summary")})  # fmt: skip


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
    Route("engagements", "change_dossier", "choose", _dossier(_choose), "Engagement ajouté au dossier.", "engagement",
          lambda coop_id, number, form: f"#engagement-{number}"),
    Route("engagements/abandon", "change_dossier", "drop", _dossier(_drop), "Engagement retiré du dossier.",
          "engagements", _fixed("#engagements"), DROP),
    Route("actions", "change_dossier", "action", _dossier(_action), "Action ajoutée.", "engagement",
          _item("actions", "action", "")),
    Route("actions/suppression", "change_dossier", "remove-action", _dossier(_remove("action")), "Action supprimée.",
          "engagement", _fixed("#actions"), REMOVE_ACTION),
    Route("indicateurs", "change_dossier", "indicator", _dossier(_indicator), "Indicateur ajouté.", "engagement",
          _item("indicators", "indicateur", "")),
    Route("indicateurs/suppression", "change_dossier", "remove-indicator", _dossier(_remove("indicator")),
          "Indicateur supprimé.", "engagement", _fixed("#indicateurs"), REMOVE_INDICATOR),
    Route("engagements/revision", "change_dossier", "revise-engagement", _dossier(_revise_engagement),
          "Engagement modifié.", "engagement", lambda coop_id, number, form: f"#engagement-{number}"),
    Route("actions/revision", "change_dossier", "revise-action", _dossier(_revise_action), "Action modifiée.",
          "engagement", _item("actions", "action", "action_id")),
    Route("indicateurs/revision", "change_dossier", "revise-indicator", _dossier(_revise_indicator),
          "Indicateur modifié.", "engagement", _item("indicators", "indicateur", "indicator_id")),
    Route("mesures", "measure_indicator", "measure", _measure, "Mesure enregistrée.", "measure", _fixed("#mesure")),
    Route("reajustement", "readjust_objectives", "readjust", readjust, "Objectifs réajustés.", "readjust",
          _fixed("#reajustement"), READJUST),
    Route("depot", "submit_dossier", "submit", _submit, "Dossier déposé au comité de validation.", "overview",
          _fixed("#depot"), SUBMIT),
    Route("bilan", "submit_bilan", "bilan", _bilan, "Bilan déposé au comité de validation.", "overview",
          _fixed("#bilan"), BILAN),
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
