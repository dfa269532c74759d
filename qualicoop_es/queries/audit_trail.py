"""The audit trail for people: every event of a cooperative's timeline as French labelled details.

One place maps the events' keys and codes to French labels (``DATA_LABELS``) and their values to French text
(``value_text``: dates « 26 novembre 2026 », activities, decisions, mentions, members by name). What only a
technician reads — digests, the catalogue's version, positions in the log, recorded times, operation codes — is
set apart (``technical``), for a discreet « Détails techniques ». A revision's old → new values come from one
replay of the cooperative (``changes_by_version``), a verdict names the version it judged and the one judged
before it, so « Ce qui a changé » compares what the committee saw from one verdict to the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from qualicoop_es import dossier_diff
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.operations import OPERATIONS
from qualicoop_es.aggregates.values import ACTIVITIES, MENTIONS, STAKEHOLDERS, VERDICT_LABELS, french_date
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.projections.sentences import KINDS, french_number
from qualicoop_es.queries.audit_views import Change

__all__ = [
    "DATA_LABELS",
    "Described",
    "Detail",
    "changes_by_version",
    "describe",
    "described",
    "field_label",
    "judged_before",
    "value_text",
]

#: Every key an event's data may hold → its French label (dossier fields: ``dossier_diff.FIELD_LABELS``).
DATA_LABELS: dict[str, str] = {
    **{key: label.capitalize() for key, (label, _) in dossier_diff.FIELD_LABELS.items()},
    "siren": "SIREN", "kind": "Décision", "session_reference": "Séance du comité",
    "members_present": "Membres présents", "rationale": "Motivation", "axes": "Axes de travail",
    "judged_version": "Version jugée", "judged_digest": "Empreinte de la version jugée",
    "valid_until": "Mention valable jusqu'au", "next_bilan_due": "Prochain bilan attendu le",
    "summary": "Compte rendu", "reason": "Motif", "dossier_version": "Version déposée",
    "dossier_digest": "Empreinte de la version déposée", "number": "Engagement", "action_id": "Action",
    "indicator_id": "Indicateur", "value": "Valeur mesurée", "comment": "Commentaire", "mention": "Mention",
    "decision_on": "Date de la décision", "ceremony": "Remise", "op": "Code de l'opération",
    "changes": "Changements", "fields": "Indicateur défini", "role": "Rôle",
    "cooperative_id": "Coopérative", "affiliations": "Coopératives d'appartenance",
}  # fmt: skip

#: Keys only a technician reads: shown under « Détails techniques ».
TECHNICAL_KEYS = frozenset({"judged_digest", "dossier_digest", "catalogue_version", "op", "cooperative_id",
                            "affiliations"})  # fmt: skip
#: Kinds whose events change the dossier's content (« ce qui a changé » links to their comparison).
DOSSIER_KINDS = frozenset({"identity_card_updated", "intent_note_updated", "engagement_chosen", "engagement_revised",
                           "engagement_dropped", "action_added", "action_revised", "action_removed",
                           "indicator_defined", "indicator_revised", "indicator_removed",
                           "objectives_readjusted"})  # fmt: skip
#: Kinds whose events revise the dossier's content: their old → new values are shown.
REVISIONS = frozenset({"identity_card_updated", "intent_note_updated", "engagement_revised", "action_revised",
                       "indicator_revised", "objectives_readjusted"})  # fmt: skip
#: Counts shown with a thousands separator (versions, SIREN and years are not).
QUANTITIES = frozenset({"homes_managed", "homes_delivered_per_year", "members", "staff"})
_BOOKKEEPING = frozenset({"id", "since", "revised", "readjusted", "initial_target"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODES: dict[str, Mapping[str, str]] = {"kind": VERDICT_LABELS, "mention": MENTIONS, "activities": ACTIVITIES,
                                        "stakeholders": STAKEHOLDERS}  # fmt: skip


def field_label(key: str) -> str:
    """The French label of a key (never the raw key: an unknown one reads « Autre champ »)."""
    return DATA_LABELS.get(key, "Autre champ")


def value_text(key: str, value: Any, names: Mapping[str, str] | None = None) -> str:
    """A value for people: French dates, labels for codes, names for members, « — » for nothing."""
    if value in (None, "", [], {}):
        return "—"
    if key == "members_present":
        return ", ".join((names or {}).get(m, "membre inconnu") for m in value)
    if key == "axes":
        return ", ".join(f"engagement n°{a}" for a in value)
    if key in _CODES:
        codes = _CODES[key]
        return (
            ", ".join(codes.get(str(x), str(x)) for x in value)
            if isinstance(value, list)
            else codes.get(str(value), str(value))
        )
    if isinstance(value, Mapping):
        shown = [(k, x) for k, x in value.items() if k not in _BOOKKEEPING]
        return " ; ".join(f"{field_label(k)} : {value_text(k, x, names)}" for k, x in shown)
    if isinstance(value, list):
        return ", ".join(value_text(key, x, names) for x in value)
    if key in QUANTITIES and isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")  # « 42 430 »: a narrow no-break space between thousands
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, date):
        return french_date(value)
    text = str(value)
    if _ISO_DAY.fullmatch(text):
        return french_date(date.fromisoformat(text))
    if isinstance(value, int | float) or re.fullmatch(r"-?\d+\.\d+", text):
        return french_number(value)
    return text


def labelled(section: str, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A dossier section (``identity`` or ``intent``) as ``(label, text)`` pairs, in the kit's order."""
    order = ds.IDENTITY_FIELDS if section == "identity" else ds.INTENT_FIELDS
    keys = [*order, *sorted(set(values) - set(order) - _BOOKKEEPING)]
    return [(field_label(k), value_text(k, values.get(k))) for k in keys]


