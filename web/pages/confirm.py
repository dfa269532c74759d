"""The confirmation step before what cannot be undone (removing an engagement, an action or an indicator, depositing
the dossier or the bilan): server-side, no script, as for leaving the approach and withdrawing a mention.

The first POST is tried on a copy that is never saved (``queries.trial``): a refusal shows the form's errors; else a
page names what will happen, with « Confirmer » (the same POST again, its fields kept, plus ``confirm=1`` and a fresh
CSRF token) and « Annuler » (back to the page). Only the POST that carries ``confirm=1`` acts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import render_template, request

from qualicoop_es.errors import QualicoopError
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries.trial import refusal
from web.pages import forms as f
from web.pages import once, services

CONFIRM = "confirm"
Described = Callable[[cq.CooperativeView, Any], list[str]]


@dataclass(frozen=True)
class Confirm:
    """What a confirmation page says: ``describe`` gives its title then the sentences naming what will happen."""

    use_case: str
    describe: Described
    button: str
    #: The arguments of the aggregate command tried, read from the form (an operation, a summary…).
    arguments: Callable[[Any], dict[str, Any]] = lambda form: {}
    #: A form's own trial, when its errors need placing beside its fields (the readjustment's).
    check: Callable[[UUID, Any, Any], QualicoopError | None] | None = None


def confirmed(form: Any) -> bool:
    return form.get(CONFIRM) == "1"


def trial(spec: Confirm, coop_id: UUID, me: Any, form: Any) -> QualicoopError | None:
    if spec.check is not None:
        return spec.check(coop_id, me, form)
    return refusal(services().app, coop_id, spec.use_case, actor=me, expected_version=f.version(form),
                   **spec.arguments(form))  # fmt: skip


def confirmation(spec: Confirm, coop_id: UUID, me: Any, form: Any, cancel: str) -> tuple[str, int]:
    """The confirmation page for the posted ``form``, or the reason it would be refused (raised, for the form)."""
    refused = trial(spec, coop_id, me, form)
    if refused is not None:
        raise refused
    coop = cq.current(services().app, coop_id)
    title, *consequences = spec.describe(coop, form)
    kept = [
        (name, value)
        for name in form
        for value in form.getlist(name)
        if name not in ("csrf_token", CONFIRM, once.FIELD)
    ]
    html = render_template("pages/confirm.html", coop=coop, coop_id=coop_id, identity=coop.identity, title=title,
                           consequences=consequences, button=spec.button, fields=kept, action=request.path,
                           cancel=cancel)  # fmt: skip
    return html, 200


def counted(count: int, one: str, many: str, none: str) -> str:
    """« 1 action », « 3 actions », « aucune action »."""
    return none if count == 0 else f"{count} {one if count == 1 else many}"
