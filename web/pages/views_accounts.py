"""« Comptes »: the federation manages the people who sign in — list, create (with a first password shown once),
change a role, withdraw it, erase a person, and API tokens (shown once at creation, revocable).

The same use cases as the ``qualicoop users`` and ``qualicoop tokens`` commands (``qualicoop_es.accounts``),
allowed by the core's policy (``manage_accounts``: checked here for every page, and again by the service for every
change). Withdrawing a role, erasing a person and revoking a token ask first, on a page of their own (no script).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for

from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.passwords import new_password
from qualicoop_es.accounts.view import AccountView
from qualicoop_es.errors import QualicoopError
from qualicoop_es.projections.folding import fold
from web.pages import bp, reads, services
from web.pages import forms as f
from web.pages.access import require_write, signed_in
from web.pages.paging import paged

USE_CASE = "manage_accounts"
HISTORY_LABELS = {"Created": "Compte ouvert", "RoleGranted": "Rôle attribué", "RoleRevoked": "Rôle retiré",
                  "PersonalDataErased": "Données personnelles effacées"}  # fmt: skip


def _service() -> Any:
    return accounts_of(services())


def _cooperatives() -> dict[str, str]:
    """Every cooperative's id and name, by name (to choose a referent's or a member's; to name an account's)."""
    return reads.cooperative_names(services())


def _account(account_id: str) -> AccountView:
    view = _service().get(account_id)
    if view is None:
        abort(404)
    return view


def _role_choice(form: Any) -> dict[str, Any]:
    """The role a form gives: its code, the referent's cooperative, the committee member's affiliations."""
    role = f.text(form, "role")
    coop = f.text(form, "cooperative_id")
    return {"role": role, "cooperative_id": _uuid(coop, "cooperative_id") if role == "cooperative" and coop else None,
            "affiliations": [_uuid(a, "affiliations") for a in form.getlist("affiliations") if a]
            if role == "committee" else []}  # fmt: skip


def _uuid(value: str, field: str) -> UUID:
    from qualicoop_es.errors import InvalidInput

    try:
        return UUID(value)
    except ValueError:
        raise InvalidInput(field, "Coopérative inconnue.") from None


@bp.get("/comptes")
@signed_in()
def accounts() -> Any:
    require_write(None, USE_CASE)
    return _list_page()


PER_PAGE = 50


def _list_page(*, errors: dict[str, Any] | None = None, created: tuple[str, str] | None = None,
               status: int = 200) -> Any:  # fmt: skip
    """The accounts of the role asked whose name or address holds the words searched (as the list of cooperatives
    searches: accents, case and apostrophes aside), a page at a time."""
    role, words = request.args.get("role", ""), fold(request.args.get("q", ""))[:100]
    found = [a for a in _service().all() if (not role or a.role == role)
             and (not words or words in fold(f"{a.display_name} {a.email}"))]  # fmt: skip
    page, search = paged(found, request.args.get("page"), PER_PAGE), request.args.get("q", "")
    args = {k: v for k, v in (("q", search), ("role", role)) if v}
    return render_template("pages/accounts.html", accounts=page.items, total=page.total, page=page, args=args,
                           role=role, search=search, coops=_cooperatives(), errors=errors or {}, form=request.form,
                           created=created), status  # fmt: skip


@bp.post("/comptes")
@signed_in()
def create_account() -> Any:
    me = require_write(None, USE_CASE)
    form = request.form
    secret = f.text(form, "password") or new_password()
    try:
        view = _service().add(f.text(form, "email"), actor=me, password=secret,
                              display_name=f.text(form, "display_name"), **_role_choice(form))  # fmt: skip
    except QualicoopError as error:
        return _list_page(errors=f.errors_of(error), status=422)
    shown = secret if not f.text(form, "password") else ""
    return _list_page(created=(view.email, shown))  # the first password, if generated, is shown this once


@bp.get("/comptes/<account_id>")
@signed_in()
def account(account_id: str) -> Any:
    require_write(None, USE_CASE)
    return _account_page(_account(account_id))


def _account_page(view: AccountView, *, errors: dict[str, Any] | None = None, token: tuple[str, str] | None = None,
                  status: int = 200) -> Any:  # fmt: skip
    service = _service()
    history = [{**e, "label": HISTORY_LABELS.get(e["kind"], e["kind"])} for e in service.role_history(view.account_id)]
    return render_template("pages/account.html", account=view, history=history, tokens=service.tokens(view.email),
                           coops=_cooperatives(), errors=errors or {}, form=request.form, token=token), status  # fmt: skip


@bp.post("/comptes/<account_id>/role")
@signed_in()
def grant_role(account_id: str) -> Any:
    me, view = require_write(None, USE_CASE), _account(account_id)
    try:
        _service().grant(view.email, actor=me, **_role_choice(request.form))
    except QualicoopError as error:
        return _account_page(view, errors=f.errors_of(error), status=422)
    flash("Rôle attribué : la personne devra se reconnecter.")
    return redirect(url_for("pages.account", account_id=account_id))


@bp.post("/comptes/<account_id>/jetons")
@signed_in()
def create_token(account_id: str) -> Any:
    require_write(None, USE_CASE)
    view = _account(account_id)
    try:
        token = _service().create_token(view.email, label=f.text(request.form, "label"))
    except QualicoopError as error:
        return _account_page(view, errors=f.errors_of(error), status=422)
    return _account_page(view, token=token)  # shown this once: never stored in clear, never shown again


# -- the steps that ask first ------------------------------------------------------------------------------------

#: step → (title, question, button, done, what it runs: (service, view, actor, form) → None)
STEPS: dict[str, tuple[str, str, str, str, Callable[[Any, AccountView, Any, Any], Any]]] = {
    "retrait": ("Retirer le rôle", "{who} ne pourra plus se connecter ni utiliser l'API ; ses jetons seront révoqués. "
                "Son historique reste.", "Oui, retirer le rôle", "Rôle retiré, jetons révoqués.",
                lambda s, v, me, form: s.revoke(v.email, actor=me, reason=f.text(form, "reason"))),
    "effacement": ("Effacer la personne", "Le nom, l'adresse et le mot de passe de {who} seront effacés définitivement ; "
                   "l'historique ne gardera que son identifiant opaque.", "Oui, effacer définitivement",
                   "Données personnelles effacées.", lambda s, v, me, form: s.erase(v.email, actor=me)),
    "jeton": ("Révoquer un jeton", "Le jeton « {label} » de {who} cessera de fonctionner dès la prochaine requête.",
              "Oui, révoquer le jeton", "Jeton révoqué.", lambda s, v, me, form: s.revoke_token(_token_of(s, v, form))),
}  # fmt: skip


def _token_of(service: Any, view: AccountView, form: Any) -> str:
    """The id of one of the account's tokens still active (404 otherwise: never another person's)."""
    token_id = f.text(form, "token_id")
    if not any(t["id"] == token_id and t["revoked_at"] is None for t in service.tokens(view.email)):
        abort(404)
    return token_id


@bp.post("/comptes/<account_id>/<any(retrait, effacement, jeton):step>")
@signed_in()
def confirm_step(account_id: str, step: str) -> Any:
    me, view, form = require_write(None, USE_CASE), _account(account_id), request.form
    title, question, button, done, run = STEPS[step]
    label = _token_label(view, form) if step == "jeton" else ""
    if form.get("confirmed") != "1":
        who = view.display_name or view.email
        return render_template("pages/account_confirm.html", account=view, step=step, title=title, button=button,
                               question=question.format(who=who, label=label), form=form)  # fmt: skip
    try:
        run(_service(), view, me, form)
    except QualicoopError as error:
        return _account_page(view, errors=f.errors_of(error), status=422)
    flash(done)
    return redirect(
        url_for("pages.accounts") if step == "effacement" else url_for("pages.account", account_id=account_id)
    )


def _token_label(view: AccountView, form: Any) -> str:
    token_id = _token_of(_service(), view, form)
    found = next(t for t in _service().tokens(view.email) if t["id"] == token_id)
    return str(found["label"] or token_id)