@dataclass(frozen=True)
class Detail:
    label: str
    value: str


@dataclass(frozen=True)
class Described:
    """One event for people: its labelled details, its technical ones, what it changed (before → after), and for a
    verdict the version it judged and the version judged before it (None for the first verdict)."""

    details: tuple[Detail, ...]
    technical: tuple[Detail, ...]
    changes: tuple[Change, ...] = ()
    operations: tuple[str, ...] = ()
    judged_version: int | None = None
    previous_judged: int | None = None
    changes_dossier: bool = False


def describe(entry: Mapping[str, Any], *, names: Mapping[str, str] | None = None,
             changes: Sequence[Change] = (), previous_judged: int | None = None,
             sessions: Mapping[str, date] | None = None) -> Described:  # fmt: skip
    """A timeline entry (``projections.queries.timeline``) as French details (``sessions``: the day each session
    record sat, by reference; a free-text reference of before sessions were records reads as it was typed)."""
    data = dict(entry.get("data") or {})
    names = {**dict(zip(data.get("members_present") or (), entry.get("members_present_names") or (), strict=False)),
             **(names or {})}  # fmt: skip
    details, technical = _split(data, names, entry.get("kind", ""))
    held = (sessions or {}).get(str(data.get("session_reference", "")).upper())
    if held is not None:
        details = [Detail(d.label, f"{d.value} — séance du {french_date(held)}") if d.label == DATA_LABELS[
            "session_reference"] else d for d in details]  # fmt: skip
    technical += _envelope(entry)
    judged = data.get("judged_version") if entry.get("kind") == "verdict_recorded" else None
    return Described(tuple(details), tuple(technical), tuple(changes), _operations(data, entry.get("kind", "")),
                     judged_version=judged, previous_judged=previous_judged if judged else None,
                     changes_dossier=entry.get("kind") in DOSSIER_KINDS)  # fmt: skip


