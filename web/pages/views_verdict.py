"""The committee's verdict: the whole thing judged (identity, intent note, engagements, a bilan's summary and
measurements), then the form — a session of the committee chosen among the records, its members pre-ticked — and a
server-side confirmation step naming what will happen before anything is recorded (no script: the CSP stays strict).
The application checks who may rule and who sat (``access``, ``accounts.roster``); the page names members."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for

from qualicoop_es import outcomes
from qualicoop_es.errors import InvalidInput, QualicoopError
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries.audit_judged import judged_bilan
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import can_write, readable_coop, signed_in, writable_coop
from web.pages.dossier_view import by_pillar
from web.pages.views_sessions import committee_members, sessions_named, with_names

#: decision code → what the confirmation says will happen (« Vous allez … »)
ACTS = {"validate": "valider le dossier", "mature": "demander de faire mûrir le dossier",
        "confirm": "confirmer la mention, sur le bilan", "continue_work": "demander de poursuivre le travail, sur le bilan"}  # fmt: skip


#: field → the id of the element the error summary links to
def _kinds(coop: Any) -> tuple[str, str]:
    return ("validate", "mature") if coop.phase == "submitted" else ("confirm", "continue_work")


def _session(sessions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The session the form is for: the one asked (``?seance=`` or the form's), else the most recent."""
    wanted = request.values.get("seance") or request.form.get("session_reference", "")
    return next((s for s in sessions if s["reference"] == wanted.strip().upper()), sessions[0] if sessions else None)


def _verdict_page(coop_id: UUID, *, errors: dict[str, Any] | None = None, status: int = 200,
                  confirm: bool = False) -> Any:  # fmt: skip
    app = services().app
    coop = cq.current(app, coop_id)
    judged = coop.judged
    state = cq.at_version(app, coop_id, judged["version"]) if judged else None
    pillars = by_pillar(state.dossier, cq.catalogue(app), cq.series(app, coop_id)) if state else []
    sessions = sessions_named()
    html = render_template("pages/verdict.html", coop_id=coop_id, coop=coop, judged=judged, state=state,
                           pillars=pillars, kinds=_kinds(coop), errors=errors or {}, form=request.form,
                           day=today(), bilan=judged_bilan(app, coop_id) if judged else None, acts=ACTS,
                           sessions=sessions, session=_session(sessions), confirm=confirm,
                           can_judge=can_write(coop_id, "record_verdict"), committee=committee_members())  # fmt: skip
    return html, status


@bp.route("/cooperatives/<coop>/verdict", methods=["GET", "POST"])
@signed_in()
def verdict(coop: str) -> Any:
    if request.method == "GET":
        return _verdict_page(readable_coop(coop))
    coop_id, me = writable_coop(coop, "record_verdict")
    step = request.form.get("etape", "")
    if step == "modifier":
        return _verdict_page(coop_id)
    again = step == "confirmer" and outcomes.already_answered(services().app)  # the verdict it records is stored
    errors = {} if again else _missing(request.form, _kinds(cq.current(services().app, coop_id)))
    if errors:
        return _verdict_page(coop_id, errors=errors, status=422)
    if step != "confirmer":
        return _verdict_page(coop_id, confirm=True)
    return f.submit(lambda: _record_verdict(coop_id, me, request.form), partial(_verdict_page, coop_id),
                    "Verdict enregistré.", url_for("pages.cooperative", coop=coop))  # fmt: skip


def _missing(form: Any, kinds: tuple[str, str]) -> dict[str, str]:
    """Every error of shape at once (empty or malformed fields); the core then checks the values."""
    errors = {}
    if form.get("kind") not in kinds:
        errors["kind"] = "Choisissez la décision du comité."
    if not f.text(form, "session_reference"):
        errors["session_reference"] = "Choisissez la séance du comité."
    if not form.getlist("members_present"):
        errors["members_present"] = "Cochez au moins un membre présent."
    if not f.text(form, "rationale"):
        errors["rationale"] = "Rédigez la motivation de la décision."
    for name in ("effective_on", "next_bilan_due"):
        try:
            f.day(form, name)
        except QualicoopError as error:
            errors[name] = f.errors_of(error)[name]
    return errors


def _record_verdict(coop_id: UUID, me: Any, form: Any) -> None:
    """The members ticked are checked by the application (committee on the verdict's date, at the session, not
    affiliated)."""
    members = form.getlist("members_present")
    judged = f.version(form, "judged_version")
    if judged is None:
        raise InvalidInput("judged_version", "Version jugée manquante : rechargez la page.")
    try:
        services().app.record_verdict(
            coop_id, actor=me, kind=f.text(form, "kind"),
            session_reference=f.text(form, "session_reference"), members_present=members,
            rationale=f.text(form, "rationale"), judged_version=judged,
            axes=[n for a in form.getlist("axes") if (n := f.parse_int(a, 1, 99)) is not None],
            next_bilan_due=f.day(form, "next_bilan_due"),
            effective_on=f.day(form, "effective_on"), expected_version=f.version(form),
        )  # fmt: skip
    except InvalidInput as error:
        raise with_names(error, members) if error.field == "members_present" else error from None
