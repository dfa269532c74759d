"""Reading HTML forms into use-case arguments, and domain errors into messages next to the fields.

Parsing only checks shape (a number is a number, a date is a date); every business rule stays in the domain.
A bad value raises ``InvalidInput`` naming the form field, exactly like the domain does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import flash, redirect
from werkzeug.datastructures import MultiDict

from qualicoop_es.errors import Conflict, InvalidInput, LifecycleError, QualicoopError, RuleViolation, StaleVersion

FORM = "_form"


def text(form: MultiDict[str, str], name: str) -> str:
    return form.get(name, "").strip()


def integer(form: MultiDict[str, str], name: str) -> int | None:
    raw = text(form, name).replace(" ", "").replace("\u202f", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(name, "Nombre entier positif attendu.")
    return int(raw)


def day(form: MultiDict[str, str], name: str, default: date | None = None) -> date | None:
    raw = text(form, name)
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(name, "Date attendue (jj/mm/aaaa).") from None


def version(form: MultiDict[str, str], name: str = "expected_version") -> int | None:
    raw = text(form, name)
    return int(raw) if raw.isdigit() else None


def errors_of(error: QualicoopError) -> dict[str, Any]:
    """``{field: message}`` for the field the domain named, plus ``_form``: messages for the whole form."""
    if isinstance(error, InvalidInput):
        message = error.errors[error.field][0]
        if error.field in ("changes", "op"):
            return {FORM: [message]}
        return {error.field: message}
    if isinstance(error, RuleViolation):
        return {FORM: [failure.message for failure in error.failures], "_rules": True}
    if isinstance(error, StaleVersion):
        return {FORM: ["Le dossier a été modifié entre-temps par quelqu'un d'autre : la page a été rechargée "
                       "avec sa dernière version, relisez-la avant de recommencer."], "_stale": True}  # fmt: skip
    if isinstance(error, (LifecycleError, Conflict)):
        return {FORM: [error.message]}
    return {FORM: [error.message]}


def submit(run: Callable[[], Any], page: Callable[..., Any], done: str, target: str) -> Any:
    """One posted form: ``run()`` calls its use case; a domain error re-renders ``page`` with the messages (422).

    A response ``run`` returns is sent as it is (a confirmation step); otherwise ``done`` is flashed and the browser
    goes to ``target``.
    """
    try:
        shown = run()
    except QualicoopError as error:
        return page(errors=errors_of(error), status=422)
    if shown is not None:
        return shown
    flash(done)
    return redirect(target)
