"""The dossier as plain, JSON-friendly state: its sections' fields and their checks, the look-ups and guards the
dossier operations share (``operations.py``), the last-writer-wins stamps, and the digest a verdict judges."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import partial
from sys import intern
from typing import Any

from qualicoop_es.aggregates import copying
from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput, NotFound

Dossier = dict[str, Any]

IDENTITY_FIELDS = (
    "name", "legal_form", "departement", "activities", "homes_managed", "homes_delivered_per_year",
    "members", "staff", "governance_bodies", "contact",
)  # fmt: skip
INTENT_FIELDS = ("motivations", "ambitions", "human_means", "financial_means", "stakeholders")
ACTION_FIELDS = ("title", "description")
INDICATOR_FIELDS = ("label", "unit", "baseline", "target", "target_date")
ENGAGEMENT_FIELDS = ("activities", "context")


def new_dossier(identity: dict[str, Any]) -> Dossier:
    return {
        "identity": {field: identity.get(field) for field in (*IDENTITY_FIELDS, "siren")},
        "intent": {"motivations": "", "ambitions": "", "human_means": "", "financial_means": "",
                   "stakeholders": []},
        "engagements": {},
    }  # fmt: skip


# -- validation of field values (shape and range; the rules of the approach live in rules.py) --------------


def clean_identity(changes: dict[str, Any]) -> dict[str, Any]:
    """The identity fields ``changes`` sets, checked all at once (``values.gather``)."""
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
    return v.gather({name: partial(checkers.get(name) or partial(_count, name=name), value)
                     for name, value in changes.items()})  # fmt: skip


def _count(value: Any, name: str) -> int | None:
    return v.check_count(value, name)


def clean_intent(changes: dict[str, Any]) -> dict[str, Any]:
    """The intent note's fields ``changes`` sets, checked all at once."""
    unknown = set(changes) - set(INTENT_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "Champ inconnu de la note d'intention.")
    return v.gather({name: partial(_stakeholders if name == "stakeholders" else _free_text, value, name)
                     for name, value in changes.items()})  # fmt: skip


