"""The « Réajuster les objectifs » form: several changes at once, with a reason; an error the core finds in one of
them is shown beside the form field of that change (the core says which change failed: ``failing_change``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.errors import InvalidInput, QualicoopError
from qualicoop_es.queries.cooperative import CooperativeView
from qualicoop_es.queries.readjustment import failing_change
from qualicoop_es.queries.trial import refusal
from web.pages import forms as f
from web.pages import services
from web.pages.confirm import counted


def _kw(me: Any, form: Any) -> dict[str, Any]:
    return {"actor": me, "expected_version": f.version(form)}


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
                  "target": f.text(form, "new_target"), "target_date": f.day_or_text(form, "new_target_date")}  # fmt: skip
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


def readjust(coop_id: UUID, me: Any, form: Any) -> None:
    ops = readjustment_ops(form)
    app = services().app
    kw = _kw(me, form)
    try:
        app.readjust_objectives(coop_id, [op for _, op in ops], reason=f.text(form, "reason"), **kw)
    except InvalidInput as error:
        raise _placed(coop_id, ops, error, kw["actor"]) from None


def _placed(coop_id: UUID, ops: list[tuple[str, dict[str, Any]]], error: InvalidInput, actor: Any) -> InvalidInput:
    """The same errors, each named after the form field of the change that caused it (found by the core); the
    reason and the date keep their own field."""
    own = {name: messages[0] for name, messages in error.errors.items() if name in ("reason", "effective_on")}
    if len(own) == len(error.errors) or not ops:
        return error
    found = failing_change(services().app, coop_id, [op for _, op in ops], actor=actor)
    if found is None:
        return error
    index, cause = found
    fields = READJUST_FIELDS[ops[index][0]]
    placed = {fields.get(name, "changes"): messages[0] for name, messages in cause.errors.items()}
    return InvalidInput.every({**own, **placed})


def readjust_refusal(coop_id: UUID, me: Any, form: Any) -> QualicoopError | None:
    """Why the readjustment the form asks for would be refused (its errors beside their fields), tried unsaved."""
    try:
        ops = readjustment_ops(form)
    except InvalidInput as error:
        return error
    refused = refusal(services().app, coop_id, "readjust_objectives", actor=me, expected_version=f.version(form),
                      changes=[op for _, op in ops], reason=f.text(form, "reason"))  # fmt: skip
    return _placed(coop_id, ops, refused, me) if isinstance(refused, InvalidInput) else refused


def describe_readjustment(coop: CooperativeView, form: Any) -> list[str]:
    """The confirmation's title, then a sentence per change, then the reason."""
    engagements = coop.dossier["engagements"]
    items = {i: x for e in engagements.values() for kind in ("actions", "indicators") for i, x in e[kind].items()}
    lines = [_sentence(op, engagements, items) for name, op in readjustment_ops(form) if name != "new_action"]
    return ["Réajuster les objectifs ?", *lines,
            f"Motif : « {f.text(form, 'reason')} ». Le réajustement sera inscrit dans l'historique, où les valeurs "
            "initiales resteront visibles."]  # fmt: skip


def _sentence(op: dict[str, Any], engagements: dict[str, Any], items: dict[str, Any]) -> str:
    name, number = op["op"], op.get("number")
    if name == "drop_engagement":
        engagement = engagements.get(str(number), {"actions": {}, "indicators": {}})
        return (f"L'engagement n°{number} sera abandonné, avec ses actions et ses indicateurs : "
                f"{counted(len(engagement['actions']), 'action', 'actions', 'aucune action')} et "
                f"{counted(len(engagement['indicators']), 'indicateur', 'indicateurs', 'aucun indicateur')}.")  # fmt: skip
    if name == "choose_engagement":
        return f"L'engagement n°{number} sera choisi, avec sa première action et son premier indicateur."
    if name == "define_indicator":
        return f"L'indicateur « {op['fields'].get('label', '')} » sera défini pour l'engagement n°{number}."
    if name == "add_action":
        return f"L'action « {op['title']} » sera ajoutée à l'engagement n°{number}."
    if name == "revise_indicator":
        item = items.get(op["indicator_id"], {})
        return (f"La cible de l'indicateur « {item.get('label', op['indicator_id'])} » passera de "
                f"{item.get('target', '—')} à {op['changes']['target']}.")  # fmt: skip
    item = items.get(op.get("action_id", ""), {})
    return f"L'action « {item.get('title', op.get('action_id', ''))} » sera retirée du dossier."
