"""The ``mention_status`` projection: one row per cooperative (phase, dates, last verdict, counts).

What depends on the day asked ("expired", "overdue") is never stored: the row keeps the next due date and
the queries compare it with the day. The dossier's shape needed for the counts (which actions and
indicators belong to which engagement) is kept in the row as JSON, updated in memory for a whole batch
and written once per batch per cooperative.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Date, Index, Integer, String, Table, Text, bindparam, select, update

from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.tables import DriverStatement, dumps, insert_many, metadata

cooperatives_table = Table(
    "proj_cooperatives",
    metadata,
    Column("cooperative_id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("siren", String(9), nullable=False),
    Column("legal_form", String(8), nullable=False),
    Column("departement", String(3), nullable=False),
    Column("activities", Text, nullable=False),  # JSON list of codes
    Column("phase", String(32), nullable=False),
    Column("phase_since", Date, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("engaged_on", Date, nullable=True),
    Column("confirmed_on", Date, nullable=True),
    Column("valid_until", Date, nullable=True),
    Column("next_due", Date, nullable=True),  # next bilan due, only in the phases that have one
    Column("last_verdict", Text, nullable=True),  # JSON
    Column("engagements_count", Integer, nullable=False),
    Column("actions_count", Integer, nullable=False),
    Column("indicators_count", Integer, nullable=False),
    Column("engagement_numbers", String(64), nullable=False),  # "1,2,5,…"
    Column("checkpoints", Integer, nullable=False),
    Column("readjustments", Integer, nullable=False),
    Column("structure", Text, nullable=False),  # JSON {"3": {"a": [action ids], "i": [indicator ids]}}
    Index("ix_proj_cooperatives_phase", "phase", "next_due"),
    Index("ix_proj_cooperatives_departement", "departement"),
    Index("ix_proj_cooperatives_next_due", "next_due"),
)

_COOPERATIVE_EVENTS = (C.Event, C.Created)
DUE_PHASES = {v.Phase.ENGAGED.value, v.Phase.CONFIRMED.value, v.Phase.CONTINUE_WORK.value}
Row = dict[str, Any]


def _registered(row: Row, e: Any) -> None:
    row.update(name=e.name, siren=e.siren, legal_form=e.legal_form, departement=e.departement,
               activities=list(e.activities), phase=v.Phase.PREPARING.value, phase_since=e.effective_on,
               registered_on=e.effective_on, engaged_on=None, engaged_until=None, confirmed_on=None,
               valid_until=None, next_bilan_due=None, last_verdict=None, checkpoints=0, readjustments=0,
               structure={})  # fmt: skip


def _identity(row: Row, e: Any) -> None:
    for key in ("name", "legal_form", "departement", "activities"):
        if key in e.changes:
            row[key] = list(e.changes[key]) if key == "activities" else e.changes[key]


def _op(structure: dict[str, Any], op: dict[str, Any]) -> None:
    name = op["op"]
    if name == "choose_engagement":
        structure[str(op["number"])] = {"a": [], "i": []}
    elif name == "drop_engagement":
        structure.pop(str(op["number"]), None)
    elif name in ("add_action", "define_indicator"):
        key, ident = ("a", op["action_id"]) if name == "add_action" else ("i", op["indicator_id"])
        structure[str(op["number"])][key].append(ident)
    elif name in ("remove_action", "remove_indicator"):
        key, ident = ("a", op["action_id"]) if name == "remove_action" else ("i", op["indicator_id"])
        for engagement in structure.values():
            if ident in engagement[key]:
                engagement[key].remove(ident)


def _engagement_chosen(row: Row, e: Any) -> None:
    row["structure"][str(e.number)] = {"a": [], "i": []}


def _engagement_dropped(row: Row, e: Any) -> None:
    row["structure"].pop(str(e.number), None)


def _action_added(row: Row, e: Any) -> None:
    row["structure"][str(e.number)]["a"].append(e.action_id)


def _indicator_defined(row: Row, e: Any) -> None:
    row["structure"][str(e.number)]["i"].append(e.indicator_id)


def _action_removed(row: Row, e: Any) -> None:
    for engagement in row["structure"].values():
        if e.action_id in engagement["a"]:
            engagement["a"].remove(e.action_id)


def _indicator_removed(row: Row, e: Any) -> None:
    for engagement in row["structure"].values():
        if e.indicator_id in engagement["i"]:
            engagement["i"].remove(e.indicator_id)


def _readjusted(row: Row, e: Any) -> None:
    for op in e.changes:
        _op(row["structure"], op)
    row["readjustments"] += 1


def _enter(phase: v.Phase) -> Callable[[Row, Any], None]:
    def handler(row: Row, e: Any) -> None:
        row["phase"], row["phase_since"] = phase.value, e.effective_on

    return handler


def _verdict(row: Row, e: Any) -> None:
    row["last_verdict"] = {"kind": e.kind, "on": e.effective_on.isoformat(), "judged_version": e.judged_version,
                           "session_reference": e.session_reference, "axes": list(e.axes)}  # fmt: skip
    row["next_bilan_due"] = e.next_bilan_due
    phase = {"validate": v.Phase.ENGAGED, "mature": v.Phase.PREPARING, "confirm": v.Phase.CONFIRMED}.get(
        e.kind, v.Phase.CONTINUE_WORK
    )
    if e.kind == "validate":
        row["engaged_on"], row["engaged_until"] = e.effective_on, e.valid_until
    elif e.kind == "confirm":
        row["confirmed_on"], row["valid_until"] = e.effective_on, e.valid_until
    _enter(phase)(row, e)


def _checkpoint(row: Row, e: Any) -> None:
    row["checkpoints"] += 1


HANDLERS: dict[type, Callable[[Row, Any], None]] = {
    C.Created: _registered,
    C.IdentityCardUpdated: _identity,
    # the dossier changes, as ``_op`` applies them (one handler each: they are half of the log)
    C.EngagementChosen: _engagement_chosen,
    C.EngagementDropped: _engagement_dropped,
    C.ActionAdded: _action_added,
    C.ActionRemoved: _action_removed,
    C.IndicatorDefined: _indicator_defined,
    C.IndicatorRemoved: _indicator_removed,
    C.ObjectivesReadjusted: _readjusted,
    C.DossierSubmitted: _enter(v.Phase.SUBMITTED),
    C.VerdictRecorded: _verdict,
    C.CheckpointHeld: _checkpoint,
    C.BilanSubmitted: _enter(v.Phase.BILAN_SUBMITTED),
    C.ApproachLeft: _enter(v.Phase.LEFT),
    C.MentionWithdrawn: _enter(v.Phase.WITHDRAWN),
}  # fmt: skip

# In-memory working fields that are not columns (kept inside "structure" JSON when stored).
_EXTRA = ("engaged_until", "next_bilan_due")


def _load(conn: Connection, ids: list[str]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    t = cooperatives_table
    for start in range(0, len(ids), 500):
        for found in conn.execute(select(t).where(t.c.cooperative_id.in_(ids[start : start + 500]))).mappings():
            row = dict(found)
            stored = json.loads(row["structure"])
            row["structure"] = stored["engagements"]
            for key in _EXTRA:
                row[key] = date.fromisoformat(stored[key]) if stored[key] else None
            row["activities"] = json.loads(row["activities"])
            row["last_verdict"] = json.loads(row["last_verdict"]) if row["last_verdict"] else None
            rows[row["cooperative_id"]] = row
    return rows


def _stored(row: Row) -> Row:
    structure = row["structure"]
    phase = row["phase"]
    return {
        "cooperative_id": row["cooperative_id"], "version": row["version"], "name": row["name"],
        "siren": row["siren"], "legal_form": row["legal_form"], "departement": row["departement"],
        "activities": dumps(sorted(row["activities"])), "phase": phase, "phase_since": row["phase_since"],
        "registered_on": row["registered_on"], "engaged_on": row["engaged_on"],
        "confirmed_on": row["confirmed_on"],
        "valid_until": row["valid_until"] if row["confirmed_on"] else row["engaged_until"],
        "next_due": row["next_bilan_due"] if phase in DUE_PHASES else None,
        "last_verdict": dumps(row["last_verdict"]) if row["last_verdict"] else None,
        "engagements_count": len(structure),
        "actions_count": sum(len(e["a"]) for e in structure.values()),
        "indicators_count": sum(len(e["i"]) for e in structure.values()),
        "engagement_numbers": ",".join(sorted(structure, key=int)),
        "checkpoints": row["checkpoints"], "readjustments": row["readjustments"],
        "structure": dumps({"engagements": structure, **{k: row[k] for k in _EXTRA}}),
    }  # fmt: skip


#: Events that leave the dossier's shape, the phase and the dates alone: they change the row's version and, for a
#: checkpoint, its count. Applied by one narrow UPDATE of those columns, without loading and rewriting the row's
#: JSON (the full path would write back the same text: the stored JSON is canonical).
_NARROW_HANDLERS = (None, _checkpoint)

#: The narrow UPDATE, for one cooperative: built once, compiled once.
_NARROW_UPDATE = DriverStatement(
    update(cooperatives_table)
    .where(cooperatives_table.c.cooperative_id == bindparam("b_id"))
    .values(version=bindparam("b_version"), checkpoints=cooperatives_table.c.checkpoints + bindparam("b_checkpoints"))
)


class MentionStatusProjection(Projection):
    name = "mention_status"
    tables = (cooperatives_table,)

    def __init__(self, *, narrow: bool = True) -> None:
        #: False: every event through the full path (load, apply, rewrite), as the narrow path's tests compare.
        self.narrow = narrow

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        relevant = [item for item in items if isinstance(item.event, _COOPERATIVE_EVENTS)]
        if not relevant:
            return
        handlers = HANDLERS
        if self.narrow:
            # A cooperative goes the full path when one of its events in the batch changes more than the narrow
            # columns; else one UPDATE: its last version, its checkpoints plus those of the batch.
            full = {item.originator for item in relevant if handlers.get(type(item.event)) not in _NARROW_HANDLERS}
            narrow: dict[str, list[int]] = {}
            for item in relevant:
                if item.originator not in full:
                    entry = narrow.setdefault(item.originator, [0, 0])
                    entry[0] = item.event.originator_version
                    entry[1] += type(item.event) is C.CheckpointHeld
            for key, (version, checkpoints) in narrow.items():
                done = _NARROW_UPDATE.run(conn, {"b_id": key, "b_version": version, "b_checkpoints": checkpoints})
                if done != 1:  # as the full path, which cannot store a row never registered
                    raise LookupError(f"mention_status: no row for cooperative {key}")
            if not full:
                return
            if narrow:
                relevant = [item for item in relevant if item.originator in full]
        self._process_full(conn, relevant)

    def _process_full(self, conn: Connection, relevant: Sequence[Item]) -> None:
        ids = sorted({item.originator for item in relevant})
        rows = _load(conn, ids)
        existing = set(rows)
        handlers, key = HANDLERS, None
        row: Row = {}
        for item in relevant:  # a cooperative's events mostly follow one another: look its row up once
            event = item.event
            if item.originator != key:
                key = item.originator
                if key not in rows:
                    rows[key] = {"cooperative_id": key}
                row = rows[key]
            handler = handlers.get(type(event))
            if handler is not None:
                handler(row, event)
            row["version"] = event.originator_version
        updated = [key for key in ids if key in existing]
        t = cooperatives_table
        for start in range(0, len(updated), 500):
            conn.execute(t.delete().where(t.c.cooperative_id.in_(updated[start : start + 500])))
        columns = [c.name for c in t.columns]
        insert_many(conn, t, [tuple(stored[c] for c in columns) for stored in map(_stored, (rows[k] for k in ids))])
