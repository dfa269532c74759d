"""Who is asking: principals from bearer tokens (API) or the session (pages).

The session cookie (signed by Flask) carries only the key of a server-side session (``accounts.sessions``): every
request checks it in the store, so a session ended anywhere — sign-out, a password or role change, an erasure, the
federation — is refused at once by every process. A bearer token is likewise looked up on every request.

What each of them may do is the core's policy (``qualicoop_es.access``): a principal *is* an actor of the use
cases, with the e-mail and name the pages show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask import current_app, g, request, session

from qualicoop_es.access import Actor, Role
from qualicoop_es.accounts import AccountView, accounts_of
from qualicoop_es.accounts.sessions import client_summary

_SESSION_KEY = "sid"


@dataclass(frozen=True)
class Principal(Actor):
    email: str = ""
    display_name: str = ""

    @classmethod
    def of(cls, view: AccountView) -> Principal | None:
        if view.role is None:
            return None
        return cls(view.account_id, Role(view.role), view.cooperative_id, view.affiliations, email=view.email,
                   display_name=view.display_name)  # fmt: skip


def may_on(principal: Actor, use_case: str, coop_id: UUID) -> bool:
    """The core's decision for ``principal`` on ``coop_id``, with the fact it may depend on: whether the cooperative
    was ever submitted (the committee sees a cooperative from its first submission), read only when it matters."""
    submitted = None
    if principal.needs_submission(use_case):
        from qualicoop_es.projections.queries import was_submitted

        submitted = was_submitted(current_app.extensions["qualicoop"].engine, coop_id)
    return principal.may(use_case, coop_id, submitted=submitted)


def _accounts() -> Any:
    return accounts_of(current_app.extensions["qualicoop"])


def bearer_principal() -> Principal | None:
    """The principal named by an ``Authorization: Bearer …`` header (None when absent or not valid)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 200:
        return None
    view = _accounts().by_token(token.strip())
    if view is None:
        _accounts().token_failed(request.remote_addr)  # Throttled (429) once the address is locked
        return None
    return Principal.of(view)


def session_principal() -> Principal | None:
    key = session.get(_SESSION_KEY)
    if not isinstance(key, str):
        return None
    view = _accounts().by_session(key)
    return Principal.of(view) if view is not None else None


def current_principal(*, allow_session: bool = True) -> Principal | None:
    """From the bearer token when one is sent (API), else from the Flask session (pages). Cached per request.

    The API passes ``allow_session=False``: it takes bearer tokens only (no cookie, so no cross-site request)."""
    if "qc_principal" not in g:
        has_bearer = request.headers.get("Authorization", "").lower().startswith("bearer ")
        if has_bearer:
            g.qc_principal = bearer_principal()
        else:
            g.qc_principal = session_principal() if allow_session else None
    return g.qc_principal


def authenticate_password(email: str, password: str) -> Principal | None:
    """The principal signing in, or None; ``Throttled`` while the e-mail or the client address is locked."""
    view = _accounts().sign_in(email, password, request.remote_addr)
    return Principal.of(view) if view is not None else None


def login_session(principal: Principal) -> None:
    """A new server-side session (no fixation: any previous one ends), its key in the signed cookie."""
    logout_session()
    client = client_summary(request.remote_addr, request.user_agent.string)
    session[_SESSION_KEY] = _accounts().open_session(principal.account_id, client)
    session.permanent = True
    g.qc_principal = principal


def logout_session() -> None:
    key = session.get(_SESSION_KEY)
    if isinstance(key, str):
        _accounts().end_session(key, "sign_out")
    session.clear()
    g.pop("qc_principal", None)
