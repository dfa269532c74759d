"""The ``cooperative_periods`` projection: each cooperative's listed state with the interval of days it held.

A cooperative's state as of day D (every fact with a business date ≤ D, in business-date order) only changes on
the business dates of its facts, so it is stored as periods [valid_from, valid_to): one row per cooperative and
per distinct business date of its facts, the last one open (``OPEN``). A read "on D" is one indexed query for the
rows whose period contains D; what depends on D itself — a mention expired, a bilan overdue — is derived by
``standing.view_on`` at read time, never stored.

A fact dated D splits the period containing D and applies to every period from D on. Facts that change the step
are never dated before the latest fact (the aggregate's guards), so only facts within the current step reach back;
those commute (last writer by business date wins, see ``dossier.set_fields``), so applying them to the later
periods gives what a replay in business-date order gives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Column, Connection, Date, Index, Integer, String, Table, Text, bindparam, select

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.projections import network_counts as counts
from qualicoop_es.projections.base import Item, Projection
from qualicoop_es.projections.jsontext import dumps
from qualicoop_es.projections.period_facts import HANDLERS, Row
from qualicoop_es.projections.tables import insert_many, metadata

OPEN = date(9999, 12, 31)

periods_table = Table(
    "proj_cooperative_periods",
    metadata,
    Column("cooperative_id", String(36), primary_key=True),
    Column("valid_from", Date, primary_key=True),
    Column("valid_to", Date, nullable=False),  # exclusive; OPEN for the current period
    Column("version", Integer, nullable=False),  # the latest version among the facts of the period's state
    Column("name", String(200), nullable=False),
    Column("siren", String(9), nullable=False),
    Column("legal_form", String(8), nullable=False),
    Column("departement", String(3), nullable=False),
    Column("activities", Text, nullable=False),  # JSON list of codes
    Column("phase", String(32), nullable=False),
    Column("step", String(32), nullable=False),
    Column("phase_since", Date, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("engaged_on", Date, nullable=True),
    Column("confirmed_on", Date, nullable=True),
    Column("mention", String(16), nullable=False),  # granted: none, engagee, confirmee, withdrawn
    Column("held_until", Date, nullable=True),  # see standing.Standing
    Column("due", Date, nullable=True),
    Column("engagements_count", Integer, nullable=False),
    Column("actions_count", Integer, nullable=False),
    Column("indicators_count", Integer, nullable=False),
    Column("engagement_numbers", String(64), nullable=False),  # "1,2,5,…"
    Column("checkpoints", Integer, nullable=False),
    Column("readjustments", Integer, nullable=False),
    Column("listed", Text, nullable=False),  # JSON: standing and last verdict (what a read needs; small)
    Column("state", Text, nullable=False),  # JSON: structure and stamps (what applying a fact needs)
    Index("ix_proj_cooperative_periods_to", "valid_to", "valid_from"),
    #: The list by name (``queries.list_cooperatives``): today's page walks the open periods' part of it.
    Index("ix_proj_cooperative_periods_to_name", "valid_to", "name", "cooperative_id"),
    #: The list by name on a past day: the periods containing it, found along the names.
    Index("ix_proj_cooperative_periods_name", "name", "cooperative_id", "valid_from", "valid_to"),
)

#: The table's columns, in the order of ``_stored``'s rows.
COLUMNS = ("cooperative_id", "valid_from", "valid_to", "version", "name", "siren", "legal_form", "departement",
           "activities", "phase", "step", "phase_since", "registered_on", "engaged_on", "confirmed_on", "mention",
           "held_until", "due", "engagements_count", "actions_count", "indicators_count", "engagement_numbers",
           "checkpoints", "readjustments", "listed", "state")  # fmt: skip
#: What a read selects: every column but ``state`` (what applying a fact needs, never a reader).
READ_COLUMNS = tuple(c for c in periods_table.columns if c.name != "state")
_DATES = ("granted_on", "held_until", "due", "due_from")


_COOPERATIVE_EVENTS = (C.Event, C.Created)


# -- periods -----------------------------------------------------------------------------------------------------


def apply(periods: list[Row], event: Any) -> list[Row]:
    """``periods`` (contiguous, in order, ending with the open one) after ``event``: the period containing its
    business date split there, and the event applied to every period from that date on."""
    day = event.effective_on
    if isinstance(event, C.Created):
        periods = [{"valid_from": day, "valid_to": OPEN, "version": 0}]
    last = periods[-1]
    start = last["valid_from"]
    if start > day:  # a fact keyed late, dated before the open period
        return _apply_back(periods, event)
    if start < day:  # the usual case, facts in business-date order: only the open period is split and changed
        last = dict(last)  # sharing its containers (see period_facts)
        periods[-1]["valid_to"] = last["valid_from"] = day
        periods.append(last)
    handler = HANDLERS.get(type(event))
    if handler is not None:
        handler(last, event)
    if last["version"] < event.originator_version:
        last["version"] = event.originator_version
    return periods


def _apply_back(periods: list[Row], event: Any) -> list[Row]:
    """``apply`` for a fact dated before the open period: found from the end, split, and the later ones changed."""
    day, version = event.effective_on, event.originator_version
    at = len(periods) - 1
    while periods[at]["valid_from"] > day:
        at -= 1
        if at < 0:
            raise ValueError(f"Fait daté du {day} antérieur à l'inscription de la coopérative")
    if periods[at]["valid_from"] < day:
        head, tail = periods[at], dict(periods[at])  # sharing its containers (see period_facts)
        head["valid_to"], tail["valid_from"] = day, day
        periods.insert(at + 1, tail)
        at += 1
    handler = HANDLERS.get(type(event))
    for i in range(at, len(periods)):
        period = periods[i]
        if handler is not None:
            handler(period, event)
        if period["version"] < version:
            period["version"] = version
    return periods


def _differ(value: Any, other: Any) -> bool:
    return value is not other and value != other


def _stored(key: str, periods: Sequence[Row]) -> list[tuple[Any, ...]]:
    """The rows of a cooperative's ``periods`` (in order), in the table's column order (``COLUMNS``).

    Consecutive periods mostly share their structure, stamps, standing and activities (a measurement or a
    checkpoint touches none of them), so each of these is encoded again only when it differs (``!=``) from the
    previous period's. They hold plain JSON data (text, ints, dates, None, lists and dicts of them, never bools,
    floats or decimals), for which equal values encode to the same text."""
    rows: list[tuple[Any, ...]] = []
    last: Row | None = None
    activities = state = listed = ""
    counts: tuple[int, int, int, str] = (0, 0, 0, "")
    for p in periods:
        structure, standing = p["structure"], p["standing"]
        if last is None or _differ(p["activities"], last["activities"]):
            activities = dumps(sorted(p["activities"]))
        if last is None or _differ(structure, last["structure"]):
            counts = (len(structure), sum(len(e["a"]) for e in structure.values()),
                      sum(len(e["i"]) for e in structure.values()), ",".join(sorted(structure, key=int)))  # fmt: skip
            state = dumps({"structure": structure, "stamps": p["stamps"]})
        elif _differ(p["stamps"], last["stamps"]):
            state = dumps({"structure": structure, "stamps": p["stamps"]})
        if last is None or _differ(standing, last["standing"]) or _differ(p["last_verdict"], last["last_verdict"]):
            listed = dumps({"standing": standing, "last_verdict": p["last_verdict"]})
        engagements, actions, indicators, numbers = counts
        rows.append((key, p["valid_from"], p["valid_to"], p["version"], p["name"], p["siren"], p["legal_form"],
                     p["departement"], activities, p["phase"].value, st.STEP_OF_PHASE[p["phase"]].value,
                     p["phase_since"], p["registered_on"], p["engaged_on"], p["confirmed_on"], standing["mention"].value,
                     standing["held_until"], standing["due"], engagements, actions, indicators, numbers,
                     p["checkpoints"], p["readjustments"], listed, state))  # fmt: skip
        last = p
    return rows


def loaded(row: Any) -> Row:
    """A stored period back as a working state."""
    p = dict(row._mapping)
    p["phase"] = v.Phase(p["phase"])
    state = json.loads(p.pop("state"))
    p["activities"] = json.loads(p["activities"])
    p.update(structure=state["structure"], stamps=state["stamps"], **listed_of(p.pop("listed")))
    for stamp in p["stamps"].values():
        stamp[0] = date.fromisoformat(stamp[0])
    return p


def listed_of(text: str) -> dict[str, Any]:
    """The standing and the last verdict of a stored period (all a read needs besides the plain columns)."""
    listed = json.loads(text)
    verdict = listed["last_verdict"]
    if verdict:
        verdict.update(on=date.fromisoformat(verdict["on"]), kind=v.VerdictKind(verdict["kind"]))
    return {"standing": standing_of(listed["standing"]), "last_verdict": verdict}


def standing_of(stored: dict[str, Any]) -> st.Standing:
    standing: dict[str, Any] = {k: (date.fromisoformat(x) if k in _DATES and x else x) for k, x in stored.items()}
    standing["mention"] = st.Mention(standing["mention"])
    if standing["pending"]:
        standing["pending"] = {**standing["pending"],
                               "submitted_on": date.fromisoformat(standing["pending"]["submitted_on"])}  # fmt: skip
    return standing


#: A cooperative's periods that facts from ``b_start`` on reach (its period containing that day and the later
#: ones): taken out (deleted, their rows returned: one statement, one round trip) and written again once the facts
#: are applied. Built once (a rebuild runs it for every cooperative of every page).
_TAKE_REACHED = (
    periods_table.delete()
    .where(
        periods_table.c.cooperative_id == bindparam("b_key"),
        periods_table.c.valid_to > bindparam("b_start", type_=Date),
    )
    .returning(*periods_table.columns)
)


_COUNTED = counts.counted_getter(COLUMNS)
_READ_ALL = select(periods_table).where(periods_table.c.cooperative_id == bindparam("b_key"))


class PeriodsProjection(Projection):
    name = "cooperative_periods"
    tables = (periods_table, *counts.TABLES)
    retired = counts.RETIRED

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        by_coop: dict[str, list[Any]] = {}
        for _, _, event, originator, _ in items:
            if isinstance(event, _COOPERATIVE_EVENTS):
                by_coop.setdefault(originator, []).append(event)
        rows: list[tuple[Any, ...]] = []
        changes: counts.Changes = {}
        changed: dict[str, _Changed] = {}
        for key, events in by_coop.items():
            periods: list[Row] = []
            old: Sequence[Any] = ()
            created = isinstance(events[0], C.Created)
            if not created:  # else its first fact: no period stored yet (a rebuild's case)
                reach = {"b_key": key, "b_start": min(e.effective_on for e in events)}
                taken = conn.execute(_TAKE_REACHED, reach).all()  # in no particular order: sorted by start
                old = sorted(taken, key=lambda r: r.valid_from)
                periods = [loaded(r) for r in old]
            for event in events:
                periods = apply(periods, event)
                if isinstance(event, C.VerdictRecorded):
                    counts.add_verdict(changes, event)
            stored = _stored(key, periods)
            rows += stored
            own: counts.Changes = {}
            counts.add(own, counts.ALL, [_COUNTED(r) for r in old], -1)
            counts.add(own, counts.ALL, [_COUNTED(r) for r in stored], 1)
            counts.merge(changes, own)
            submitted = counts.submitted_now(events)
            if submitted or any(any(days.values()) for days in own.values()):
                changed[key] = _Changed(own, submitted, created, stored)
        insert_many(conn, periods_table, rows)
        self._submitted_counts(conn, changed, changes)
        counts.write(conn, changes)

    @staticmethod
    def _submitted_counts(conn: Connection, changed: dict[str, _Changed], changes: counts.Changes) -> None:
        """The changes of the cooperatives submitted before added to the submitted ones' counts, and the whole
        history of those submitted for the first time (in this batch)."""
        seen = counts.already_submitted(conn, [key for key, c in changed.items() if not c.created])
        first: list[str] = []
        for key, c in changed.items():
            if key in seen:
                counts.merge(changes, c.own, counts.SUBMITTED)
            elif c.submitted:
                first.append(key)
                whole = c.stored if c.created else conn.execute(_READ_ALL, {"b_key": key}).all()
                counts.add(changes, counts.SUBMITTED, [_COUNTED(r) for r in whole], 1)
        counts.mark_submitted(conn, first)


class _Changed(NamedTuple):
    """What a batch changed of a cooperative's counts (scope ``ALL``), and what the submitted ones' need."""

    own: counts.Changes
    submitted: bool  # submitted in the batch
    created: bool  # registered in the batch: ``stored`` is its whole history
    stored: list[tuple[Any, ...]]
