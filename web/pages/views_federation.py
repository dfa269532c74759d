"""The federal team's desk: register a cooperative, then follow it (kit, first meeting, checkpoints, diplomas,
leaving the approach, withdrawing a mention).

Each POST is one use case, authorized by the core's policy (``can_write`` offers, the application decides); a domain error re-renders the form
with the message next to its field. Leaving the approach and withdrawing a mention ask for a confirmation first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for

from qualicoop_es.errors import InvalidInput, QualicoopError
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import vocabulary as v
from qualicoop_es.queries.trial import refusal
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import can_write, readable_coop, require_write, signed_in, writable_coop
from web.pages.confirm import confirmed

#: The follow-up forms: (url segment, use case, form name, success message).
FOLLOW_UP = ("request_kit", "hold_first_meeting", "hold_checkpoint", "award_diploma", "leave_approach",
             "withdraw_mention")  # fmt: skip
CONFIRMED = ("leave_approach", "withdraw_mention")
IMPLEMENTING = ("engaged", "confirmed", "continue_work")


# -- registration ----------------------------------------------------------------------------------------------


@bp.route("/cooperatives/nouvelle", methods=["GET", "POST"])
@signed_in()
def register_cooperative() -> Any:
    me = require_write(None, "register_cooperative")
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = request.form
        try:
            result = services().app.register_cooperative(
                actor=me, name=f.text(form, "name"), siren=f.text(form, "siren"),
                legal_form=f.text(form, "legal_form"), departement=f.text(form, "departement"),
                activities=form.getlist("activities"), effective_on=f.day_or_text(form, "effective_on"),
            )  # fmt: skip
        except QualicoopError as error:
            errors, status = _siren_conflict(f.errors_of(error), error), 422
        else:
            flash("Coopérative inscrite dans la démarche.")
            return redirect(url_for("pages.follow_up", coop=str(result.aggregate_id)))
    return render_template("pages/register.html", errors=errors, form=request.form, day=today()), status


def _siren_conflict(errors: dict[str, Any], error: QualicoopError) -> dict[str, Any]:
    """An already registered SIREN is shown next to the SIREN field."""
    if not isinstance(error, InvalidInput) and "SIREN" in error.message:
        return {"siren": error.message}
    return errors


# -- follow-up of one cooperative --------------------------------------------------------------------------------


def _allowed(coop_id: UUID) -> dict[str, bool]:
    return {use_case: can_write(coop_id, use_case) for use_case in FOLLOW_UP}


def _follow_page(coop_id: UUID, *, form_name: str = "", errors: dict[str, Any] | None = None,
                 confirm: str = "", status: int = 200) -> Any:  # fmt: skip
    coop = cq.current(services().app, coop_id)
    phase = coop.phase
    granted = [(code, label) for code, label in v.MENTIONS.items()
               if (coop.engaged_on if code == "engagee" else coop.confirmed_on) is not None]  # fmt: skip
    shown = {
        "request_kit": phase == "preparing" and coop.kit_requested_on is None,
        "hold_first_meeting": phase == "preparing" and coop.kit_requested_on is not None
        and coop.first_meeting_on is None,
        "hold_checkpoint": phase in IMPLEMENTING,
        "award_diploma": bool(granted) and phase not in ("left", "withdrawn"),
        "leave_approach": phase not in ("left", "withdrawn"),
        "withdraw_mention": phase in (*IMPLEMENTING, "bilan_submitted"),
    }  # fmt: skip
    allowed = _allowed(coop_id)
    html = render_template(
        "pages/follow_up.html", coop_id=coop_id, coop=coop, identity=coop.identity, day=today(),
        show={k: (shown[k] or k == form_name) and allowed[k] for k in FOLLOW_UP}, granted=granted, form_name=form_name,
        errors=errors or {}, form=request.form, confirm=confirm,
    )  # fmt: skip
    return html, status


@bp.get("/cooperatives/<coop>/suivi")
@signed_in()
def follow_up(coop: str) -> Any:
    coop_id = readable_coop(coop)
    if not any(_allowed(coop_id).values()):
        abort(403)
    return _follow_page(coop_id)


def _dated(me: Any, form: Any) -> dict[str, Any]:
    return {"actor": me, "effective_on": f.day_or_text(form, "effective_on"),
            "expected_version": f.version(form)}  # fmt: skip


COMMANDS: dict[str, tuple[str, Callable[[UUID, Any, Any], Any], str]] = {
    "kit": ("request_kit", lambda c, me, form: services().app.request_kit(c, **_dated(me, form)),
            "Demande de kit enregistrée."),
    "premiere-rencontre": ("hold_first_meeting", lambda c, me, form: services().app.hold_first_meeting(
        c, summary=f.text(form, "summary"), **_dated(me, form)), "Première rencontre enregistrée."),
    "point-etape": ("hold_checkpoint", lambda c, me, form: services().app.hold_checkpoint(
        c, summary=f.text(form, "summary"), **_dated(me, form)), "Point d'étape enregistré."),
    "diplome": ("award_diploma", lambda c, me, form: services().app.award_diploma(
        c, mention=f.text(form, "mention"), ceremony=f.text(form, "ceremony"), **_dated(me, form)),
        "Remise du diplôme enregistrée."),
    "sortie": ("leave_approach", lambda c, me, form: services().app.leave_approach(
        c, reason=f.text(form, "reason"), **_dated(me, form)), "Sortie de la démarche enregistrée."),
    "retrait": ("withdraw_mention", lambda c, me, form: services().app.withdraw_mention(
        c, reason=f.text(form, "reason"), **_dated(me, form)), "Retrait de la mention enregistré."),
}  # fmt: skip


def _follow_view(path: str) -> Callable[[str], Any]:
    use_case, command, done = COMMANDS[path]

    def view(coop: str) -> Any:
        coop_id, me = writable_coop(coop, use_case)
        form = request.form
        page = partial(_follow_page, coop_id, form_name=use_case)

        def run() -> Any:
            if use_case in CONFIRMED and not confirmed(form):  # tried unsaved: every mistake first, then the question
                refused = refusal(services().app, coop_id, use_case, actor=me, expected_version=f.version(form),
                                  reason=f.text(form, "reason"), effective_on=f.day_or_text(form, "effective_on"))  # fmt: skip
                if refused is not None:
                    raise refused
                return page(confirm=use_case)
            command(coop_id, me, form)
            return None

        return f.submit(run, page, done, url_for("pages.follow_up", coop=coop) if use_case not in CONFIRMED
                        else url_for("pages.cooperative", coop=coop))  # fmt: skip

    return view


for _path in COMMANDS:
    bp.add_url_rule(f"/cooperatives/<coop>/suivi/{_path}", endpoint=f"follow_{COMMANDS[_path][0]}",
                    view_func=signed_in()(_follow_view(_path)), methods=["POST"])  # fmt: skip
