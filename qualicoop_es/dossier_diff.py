"""What changed between two states of a dossier, field by field, with a short French label for each change.

Both states are compared in their JSON-ready form (``dossier.plain``: dates and decimals as strings), so the
result can be shown or serialised as is. The order is stable: identity, intent, then engagements by number;
inside an engagement its own fields, then its actions, then its indicators (by id number), then field order.
Bookkeeping fields that only replay derives (``since``, ``revised``, ``readjusted``, ``initial_target``) are not
compared: they change only as a consequence of a compared change.
"""

from __future__ import annotations

from typing import Any

from qualicoop_es.aggregates import dossier as ds

Change = dict[str, Any]

#: Field → (French label, feminine?) so the past participle agrees: « cible modifiée », « titre modifié ».
FIELD_LABELS: dict[str, tuple[str, bool]] = {
    "name": ("nom", False),
    "siren": ("SIREN", False),
    "legal_form": ("forme juridique", True),
    "departement": ("département", False),
    "activities": ("activités", True),
    "homes_managed": ("nombre de logements gérés", False),
    "homes_delivered_per_year": ("nombre de logements livrés par an", False),
    "members": ("nombre de sociétaires", False),
    "staff": ("effectif salarié", False),
    "governance_bodies": ("instances de gouvernance", True),
    "contact": ("contact Quali'Coop", False),
    "motivations": ("motivations", True),
    "ambitions": ("ambitions", True),
    "human_means": ("moyens humains", False),
    "financial_means": ("moyens financiers", False),
    "stakeholders": ("parties prenantes associées", True),
    "context": ("contexte", False),
    "catalogue_version": ("version du catalogue", True),
    "title": ("titre", False),
    "description": ("description", True),
    "label": ("libellé", False),
    "unit": ("unité", True),
    "baseline": ("valeur de départ", True),
    "target": ("cible", True),
    "target_date": ("échéance", True),
}
_PLURAL = {"activities", "motivations", "ambitions", "human_means", "financial_means", "stakeholders",
           "governance_bodies"}  # fmt: skip
_VERBS = {"added": "renseigné", "removed": "effacé", "changed": "modifié"}
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_BOOKKEEPING = frozenset({"since", "revised", "readjusted", "initial_target", "id", "number", "actions", "indicators"})


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every change from ``before`` to ``after`` (two dossier states, raw or already plain)."""
    old, new = ds.plain(before), ds.plain(after)
    changes: list[Change] = []
    for section, title, order in (("identity", "Fiche d'identité", (*ds.IDENTITY_FIELDS, "siren")),
                                  ("intent", "Note d'intention", ds.INTENT_FIELDS)):  # fmt: skip
        changes += _fields(section, title, old.get(section) or {}, new.get(section) or {}, order)
    old_e, new_e = old.get("engagements") or {}, new.get("engagements") or {}
    for number in sorted(set(old_e) | set(new_e), key=int):
        changes += _engagement(number, old_e.get(number), new_e.get(number))
    return changes


def _engagement(number: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Change]:
    path, name = f"engagements.{number}", f"Engagement n°{number}"
    if old is None or new is None:
        kind = "added" if old is None else "removed"
        return [_change(path, kind, old, new, f"{name} {'choisi' if new is not None else 'abandonné'}")]
    changes = _fields(path, name, old, new, (*ds.ENGAGEMENT_FIELDS, "catalogue_version"))
    for kind, noun, feminine in (("actions", "Action", True), ("indicators", "Indicateur", False)):
        items_old, items_new = old.get(kind) or {}, new.get(kind) or {}
        for item_id in sorted(set(items_old) | set(items_new), key=_id_key):
            item_path, item_name = f"{path}.{kind}.{item_id}", f"{noun} {item_id} (engagement n°{number})"
            a, b = items_old.get(item_id), items_new.get(item_id)
            if a is None or b is None:
                verb = ("ajouté" if a is None else "supprimé") + ("e" if feminine else "")
                changes.append(_change(item_path, "added" if a is None else "removed", a, b, f"{item_name} {verb}"))
            else:
                order = ds.ACTION_FIELDS if kind == "actions" else ds.INDICATOR_FIELDS
                changes += _fields(item_path, item_name, a, b, order)
    return changes


def _fields(path: str, title: str, old: dict[str, Any], new: dict[str, Any], order: tuple[str, ...]) -> list[Change]:
    """Field-by-field changes of one record, known fields first in their order, then any others sorted."""
    names = [*order, *sorted((set(old) | set(new)) - set(order) - _BOOKKEEPING)]
    changes = []
    for name in names:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        kind = "added" if a in _EMPTY else "removed" if b in _EMPTY else "changed"
        changes.append(_change(f"{path}.{name}", kind, a, b, f"{title} : {_field_label(name, kind)}"))
    return changes


def _field_label(name: str, kind: str) -> str:
    label, feminine = FIELD_LABELS.get(name, (name, False))
    verb = _VERBS[kind] + ("e" if feminine else "") + ("s" if name in _PLURAL else "")
    return f"{label} {verb}"


def _change(path: str, kind: str, before: Any, after: Any, label: str) -> Change:
    return {"path": path, "change": kind, "before": before, "after": after, "label": label}


def _id_key(item_id: str) -> tuple[int, str]:
    """A2 before A10: ids are a letter and a sequence number."""
    digits = item_id[1:]
    return (int(digits), item_id) if digits.isascii() and digits.isdigit() and len(digits) < 10 else (10**9, item_id)
