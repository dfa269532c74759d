"""One cooperative: its page, its timeline, its dossier as of a date, and two versions compared."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

from flask import render_template, request

from qualicoop_es.errors import InvalidInput, QualicoopError
from qualicoop_es.queries import audit_trail
from qualicoop_es.queries import cooperative as cq
from web.pages import bp, forms, reads, services, today
from web.pages.access import can_write, may_on, principal, readable_coop, signed_in
from web.pages.dossier_view import by_pillar
from web.pages.forms import errors_of
from web.pages.paging import paged

EDIT_USE_CASE = "update_identity"
T = TypeVar("T")


def _arg_days(*names: str, default: date | None = None) -> tuple[list[date | None], dict[str, Any]]:
    """The dates the query string gives (``default`` for those left empty), and no errors; or, when one is no date,
    ``default`` for all and the message for that one."""
    try:
        return [forms.day(request.args, name, default) for name in names], {}
    except InvalidInput as error:
        return [default] * len(names), errors_of(error)


def coop_page(view: Callable[..., T]) -> Callable[..., T]:
    """A page about the cooperative the URL names: signed in, allowed to read it, given its id and the application
    (and the URL's other parts)."""

    @signed_in()
    @wraps(view)
    def page(coop: str, **parts: Any) -> T:
        return view(readable_coop(coop), services().app, **parts)

    return page


@bp.get("/cooperatives/<coop>")
@coop_page
def cooperative(coop_id: UUID, app: Any) -> str:
    return render_template("pages/cooperative.html", **fiche(coop_id, app))


def fiche(coop_id: UUID, app: Any) -> dict[str, Any]:
    """What the fiche shows (the page, and its PDF: ``views_exports``)."""
    view = cq.current(app, coop_id, day=today())
    return {
        "coop": view, "coop_id": coop_id, "pillars": by_pillar(view.dossier, cq.catalogue(app), cq.series(app, coop_id)),
        "diplomas": view.diplomas, "can_edit": can_write(coop_id, EDIT_USE_CASE),
        "can_judge": can_write(coop_id, "record_verdict") and view.judged is not None,
        "can_audit": view.engaged_on is not None and may_on(principal(), "read_audit", coop_id),
    }  # fmt: skip


#: Events per page of a history (newest first).
HISTORY_PAGE = 40


@bp.get("/cooperatives/<coop>/historique")
@coop_page
def history(coop_id: UUID, app: Any) -> str:
    kinds = [k for k in request.args.getlist("type") if k]
    (start, end), errors = _arg_days("du", "au")
    entries = reads.timeline(services(), coop_id, kinds=kinds or None, start=start, end=end)
    every = reads.timeline(services(), coop_id)
    page = paged(entries[::-1], request.args.get("page"), HISTORY_PAGE)  # newest first
    described = audit_trail.described(app, coop_id, page.items[::-1], every)[::-1]  # the page's events only
    present = {e["kind"] for e in every}
    current = cq.heading(app, coop_id)
    return render_template(
        "pages/history.html", coop_id=coop_id, name=current.name, page=page, years=by_year(described),
        versions=every, kinds={k: label for k, label in reads.event_kinds().items() if k in present}, chosen=kinds,
        start=start, end=end, errors=errors, current_version=current.version, day=today(),
        verdicts=[e for e in every if e["kind"] in ("verdict_recorded", "VerdictRecorded")],
        args={"coop": str(coop_id), "type": kinds, "du": request.args.get("du") or None,
              "au": request.args.get("au") or None},
    )  # fmt: skip


def by_year(entries: list[Any]) -> list[tuple[int, list[Any]]]:
    """(year, its entries) in the entries' order (a history's: newest first), by business date."""
    groups: list[tuple[int, list[Any]]] = []
    for entry in entries:
        event = entry[0]
        day = event["effective_on"]
        year = day.year if isinstance(day, date) else int(str(day)[:4])
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(entry)
    return groups


@bp.get("/cooperatives/<coop>/au")
@coop_page
def as_of(coop_id: UUID, app: Any) -> str:
    basis = "recorded" if request.args.get("base") == "enregistrement" else "effective"
    (day,), errors = _arg_days("date", default=today())
    state = cq.as_of(app, coop_id, day or today(), basis)
    context: dict[str, Any] = {"coop_id": coop_id, "day": day, "basis": basis, "errors": errors, "state": None,
                               "name": cq.heading(app, coop_id).name}  # fmt: skip
    if state is not None:
        context.update(state=state, standing=state.status, checklist=state.checklist, identity=state.identity,
                       intent=state.intent,
                       pillars=by_pillar(state.dossier, cq.catalogue(app), cq.series(app, coop_id, day)))  # fmt: skip
    return render_template("pages/as_of.html", **context)


@bp.get("/cooperatives/<coop>/comparer")
@coop_page
def compare(coop_id: UUID, app: Any) -> str:
    now = cq.heading(app, coop_id)
    raw_from, raw_to = request.args.get("de", ""), request.args.get("a", "")
    errors: dict[str, Any] = {}
    result = None
    if raw_from or raw_to:
        try:
            first = forms.parse_int(raw_from, 1) or _bad("from")
            second = forms.parse_int(raw_to, 1) or _bad("to")
            result = app.diff(coop_id, first, second)
        except QualicoopError as error:
            errors = errors_of(error)
    return render_template("pages/compare.html", coop_id=coop_id, result=result, errors=errors,
                           versions=reads.timeline(services(), coop_id), current=now.version, name=now.name,
                           chosen_from=raw_from, chosen_to=raw_to)  # fmt: skip


def _bad(field: str) -> int:
    raise InvalidInput(field, "Choisissez une version.")
