"""Forms that change a dossier (the referent's desk); the committee's verdict form is in ``views_verdict``.

Each POST is one use case: parse the form → one application call with ``expected_version`` → redirect.
Any domain error re-renders the page with the message next to the field it names (never an error page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for

from qualicoop_es.errors import InvalidInput
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import vocabulary as v
from qualicoop_es.queries.readjustment import failing_change
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import signed_in, writable_coop
from web.pages.dossier_view import by_pillar

IDENTITY_COUNTS = ("homes_managed", "homes_delivered_per_year", "members", "staff")


def _edit_page(coop_id: UUID, *, form_name: str = "", errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    app = services().app
    coop = cq.current(app, coop_id)
    catalogue = cq.catalogue(app)
    indicators = [(i["id"], f"{i['id']} — {i.get('label', '')} (engagement n°{e['number']})")
                  for e in coop.dossier["engagements"].values() for i in e["indicators"].values()]  # fmt: skip
    actions = [(a["id"], f"{a['id']} — {a.get('title', '')} (engagement n°{e['number']})")
               for e in coop.dossier["engagements"].values() for a in e["actions"].values()]  # fmt: skip
    html = render_template(
        "pages/edit.html", coop_id=coop_id, coop=coop, identity=coop.identity, intent=coop.intent,
        checklist=coop.checklist, catalogue=catalogue, pillars=by_pillar(coop.dossier, catalogue, cq.series(app, coop_id)),
        chosen=set(coop.chosen), indicators=indicators, day=today(), actions=actions,
        chosen_options=[(e["number"], f"n°{e['number']} — {e['title']}") for e in catalogue["engagements"]
                        if str(e["number"]) in coop.dossier["engagements"]],
        free_options=[(e["number"], f"n°{e['number']} — {e['title']}") for e in catalogue["engagements"]
                      if str(e["number"]) not in coop.dossier["engagements"]],
        form_name=form_name, errors=errors or {}, form=request.form, stakeholders=v.STAKEHOLDERS,
        preparing=coop.phase == "preparing", editable=coop.editable,
        implementing=coop.phase in ("engaged", "confirmed", "continue_work"),
        can_measure=coop.phase in ("engaged", "confirmed", "continue_work", "bilan_submitted"),
    )  # fmt: skip
    return html, status


@bp.get("/cooperatives/<coop>/dossier")
@signed_in()
def edit(coop: str) -> Any:
    coop_id, _ = writable_coop(coop, "update_identity")
    return _edit_page(coop_id)


def _run(coop: str, use_case: str, form_name: str, command: Callable[[UUID, Any, Any], None], done: str) -> Any:
    coop_id, me = writable_coop(coop, use_case)
    return f.submit(lambda: command(coop_id, me, request.form), partial(_edit_page, coop_id, form_name=form_name),
                    done, url_for("pages.edit", coop=coop) + f"#{form_name}")  # fmt: skip


def _kw(me: Any, form: Any) -> dict[str, Any]:
    return {"actor": me, "expected_version": f.version(form)}


def _identity(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {"name": f.text(form, "name"), "legal_form": f.text(form, "legal_form"),
                               "departement": f.text(form, "departement"),
                               "activities": form.getlist("activities"),
                               "governance_bodies": f.text(form, "governance_bodies"),
                               "contact": f.text(form, "contact")}  # fmt: skip
    for name in IDENTITY_COUNTS:
        changes[name] = f.integer(form, name)
    current = cq.current(services().app, coop_id).identity
    changes = {k: x for k, x in changes.items() if current.get(k) != x}
    services().app.update_identity(coop_id, changes, **_kw(me, form))


def _intent(coop_id: UUID, me: Any, form: Any) -> None:
    changes: dict[str, Any] = {name: f.text(form, name) for name in v.INTENT_FIELDS if name != "stakeholders"}
    changes["stakeholders"] = sorted(form.getlist("stakeholders"))
    current = cq.current(services().app, coop_id).intent
    changes = {k: x for k, x in changes.items() if current.get(k) != x}
    services().app.update_intent_note(coop_id, changes, **_kw(me, form))


def _dossier(build: Callable[[Any], dict[str, Any]]) -> Callable[[UUID, Any, Any], None]:
    """The command that sends ``change_dossier`` the operation ``build`` reads from the form."""

    def command(coop_id: UUID, me: Any, form: Any) -> None:
        services().app.change_dossier(coop_id, build(form), **_kw(me, form))

    return command


def _number(form: Any) -> int:
    return f.required_int(form, "number", "Choisissez un engagement.", 1, 99)


def _indicator_fields(form: Any) -> dict[str, Any]:
    """What an indicator form says of the indicator (its target date is required)."""
    fields = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "baseline": f.text(form, "baseline"),
              "target": f.text(form, "target"), "target_date": f.day(form, "target_date")}  # fmt: skip
    if fields["target_date"] is None:
        raise InvalidInput("target_date", "Ce champ est obligatoire.")
    return fields


def _choose(form: Any) -> dict[str, Any]:
    return {"op": "choose_engagement", "number": _number(form), "activities": form.getlist("activities"),
            "context": f.text(form, "context")}  # fmt: skip


def _drop(form: Any) -> dict[str, Any]:
    return {"op": "drop_engagement", "number": _number(form), "reason": f.text(form, "reason")}


def _action(form: Any) -> dict[str, Any]:
    return {"op": "add_action", "number": _number(form), "title": f.text(form, "title"),
            "description": f.text(form, "description")}  # fmt: skip


def _indicator(form: Any) -> dict[str, Any]:
    fields = _indicator_fields(form)
    return {"op": "define_indicator", "number": _number(form), "fields": fields}


def _remove(kind: str) -> Callable[[Any], dict[str, Any]]:
    key = "action_id" if kind == "action" else "indicator_id"
    return lambda form: {"op": f"remove_{kind}", key: f.text(form, key), "reason": f.text(form, "reason")}


def _measure(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.measure_indicator(coop_id, f.text(form, "indicator_id"), f.text(form, "value"),
                                     comment=f.text(form, "comment"), effective_on=f.day(form, "effective_on"),
                                     **_kw(me, form))  # fmt: skip


def _revise_engagement(form: Any) -> dict[str, Any]:
    changes = {"activities": form.getlist("activities"), "context": f.text(form, "context")}
    return {"op": "revise_engagement", "number": _number(form), "changes": changes}


def _revise_action(form: Any) -> dict[str, Any]:
    changes = {"title": f.text(form, "title"), "description": f.text(form, "description")}
    return {"op": "revise_action", "action_id": f.text(form, "action_id"), "changes": changes}


def _revise_indicator(form: Any) -> dict[str, Any]:
    changes = _indicator_fields(form)
    if not changes["baseline"]:
        del changes["baseline"]
    return {"op": "revise_indicator", "indicator_id": f.text(form, "indicator_id"), "changes": changes}


#: Which form field shows an error the domain names, for each operation of a readjustment.
READJUST_FIELDS: dict[str, dict[str, str]] = {
    "drop": {"number": "drop_number", "reason": "reason"},
    "choose": {"number": "choose_number", "activities": "choose_activities", "context": "choose_context"},
    "new_action": {"number": "choose_number", "title": "new_title", "description": "new_title"},
    "new_indicator": {"number": "choose_number", "label": "new_label", "unit": "new_unit",
                      "baseline": "new_baseline", "target": "new_target", "target_date": "new_target_date"},
    "target": {"indicator_id": "indicator_id", "target": "target", "changes": "target"},
    "add_action": {"number": "add_number", "title": "add_title", "description": "add_description"},
    "remove_action": {"action_id": "remove_action_id", "reason": "reason"},
}  # fmt: skip


def readjustment_ops(form: Any) -> list[tuple[str, dict[str, Any]]]:
    """The operations a « Réajuster les objectifs » form asks for, each with its part of the form."""
    ops: list[tuple[str, dict[str, Any]]] = []
    reason = f.text(form, "reason")
    drop, choose = f.text(form, "drop_number"), f.text(form, "choose_number")
    if drop:
        ops.append(("drop", {"op": "drop_engagement", "number": f.int_or_text(drop), "reason": reason}))
    if choose:
        number = f.int_or_text(choose)
        fields = {"label": f.text(form, "new_label"), "unit": f.text(form, "new_unit"),
                  "target": f.text(form, "new_target"), "target_date": f.day(form, "new_target_date")}  # fmt: skip
        if f.text(form, "new_baseline"):
            fields["baseline"] = f.text(form, "new_baseline")
        ops += [("choose", {"op": "choose_engagement", "number": number, "activities": form.getlist("choose_activities"),
                            "context": f.text(form, "choose_context")}),
                ("new_action", {"op": "add_action", "number": number, "title": f.text(form, "new_title")}),
                ("new_indicator", {"op": "define_indicator", "number": number,
                                   "fields": {k: x for k, x in fields.items() if x not in (None, "")}})]  # fmt: skip
    indicator, target = f.text(form, "indicator_id"), f.text(form, "target")
    if indicator and not target:
        raise InvalidInput("target", "Indiquez la nouvelle cible.")
    if target and not indicator:
        raise InvalidInput("indicator_id", "Choisissez l'indicateur dont la cible change.")
    if indicator:
        ops.append(("target", {"op": "revise_indicator", "indicator_id": indicator, "changes": {"target": target}}))
    add_number, add_title = f.text(form, "add_number"), f.text(form, "add_title")
    if add_number or add_title:
        number = f.required_int(form, "add_number", "Choisissez l'engagement qui reçoit l'action.", 1, 99)
        ops.append(("add_action", {"op": "add_action", "number": number, "title": add_title,
                                   "description": f.text(form, "add_description")}))  # fmt: skip
    if f.text(form, "remove_action_id"):
        ops.append(("remove_action", {"op": "remove_action", "action_id": f.text(form, "remove_action_id"),
                                      "reason": reason}))  # fmt: skip
    if not ops:
        raise InvalidInput("changes", "Choisissez au moins une modification : cible, action ou engagement.")
    return ops


def _readjust(coop_id: UUID, me: Any, form: Any) -> None:
    ops = readjustment_ops(form)
    app = services().app
    kw = _kw(me, form)
    try:
        app.readjust_objectives(coop_id, [op for _, op in ops], reason=f.text(form, "reason"), **kw)
    except InvalidInput as error:
        raise _placed(coop_id, ops, error, kw["actor"]) from None


def _placed(coop_id: UUID, ops: list[tuple[str, dict[str, Any]]], error: InvalidInput, actor: Any) -> InvalidInput:
    """The same error, named after the form field of the operation that caused it (found by the core)."""
    if error.field in ("reason", "effective_on") or len(ops) == 0:
        return error
    found = failing_change(services().app, coop_id, [op for _, op in ops], actor=actor)
    if found is None:
        return error
    index, cause = found
    return InvalidInput(READJUST_FIELDS[ops[index][0]].get(cause.field, "changes"), cause.errors[cause.field][0])


def _submit(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_dossier(coop_id, **_kw(me, form))


def _bilan(coop_id: UUID, me: Any, form: Any) -> None:
    services().app.submit_bilan(coop_id, summary=f.text(form, "summary"), **_kw(me, form))


ROUTES: tuple[tuple[str, str, str, Callable[[UUID, Any, Any], None], str], ...] = (
    ("identite", "update_identity", "identity", _identity, "Fiche d'identité enregistrée."),
    ("intention", "update_intent_note", "intent", _intent, "Note d'intention enregistrée."),
    ("engagements", "change_dossier", "choose", _dossier(_choose), "Engagement ajouté au dossier."),
    ("engagements/abandon", "change_dossier", "drop", _dossier(_drop), "Engagement retiré du dossier."),
    ("actions", "change_dossier", "action", _dossier(_action), "Action ajoutée."),
    ("actions/suppression", "change_dossier", "remove-action", _dossier(_remove("action")), "Action supprimée."),
    ("indicateurs", "change_dossier", "indicator", _dossier(_indicator), "Indicateur ajouté."),
    ("indicateurs/suppression", "change_dossier", "remove-indicator", _dossier(_remove("indicator")),
     "Indicateur supprimé."),
    ("engagements/revision", "change_dossier", "revise-engagement", _dossier(_revise_engagement),
     "Engagement modifié."),
    ("actions/revision", "change_dossier", "revise-action", _dossier(_revise_action), "Action modifiée."),
    ("indicateurs/revision", "change_dossier", "revise-indicator", _dossier(_revise_indicator),
     "Indicateur modifié."),
    ("mesures", "measure_indicator", "measure", _measure, "Mesure enregistrée."),
    ("reajustement", "readjust_objectives", "readjust", _readjust, "Objectifs réajustés."),
    ("depot", "submit_dossier", "submit", _submit, "Dossier déposé au comité de validation."),
    ("bilan", "submit_bilan", "bilan", _bilan, "Bilan déposé au comité de validation."),
)  # fmt: skip


def _make_view(
    use_case: str, form_name: str, command: Callable[[UUID, Any, Any], None], done: str
) -> Callable[[str], Any]:
    def view(coop: str) -> Any:
        return _run(coop, use_case, form_name, command, done)

    return view


for _path, _use_case, _form_name, _command, _done in ROUTES:
    bp.add_url_rule(f"/cooperatives/<coop>/dossier/{_path}", endpoint=f"edit_{_form_name.replace('-', '_')}",
                    view_func=signed_in()(_make_view(_use_case, _form_name, _command, _done)), methods=["POST"])  # fmt: skip
