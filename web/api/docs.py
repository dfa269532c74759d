"""The API explorer: flask-smorest's Swagger UI at /api/v1/docs, its files served by this application from the
``swagger-ui-bundle`` distribution (never a CDN), under a Content-Security-Policy relaxed for that page alone.

What the page needs beyond the site's policy (``web.hardening.SECURITY_HEADERS``), and only that: the icons Swagger
UI's stylesheet draws as ``data:`` images (tried in Chromium: nothing else is refused). Its scripts are this
site's files (``templates/swagger_ui.html`` replaces flask-smorest's page, whose inline script the policy would
refuse). Every other answer keeps the site's policy.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request

from web.hardening import SECURITY_HEADERS

PAGE = "docs"
ASSETS = "/docs/assets"
ENDPOINTS = ("api-docs.openapi_swagger_ui", "swagger_ui_assets.static")
DOCS_POLICY = SECURITY_HEADERS["Content-Security-Policy"] + "; img-src 'self' data:"


def settings(prefix: str) -> dict[str, str]:
    """flask-smorest's settings for the page (before ``Api(app)``)."""
    return {"OPENAPI_SWAGGER_UI_PATH": PAGE, "OPENAPI_SWAGGER_UI_URL": f"{prefix}{ASSETS}/"}


def register(app: Flask, prefix: str) -> None:
    """Serve the distribution's files, and give the page its own policy."""
    from swagger_ui_bundle import swagger_ui_path

    app.register_blueprint(Blueprint("swagger_ui_assets", __name__, static_folder=swagger_ui_path,
                                     static_url_path=f"{prefix}{ASSETS}"))  # fmt: skip

    @app.after_request
    def _docs_policy(response: Response) -> Response:
        if request.endpoint == ENDPOINTS[0]:
            response.headers["Content-Security-Policy"] = DOCS_POLICY
        return response
