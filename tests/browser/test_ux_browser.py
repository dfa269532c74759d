"""In Chromium: the API explorer runs under its page's policy (no console error, no refused resource), the
navigation stays one row at a tablet's width, and a printed fiche leaves the navigation out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import test_pages_browser as pages
from tests.browser.world import World

#: The browser tests' fixtures (a served test network, one Chromium), shared with this module.
world, base_url, browser, errors = pages.world, pages.base_url, pages.browser, pages.errors
CHROMIUM, _page, signed_in_page = pages.CHROMIUM, pages._page, pages.signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent: apt-get install -y chromium"),
]


def test_the_api_explorer_lists_the_operations_without_a_refused_resource(browser: Any, base_url: str,
                                                                          errors: list[str]) -> None:  # fmt: skip
    page = _page(browser, errors)
    page.goto(f"{base_url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 35
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".try-out__btn", timeout=15_000)
    assert page.locator(".try-out__btn").first.inner_text().strip() == "Essayer"  # Swagger UI's labels in French
    shown = page.locator("#swagger-ui-container").inner_text()
    assert "Réponses" in shown and "Try it out" not in shown and "Responses" not in shown
    assert errors == []  # a script, style or image the policy refused is a console error


def test_the_navigation_is_one_row_at_800_px(browser: Any, base_url: str, errors: list[str]) -> None:
    page = signed_in_page(browser, errors, base_url, "federation")
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(f"{base_url}/tableau-de-bord")
    links = page.locator("header.site nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1 and page.locator("header.site").bounding_box()["height"] < 130


def test_a_printed_fiche_has_no_navigation_nor_forms(browser: Any, base_url: str, world: World,
                                                    errors: list[str]) -> None:  # fmt: skip
    page = signed_in_page(browser, errors, base_url, "federation")
    page.goto(f"{base_url}/cooperatives/{world.confirmed}")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator(".tabs").is_visible()
    assert page.locator("h1").is_visible() and not page.locator("form").first.is_visible()
