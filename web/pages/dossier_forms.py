"""The dossier forms read into operations (``{"op": …}``) for ``change_dossier``: shape only. What is no number or
date goes to the core as typed, for it to refuse in its own words beside the other mistakes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web.pages import forms as f


def number(form: Any) -> int | str:
    return f.int_or_text(f.text(form, "number"))


def indicator_fields(form: Any) -> dict[str, Any]:
    """What an indicator form says of the indicator: the fields filled in (the core says which are missing)."""
    fields = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "baseline": f.text(form, "baseline"),
              "target": f.text(form, "target"), "target_date": f.day_or_text(form, "target_date")}  # fmt: skip
    return {k: x for k, x in fields.items() if x not in ("", None)}


def choose(form: Any) -> dict[str, Any]:
    return {"op": "choose_engagement", "number": number(form), "activities": form.getlist("activities"),
            "context": f.text(form, "context")}  # fmt: skip


def drop(form: Any) -> dict[str, Any]:
    return {"op": "drop_engagement", "number": number(form), "reason": f.text(form, "reason")}


def action(form: Any) -> dict[str, Any]:
    return {"op": "add_action", "number": number(form), "title": f.text(form, "title"),
            "description": f.text(form, "description")}  # fmt: skip


def indicator(form: Any) -> dict[str, Any]:
    return {"op": "define_indicator", "number": number(form), "fields": indicator_fields(form)}


def remove(kind: str) -> Callable[[Any], dict[str, Any]]:
    key = "action_id" if kind == "action" else "indicator_id"
    return lambda form: {"op": f"remove_{kind}", key: f.text(form, key), "reason": f.text(form, "reason")}


def revise_engagement(form: Any) -> dict[str, Any]:
    changes = {"activities": form.getlist("activities"), "context": f.text(form, "context")}
    return {"op": "revise_engagement", "number": number(form), "changes": changes}


def revise_action(form: Any) -> dict[str, Any]:
    changes = {"title": f.text(form, "title"), "description": f.text(form, "description")}
    return {"op": "revise_action", "action_id": f.text(form, "action_id"), "changes": changes}


def revise_indicator(form: Any) -> dict[str, Any]:
    changes = {"label": f.text(form, "label"), "unit": f.text(form, "unit"), "target": f.text(form, "target"),
               "target_date": f.day_or_text(form, "target_date") or ""}  # fmt: skip
    if f.text(form, "baseline"):
        changes["baseline"] = f.text(form, "baseline")
    return {"op": "revise_indicator", "indicator_id": f.text(form, "indicator_id"), "changes": changes}
