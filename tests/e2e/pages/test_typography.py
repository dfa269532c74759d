"""French typography, done once for every page (``web.typography``): the rules on a text, and a scan of every page
each role reaches on the test network (its links followed from the home page) for what a reader should never see —
an ordinary space before « : ; ! ? », a raw field key, an English word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.world import World
from tests.e2e.pages.support import sign_in
from web import create_app
from web.typography import NBSP, NNBSP, french_number, typeset, typeset_text

#: What is not read on a page: its tags, comments, code and raw-text elements.
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style|pre|code|textarea|kbd|samp)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_ORDINARY_SPACE = re.compile(r"[ \t\r\n]+[:;!?»]|«[ \t\r\n]")
_FIELD_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ENGLISH = ("validate", "mature", "confirm", "continue_work", "judged", "rationale", "members present", "digest",
           "kind", "None", "True", "False", "null", "undefined", "Submitted", "Recorded")  # fmt: skip
_ENGLISH = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
_LINK = re.compile(r'href="(/[^"#]*)"')
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Not pages: the API, static files, downloads, signing out.
_SKIP = re.compile(r"^/(api/|static/)|/deconnexion|\.(csv|xlsx|pdf|json|svg|css)$|[?&]format=")
MAX_PAGES = 45


def test_high_punctuation_gets_a_no_break_space_and_guillemets_narrow_ones() -> None:
    assert typeset_text("Statut : engagée ; bravo ! Vraiment ?") == (
        f"Statut{NBSP}: engagée{NNBSP}; bravo{NNBSP}! Vraiment{NNBSP}?"
    )
    assert typeset_text("« Quali'Coop »") == f"«{NNBSP}Quali’Coop{NNBSP}»"
    assert typeset_text("10:30, https://x.fr/a?b") == "10:30, https://x.fr/a?b"  # no space: nothing added


def test_only_text_is_typeset_never_attributes_urls_or_code() -> None:
    page = '<a href="/x?a=1" title="l\'a : b">l&#39;accès : ici</a><code>a : b</code><textarea>c ; d</textarea>'
    assert (
        typeset(page)
        == f'<a href="/x?a=1" title="l\'a : b">l’accès{NBSP}: ici</a><code>a : b</code><textarea>c ; d</textarea>'
    )


def test_numbers_have_thousands_separators_and_a_decimal_comma() -> None:
    assert french_number(42729) == f"42{NNBSP}729" and french_number("12.50") == "12,5"
    assert french_number(None) == "—" and french_number("n/a") == "n/a" and french_number(-1500) == f"-1{NNBSP}500"


def _visible(page: str) -> str:
    return _HIDDEN.sub(" ", page)


def _crawl(client: Any) -> Iterator[tuple[str, str]]:
    """(path, HTML) of each page reached from the home page, one per kind of address (ids and queries aside)."""
    queue, seen = ["/"], set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        kind = _kind(path)
        if kind in seen or _SKIP.search(path):
            continue
        seen.add(kind)
        response = client.get(path, follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        yield path, response.get_data(as_text=True)
        queue += [link.replace("&amp;", "&") for link in _LINK.findall(response.get_data(as_text=True))]


def _kind(path: str) -> str:
    return _UUID.sub("{id}", path.split("?")[0]) + ("?" if "?" in path else "")


def _scan(world: World, role: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The pages ``role`` reaches and the faults found on each."""
    client = create_app(services=world.services).test_client()  # the raw answers, typography included
    sign_in(client, role)
    pages = dict(_crawl(client))
    return pages, {path: found for path, page in pages.items() if (found := _faults(page))}


def _faults(page: str) -> list[str]:
    text = _visible(page)
    found = [f"espace ordinaire : {m.group()!r}" for m in _ORDINARY_SPACE.finditer(text)]
    found += [f"clé brute : {m.group()}" for m in _FIELD_KEY.finditer(text)]
    return found + [f"mot anglais : {m.group()}" for m in _ENGLISH.finditer(text)]


ROLES = ["federation", "committee", "auditor", "cooperative"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_reads_as_french(world: World, role: str) -> None:
    pages, faults = _scan(world, role)
    assert len(pages) >= (4 if role == "cooperative" else 8), sorted(pages)
    assert not faults, faults


def test_report_provenance_times_read_in_french() -> None:
    from datetime import UTC, datetime

    from qualicoop_es.aggregates.values import french_moment

    assert french_moment(datetime(2026, 11, 26, 14, 5, tzinfo=UTC)) == "26 novembre 2026 à 14 h 05 UTC"
    assert french_moment("2025-01-01T09:30:00") == "1er janvier 2025 à 9 h 30"


def test_the_list_search_ignores_accents_and_apostrophes(client_raw: Any) -> None:
    page = client_raw.get("/cooperatives?q=COOPERATIF").get_data(as_text=True)
    assert "Abri Coopératif" in page and "1 coopérative" in page
    assert "Castors de l’Ouest" in client_raw.get("/cooperatives?q=castors+de+l’ouest").get_data(as_text=True)


@pytest.fixture
def client_raw(world: World) -> Any:
    client = create_app(services=world.services).test_client()
    sign_in(client, "federation")
    return client
