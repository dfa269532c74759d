"""Two journeys of issue 13 in a real headless Chromium: the committee judges a bilan seeing its summary (and
confirms), the federation answers « how was this mention granted » from the fiche and downloads it as PDF."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tests import support as h
from tests.browser import test_pages_browser as pages
from tests.browser.test_pages_browser import CHROMIUM, shoot, signed_in_page
from tests.browser.world import World, build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent: apt-get install -y chromium"),
]
pytest.importorskip("playwright.sync_api", reason="playwright absent: pip install playwright")

# the page journeys' fixtures (a server over this module's world, one Chromium, the console errors)
base_url, browser, errors = pages.base_url, pages.browser, pages.errors
SUMMARY = "Bilan à quatre ans : les douze actions menées, les indicateurs partagés en assemblée générale."


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """The page tests' network, with a bilan deposited by a cooperative the committee member may judge, and a
    session of the committee."""
    built = build_world()
    app = built.services.app
    built.bilan = _bilan(built)  # type: ignore[attr-defined]
    from tests.e2e.pages.support import committee_ids

    app.hold_committee_session(actor=h.STAFF, reference="CV-2026-11", held_on=app.clock(),
                               members=committee_ids(built))  # fmt: skip
    yield built
    built.services.close()


def _bilan(world: World) -> Any:
    """A cooperative engaged 18 months ago whose bilan awaits the committee."""
    from datetime import date

    app = world.services.app
    coop = h.register(app, 8, on=date(2024, 9, 1))
    h.fill_dossier(app, coop, on=date(2024, 9, 10))
    h.submit(app, coop, on=date(2025, 1, 10))
    h.verdict(app, coop, "validate", date(2025, 2, 1))
    app.submit_bilan(coop, actor=h.REFERENT, summary=SUMMARY, effective_on=date(2026, 7, 1))
    return coop


def test_the_committee_judges_a_bilan_seeing_its_summary(browser: Any, base_url: str, world: Any,
                                                          errors: list[str]) -> None:  # fmt: skip
    page = signed_in_page(browser, errors, base_url, "committee")
    page.goto(f"{base_url}/cooperatives/{world.bilan}/verdict")
    assert pages.text(page.locator("blockquote.summary")) == SUMMARY
    assert page.locator("blockquote.summary").is_visible()
    assert "Note d'intention stratégique" in pages.html(page) and "Mesures rapportées" in pages.html(page)
    shoot(page, "verdict-bilan-bureau")
    page.click("a[href='#verdict']")
    with page.expect_navigation():
        page.click("#verdict form[method=post] button[type=submit]")  # nothing chosen: every error at once
    assert page.evaluate("document.activeElement.id") == "erreurs"  # the summary has the focus
    assert "Il y a " in pages.text(page.locator("#erreurs"))
    errors.remove("Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)")
    page.check("input[name=kind][value=confirm]")
    page.fill("#f-rationale", "Engagements tenus, mesures probantes.")
    page.press("#f-rationale", "Tab")
    with page.expect_navigation():
        page.click("#verdict form[method=post] button[type=submit]")
    confirmation = pages.text(page.locator("#confirmation"))
    assert page.evaluate("document.activeElement.id") == "confirmation"  # Enter on it does nothing
    assert "Vous allez confirmer la mention" in confirmation and "séance CV-2026-11" in confirmation
    assert "Membres présents" in confirmation and "members" not in confirmation
    assert world.services.app.cooperative(world.bilan).phase.value == "bilan_submitted"  # nothing recorded yet
    shoot(page, "verdict-confirmation-bureau")
    with page.expect_navigation():
        page.click("button[value=confirmer]")
    assert "Verdict enregistré." in pages.html(page)
    assert world.services.app.cooperative(world.bilan).phase.value == "confirmed"
    assert not errors


def test_the_federation_answers_how_the_mention_was_granted_and_downloads_it(
    browser: Any, base_url: str, world: World, errors: list[str]
) -> None:
    page = signed_in_page(browser, errors, base_url, "federation")
    page.goto(f"{base_url}/cooperatives/{world.confirmed}")
    pages.follow(page, f"a[href='/cooperatives/{world.confirmed}/mention']")  # « Dernier verdict … sur la version N »
    assert "Confirmée" in pages.text(page.locator("h2#validity-title"))
    content = pages.html(page)
    assert "Membres présents" in content and "Motivation" in content and "Version jugée" in content
    shoot(page, "mention-accordee-bureau")
    with page.expect_download() as download:
        page.click("text=Cette page en PDF")
    data = Path(download.value.path()).read_bytes()
    assert data[:4] == b"%PDF" and download.value.suggested_filename.endswith(".pdf")
    response = page.request.get(f"{base_url}/cooperatives/{world.confirmed}/mention.pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body()[:4] == b"%PDF"
    phone = signed_in_page(browser, errors, base_url, "federation", size="mobile")
    phone.goto(f"{base_url}/cooperatives/{world.confirmed}/mention")
    shoot(phone, "mention-accordee-mobile")
    assert not errors
