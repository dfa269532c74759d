"""The API explorer: Swagger UI at /api/v1/docs, its files served by the application, and a Content-Security-Policy
relaxed for that page alone."""

from __future__ import annotations

import re

from tests.e2e.conftest import Api
from web.hardening import SECURITY_HEADERS

STRICT = SECURITY_HEADERS["Content-Security-Policy"]


def test_the_explorer_page_loads_swagger_ui_from_this_site_only(api: Api) -> None:
    page = api.call("GET", "/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert "swagger-ui-bundle.js" in html and 'data-spec-url="/api/v1/openapi.json"' in html
    assert not re.search(r"<script>|<script[^>]*>[^<]+</script>", html)  # no inline script
    for source in sources:
        asset = api.call("GET", source)
        assert asset.status_code == 200, source
        assert "no-store" not in asset.headers.get("Cache-Control", "")  # static files may be kept


def test_only_the_explorer_page_has_a_relaxed_policy(api: Api) -> None:
    policy = api.call("GET", "/api/v1/docs").headers["Content-Security-Policy"]
    assert policy.startswith(STRICT) and "img-src 'self' data:" in policy and "unsafe-eval" not in policy
    assert "script-src" not in policy  # scripts: this site's files only (default-src 'self')
    for path in ("/api/v1/openapi.json", "/connexion", "/api/v1/docs/assets/swagger-ui-bundle.js"):
        assert api.call("GET", path).headers["Content-Security-Policy"] == STRICT, path


def test_the_explorer_is_public_like_the_openapi_document(api: Api) -> None:
    assert api.app.test_client().get("/api/v1/docs").status_code == 200
    assert api.app.test_client().get("/api/v1/docs/assets/absent.js").status_code == 404
