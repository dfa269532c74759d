"""Sign in, sign out, and the home page that sends each role where it works."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for

from qualicoop_es.errors import Throttled
from web.pages import bp
from web.pages.access import principal


def _safe_next(target: str | None) -> str | None:
    """Only local paths: never redirect a user to another site after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _home_of(me: Any) -> str:
    if me.role == "cooperative" and me.cooperative_id:
        return url_for("pages.cooperative", coop=str(me.cooperative_id))
    if me.role == "committee":
        return url_for("pages.committee")
    return url_for("pages.dashboard")


@bp.get("/")
def home() -> Any:
    me = principal()
    return redirect(_home_of(me) if me else url_for("pages.login"))


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> Any:
    from web.auth import authenticate_password, login_session

    error, email = None, ""
    if request.method == "POST":
        email = request.form.get("email", "")[:320].strip()
        try:
            found = authenticate_password(email, request.form.get("password", "")[:1000])
        except Throttled as locked:  # a temporary lock: a French page, 429 and when to come back
            page = render_template("pages/login.html", error=locked.message, email=email)
            return page, 429, {"Retry-After": str(locked.retry_after)}
        if found is not None:
            login_session(found)
            return redirect(_safe_next(request.args.get("next")) or _home_of(found))
        error = "Adresse électronique ou mot de passe incorrect."
    status = 401 if error else 200
    return render_template("pages/login.html", error=error, email=email), status


@bp.post("/deconnexion")
def logout() -> Any:
    from web.auth import logout_session

    logout_session()
    return redirect(url_for("pages.login", bye=1))
