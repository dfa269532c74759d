"""The committee's verdict form: the dossier or bilan judged at the version deposited, the members present, the
decision. The application checks who may rule and who sat (``access``, ``accounts.roster``); the page shows a refused
member by name."""

from __future__ import annotations

from functools import partial
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for

from qualicoop_es.accounts import names
from qualicoop_es.errors import InvalidInput
from qualicoop_es.queries import cooperative as cq
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import can_write, readable_coop, signed_in, writable_coop
from web.pages.dossier_view import by_pillar


def _verdict_page(coop_id: UUID, *, errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    app = services().app
    coop = cq.current(app, coop_id)
    judged = coop.judged
    judged_state = cq.at_version(app, coop_id, judged["version"]) if judged else None
    pillars = by_pillar(judged_state.dossier, cq.catalogue(app), cq.series(app, coop_id)) if judged_state else []
    kinds = ("validate", "mature") if coop.phase == "submitted" else ("confirm", "continue_work")
    html = render_template("pages/verdict.html", coop_id=coop_id, coop=coop, judged=judged, pillars=pillars,
                           kinds=kinds, errors=errors or {}, form=request.form, day=today(),
                           checklist=judged_state.checklist if judged_state else [],
                           can_judge=can_write(coop_id, "record_verdict"), committee=_committee_members())  # fmt: skip
    return html, status


def _committee_members() -> list[tuple[str, str]]:
    """``(account id, name)`` of every committee member, by name (the values recorded as « membres présents »)."""
    from qualicoop_es.accounts import accounts_of

    found = [(a.account_id, a.display_name or a.email) for a in accounts_of(services()).all() if a.role == "committee"]
    return sorted(found, key=lambda pair: pair[1].lower())


@bp.route("/cooperatives/<coop>/verdict", methods=["GET", "POST"])
@signed_in()
def verdict(coop: str) -> Any:
    if request.method == "GET":
        return _verdict_page(readable_coop(coop))
    coop_id, me = writable_coop(coop, "record_verdict")
    return f.submit(lambda: _record_verdict(coop_id, me, request.form), partial(_verdict_page, coop_id),
                    "Verdict enregistré.", url_for("pages.cooperative", coop=coop))  # fmt: skip


def _record_verdict(coop_id: UUID, me: Any, form: Any) -> None:
    """The members ticked are checked by the application (committee on the verdict's date, not affiliated)."""
    members = form.getlist("members_present")
    judged = f.version(form, "judged_version")
    if judged is None:
        raise InvalidInput("judged_version", "Version jugée manquante : rechargez la page.")
    try:
        services().app.record_verdict(
            coop_id, actor=me, kind=f.text(form, "kind"),
            session_reference=f.text(form, "session_reference"), members_present=members,
            rationale=f.text(form, "rationale"), judged_version=judged,
            axes=[n for a in form.getlist("axes") if (n := f.parse_int(a, 1, 99)) is not None], next_bilan_due=f.day(form, "next_bilan_due"),
            effective_on=f.day(form, "effective_on"), expected_version=f.version(form),
        )  # fmt: skip
    except InvalidInput as error:
        raise _members_by_name(error, members) from None


def _members_by_name(error: InvalidInput, members: list[str]) -> InvalidInput:
    """The application names a refused member by account id; the form shows the names it lists instead."""
    if error.field != "members_present":
        return error
    message = error.errors["members_present"][0]
    for member_id, name in names.display_names(services().engine, members).items():
        if name != names.SYSTEM:  # an id that is no account stays as it was sent
            message = message.replace(f"« {member_id} »", f"« {name} »")
    return InvalidInput("members_present", message)
