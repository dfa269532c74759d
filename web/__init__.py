"""The Flask adapter: ``create_app()`` wires the per-process services, the API and the pages."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from qualicoop_es import bootstrap
from qualicoop_es.accounts import accounts_of
from qualicoop_es.config import Settings
from web import request_log
from web.hardening import harden


def create_app(settings: Settings | None = None, *, clock: Callable[[], date] | None = None,
               services: bootstrap.Services | None = None) -> Flask:  # fmt: skip
    """Build the WSGI app and, with it, this process's event-sourced application (never at import time)."""
    app = Flask(__name__)
    if services is None:
        services = bootstrap.build(settings or Settings.from_mapping(os.environ), clock=clock)
    app.extensions["qualicoop"] = services
    app.config.update(
        SECRET_KEY=_secret_key(services.settings, Path(app.instance_path)),
        JSON_SORT_KEYS=False,
        # A form's CSRF token lasts as long as its session (as before Flask-WTF): a committee member drafting a
        # verdict for more than an hour must not lose it. The token stays bound to the session and signed.
        WTF_CSRF_TIME_LIMIT=None,
    )
    harden(app, services.settings)  # cookies, body limits, the JSON guard, security and no-store headers
    request_log.register(app)  # a request id on every answer and log record, one access line per request
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # UTF-8 French text: smaller bodies
    services.app.ensure_catalogue()
    accounts_of(services)  # creates the accounts tables before the first request

    from web import errors, health
    from web.api import blueprints, register_api

    register_api(app)
    health.register(app)  # /healthz, /readyz
    errors.register(app)  # after the API: replaces flask-smorest's own error handler
    csrf = CSRFProtect(app)  # every POST of a form carries its token (Flask-WTF checks it before any view)
    for blueprint in blueprints():
        csrf.exempt(blueprint)  # the JSON API takes bearer tokens only, never the session cookie
    _register_pages(app)
    return app


def _register_pages(app: Flask) -> None:
    try:
        import web.pages as pages
    except ModuleNotFoundError as error:
        if error.name != "web.pages":
            raise
        return
    register = getattr(pages, "register", None)
    if register is not None:
        register(app)


def _secret_key(settings: Settings, instance: Path) -> str:
    """From the settings; else a random key written once beside the SQLite file (instance/) or in Flask's instance
    folder; one per process for the in-memory store."""
    if settings.secret_key:
        return settings.secret_key
    if settings.backend == "memory":
        return secrets.token_hex(32)
    folder = settings.sqlite_path.parent if settings.backend == "sqlite" else instance
    path = folder / "secret_key"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key
