"""What every request and answer goes through: a JSON body bounded before anyone parses it, the security headers,
``Cache-Control: no-store`` on whatever is not a static file, HSTS and ``Secure`` cookies behind HTTPS.

Why a check before parsing: webargs parses a JSON body with the standard library, which recurses once per level of
nesting (a body of ``[[[[…`` is a ``RecursionError``) and refuses integers of more than 4,300 digits with a
``ValueError`` nobody catches — both were 500s. The check here reads the body once with two linear regular
expressions (strings removed, then brackets counted and digit runs measured) and answers 400 in the API's shape.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from qualicoop_es.accounts.sessions import SESSION_LIFETIME
from qualicoop_es.config import Settings

MAX_BODY_BYTES = 1024 * 1024
#: Deepest nesting of arrays and objects a JSON body may have (the deepest body the API takes has 4 levels).
MAX_JSON_DEPTH = 32
#: Longest run of digits in a JSON number (the largest value any field takes has 8).
MAX_JSON_DIGITS = 100

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_DIGITS = re.compile("[0-9]{" + str(MAX_JSON_DIGITS + 1) + ",}")


def check_json_body(text: str) -> None:
    """``BadRequest`` for a JSON text nested deeper than ``MAX_JSON_DEPTH`` or with a number too long to be one."""
    bare = _STRING.sub('""', text)
    if _DIGITS.search(bare):
        raise BadRequest(f"Corps JSON refusé : nombre de plus de {MAX_JSON_DIGITS} chiffres.")
    depth = 0
    for bracket in _BRACKET.finditer(bare):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            raise BadRequest(f"Corps JSON refusé : plus de {MAX_JSON_DEPTH} niveaux d'imbrication.")


def _guard_json_body() -> None:
    if not request.is_json or not (request.content_length or request.headers.get("Transfer-Encoding")):
        return
    try:
        text = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("Corps JSON illisible : UTF-8 attendu.") from None
    check_json_body(text)


def harden(app: Flask, settings: Settings) -> None:
    """Cookies, body limits, the JSON guard and the answers' headers (called once by ``create_app``)."""
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=SESSION_LIFETIME.total_seconds()),
        PREFERRED_URL_SCHEME="https" if settings.secure_cookies else "http",
    )
    if settings.proxy_count:
        n = settings.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.before_request(_guard_json_body)

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not (request.endpoint or "").endswith("static") and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"  # signed-in pages, personal answers: never kept
        return response
