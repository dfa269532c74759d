"""The French web interface: server-rendered pages over the same use cases and roles as the API.

``register(app)`` is called by ``web.create_app``. Every POST carries a CSRF token: Flask-WTF's ``CSRFProtect``
(set up by ``create_app``) checks it before any view runs, and a refusal is answered here with a French page.
Domain errors are caught by the views and shown next to the field they name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from markupsafe import Markup

from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import NotFound

bp = Blueprint("pages", __name__, template_folder="../templates", static_folder="../static",
               static_url_path="/static/pages")  # fmt: skip

CSRF_REFUSED = "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez."
ROLE_LABELS = {"federation": "Équipe fédérale", "committee": "Comité de validation",
               "cooperative": "Référent de coopérative", "auditor": "Auditeur"}  # fmt: skip
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")  # fmt: skip


def french_date(value: Any) -> str:
    """``2026-11-26`` → « 26 novembre 2026 » (also accepts dates and ISO date-times)."""
    if not value:
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def number(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@bp.app_context_processor
def _context() -> dict[str, Any]:
    from qualicoop_es.dossier_diff import FIELD_LABELS
    from web.pages.access import principal

    return {"me": principal(), "FIELD_LABELS": FIELD_LABELS, "ROLE_LABELS": ROLE_LABELS,
            "STEP_OF_PHASE": {p: s.value for p, s in st.STEP_OF_PHASE.items()}, "MENTION_LABELS": st.MENTION_LABELS, "STEP_LABELS": st.STEP_LABELS, "ACTIVITIES": v.ACTIVITIES, "LEGAL_FORMS": v.LEGAL_FORMS,
            "MENTIONS": v.MENTIONS}  # fmt: skip


def _error(code: int, title: str, message: str) -> tuple[str, int]:
    return render_template("pages/error.html", code=code, title=title, message=message), code


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
    from web.pages import views_auth, views_coop, views_edit, views_federation, views_network  # noqa: F401 — routes

    app.jinja_env.filters["fdate"] = french_date
    app.jinja_env.filters["num"] = number
    app.jinja_env.filters["svg"] = Markup
    app.register_blueprint(bp)


def services() -> Any:
    return current_app.extensions["qualicoop"]


def today() -> date:
    return services().app.clock()
