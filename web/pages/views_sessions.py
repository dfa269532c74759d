"""« Séances du comité »: the committee's sessions as records (reference, day, members); the federation creates
them, the committee and the auditor read them; the verdict form picks one."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from qualicoop_es.access import NETWORK_READERS
from qualicoop_es.accounts import names
from qualicoop_es.errors import InvalidInput
from web.pages import bp, services, today
from web.pages import forms as f
from web.pages.access import can_write, principal, require_write, signed_in

READERS = tuple(sorted(role.value for role in NETWORK_READERS))


def committee_members() -> list[tuple[str, str]]:
    """``(account id, name)`` of every committee member, by name."""
    from qualicoop_es.accounts import accounts_of

    found = [(a.account_id, a.display_name or a.email) for a in accounts_of(services()).all() if a.role == "committee"]
    return sorted(found, key=lambda pair: pair[1].lower())


def sessions_named() -> list[dict[str, Any]]:
    """The sessions, most recent first, each with its members' names (``members``: ``[(id, name)]``)."""
    found = services().app.committee_sessions()
    shown = names.display_names(services().engine, [m for s in found for m in s.members])
    return [{"reference": s.reference, "held_on": s.held_on, "recorded_by": s.recorded_by,
             "members": [(m, shown.get(m, names.SYSTEM)) for m in s.members]} for s in found]  # fmt: skip


def _page(errors: dict[str, Any] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("pages/committee_sessions.html", sessions=sessions_named(), errors=errors or {},
                           form=request.form, committee=committee_members(), day=today(),
                           can_create=can_write(None, "hold_committee_session")), status  # fmt: skip


@bp.route("/comite/seances", methods=["GET", "POST"])
@signed_in(*READERS)
def committee_sessions() -> Any:
    if request.method == "GET":
        return _page()
    require_write(None, "hold_committee_session")
    errors = _missing(request.form)
    if errors:
        return _page(errors, 422)
    return f.submit(lambda: _create(request.form), _page, "Séance du comité enregistrée.",
                    url_for("pages.committee_sessions"))  # fmt: skip


def _missing(form: Any) -> dict[str, str]:
    """Every field left empty, at once (the core checks the values)."""
    errors = {name: message for name, message in (
        ("reference", "Indiquez la référence de la séance (par exemple CV-2026-11)."),
        ("held_on", "Indiquez la date de la séance.")) if not f.text(form, name)}  # fmt: skip
    if not form.getlist("members"):
        errors["members"] = "Cochez au moins un membre du comité."
    return errors


def _create(form: Any) -> None:
    members = form.getlist("members")
    try:
        services().app.hold_committee_session(actor=principal(), reference=f.text(form, "reference"),
                                              held_on=f.day(form, "held_on"), members=members)  # fmt: skip
    except InvalidInput as error:
        raise with_names(error, members) from None


def with_names(error: InvalidInput, members: list[str]) -> InvalidInput:
    """The core names a refused member by account id (« id »); the pages show the member's name instead."""
    message = error.errors[error.field][0]
    for member_id, name in names.display_names(services().engine, members).items():
        if name != names.SYSTEM:  # an id that is no account stays as it was sent
            message = message.replace(f"« {member_id} »", f"« {name} »")
    return InvalidInput(error.field, message)
