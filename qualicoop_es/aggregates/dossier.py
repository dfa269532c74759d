"""The dossier as plain, JSON-friendly state, and the operations that change it.

Every dossier change is an *operation*: a name and its fields. The same operations are used one at a time
while the dossier is prepared and as a batch in an objectives readjustment, so both paths share one
definition of what each change does (``apply_op``) and of what makes it possible (``check_op``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput, NotFound

Dossier = dict[str, Any]
Op = dict[str, Any]

IDENTITY_FIELDS = (
    "name", "legal_form", "departement", "activities", "homes_managed", "homes_delivered_per_year",
    "members", "staff", "governance_bodies", "contact",
)  # fmt: skip
INTENT_FIELDS = ("motivations", "ambitions", "human_means", "financial_means", "stakeholders")
ACTION_FIELDS = ("title", "description")
INDICATOR_FIELDS = ("label", "unit", "baseline", "target", "target_date")
ENGAGEMENT_FIELDS = ("activities", "context")

OPS = (
    "choose_engagement", "revise_engagement", "drop_engagement",
    "add_action", "revise_action", "remove_action",
    "define_indicator", "revise_indicator", "remove_indicator",
)  # fmt: skip


def new_dossier(identity: dict[str, Any]) -> Dossier:
    return {
        "identity": {field: identity.get(field) for field in (*IDENTITY_FIELDS, "siren")},
        "intent": {"motivations": "", "ambitions": "", "human_means": "", "financial_means": "",
                   "stakeholders": []},
        "engagements": {},
    }  # fmt: skip


# -- validation of field values (shape and range; the rules of the approach live in rules.py) --------------


def clean_identity(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(IDENTITY_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "Champ inconnu de la fiche d'identité.")
    checkers: dict[str, Callable[[Any], Any]] = {
        "name": lambda x: v.check_text(x, "name", max_length=200),
        "legal_form": v.check_legal_form,
        "departement": v.check_departement,
        "activities": v.check_activities,
        "governance_bodies": lambda x: v.check_text(x, "governance_bodies", required=False),
        "contact": lambda x: v.check_text(x, "contact", max_length=200, required=False),
    }
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        check = checkers.get(name)
        cleaned[name] = check(value) if check else v.check_count(value, name)
    return cleaned


def clean_intent(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(INTENT_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "Champ inconnu de la note d'intention.")
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "stakeholders":
            if not isinstance(value, list) or any(s not in v.STAKEHOLDERS for s in value):
                raise InvalidInput(name, "Parties prenantes attendues parmi : " + ", ".join(v.STAKEHOLDERS))
            cleaned[name] = sorted(set(value))
        else:
            cleaned[name] = v.check_text(value, name, required=False)
    return cleaned


def clean_indicator_fields(fields: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name in INDICATOR_FIELDS:
        if name not in fields:
            if not partial and name != "baseline":
                raise InvalidInput(name, "Ce champ est obligatoire.")
            continue
        value = fields[name]
        if name in ("label", "unit"):
            cleaned[name] = v.check_text(value, name, max_length=300)
        elif name == "target_date":
            cleaned[name] = v.check_date(value, name)
        else:
            cleaned[name] = v.check_decimal(value, name, required=name == "target")
    return cleaned


# -- operations ---------------------------------------------------------------------------------------------


def find_action(dossier: Dossier, action_id: str) -> tuple[int, dict[str, Any]]:
    for number, engagement in dossier["engagements"].items():
        if action_id in engagement["actions"]:
            return int(number), engagement["actions"][action_id]
    raise NotFound(f"Action inconnue : {action_id}")


def find_indicator(dossier: Dossier, indicator_id: str) -> tuple[int, dict[str, Any]]:
    for number, engagement in dossier["engagements"].items():
        if indicator_id in engagement["indicators"]:
            return int(number), engagement["indicators"][indicator_id]
    raise NotFound(f"Indicateur inconnu : {indicator_id}")


def _engagement(dossier: Dossier, number: int) -> dict[str, Any]:
    engagement = dossier["engagements"].get(str(number))
    if engagement is None:
        raise NotFound(f"L'engagement n°{number} n'est pas choisi dans le dossier.")
    return engagement


def check_op(dossier: Dossier, op: Op, effective_on: date, *, stamps: Stamps | None = None,
             dropped: dict[str, date] | None = None) -> None:  # fmt: skip
    """Raise if ``op`` cannot be applied to ``dossier`` (unknown target, duplicate, date before its target), or,
    for a fact dated before facts already recorded, if it would contradict them in business-date order (an
    engagement chosen again before the date it was dropped, an item removed before a later fact on it)."""
    name = op["op"]
    if name == "choose_engagement":
        if str(op["number"]) in dossier["engagements"]:
            raise InvalidInput("number", f"L'engagement n°{op['number']} est déjà choisi.")
        dropped_on = (dropped or {}).get(str(op["number"]))
        if dropped_on is not None:
            _not_before(effective_on, dropped_on, f"l'abandon de l'engagement n°{op['number']}")
        _check_covered_activities(dossier, op["activities"])
        return
    if name in ("drop_engagement", "remove_action", "remove_indicator") and stamps is not None:
        touched = last_touched(stamps, subtree_keys(dossier, op))
        if touched is not None and effective_on < touched:
            raise InvalidInput("effective_on", "Une suppression ne peut précéder le dernier fait enregistré sur "
                               f"l'élément supprimé ({v.french_date(touched)}).")  # fmt: skip
    if name in ("revise_engagement", "drop_engagement", "add_action", "define_indicator"):
        engagement = _engagement(dossier, op["number"])
        _not_before(effective_on, engagement["since"], f"l'engagement n°{op['number']}")
        if name == "revise_engagement" and "activities" in op["changes"]:
            _check_covered_activities(dossier, op["changes"]["activities"])
        return
    if name in ("revise_action", "remove_action"):
        _, target = find_action(dossier, op["action_id"])
    elif name in ("revise_indicator", "remove_indicator"):
        _, target = find_indicator(dossier, op["indicator_id"])
    else:
        raise InvalidInput("op", f"Opération inconnue : {name}")
    _not_before(effective_on, target["since"], target["id"])


def _check_covered_activities(dossier: Dossier, activities: list[str]) -> None:
    own = set(dossier["identity"].get("activities") or [])
    foreign = sorted(set(activities) - own)
    if foreign:
        raise InvalidInput("activities", f"Activités que la coopérative n'exerce pas : {', '.join(foreign)}.")


def _not_before(effective_on: date, since: date, what: str) -> None:
    if effective_on < since:
        raise InvalidInput("effective_on", f"La date précède {_de(what)} ({v.french_date(since)}).")


def _de(what: str) -> str:
    """« la création de l'engagement n°3 », « l'abandon de … »: the event ``what`` names, or the item's creation."""
    return what if what.startswith("l'abandon") else f"la création de {what}"


