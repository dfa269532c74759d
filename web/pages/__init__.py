"""The French web interface: server-rendered pages over the same use cases and roles as the API.

``register(app)`` is called by ``web.create_app``. Every POST carries a CSRF token: Flask-WTF's ``CSRFProtect``
(set up by ``create_app``) checks it before any view runs, and a refusal is answered here with a French page.
Domain errors are caught by the views and shown next to the field they name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from qualicoop_es.errors import NotFound
from qualicoop_es.queries import vocabulary as vocab
from web.typography import french_number, typeset_response

bp = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
               static_url_path="/static/pages")  # fmt: skip

CSRF_REFUSED = "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez."


def french_date(value: Any) -> str:
    """The pages' ``fdate`` filter: the core's French date, also from an ISO date or date-time; « — » for none."""
    if not value:
        return "—"
    return vocab.french_date(value if isinstance(value, date) else date.fromisoformat(str(value)[:10]))


@bp.app_context_processor
def _context() -> dict[str, Any]:
    from web.pages.access import principal
    from web.pages.wayfinding import breadcrumb, coop_name, section

    me = principal()
    return {"me": me, "section": section(request.endpoint, request.view_args or {}),
            "breadcrumb": lambda: breadcrumb(me, coop_name), "FIELD_LABELS": vocab.FIELD_LABELS, "ROLE_LABELS": vocab.ROLE_LABELS,
            "STEP_OF_PHASE": {p: s.value for p, s in vocab.STEP_OF_PHASE.items()},
            "MENTION_LABELS": vocab.MENTION_LABELS, "STEP_LABELS": vocab.STEP_LABELS, "ACTIVITIES": vocab.ACTIVITIES,
            "LEGAL_FORMS": vocab.LEGAL_FORMS, "MENTIONS": vocab.MENTIONS}  # fmt: skip


def _error(code: int, title: str, message: str) -> tuple[str, int]:
    return render_template(
        "pages/error.html", code=code, title=title, message=message, breadcrumb=lambda: []
    ), code  # no way back through a refused page (see wayfinding)


@bp.before_request
def _claim_form() -> None:
    """A form sent again is answered once (``web.pages.once``); runs after the application's own ``before_request``,
    which forgets any earlier claim."""
    from web.pages.once import claim_form

    claim_form()


@bp.errorhandler(400)
def _bad_request(error: Any) -> tuple[str, int]:
    return _error(400, "Requête refusée", getattr(error, "description", "") or "Requête invalide.")


@bp.errorhandler(CSRFError)  # beside the 400 handler: the more specific class wins for a refused token
def _csrf_refused(error: CSRFError) -> tuple[str, int]:
    return _error(400, "Requête refusée", CSRF_REFUSED)


@bp.errorhandler(403)
def _forbidden(error: Any) -> tuple[str, int]:
    return _error(403, "Accès refusé", "Votre rôle ne vous permet pas d'ouvrir cette page. Si vous pensez que "
                  "c'est une erreur, contactez l'équipe fédérale.")  # fmt: skip


@bp.errorhandler(404)
@bp.errorhandler(NotFound)
def _not_found(error: Any) -> tuple[str, int]:
    message = error.message if isinstance(error, NotFound) else "Cette page n'existe pas."
    return _error(404, "Page introuvable", message)


def register(app: Flask) -> None:
    """Attach the pages (called once by ``create_app``)."""
    from web.pages import (  # noqa: F401 — routes
        dossier_pages,
        once,
        views_accounts,
        views_audit,
        views_auth,
        views_coop,
        views_edit,
        views_exports,
        views_federation,
        views_network,
        views_reports,
        views_sessions,
        views_verdict,
    )
    from web.pages.forms import error_items

    app.jinja_env.globals["error_items"] = error_items
    app.jinja_env.globals["form_key"] = once.form_key
    app.jinja_env.filters["fdate"] = french_date
    app.jinja_env.filters["num"] = french_number
    app.jinja_env.filters["svg"] = Markup
    app.register_blueprint(bp)
    app.after_request(typeset_response)  # French typography, once, on every HTML answer (see web.typography)
    # errors outside the pages' views (an unknown URL, a refused method): a French page for browsers, not JSON
    app.extensions["qualicoop_html_error"] = _app_error


_TITLES = {
    404: "Page introuvable",
    405: "Action impossible ici",
    413: "Envoi trop volumineux",
    500: "Erreur interne",
    503: "Service momentanément indisponible",
}


def _app_error(status: int, message: str) -> Any:
    """The error page for a URL no page answers (the API, under /api/, keeps its JSON errors)."""
    text = "Cette page n'existe pas." if status == 404 else message
    html, code = _error(status, _TITLES.get(status, "Erreur"), text)
    return current_app.response_class(html, code, mimetype="text/html")


def services() -> Any:
    return current_app.extensions["qualicoop"]


def today() -> date:
    return services().app.clock()
