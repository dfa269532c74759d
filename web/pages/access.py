"""Who is signed in, and what the pages let them do (the rules themselves are the core's: ``qualicoop_es.access``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from flask import abort, redirect, request, url_for

from qualicoop_es.access import NETWORK_READERS

READERS = tuple(NETWORK_READERS)


def principal() -> Any:
    from web.auth import current_principal

    return current_principal()


def may_on(me: Any, use_case: str, coop_id: UUID) -> bool:
    from web.auth import may_on as decide

    return decide(me, use_case, coop_id)


def signed_in(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Require a signed-in user (redirect to the sign-in page), and one of ``roles`` when given (else 403)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            me = principal()
            if me is None:
                return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))
            if roles and me.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def coop_id_or_404(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        abort(404)


def require_read(coop_id: UUID) -> Any:
    me = principal()
    if me is None or not may_on(me, "read_cooperative", coop_id):
        abort(403)
    return me


def readable_coop(coop: str) -> UUID:
    """The cooperative named in the URL (404 when it is no id) that the signed-in user may read (else 403)."""
    coop_id = coop_id_or_404(coop)
    require_read(coop_id)
    return coop_id


def writable_coop(coop: str, use_case: str) -> tuple[UUID, Any]:
    """The cooperative named in the URL (404 when it is no id) and the user allowed ``use_case`` on it (else 403)."""
    coop_id = coop_id_or_404(coop)
    return coop_id, require_write(coop_id, use_case)


def can_write(coop_id: UUID | None, use_case: str) -> bool:
    me = principal()
    if me is None:
        return False
    return bool(me.may(use_case, coop_id))


def require_write(coop_id: UUID | None, use_case: str) -> Any:
    if not can_write(coop_id, use_case):
        abort(403)
    return principal()