Stamp = tuple[date, int]
Stamps = dict[str, Any]
_NEVER: Stamp = (date.min, 0)


def set_fields(target: dict[str, Any], changes: dict[str, Any], prefix: str, stamp: Stamp | None,
               stamps: Stamps | None) -> None:  # fmt: skip
    """Set ``changes`` on ``target``, each field only if no fact later in business-date order (a later business
    date, or the same date recorded later) has set it: the last writer by business date wins, so applying the
    facts in the order they were keyed gives what applying them in business-date order gives."""
    for name, value in changes.items():
        key = f"{prefix}.{name}"
        if stamps is not None and stamp is not None:
            if tuple(stamps.get(key, _NEVER)) > stamp:
                continue
            stamps[key] = [stamp[0], stamp[1]]
        target[name] = copy.deepcopy(value)


def _created(stamps: Stamps | None, stamp: Stamp | None, key: str, fields: dict[str, Any]) -> None:
    """Stamp a new item and its fields (a later revision then compares with them)."""
    if stamps is None or stamp is None:
        return
    stamps[key] = [stamp[0], stamp[1]]
    for name in fields:
        stamps[f"{key}.{name}"] = [stamp[0], stamp[1]]


def _forget(stamps: Stamps | None, keys: list[str]) -> None:
    """Drop the stamps of removed items (their ids are never reused; an engagement's removal date is kept)."""
    if stamps is None:
        return
    for stamp_key in [k for k in stamps if k.split(".", 1)[0] in keys]:
        del stamps[stamp_key]