def _split(data: dict[str, Any], names: Mapping[str, str], kind: str) -> tuple[list[Detail], list[Detail]]:
    details: list[Detail] = []
    technical: list[Detail] = []
    for key, value in data.items():
        if key in TECHNICAL_KEYS:
            technical.append(Detail(field_label(key), str(value)))
        elif key == "changes" and kind in REVISIONS:
            continue  # shown as before → after
        elif key in ("judged_version", "dossier_version") and data.get(key.replace("version", "digest")):
            digest = str(data[key.replace("version", "digest")])
            details.append(Detail(field_label(key), f"{value} — empreinte {digest[:12]}…"))
        elif value not in (None, "", [], {}):
            details.append(Detail(field_label(key), value_text(key, value, names)))
    return details, technical


def _envelope(entry: Mapping[str, Any]) -> list[Detail]:
    found = [Detail("Version de la coopérative après l'événement", str(entry.get("version", "")))]
    if entry.get("notification_id"):
        found.append(Detail("Position dans le registre", str(entry["notification_id"])))
    if entry.get("recorded_at"):
        recorded = str(entry["recorded_at"])
        found.append(Detail("Enregistré le", f"{value_text('', recorded[:10])} à {recorded[11:19]} (UTC)"))
    return found


def _operations(data: Mapping[str, Any], kind: str) -> tuple[str, ...]:
    """A readjustment's operations, each in the sentence its own event would have."""
    if kind != "objectives_readjusted":
        return ()
    return tuple(operation_sentence(op) for op in data.get("changes") or ())


def operation_sentence(op: Mapping[str, Any]) -> str:
    cls = OPERATIONS.get(str(op.get("op")))
    event_class = getattr(Cooperative, cls.EVENT, None) if cls else None
    if event_class not in KINDS:
        return "Opération sur le dossier"
    fields = {"reason": "", "fields": {}, "title": "", **{k: x for k, x in op.items() if k != "op"}}
    return KINDS[event_class][2](SimpleNamespace(**fields))


def changes_by_version(
    app: QualicoopApplication, coop_id: UUID, versions: Iterable[int]
) -> dict[int, tuple[Change, ...]]:
    """What each event at ``versions`` changed in the dossier, before → after, from one replay of the cooperative."""
    wanted, found = set(versions), {}
    events = app.history(coop_id)
    coop: Any = events[0].mutate(None)
    for event in events[1:]:
        before = ds.plain(coop.dossier) if event.originator_version in wanted else None
        Cooperative.fold_one(coop, event)
        if before is not None:
            found[event.originator_version] = tuple(
                Change(c["label"], value_text(c["path"].rsplit(".", 1)[-1], c["before"]),
                       value_text(c["path"].rsplit(".", 1)[-1], c["after"]))
                for c in dossier_diff.diff(before, coop.dossier))  # fmt: skip
    return found


def judged_before(entries: Sequence[Mapping[str, Any]]) -> dict[int, int | None]:
    """Each verdict's event version → the version judged by the verdict before it (None for the first)."""
    found: dict[int, int | None] = {}
    previous = None
    for entry in entries:
        if entry.get("kind") == "verdict_recorded":
            found[entry["version"]] = previous
            previous = entry["data"].get("judged_version")
    return found


def described(app: QualicoopApplication, coop_id: UUID, entries: Sequence[Mapping[str, Any]],
              every: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], Described]]:  # fmt: skip
    """``entries`` (some of the cooperative's timeline ``every``) each with its French description."""
    revisions = [e["version"] for e in entries if e.get("kind") in REVISIONS]
    changes = changes_by_version(app, coop_id, revisions) if revisions else {}
    before = judged_before(every)
    verdicts = any(e.get("kind") == "verdict_recorded" for e in entries)
    held = {s.reference: s.held_on for s in app.committee_sessions()} if verdicts else {}
    return [(e, describe(e, changes=changes.get(e["version"], ()), previous_judged=before.get(e["version"]),
                         sessions=held)) for e in entries]  # fmt: skip
