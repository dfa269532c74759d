"""No 5xx from any input: hostile bodies, path values and parameters sent to every API route and every page.

Complements ``tests/e2e/test_api_fuzz.py`` (schema-valid requests generated from the OpenAPI document) with what a
schema never generates: nesting thousands deep, numbers of thousands of digits, Unicode digits (« ² », « ٣ »),
invalid UTF-8, ids of another kind of aggregate. Routes, pages, form fields and parameters are read from the app's
route map and the pages' own sources, so a new route or field is fuzzed without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask

from qualicoop_es.accounts import accounts_of
from tests.browser.world import World, build_world
from tests.e2e.conftest import Api, make_api
from tests.e2e.pages.support import sign_in
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
LONG_TEXT = "é" * 3000  # longer than every limit but the texts' (5,000), and 6,000 bytes
HOSTILE = ["²", "٣", "9" * 5000, "-1", "0", "1e999", "2026-02-30", "\x00", LONG_TEXT, "[]", "{}", " ", "A²"]
#: In a query string every name repeats the value: the long text there is cut to what still exceeds every query
#: parameter's limit (200 characters), or the test client spends minutes percent-decoding its own URLs.
HOSTILE_QUERY = [value if value is not LONG_TEXT else "é" * 400 for value in HOSTILE]
# fmt: off
BODIES: list[tuple[bytes, str]] = [
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "application/json"),
    (b'{"effective_on": ' + b"9" * 5000 + b"}", "application/json"),
    (b'{"number": ' + b"9" * 4000 + b', "judged_version": 1e999999, "members_present": [' + b"1" * 5000 + b"]}",
     "application/json"),
    (b'{"effective_on": "\xff\xfe\xfd"}', "application/json"),
    (b"\xef\xbb\xbf{}", "application/json"),
    (b'{"title": "' + b"x" * 1_100_000 + b'"}', "application/json"),
    (b"null", "application/json"),
    (b'"texte"', "application/json"),
    (b'{"number": "\xc2\xb2", "version": "\xd9\xa3", "effective_on": ["2026-01-01"], "kind": {"a": 1}}', "application/json"),
    (b"number=%C2%B2", "application/x-www-form-urlencoded"),
]
# fmt: on
QUERY_NAMES = [
    "on",
    "as_of",
    "basis",
    "version",
    "from",
    "to",
    "page",
    "per_page",
    "mention",
    "step",
    "search",
    "departement",
    "activity",
    "kinds",
    "actor",
    "coop_id",
    "start",
    "end",
    "horizon_days",
]  # fmt: skip


def no_5xx(response: Any, *what: object) -> None:
    assert response.status_code < 500, (response.status_code, *what, response.get_data()[:300])


# -- the API ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[Api, dict[str, list[str]]]]:
    built = make_api()
    own = built.register(1)
    built.add_account("referent", "cooperative", cooperative_id=own)
    other_kind = [built.accounts["committee"], str(built.app.extensions["qualicoop"].app.catalogue().id)]
    samples = {"coop_id": [str(own), *other_kind, str(uuid4()), "²", "9" * 5000],
               "account_id": [built.accounts["committee"], str(own), str(uuid4()), "٣"],
               "number": ["1", "²", "9" * 5000, "-1"], "action_id": ["A1", "A²", "A" + "9" * 5000],
               "indicator_id": ["I1", "I٣", "I" + "9" * 5000], "year": ["2022", "²", "²²²²", "٢٠٢٢", "9" * 5000, "0", "1"],
               "filename": ["swagger-ui.css", "../../../etc/passwd", "²", "a" * 5000]}  # fmt: skip
    yield built, samples
    built.app.extensions["qualicoop"].close()


def urls(rule: Any, samples: dict[str, list[str]]) -> Iterator[str]:
    """The rule with its sample values, then with each variable in turn given each of its hostile values."""
    first = {name: values[0] for name, values in samples.items()}
    variables = [name for name in rule.arguments if name in samples]
    yield _fill(rule.rule, first)
    for name in variables:
        for value in samples[name][1:]:
            yield _fill(rule.rule, {**first, name: value})


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], template)


def test_no_hostile_body_path_or_parameter_gets_a_5xx_from_any_api_route(api: tuple[Api, dict[str, list[str]]]) -> None:
    client, samples = api
    rules = [r for r in client.app.url_map.iter_rules() if r.rule.startswith("/api/")]
    sent = 0
    for rule in rules:
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for url in urls(rule, samples):
                if method == "GET":
                    for value in HOSTILE_QUERY:
                        response = client.call("GET", url, "federation", query_string=dict.fromkeys(QUERY_NAMES, value))
                        no_5xx(response, method, url, value[:20])
                        sent += 1
                    no_5xx(client.call("GET", url + "?on=%ff%fe&page=%c2%b2", "federation"), url)
                    continue
                for body, content_type in BODIES:
                    response = client.call(method, url, "federation", data=body, content_type=content_type)
                    no_5xx(response, method, url, body[:30])
                    sent += 1
    assert sent > 1000


def test_an_id_of_another_kind_is_answered_exactly_like_an_unknown_id(api: tuple[Api, dict[str, list[str]]]) -> None:
    client, samples = api
    account, catalogue = samples["coop_id"][1], samples["coop_id"][2]
    unknown = str(uuid4())
    for path in ("", "/timeline", "/dossier", "/checklist", "/audit", "/dossier/diff?from=1&to=2"):
        for conditional in ({}, {"If-None-Match": '"1"'}, {"If-None-Match": '"2"'}, {"If-None-Match": "*"}):
            answers = set()
            for some_id in (account, catalogue, unknown):
                response = client.get(f"/api/v1/cooperatives/{some_id}{path}", headers=conditional)
                body = response.get_data(as_text=True).replace(some_id, "<id>")
                answers.add((response.status_code, body, response.headers.get("ETag")))
            assert len(answers) == 1 and next(iter(answers))[0] == 404, (path, conditional, answers)


def test_the_json_guard_answers_400_in_the_apis_shape(api: tuple[Api, dict[str, list[str]]]) -> None:
    client, samples = api
    url = f"/api/v1/cooperatives/{samples['coop_id'][0]}/kit-request"
    for body, content_type in BODIES[:5]:
        response = client.call("POST", url, "federation", data=body, content_type=content_type)
        assert response.status_code == 400 and response.get_json()["code"] == "bad_request", body[:30]
    too_big = client.call("POST", url, "federation", data=BODIES[6][0], content_type="application/json")
    assert too_big.status_code == 413 and too_big.get_json()["code"] == "payload_too_large"


# -- the pages --------------------------------------------------------------------------------------------------


def form_names() -> list[str]:
    """Every field and parameter name the pages read or render (their sources, not a list kept by hand)."""
    texts = [
        p.read_text(encoding="utf-8") for p in [*ROOT.glob("web/pages/*.py"), *ROOT.glob("web/templates/**/*.html")]
    ]
    names: set[str] = set()
    for text in texts:
        names |= set(re.findall(r'name="([a-z_]+)"', text))
        names |= set(re.findall(r'(?:form|args), "([a-z_]+)"', text))
        names |= set(re.findall(r'(?:get|getlist)\("([a-z_]+)"', text))
    return sorted(names - {"csrf_token"})


@pytest.fixture(scope="module")
def pages() -> Iterator[tuple[World, Flask]]:
    world = build_world()
    app = create_app(services=world.services)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)  # CSRF has its own tests: here, reach the parsing
    yield world, app
    world.services.close()


def page_urls(app: Flask, world: World) -> Iterator[tuple[str, str]]:
    account = accounts_of(world.services).all()[0].account_id
    coops = [str(world.preparing), str(world.submitted), account, "9" * 5000]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static/")) or rule.rule == "/deconnexion":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for coop in coops if "coop" in rule.arguments else [""]:
                yield method, rule.rule.replace("<coop>", coop)


@pytest.mark.parametrize("role", ["federation", "cooperative", "committee"])
def test_no_hostile_field_or_parameter_gets_a_5xx_from_any_page(pages: tuple[World, Flask], role: str) -> None:
    world, app = pages
    client = app.test_client()
    accounts_of(world.services).forget_failures("address:127.0.0.1")  # the sign-in page fuzzed as another role
    sign_in(client, role)
    names = form_names()
    assert {"number", "page", "de", "a", "expected_version", "judged_version", "axes"} <= set(names)
    sent = 0
    for method, url in page_urls(app, world):
        for value in HOSTILE_QUERY if method == "GET" else HOSTILE:
            fields = dict.fromkeys(names, value)
            response = client.get(url, query_string=fields) if method == "GET" else client.post(url, data=fields)
            no_5xx(response, role, method, url, value[:20])
            sent += 1
        no_5xx(client.open(url, method=method, data=b"page=%ff%fe&number=%c2%b2",
                           content_type="application/x-www-form-urlencoded"), url)  # fmt: skip
    assert sent > 300
