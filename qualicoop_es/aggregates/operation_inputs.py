"""The dossier operations' inputs: ``{"op": name, …fields}`` checked and turned into an ``Operation``, each new
action or indicator given its id. Shape and values only; whether the operation fits the dossier is its ``check``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import operations as ops
from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput

NewId = Callable[[str], str]  # "A" or "I" → the next action or indicator id
Parser = Callable[[dict[str, Any], NewId, int], ops.Operation]


def parse(raw: object, new_id: NewId, catalogue_version: int, day: date | None = None) -> ops.Operation:
    """An operation from its input (``{"op": name, …fields}``), its values checked (every faulty field named at
    once), new items given their ids; an indicator's target date no earlier than ``day``, the business date."""
    fields = raw if isinstance(raw, dict) else {}
    parser = PARSERS.get(fields.get("op"))  # type: ignore[arg-type]
    if parser is None:
        raise InvalidInput("op", f"Opération inconnue : {fields.get('op')!r}.")
    return parser({**fields, "_day": day}, new_id, catalogue_version)


def _number(raw: dict[str, Any]) -> Callable[[], int]:
    return lambda: v.check_engagement_number(raw.get("number"), "number")


def _choose_engagement(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    checked = v.gather({"number": _number(raw), "activities": lambda: v.check_activities(raw.get("activities")),
                        "context": lambda: v.check_text(raw.get("context"), "context", required=False)})  # fmt: skip
    return ops.ChooseEngagement(**checked, catalogue_version=catalogue_version)


def _revise_engagement(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    changes = only(raw.get("changes"), ds.ENGAGEMENT_FIELDS)
    checks: dict[str, Callable[[], Any]] = {"number": _number(raw)}
    if "activities" in changes:
        checks["activities"] = lambda: v.check_activities(changes["activities"])
    if "context" in changes:
        checks["context"] = lambda: v.check_text(changes["context"], "context", required=False)
    checked = v.gather(checks)
    return ops.ReviseEngagement(number=checked.pop("number"), changes={**changes, **checked})


def _drop_engagement(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    return ops.DropEngagement(number=v.check_engagement_number(raw.get("number"), "number"),
                              reason=v.check_text(raw.get("reason"), "reason", required=False))  # fmt: skip


def _add_action(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    checked = v.gather({"number": _number(raw), "title": lambda: v.check_text(raw.get("title"), "title", max_length=300),
                        "description": lambda: v.check_text(raw.get("description"), "description", required=False)})  # fmt: skip
    return ops.AddAction(**checked, action_id=new_id("A"))


def _revise_action(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    changes = only(raw.get("changes"), ds.ACTION_FIELDS)
    changes = v.gather({key: partial(v.check_text, value, key, required=key == "title", max_length=20000)
                        for key, value in changes.items()})  # fmt: skip
    return ops.ReviseAction(action_id=item_id(raw, "action_id"), changes=changes)


def _remove(kind: type[ops.RemoveItem]) -> Parser:
    def parse_removal(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
        return kind(**{kind.ID: item_id(raw, kind.ID)},
                    reason=v.check_text(raw.get("reason"), "reason", required=False))  # fmt: skip

    return parse_removal


def _define_indicator(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    checked = v.gather({"number": _number(raw), "fields": lambda: ds.clean_indicator_fields(
        raw.get("fields") or {}, partial=False, day=raw["_day"])})  # fmt: skip
    return ops.DefineIndicator(**checked, indicator_id=new_id("I"))


def _revise_indicator(raw: dict[str, Any], new_id: NewId, catalogue_version: int) -> ops.Operation:
    changes = ds.clean_indicator_fields(only(raw.get("changes"), ds.INDICATOR_FIELDS), partial=True, day=raw["_day"])
    return ops.ReviseIndicator(indicator_id=item_id(raw, "indicator_id"), changes=changes)


PARSERS: dict[str, Parser] = {
    ops.ChooseEngagement.NAME: _choose_engagement,
    ops.ReviseEngagement.NAME: _revise_engagement,
    ops.DropEngagement.NAME: _drop_engagement,
    ops.AddAction.NAME: _add_action,
    ops.ReviseAction.NAME: _revise_action,
    ops.RemoveAction.NAME: _remove(ops.RemoveAction),
    ops.DefineIndicator.NAME: _define_indicator,
    ops.ReviseIndicator.NAME: _revise_indicator,
    ops.RemoveIndicator.NAME: _remove(ops.RemoveIndicator),
}


def only(changes: object, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput("changes", "Au moins un champ à modifier est attendu.")
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise InvalidInput(unknown[0], "Champ inconnu.")
    return dict(changes)


def item_id(fields: dict[str, Any], key: str) -> str:
    value = fields.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInput(key, "Identifiant attendu.")
    return value