def subtree_keys(dossier: Dossier, op: Op) -> list[str]:
    """The stamp keys of what a removal takes away: an engagement with its actions and indicators, or one item."""
    if op["op"] == "drop_engagement":
        engagement = dossier["engagements"].get(str(op["number"]), {})
        return [f"E{op['number']}", *engagement.get("actions", {}), *engagement.get("indicators", {})]
    return [op.get("action_id") or op["indicator_id"]]


def last_touched(stamps: Stamps, keys: list[str]) -> date | None:
    """The latest business date of any fact on the items ``keys`` (creation, revision, measurement)."""
    days = [stamp[0] for k, stamp in stamps.items() if k.split(".", 1)[0] in keys]
    return max(days) if days else None


def apply_op(dossier: Dossier, op: Op, effective_on: date, *, stamps: Stamps | None = None,
             stamp: Stamp | None = None) -> None:  # fmt: skip
    """Apply one operation. Runs on every replay: no validation, no side effect. With ``stamps``, revisions are
    last-writer-wins by business date (see ``set_fields``)."""
    name = op["op"]
    engagements = dossier["engagements"]
    if name == "choose_engagement":
        engagements[str(op["number"])] = {
            "number": op["number"], "activities": list(op["activities"]), "context": op["context"],
            "catalogue_version": op["catalogue_version"], "since": effective_on,
            "actions": {}, "indicators": {},
        }  # fmt: skip
        _created(stamps, stamp, f"E{op['number']}", {"activities": 1, "context": 1})
    elif name == "revise_engagement":
        set_fields(engagements[str(op["number"])], op["changes"], f"E{op['number']}", stamp, stamps)
    elif name == "drop_engagement":
        _forget(stamps, subtree_keys(dossier, op))
        del engagements[str(op["number"])]
    elif name == "add_action":
        engagements[str(op["number"])]["actions"][op["action_id"]] = {
            "id": op["action_id"], "title": op["title"], "description": op["description"],
            "since": effective_on, "revised": False,
        }  # fmt: skip
        _created(stamps, stamp, op["action_id"], {"title": 1, "description": 1})
    elif name == "revise_action":
        _, action = find_action(dossier, op["action_id"])
        set_fields(action, op["changes"], op["action_id"], stamp, stamps)
        action["revised"] = True
    elif name == "remove_action":
        number, _ = find_action(dossier, op["action_id"])
        _forget(stamps, [op["action_id"]])
        del engagements[str(number)]["actions"][op["action_id"]]
    elif name == "define_indicator":
        engagements[str(op["number"])]["indicators"][op["indicator_id"]] = {
            "id": op["indicator_id"],
            **copy.deepcopy(op["fields"]),
            "since": effective_on,
            "readjusted": False,
            "initial_target": op["fields"]["target"],
        }
        engagements[str(op["number"])]["indicators"][op["indicator_id"]].setdefault("baseline", None)
        _created(stamps, stamp, op["indicator_id"], op["fields"])
    elif name == "revise_indicator":
        _, indicator = find_indicator(dossier, op["indicator_id"])
        set_fields(indicator, op["changes"], op["indicator_id"], stamp, stamps)
        if op.get("readjustment"):
            indicator["readjusted"] = True
    elif name == "remove_indicator":
        number, _ = find_indicator(dossier, op["indicator_id"])
        _forget(stamps, [op["indicator_id"]])
        del engagements[str(number)]["indicators"][op["indicator_id"]]


# -- digest ---------------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(x) for k, x in sorted(value.items())}
    if isinstance(value, list):
        return [_plain(x) for x in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def plain(dossier: Dossier) -> dict[str, Any]:
    """The dossier as sorted, JSON-ready data (dates and decimals as strings)."""
    result: dict[str, Any] = _plain(dossier)
    return result


def digest(dossier: Dossier) -> str:
    """SHA-256 of the canonical JSON of the dossier's content: what a verdict judged, byte for byte."""
    canonical = json.dumps(plain(dossier), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