def _stakeholders(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or any(s not in v.STAKEHOLDERS for s in value):
        raise InvalidInput(name, "Parties prenantes attendues parmi : " + ", ".join(v.STAKEHOLDERS.values()))
    return sorted(set(value))


def _free_text(value: Any, name: str) -> str:
    return v.check_text(value, name, required=False)


def clean_indicator_fields(fields: dict[str, Any], *, partial: bool, day: date | None = None) -> dict[str, Any]:
    """An indicator's fields, checked all at once: label, unit and target required (unless ``partial``, a
    revision), a target date no earlier than ``day`` (the business date it is set on)."""
    checks: dict[str, Callable[[], Any]] = {}
    for name in INDICATOR_FIELDS:
        if name in fields:
            checks[name] = _indicator_check(name, fields[name], day)
        elif not partial and name != "baseline":
            checks[name] = _missing(name)
    return v.gather(checks)


def _indicator_check(name: str, value: Any, day: date | None) -> Callable[[], Any]:
    if name in ("label", "unit"):
        return lambda: v.check_text(value, name, max_length=300)
    if name == "target_date":
        return lambda: _target_date(value, day)
    return lambda: v.check_decimal(value, name, required=name == "target")


def _target_date(value: Any, day: date | None) -> date:
    target = v.check_date(value, "target_date")
    return target if day is None else v.check_not_past(target, "target_date", day)


def _missing(name: str) -> Callable[[], Any]:
    def refuse() -> Any:
        raise InvalidInput(name, "Ce champ est obligatoire.")

    return refuse


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


def check_engagement_open(dossier: Dossier, number: int, day: date) -> None:
    """The engagement is chosen, since a day no later than ``day``."""
    engagement = dossier["engagements"].get(str(number))
    if engagement is None:
        raise NotFound(f"L'engagement n°{number} n'est pas choisi dans le dossier.")
    not_before(day, engagement["since"], f"l'engagement n°{number}")


def check_covered_activities(dossier: Dossier, activities: list[str]) -> None:
    own = set(dossier["identity"].get("activities") or [])
    foreign = sorted(set(activities) - own)
    if foreign:
        raise InvalidInput(
            "activities",
            f"Activités que la coopérative n'exerce pas : {', '.join(v.ACTIVITIES.get(a, a) for a in foreign)}.",
        )


def not_before(effective_on: date, since: date, what: str) -> None:
    if effective_on < since:
        raise InvalidInput("effective_on", f"La date précède {_de(what)} ({v.french_date(since)}).")


def _de(what: str) -> str:
    """« la création de l'engagement n°3 », « l'abandon de … »: the event ``what`` names, or the item's creation."""
    return what if what.startswith("l'abandon") else f"la création de {what}"


def check_removal(ctx: Any, keys: list[str]) -> None:
    """A removal dated before a later fact on what it removes would contradict that fact in business-date order."""
    touched = last_touched(ctx.stamps, keys) if ctx.stamps is not None else None
    if touched is not None and ctx.day < touched:
        raise InvalidInput("effective_on", "Une suppression ne peut précéder le dernier fait enregistré sur "
                           f"l'élément supprimé ({v.french_date(touched)}).")  # fmt: skip


# -- last writer wins by business date --------------------------------------------------------------------------

Stamp = tuple[date, int]
Stamps = dict[str, Any]
_NEVER = [date.min, 0]


def set_fields(target: dict[str, Any], changes: dict[str, Any], prefix: str, stamp: Stamp | None,
               stamps: Stamps | None) -> None:  # fmt: skip
    """Set ``changes`` on ``target``, each field only if no fact later in business-date order (a later business
    date, or the same date recorded later) has set it: the last writer by business date wins, so applying the
    facts in the order they were keyed gives what applying them in business-date order gives."""
    stamped = None if stamps is None or stamp is None else [stamp[0], stamp[1]]  # one list for all its fields
    for name, value in changes.items():
        if stamps is not None and stamped is not None:
            key = intern(f"{prefix}.{name}")  # shared by every state holding it (see ``created``)
            if stamps.get(key, _NEVER) > stamped:  # stamps are lists (as a snapshot stores them): compared as such
                continue
            stamps[key] = stamped
        target[name] = copying.copied(value)


def created(stamps: Stamps | None, stamp: Stamp | None, key: str, fields: dict[str, Any]) -> None:
    """Stamp a new item and its fields (a later revision then compares with them)."""
    if stamps is None or stamp is None:
        return
    stamped = stamps[intern(key)] = [stamp[0], stamp[1]]  # one list for all: replaced, never changed in place
    for name in fields:  # the keys interned: the same few hundred names in every cooperative's stamps, each held once
        stamps[intern(f"{key}.{name}")] = stamped


def forget(stamps: Stamps | None, keys: list[str]) -> None:
    """Drop the stamps of removed items (their ids are never reused; an engagement's removal date is kept)."""
    if stamps is None:
        return
    for stamp_key in [k for k in stamps if k.split(".", 1)[0] in keys]:
        del stamps[stamp_key]


def last_touched(stamps: Stamps, keys: list[str]) -> date | None:
    """The latest business date of any fact on the items ``keys`` (creation, revision, measurement)."""
    days = [stamp[0] for k, stamp in stamps.items() if k.split(".", 1)[0] in keys]
    return max(days) if days else None


def copied(fields: dict[str, Any]) -> dict[str, Any]:
    return copying.copied(fields)


def named(fields: dict[str, Any]) -> dict[str, Any]:
    """A copy of an event's ``fields`` for the state, their names interned: the same few names in every item of
    every cooperative's dossier, each held once (a report's replay keeps thousands of states at once)."""
    return {intern(name): copying.copied(value) for name, value in fields.items()}


def item_key(item_id: str | int) -> str:
    """The key of an item (engagement number, action or indicator id) in the dossier, interned: ids repeat from
    one cooperative to the next (``A1``, ``I1``, ``3``)."""
    return intern(str(item_id))


# -- digest ---------------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(x) for k, x in sorted(value.items())}
    if isinstance(value, list):
        return [_plain(x) for x in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    if isinstance(value, Enum):  # a code (a mention, a verdict kind…): its value, as every output shows it
        return value.value
    return value


def plain(dossier: Dossier) -> dict[str, Any]:
    """The dossier as sorted, JSON-ready data (dates and decimals as strings)."""
    result: dict[str, Any] = _plain(dossier)
    return result


def digest(dossier: Dossier) -> str:
    """SHA-256 of the canonical JSON of the dossier's content: what a verdict judged, byte for byte."""
    canonical = json.dumps(plain(dossier), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
