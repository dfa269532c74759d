"""The read API: everything users read comes from the projections, as plain JSON-ready data.

Every function takes the engine first. Statuses that depend on the day ("expired", "overdue") are computed
for the day asked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, func, or_, select

from qualicoop_es.accounts.names import with_actor_names
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import VERDICT_LABELS
from qualicoop_es.projections import network_counts as counts
from qualicoop_es.projections.figures import deadlines, network_figures
from qualicoop_es.projections.folding import fold, folded
from qualicoop_es.projections.periods import OPEN, READ_COLUMNS
from qualicoop_es.projections.periods import periods_table as coops
from qualicoop_es.projections.sentences import KIND_LABELS, KINDS, event_kinds
from qualicoop_es.projections.status_rows import active_on, iso, mention_filter, on_day, status_row
from qualicoop_es.projections.timeline import events_table as ev
from qualicoop_es.projections.visibility import once_submitted, was_submitted

__all__ = ["audit_events", "cooperative_names", "cooperative_status", "deadlines", "event_kinds", "latest_verdicts",
           "list_cooperatives", "network_figures", "timeline", "was_submitted"]  # fmt: skip


def _page(page: int, per_page: int) -> tuple[int, int]:
    return max(int(page), 1), min(max(int(per_page), 1), 500)


def list_cooperatives(engine: Engine, *, day: date, mention: str | st.Mention | None = None,
                      step: str | st.Step | None = None,
                      departement: str | None = None, activity: str | None = None, search: str | None = None,
                      page: int = 1, per_page: int = 50, submitted_only: bool = False,
                      longest_waiting: bool = False) -> dict[str, Any]:  # fmt: skip
    """The cooperatives registered by ``day`` as they stood that day, filtered by the mention held that day, the
    step in progress, their département, activity or name (as of that day), by name; ``submitted_only``: those
    submitted at least once (what the committee sees); ``longest_waiting``: by the day they entered their step,
    the earliest first, then by name (the committee's queue: a dossier or a bilan awaiting a verdict entered its
    step the day it was deposited)."""
    page, per_page = _page(page, per_page)
    counted = _counted(mention=mention, step=step, departement=departement, activity=activity, search=search)
    where: list[ColumnElement[bool]] = [once_submitted(coops.c.cooperative_id)] if submitted_only else []
    if mention:  # a Mention or its value (str() of a code is its value)
        where.append(mention_filter(str(mention), day))
    if step:
        where.append(coops.c.step == str(step))
    if departement:
        where.append(coops.c.departement == departement.strip().upper())
    if activity:
        where.append(coops.c.activities.contains(json.dumps(activity)))
    if search and search.strip():
        term = fold(search)  # accents, case and apostrophes aside (see folding)
        where.append(or_(folded(coops.c.name).contains(term, autoescape=True),
                         coops.c.siren.contains(term.replace(" ", ""), autoescape=True)))  # fmt: skip
    with engine.connect() as conn:
        joined, on = on_day(conn, day)
        rows = select(*READ_COLUMNS).select_from(joined).where(*where, on)
        if counted is not None:  # the total is the network's count of that value on that day: one seek
            total = counts.count_on(conn, day, counts.SUBMITTED if submitted_only else counts.ALL, *counted)
            if joined is not coops:  # a past day: the periods containing it, along the index by name
                rows = select(*READ_COLUMNS).where(*where, coops.c.valid_from <= day, coops.c.valid_to > day)
            found = list(conn.execute(_ordered(rows, page, per_page, longest_waiting)))
        else:
            found, total = _page_and_total(conn, rows, select(func.count()).select_from(joined).where(*where, on),
                                           windowed=joined is not coops, page=page, per_page=per_page,
                                           longest_waiting=longest_waiting)  # fmt: skip
        items = [status_row(row, day) for row in found]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def _counted(*, mention: str | st.Mention | None, step: str | st.Step | None, departement: str | None,
             activity: str | None, search: str | None) -> tuple[str, str] | None:  # fmt: skip
    """The counted value (dimension, value) whose count on the day is the list's total: with no filter or one
    filter on a counted dimension (``network_counts``); None when the filters combine or search names."""
    if search and search.strip():
        return None
    filters = ((counts.MENTION, mention), (counts.STEP, step), (counts.DEPARTEMENT, departement),
               (counts.ACTIVITY, activity))  # fmt: skip
    asked = [(dimension, str(value)) for dimension, value in filters if value]
    if len(asked) > 1:
        return None
    if asked and asked[0][0] == counts.DEPARTEMENT:
        return counts.DEPARTEMENT, asked[0][1].strip().upper()  # as the filter compares it
    return asked[0] if asked else (counts.TOTAL, "")


def _ordered(rows: Select[Any], page: int, per_page: int, longest_waiting: bool = False) -> Select[Any]:
    """A page of the list by name: over the open periods (today), a walk of the index on (``valid_to``, name); over
    the periods containing a past day, a walk of the index on (name, cooperative, ``valid_from``, ``valid_to``),
    whose dates are checked in the index: a page reads its rows, and the index entries of a cooperative's other
    periods (or of those registered later) between them."""
    first = (coops.c.phase_since,) if longest_waiting else ()  # then the rows of one step, sorted
    return rows.order_by(*first, coops.c.name, coops.c.cooperative_id).limit(per_page).offset((page - 1) * per_page)


def _page_and_total(conn: Connection, rows: Select[Any], count: Select[Any], *, windowed: bool, page: int,
                    per_page: int, longest_waiting: bool = False) -> tuple[list[Any], int]:  # fmt: skip
    """A page of the list, by name, and how many rows matched (filters the network's counts cannot answer). Over
    the open periods alone (today), a count over the index and the page along the index by name; over periods
    found by seeks (a past day), one statement whose total is a window, so that the seeks are made once (a window
    makes the sorter keep every row, which only pays when finding the rows costs more than keeping them)."""
    ordered = _ordered(rows, page, per_page, longest_waiting)
    if windowed:
        found = conn.execute(ordered.add_columns(func.count().over().label("total"))).all()
        if found:
            return list(found), int(found[0].total)
    else:
        found = conn.execute(ordered).all()
    return list(found), int(conn.execute(count).scalar_one())


def cooperative_status(engine: Engine, coop_id: UUID, *, day: date) -> dict[str, Any] | None:
    """One cooperative as the list shows it on ``day`` (None before its registration)."""
    with engine.connect() as conn:
        where = (coops.c.cooperative_id == str(coop_id), active_on(day))
        row = conn.execute(select(*READ_COLUMNS).where(*where)).first()
    return status_row(row, day) if row is not None else None


def _event_item(row: Any) -> dict[str, Any]:
    return {
        "notification_id": row.notification_id,
        "cooperative_id": row.cooperative_id,
        "version": row.version,
        "kind": row.kind,
        "kind_label": KIND_LABELS.get(row.kind, row.kind),
        "effective_on": iso(row.effective_on),
        "recorded_at": row.recorded_at,
        "actor": row.actor,
        "sentence": row.sentence,
        "data": json.loads(row.data),
    }


def _event_filters(*, coop_id: UUID | None = None, actor: str | None = None, kinds: list[str] | None = None,
                   start: date | None = None, end: date | None = None) -> list[ColumnElement[bool]]:  # fmt: skip
    where: list[ColumnElement[bool]] = []
    if coop_id is not None:
        where.append(ev.c.cooperative_id == str(coop_id))
    if actor:
        where.append(ev.c.actor == actor)
    if kinds:
        where.append(ev.c.kind.in_(list(kinds)))
    if start is not None:
        where.append(ev.c.effective_on >= start)
    if end is not None:
        where.append(ev.c.effective_on <= end)
    return where


def timeline(engine: Engine, coop_id: UUID, *, kinds: list[str] | None = None, start: date | None = None,
             end: date | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """A cooperative's events in log order, optionally of some kinds and within a period (business dates).

    Each item names its actor (``actor_name``) and a verdict its members present (``members_present_names``), as
    ``accounts.names`` reads them now: one look-up for the whole answer."""
    where = _event_filters(coop_id=coop_id, kinds=kinds, start=start, end=end)
    with engine.connect() as conn:
        items = [_event_item(row) for row in conn.execute(select(ev).where(*where).order_by(ev.c.notification_id))]
        return with_actor_names(conn, items)


VERDICT_KIND = KINDS[Cooperative.VerdictRecorded][0]  # the timeline's kind of a verdict


def latest_verdicts(engine: Engine, *, day: date, limit: int = 8) -> list[dict[str, Any]]:
    """The most recent verdicts across the network: each cooperative's last verdict by business date as of ``day``
    (the latest date, then the latest recorded), newest first, then by name. Read from the newest verdict back,
    until ``limit`` cooperatives and those sharing the last one's date are found: whatever the network's size."""
    query = (select(ev.c.cooperative_id, ev.c.effective_on, ev.c.detail, ev.c.data)
             .where(ev.c.kind == VERDICT_KIND, ev.c.effective_on <= day)
             .order_by(ev.c.effective_on.desc(), ev.c.notification_id.desc()))  # fmt: skip
    found: dict[str, tuple[date, str, str]] = {}  # cooperative → (date, kind, session) of its last verdict
    cutoff = day  # the date of the last cooperative found (once ``limit`` are: those sharing it come too)
    with engine.connect() as conn:
        for row in _paged(conn, query, max(limit, 1) * 4):
            on = row.effective_on
            if len(found) >= limit and on < cutoff:
                break  # every cooperative left has an older last verdict
            if row.cooperative_id not in found:
                found[row.cooperative_id] = (on, row.detail, json.loads(row.data).get("session_reference") or "")
                cutoff = on
        names = _names_on(conn, set(found), day)
    rows_out = [{"cooperative_id": coop, "name": names.get(coop, ""), "kind": kind,
                 "label": VERDICT_LABELS.get(kind, kind), "on": on.isoformat(), "session": session}
                for coop, (on, kind, session) in found.items()]  # fmt: skip
    rows_out.sort(key=lambda r: (r["name"], r["cooperative_id"]))  # ties: as the list orders them
    rows_out.sort(key=lambda r: r["on"], reverse=True)
    return rows_out[:limit]


def _paged(conn: Connection, query: Select[Any], batch: int) -> Iterator[Any]:
    """The rows of ``query`` (ordered), read ``batch`` at a time while the caller asks for more."""
    start = 0
    while True:
        rows = conn.execute(query.limit(batch).offset(start)).all()
        yield from rows
        if len(rows) < batch:
            return
        start += batch


def cooperative_names(engine: Engine) -> dict[str, str]:
    """Every registered cooperative's id and today's name, by name (to choose one in a form)."""
    with engine.connect() as conn:
        return _names_on(conn, None)


def _names_on(conn: Connection, coop_ids: set[str] | None, day: date | None = None) -> dict[str, str]:
    """The cooperatives' names on ``day`` (their period containing it; None: today's, their open periods): seeks
    of the primary key, for the few cooperatives of a page; ``coop_ids`` None: every cooperative's, by name (two
    narrow columns along the index on (``valid_to``, name, cooperative), however many there are)."""
    on = coops.c.valid_to == OPEN if day is None else and_(coops.c.valid_from <= day, coops.c.valid_to > day)
    query = select(coops.c.cooperative_id, coops.c.name).where(on)
    if coop_ids is None:
        query = query.order_by(coops.c.name, coops.c.cooperative_id)
    elif coop_ids:
        query = query.where(coops.c.cooperative_id.in_(sorted(coop_ids)))
    else:
        return {}
    return {row.cooperative_id: row.name for row in conn.execute(query)}


#: The journal counts its matching events up to this many (``total_exact`` false beyond): counting them all would
#: read the whole log for every page of an unfiltered journal.
COUNT_LIMIT = 1_000


def audit_events(engine: Engine, *, actor: str | None = None, coop_id: UUID | None = None,
                 kinds: list[str] | None = None, start: date | None = None, end: date | None = None,
                 page: int = 1, per_page: int = 50) -> dict[str, Any]:  # fmt: skip
    """Every event of the network (catalogue included), newest first, paginated, named as in ``timeline``; the
    total is exact up to ``COUNT_LIMIT`` matching events (``total_exact``), that limit beyond."""
    page, per_page = _page(page, per_page)
    where = _event_filters(coop_id=coop_id, actor=actor, kinds=kinds, start=start, end=end)
    query = select(ev).where(*where).order_by(ev.c.notification_id.desc()).limit(per_page).offset((page - 1) * per_page)
    with engine.connect() as conn:
        matched = select(ev.c.notification_id).where(*where).limit(COUNT_LIMIT + 1).subquery()
        total = conn.execute(select(func.count()).select_from(matched)).scalar_one()
        items = [_event_item(row) for row in conn.execute(query)]
        names = _names_on(conn, {item["cooperative_id"] for item in items if item["cooperative_id"]})
        for item in items:
            item["cooperative_name"] = names.get(item["cooperative_id"])
        with_actor_names(conn, items)
    return {"items": items, "total": min(total, COUNT_LIMIT), "total_exact": total <= COUNT_LIMIT, "page": page,
            "per_page": per_page}  # fmt: skip
