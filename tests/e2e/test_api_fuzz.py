"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis), bounded for CI.

Every documented operation gets schema-valid requests signed with a federation token (and, for reads, the
cooperative's own referent sees them as well through the matrix test). Checks: never a 5xx, and every response
(status, content type, body) conforms to the documented schema.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.conftest import Api, make_api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _fuzzed_api() -> Api:
    """Built when the module is collected (schemathesis needs the document to generate the tests)."""
    api = make_api()
    own = api.register(1)
    api.add_account("referent", "cooperative", cooperative_id=own)
    return api


API = _fuzzed_api()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", API.app).exclude(path="/api/v1/docs")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_produces_a_5xx_or_an_undocumented_response(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {API.tokens['federation']}"}, checks=CHECKS)
