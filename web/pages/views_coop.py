"""One cooperative: its page, its timeline, its dossier as of a date, and two versions compared."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request

from qualicoop_es import rules
from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput, QualicoopError
from qualicoop_es.presenters import describe
from web.pages import bp, reads, services, today
from web.pages.access import can_write, coop_id_or_404, require_read, signed_in
from web.pages.dossier_view import by_pillar, measurements_of
from web.pages.forms import errors_of

EDIT_USE_CASE = "update_identity"


def _arg_day(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(name, "Date attendue (jj/mm/aaaa).") from None


@bp.get("/cooperatives/<coop>")
@signed_in()
def cooperative(coop: str) -> str:
    coop_id = coop_id_or_404(coop)
    require_read(coop_id)
    app = services().app
    aggregate = app.cooperative(coop_id)
    history = app.history(coop_id)
    catalogue = app.catalogue().as_dict()
    return render_template(
        "pages/cooperative.html", coop=describe(aggregate, today()), coop_id=coop_id,
        pillars=by_pillar(aggregate.dossier, catalogue, measurements_of(history)),
        diplomas=aggregate.diplomas, can_edit=can_write(coop_id, EDIT_USE_CASE),
        can_judge=can_write(coop_id, "record_verdict") and aggregate.phase in ("submitted", "bilan_submitted"),
    )  # fmt: skip


@bp.get("/cooperatives/<coop>/historique")
@signed_in()
def history(coop: str) -> str:
    coop_id = coop_id_or_404(coop)
    require_read(coop_id)
    app = services().app
    kinds = [k for k in request.args.getlist("type") if k]
    errors: dict[str, Any] = {}
    try:
        start, end = _arg_day("du"), _arg_day("au")
    except InvalidInput as error:
        errors, start, end = errors_of(error), None, None
    entries = reads.timeline(services(), coop_id, kinds=kinds or None, start=start, end=end)
    every = reads.timeline(services(), coop_id)
    verdicts = [e for e in every if e["kind"] in ("verdict_recorded", "VerdictRecorded")]
    current = app.cooperative(coop_id)
    return render_template(
        "pages/history.html", coop_id=coop_id, name=current.dossier["identity"]["name"], entries=entries,
        versions=every, kinds=reads.event_kinds(), chosen=kinds, start=start, end=end, errors=errors,
        verdicts=verdicts, current_version=current.version, day=today(),
    )  # fmt: skip


@bp.get("/cooperatives/<coop>/au")
@signed_in()
def as_of(coop: str) -> str:
    coop_id = coop_id_or_404(coop)
    require_read(coop_id)
    app = services().app
    basis = "recorded" if request.args.get("base") == "enregistrement" else "effective"
    errors: dict[str, Any] = {}
    try:
        day = _arg_day("date") or today()
    except InvalidInput as error:
        errors, day = errors_of(error), today()
    state = app.as_of(coop_id, day, basis)
    context: dict[str, Any] = {"coop_id": coop_id, "day": day, "basis": basis, "errors": errors, "state": None,
                               "name": app.cooperative(coop_id).dossier["identity"]["name"]}  # fmt: skip
    if state is not None:
        catalogue = app.catalogue().as_dict()
        status = state.status_on(day)
        context.update(state=state, status=status, status_label=v.PHASE_LABELS[status],
                       checklist=rules.checklist(state.dossier), identity=state.dossier["identity"],
                       intent=state.dossier["intent"],
                       pillars=by_pillar(state.dossier, catalogue, measurements_of(app.history(coop_id), day)))  # fmt: skip
    return render_template("pages/as_of.html", **context)


@bp.get("/cooperatives/<coop>/comparer")
@signed_in()
def compare(coop: str) -> str:
    coop_id = coop_id_or_404(coop)
    require_read(coop_id)
    app = services().app
    current = app.cooperative(coop_id).version
    raw_from, raw_to = request.args.get("de", ""), request.args.get("a", "")
    errors: dict[str, Any] = {}
    result = None
    if raw_from or raw_to:
        try:
            first = int(raw_from) if raw_from.isdigit() else _bad("from")
            second = int(raw_to) if raw_to.isdigit() else _bad("to")
            result = app.diff(coop_id, first, second)
        except QualicoopError as error:
            errors = errors_of(error)
    return render_template("pages/compare.html", coop_id=coop_id, result=result, errors=errors,
                           versions=reads.timeline(services(), coop_id), current=current,
                           name=app.cooperative(coop_id).dossier["identity"]["name"],
                           chosen_from=raw_from, chosen_to=raw_to)  # fmt: skip


def _bad(field: str) -> int:
    raise InvalidInput(field, "Choisissez une version.")
