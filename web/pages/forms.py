"""Reading HTML forms into use-case arguments, and domain errors into messages next to the fields.

Parsing only checks shape (a number is a number, a date is a date); every business rule stays in the domain.
A bad value raises ``InvalidInput`` naming the form field, exactly like the domain does.

Every whole number a page reads — form field or URL parameter — goes through ``parse_int``: ASCII digits only
(``str.isdigit`` also accepts « ² » or « ٣ », which ``int()`` then refuses or reads), at most 9 of them (a
5,000-digit string is refused before ``int()``, never sent to the store), within the bounds the caller gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import flash, redirect
from werkzeug.datastructures import MultiDict

from qualicoop_es.errors import Conflict, InvalidInput, LifecycleError, QualicoopError, RuleViolation, StaleVersion
from qualicoop_es.queries import vocabulary as vocab

FORM = "_form"
MAX_INT = 999_999_999
_NATURAL = re.compile(r"[0-9]{1,9}")
_SEPARATORS = str.maketrans("", "", " \u202f\u00a0")


def text(form: MultiDict[str, str], name: str) -> str:
    return form.get(name, "").strip()


def parse_int(raw: object, low: int = 0, high: int = MAX_INT) -> int | None:
    """The whole number ``raw`` spells in ASCII digits (spaces as thousands separators), when within
    ``[low, high]``; None for anything else (empty, a sign, « ² », too many digits, out of bounds)."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    digits = raw.strip().translate(_SEPARATORS)
    if not _NATURAL.fullmatch(digits):
        return None
    value = int(digits)
    return value if low <= value <= high else None


def integer(form: MultiDict[str, str], name: str) -> int | None:
    """An optional whole number field: None when empty, ``InvalidInput`` when it is no number."""
    raw = text(form, name)
    if not raw:
        return None
    value = parse_int(raw)
    if value is None:
        raise InvalidInput(name, "Nombre entier positif attendu.")
    return value


def required_int(form: MultiDict[str, str], name: str, message: str, low: int = 1, high: int = MAX_INT) -> int:
    """A whole number field that must be there (``InvalidInput`` with ``message`` otherwise)."""
    value = parse_int(text(form, name), low, high)
    if value is None:
        raise InvalidInput(name, message)
    return value


def int_or_text(raw: str) -> int | str:
    """A number when ``raw`` is one (else the text itself, for the domain to refuse in its own words)."""
    value = parse_int(raw)
    return value if value is not None else raw[:40]


def day(form: MultiDict[str, str], name: str, default: date | None = None) -> date | None:
    raw = text(form, name)
    if not raw:
        return default
    try:
        if len(raw) != 10:  # YYYY-MM-DD only (fromisoformat also reads week dates and other forms)
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(name, "Date attendue (jj/mm/aaaa).") from None


def day_or_text(form: MultiDict[str, str], name: str, default: date | None = None) -> Any:
    """A date field for a use case that checks every field at once: the date, ``default`` when empty, else the text
    itself, for the core to refuse in its own words beside the other mistakes (``int_or_text`` for dates)."""
    try:
        return day(form, name, default)
    except InvalidInput:
        return text(form, name)[:40]


def version(form: MultiDict[str, str], name: str = "expected_version") -> int | None:
    return parse_int(text(form, name), 1)


def errors_of(error: QualicoopError) -> dict[str, Any]:
    """``{field: message}`` for every field the domain named, plus ``_form``: messages for the whole form."""
    if isinstance(error, InvalidInput):
        named = {name: messages[0] for name, messages in error.errors.items() if name not in WHOLE_FORM}
        whole = [messages[0] for name, messages in error.errors.items() if name in WHOLE_FORM]
        return {**named, **({FORM: whole} if whole else {})}
    if isinstance(error, RuleViolation):
        return {FORM: [failure.message for failure in error.failures], "_rules": error.intro}
    if isinstance(error, StaleVersion):
        return {FORM: ["Le dossier a été modifié entre-temps par quelqu'un d'autre : la page a été rechargée "
                       "avec sa dernière version, relisez-la avant de recommencer."], "_stale": True}  # fmt: skip
    if isinstance(error, (LifecycleError, Conflict)):
        return {FORM: [error.message]}
    return {FORM: [error.message]}


#: Names an error may give that are no field of the form: shown at the top, without a link.
WHOLE_FORM = ("changes", "op", "expected_version")
#: Prefixes of the readjustment form's fields (``new_target_date`` is a ``target_date``): their label is the field's.
_PARTS = ("add_", "new_", "choose_", "drop_", "remove_")


def label_of(name: str) -> str:
    """The French label of a form field (``vocabulary.FORM_LABELS``), never its key."""
    for prefix in ("", *_PARTS):
        if name.startswith(prefix) and name.removeprefix(prefix) in vocab.FORM_LABELS:
            return vocab.FORM_LABELS[name.removeprefix(prefix)]
    return "ce champ"


def error_items(errors: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What an error summary lists: ``(field, Label, message)`` per field in error, then ``("", "", message)`` for
    each message about the whole form (the page's ``error_summary`` macro links each field to ``#f-<prefix><field>``)."""
    items = [(name, label_of(name)[:1].upper() + label_of(name)[1:], str(message))
             for name, message in errors.items() if not name.startswith("_")]  # fmt: skip
    return items + [("", "", message) for message in errors.get(FORM, [])]


def submit(run: Callable[[], Any], page: Callable[..., Any], done: str, target: str | Callable[[], str]) -> Any:
    """One posted form: ``run()`` calls its use case; a domain error re-renders ``page`` with the messages (422).

    A response ``run`` returns is sent as it is (a confirmation step); otherwise ``done`` is flashed and the browser
    goes to ``target`` (or where ``target()`` says once the use case has run: the item just saved).
    """
    try:
        shown = run()
    except QualicoopError as error:
        return page(errors=errors_of(error), status=422)
    if shown is not None:
        return shown
    flash(done)
    return redirect(target if isinstance(target, str) else target())
