"""Forms that change a dossier (the referent's desk) and the committee's verdict form.

Each POST is one use case: parse the form → one application call with ``expected_version`` → redirect.
Any domain error re-renders the page with the message next to the field it names (never an error page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput, QualicoopError
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import can_write, coop_id_or_404, require_read, require_write, signed_in
from web.pages.dossier_view import by_pillar, measurements_of

IDENTITY_COUNTS = ("homes_managed", "homes_delivered_per_year", "members", "staff")


def _edit_page(coop_id: UUID, *, form_name: str = "", errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    app = services().app
    coop = app.cooperative(coop_id)
    catalogue = app.catalogue().as_dict()
    indicators = [(i["id"], f"{i['id']} — {i.get('label', '')} (engagement n°{e['number']})")
                  for e in coop.dossier["engagements"].values() for i in e["indicators"].values()]  # fmt: skip
    html = render_template(
        "pages/edit.html", coop_id=coop_id, coop=coop, identity=coop.dossier["identity"],
        intent=coop.dossier["intent"], checklist=rules.checklist(coop.dossier), catalogue=catalogue,
        pillars=by_pillar(coop.dossier, catalogue, measurements_of(app.history(coop_id))),
        chosen={int(n) for n in coop.dossier["engagements"]}, indicators=indicators, day=today(),
        form_name=form_name, errors=errors or {}, form=request.form, stakeholders=v.STAKEHOLDERS,
        preparing=coop.phase == "preparing",
        implementing=coop.phase in ("engaged", "confirmed", "continue_work"),
        can_measure=coop.phase in ("engaged", "confirmed", "continue_work", "bilan_submitted"),
    )  # fmt: skip
    return html, status


@bp.get("/cooperatives/<coop>/dossier")
@signed_in()
def edit(coop: str) -> Any:
    coop_id = coop_id_or_404(coop)
    require_write(coop_id, "update_identity")
    return _edit_page(coop_id)


def _run(coop: str, use_case: str, form_name: str, command: Callable[[UUID, Any, Any], Any], done: str) -> Any:
    coop_id = coop_id_or_404(coop)
    me = require_write(coop_id, use_case)
    try:
        command(coop_id, me, request.form)
    except QualicoopError as error:
        return _edit_page(coop_id, form_name=form_name, errors=f.errors_of(error), status=422)
    flash(done)
    return redirect(url_for("pages.edit", coop=coop) + f"#{form_name}")


def _kw(me: Any, form: Any) -> dict[str, Any]:
    return {"actor": me.account_id, "expected_version": f.version(form)}


def _identity(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {"name": f.text(form, "name"), "legal_form": f.text(form, "legal_form"),
                               "departement": f.text(form, "departement"),
                               "activities": form.getlist("activities"),
                               "governance_bodies": f.text(form, "governance_bodies"),
                               "contact": f.text(form, "contact")}  # fmt: skip
    for name in IDENTITY_COUNTS:
        changes[name] = f.integer(form, name)
    current = services().app.cooperative(coop_id).dossier["identity"]
    changes = {k: x for k, x in changes.items() if current.get(k) != x}
    services().app.update_identity(coop_id, changes, **_kw(me, form))


def _intent(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {name: f.text(form, name) for name in ds.INTENT_FIELDS if name != "stakeholders"}
    changes["stakeholders"] = sorted(form.getlist("stakeholders"))
    current = services().app.cooperative(coop_id).dossier["intent"]
    changes = {k: x for k, x in changes.items() if current.get(k) != x}
    services().app.update_intent_note(coop_id, changes, **_kw(me, form))


def _number(form: Any) -> int:
    raw = f.text(form, "number")
    if not raw.isdigit():
        raise InvalidInput("number", "Choisissez un engagement.")
    return int(raw)


def _choose(coop_id: UUID, me: Any, form: Any) -> None:
    op = {"op": "choose_engagement", "number": _number(form), "activities": form.getlist("activities"),
          "context": f.text(form, "context")}  # fmt: skip
    services().app.change_dossier(coop_id, op, **_kw(me, form))


def _drop(coop_id: UUID, me: Any, form: Any) -> None:
    op = {"op": "drop_engagement", "number": _number(form), "reason": f.text(form, "reason")}
    services().app.change_dossier(coop_id, op, **_kw(me, form))


def _action(coop_id: UUID, me: Any, form: Any) -> None:
    op = {"op": "add_action", "number": _number(form), "title": f.text(form, "title"),
          "description": f.text(form, "description")}  # fmt: skip
    services().app.change_dossier(coop_id, op, **_kw(me, form))


def _indicator(coop_id: UUID, me: Any, form: Any) -> None:
    fields = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "baseline": f.text(form, "baseline"),
              "target": f.text(form, "target"), "target_date": f.day(form, "target_date")}  # fmt: skip
    if fields["target_date"] is None:
        raise InvalidInput("target_date", "Ce champ est obligatoire.")
    op = {"op": "define_indicator", "number": _number(form), "fields": fields}
    services().app.change_dossier(coop_id, op, **_kw(me, form))


def _remove(kind: str) -> Callable[[UUID, Any, Any], None]:
    def command(coop_id: UUID, me: Any, form: Any) -> None:
        key = "action_id" if kind == "action" else "indicator_id"
        op = {"op": f"remove_{kind}", key: f.text(form, key), "reason": f.text(form, "reason")}
        services().app.change_dossier(coop_id, op, **_kw(me, form))

    return command


def _measure(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.measure_indicator(coop_id, f.text(form, "indicator_id"), f.text(form, "value"),
                                     comment=f.text(form, "comment"), effective_on=f.day(form, "effective_on"),
                                     **_kw(me, form))  # fmt: skip


def _readjust(coop_id: UUID, me: Any, form: Any) -> None:
    change = {"op": "revise_indicator", "indicator_id": f.text(form, "indicator_id"),
              "changes": {"target": f.text(form, "target")}}  # fmt: skip
    services().app.readjust_objectives(coop_id, [change], reason=f.text(form, "reason"), **_kw(me, form))


def _submit(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_dossier(coop_id, **_kw(me, form))


def _bilan(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_bilan(coop_id, summary=f.text(form, "summary"), **_kw(me, form))


ROUTES: tuple[tuple[str, str, str, Callable[[UUID, Any, Any], None], str], ...] = (
    ("identite", "update_identity", "identity", _identity, "Fiche d'identité enregistrée."),
    ("intention", "update_intent_note", "intent", _intent, "Note d'intention enregistrée."),
    ("engagements", "change_dossier", "choose", _choose, "Engagement ajouté au dossier."),
    ("engagements/abandon", "change_dossier", "drop", _drop, "Engagement retiré du dossier."),
    ("actions", "change_dossier", "action", _action, "Action ajoutée."),
    ("actions/suppression", "change_dossier", "remove-action", _remove("action"), "Action supprimée."),
    ("indicateurs", "change_dossier", "indicator", _indicator, "Indicateur ajouté."),
    ("indicateurs/suppression", "change_dossier", "remove-indicator", _remove("indicator"), "Indicateur supprimé."),
    ("mesures", "measure_indicator", "measure", _measure, "Mesure enregistrée."),
    ("reajustement", "readjust_objectives", "readjust", _readjust, "Objectif réajusté."),
    ("depot", "submit_dossier", "submit", _submit, "Dossier déposé au comité de validation."),
    ("bilan", "submit_bilan", "bilan", _bilan, "Bilan déposé au comité de validation."),
)


def _make_view(
    use_case: str, form_name: str, command: Callable[[UUID, Any, Any], None], done: str
) -> Callable[[str], Any]:
    def view(coop: str) -> Any:
        return _run(coop, use_case, form_name, command, done)

    return view


for _path, _use_case, _form_name, _command, _done in ROUTES:
    bp.add_url_rule(f"/cooperatives/<coop>/dossier/{_path}", endpoint=f"edit_{_form_name.replace('-', '_')}",
                    view_func=signed_in()(_make_view(_use_case, _form_name, _command, _done)), methods=["POST"])  # fmt: skip


# -- the committee's verdict -----------------------------------------------------------------------------------


def _verdict_page(coop_id: UUID, *, errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    app = services().app
    coop = app.cooperative(coop_id)
    judged = coop.submission if coop.phase == "submitted" else coop.bilan if coop.phase == "bilan_submitted" else None
    catalogue = app.catalogue().as_dict()
    judged_state = app.cooperative(coop_id, judged["version"]) if judged else None
    pillars = by_pillar(judged_state.dossier, catalogue, measurements_of(app.history(coop_id))) if judged_state else []
    kinds = ("validate", "mature") if coop.phase == "submitted" else ("confirm", "continue_work")
    html = render_template("pages/verdict.html", coop_id=coop_id, coop=coop, judged=judged, pillars=pillars,
                           kinds=kinds, errors=errors or {}, form=request.form, day=today(),
                           checklist=rules.checklist(judged_state.dossier) if judged_state else [],
                           can_judge=can_write(coop_id, "record_verdict"))  # fmt: skip
    return html, status


@bp.route("/cooperatives/<coop>/verdict", methods=["GET", "POST"])
@signed_in()
def verdict(coop: str) -> Any:
    coop_id = coop_id_or_404(coop)
    if request.method == "GET":
        require_read(coop_id)
        return _verdict_page(coop_id)
    me = require_write(coop_id, "record_verdict")
    form = request.form
    try:
        members = [m.strip() for m in f.text(form, "members_present").replace(";", ",").split(",") if m.strip()]
        judged = f.version(form, "judged_version")
        if judged is None:
            raise InvalidInput("judged_version", "Version jugée manquante : rechargez la page.")
        services().app.record_verdict(
            coop_id, actor=me.account_id, kind=f.text(form, "kind"), session_reference=f.text(form, "session_reference"),
            members_present=members, rationale=f.text(form, "rationale"), judged_version=judged,
            axes=[int(a) for a in form.getlist("axes") if a.isdigit()], next_bilan_due=f.day(form, "next_bilan_due"),
            effective_on=f.day(form, "effective_on"), expected_version=f.version(form),
        )  # fmt: skip
    except QualicoopError as error:
        return _verdict_page(coop_id, errors=f.errors_of(error), status=422)
    flash("Verdict enregistré.")
    return redirect(url_for("pages.cooperative", coop=coop))
