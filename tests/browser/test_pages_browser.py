"""The pages in a real headless Chromium (Debian's, driven by Playwright): each role's journeys, and screenshots.

Screenshots of every page, at desktop and phone widths, are written under ``artifacts/screenshots/``.
Skipped with a reason when /usr/bin/chromium or the playwright package is missing (.ci/run installs both).
"""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from tests.browser.world import EMAILS, PASSWORD, World, build_world
from tests.support import untypeset

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--lang=fr-FR", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
SIZES = {"bureau": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent: apt-get install -y chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright absent: pip install playwright")


def text(locator: Any) -> str:
    """What an element reads, without the French typography (no-break spaces, typographic apostrophes): the
    typography itself is tested on raw pages (``tests/e2e/pages/test_typography.py``)."""
    return untypeset(locator.inner_text())


def html(page: Any) -> str:
    """The page's HTML, without the French typography (see ``text``)."""
    return untypeset(page.content())


def follow(page: Any, selector: str) -> None:
    """Click what leads to another page and wait until that page has loaded: reading the page right after a bare
    click races with the navigation (``page.content()`` may answer an empty document in between)."""
    with page.expect_navigation():
        page.click(selector)


def _free_port() -> int:
    """The port ``QUALICOOP_BROWSER_PORT`` names (a machine shared with others may give each a range), else any."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port a previous run left in TIME_WAIT
        sock.bind(("127.0.0.1", int(os.environ.get("QUALICOOP_BROWSER_PORT", "0"))))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    built = build_world()
    yield built
    built.services.close()


@pytest.fixture(scope="module")
def base_url(world: World) -> Iterator[str]:
    from werkzeug.serving import make_server

    from web import create_app

    server = make_server("127.0.0.1", _free_port(), create_app(services=world.services), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            env={**os.environ, "LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"},
        )
        yield chromium
        chromium.close()


@pytest.fixture
def errors() -> list[str]:
    return []


def _page(browser: Any, errors: list[str], size: str = "bureau") -> Any:
    context = browser.new_context(viewport=SIZES[size], locale="fr-FR")
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def sign_in(page: Any, base_url: str, role: str) -> None:
    page.goto(f"{base_url}/connexion")
    page.fill("#f-email", EMAILS[role])
    page.fill("#f-password", PASSWORD)
    follow(page, "button[type=submit]")
    page.wait_for_load_state()
    assert "/connexion" not in page.url, html(page)[:500]


def signed_in_page(browser: Any, errors: list[str], base_url: str, role: str, size: str = "bureau") -> Any:
    page = _page(browser, errors, size)
    sign_in(page, base_url, role)
    return page


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_referent_adds_an_engagement_fixes_a_form_and_submits_through_a_confirmation(
    browser: Any, base_url: str, world: World, errors: list[str]
) -> None:
    page = signed_in_page(browser, errors, base_url, "cooperative")
    dossier = f"{base_url}/cooperatives/{world.preparing}/dossier"
    page.goto(f"{dossier}/engagements")
    assert page.locator(".checklist li.ko").count() >= 1
    shoot(page, "referent-engagements-bureau")
    page.select_option("#f-ch-number", "11")
    page.check("#choisir input[name=activities][value=accession_sociale]")
    page.fill("#f-ch-context", "Accompagner les accédants")
    follow(page, "#choisir button[type=submit]")
    assert page.url.endswith("/dossier/engagements/11#engagement-11")
    page.fill("#f-a-title", "Réunion annuelle des accédants")
    follow(page, "#ajouter-action button[type=submit]")
    assert re.search(r"/engagements/11#action-A[0-9]+$", page.url), page.url
    _fix_an_indicator_with_four_mistakes(page, errors)
    assert re.search(r"/engagements/11#indicateur-I[0-9]+$", page.url), page.url
    assert page.locator(".checklist li.ko").count() == 0
    page.goto(dossier)
    follow(page, "#depot button[type=submit]")
    assert text(page.locator("#confirmation h2")) == "Déposer le dossier au comité de validation ?"
    assert page.evaluate("document.activeElement.id") == "confirmation"
    assert world.services.app.cooperative(world.preparing).phase.value == "preparing"  # not before « Confirmer »
    shoot(page, "referent-confirmation-depot-bureau")
    follow(page, "text=Confirmer le dépôt")
    assert "Dossier déposé au comité de validation." in html(page)
    assert world.services.app.cooperative(world.preparing).phase.value == "submitted"
    assert page.locator("#verrou").is_visible() and page.locator("#depot").count() == 0
    assert not errors


def _fix_an_indicator_with_four_mistakes(page: Any, errors: list[str]) -> None:
    """An indicator sent with no label, no unit, a target in words and a past date: the four errors at once, the
    summary focused and in French; then fixed."""
    page.fill("#f-i-target", "beaucoup")
    page.fill("#f-i-target_date", "2020-01-01")
    follow(page, "#definir-indicateur button[type=submit]")
    summary = page.locator("#erreurs")
    assert summary.is_visible() and page.evaluate("document.activeElement.id") == "erreurs"
    said = text(summary)
    assert said.startswith("Il y a 4 erreurs"), said
    assert "Libellé : Ce champ est obligatoire." in said and "Unité : Ce champ est obligatoire." in said
    assert "Cible : Valeur numérique attendue." in said and "L'échéance ne peut pas être passée" in said
    assert page.locator("#f-i-target").get_attribute("aria-invalid") == "true"
    shoot(page, "referent-erreurs-indicateur-bureau")
    errors.remove("Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)")
    page.fill("#f-i-label", "Accédants accompagnés")
    page.fill("#f-i-unit", "ménages")
    page.fill("#f-i-target", "30")
    page.fill("#f-i-target_date", "2027-12-31")
    follow(page, "#definir-indicateur button[type=submit]")


def test_a_referent_sees_field_errors_in_french(browser: Any, base_url: str, world: World, errors: list[str]) -> None:
    page = signed_in_page(browser, errors, base_url, "other")
    page.goto(f"{base_url}/cooperatives/{world.preparing}")
    assert text(page.locator("h1")) == "Accès refusé"
    shoot(page, "erreur-403-bureau")


def test_a_committee_member_records_a_verdict(browser: Any, base_url: str, world: World, errors: list[str]) -> None:
    page = signed_in_page(browser, errors, base_url, "committee")
    shoot(page, "comite-bureau")
    follow(page, f"a[href='/cooperatives/{world.submitted}/verdict']")
    judged = page.locator("input[name=judged_version]").input_value()
    assert f"version {judged}" in text(page.locator(".judged-summary"))
    shoot(page, "verdict-formulaire-bureau")
    page.check("input[name=kind][value=validate]")
    page.fill("#f-session_reference", "Comité du 26 novembre 2026")
    page.fill("#f-rationale", "Dossier pertinent, moyens à la hauteur des ambitions.")
    with page.expect_navigation():
        page.click("#verdict form[method=post] button[type=submit]")
    assert "Vous allez valider le dossier" in text(page.locator("#confirmation"))  # nothing recorded yet
    with page.expect_navigation():
        page.click("button[value=confirmer]")
    assert "Verdict enregistré." in html(page)
    assert world.services.app.cooperative(world.submitted).phase.value == "engaged"
    shoot(page, "fiche-apres-verdict-bureau")
    assert not errors


def test_an_auditor_reads_a_history_and_compares_two_versions(browser: Any, base_url: str, world: World,
                                                               errors: list[str]) -> None:  # fmt: skip
    page = signed_in_page(browser, errors, base_url, "auditor")
    page.goto(f"{base_url}/cooperatives/{world.matured}/historique")
    page.locator("ol.timeline details").first.click()
    shoot(page, "historique-bureau")
    follow(page, "form[action$='/comparer'] button[type=submit]")
    first, second = world.judged
    assert f"De la version {first} à la version {second}" in html(page)
    assert page.locator("table.diff tbody tr").count() >= 2
    shoot(page, "comparaison-bureau")
    page.goto(f"{base_url}/cooperatives/{world.matured}/au?date=2022-03-10")
    assert "10 mars 2022" in html(page)
    shoot(page, "dossier-a-une-date-bureau")
    assert not errors


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_renders_without_browser_errors(browser: Any, base_url: str, world: World, errors: list[str],
                                                   size: str) -> None:  # fmt: skip
    page = _page(browser, errors, size)
    page.goto(f"{base_url}/connexion")
    shoot(page, f"connexion-{size}")
    sign_in(page, base_url, "federation")
    pages = {"tableau-de-bord": "/tableau-de-bord", "cooperatives": "/cooperatives", "comite": "/comite",
             "catalogue": "/catalogue", "fiche": f"/cooperatives/{world.confirmed}",
             "historique": f"/cooperatives/{world.confirmed}/historique",
             "dossier-a-une-date": f"/cooperatives/{world.confirmed}/au?date=2023-06-01",
             "comparaison": f"/cooperatives/{world.matured}/comparer?de={world.judged[0]}&a={world.judged[1]}",
             "inscription": "/cooperatives/nouvelle", "suivi": f"/cooperatives/{world.confirmed}/suivi"}  # fmt: skip
    for name, path in pages.items():
        response = page.goto(base_url + path)
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} déborde"
        shoot(page, f"{name}-{size}")
    assert re.search(r"Coopératives par mention", page.goto(base_url + "/tableau-de-bord").text())
    referent = signed_in_page(browser, errors, base_url, "other", size)
    shoot(referent, f"referent-fiche-{size}")
    engaged = signed_in_page(browser, errors, base_url, "engaged", size)
    for section in ("", "/identite", "/engagements", "/engagements/1", "/mesures", "/reajustement"):
        engaged.goto(f"{base_url}/cooperatives/{world.confirmed}/dossier{section}")
        assert engaged.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{section} déborde"
        shoot(engaged, f"referent-dossier{section.replace('/', '-')}-{size}")
    engaged.goto(f"{base_url}/cooperatives/{world.preparing}")
    assert text(engaged.locator("h1")) == "Accès refusé"
    shoot(engaged, f"erreur-403-{size}")
    errors.remove("Failed to load resource: the server responded with a status of 403 (FORBIDDEN)")  # expected
    assert not errors


def test_the_federation_registers_a_cooperative_and_records_its_kit(browser: Any, base_url: str, world: World,
                                                                    errors: list[str]) -> None:  # fmt: skip
    page = signed_in_page(browser, errors, base_url, "federation")
    page.goto(f"{base_url}/cooperatives")
    follow(page, "text=Inscrire une coopérative")
    page.fill("#f-name", "Coop des Essais")
    page.fill("#f-siren", "123")
    page.select_option("#f-legal_form", "SCP")
    page.fill("#f-departement", "29")
    page.check("input[name=activities][value=locatif_social]")
    follow(page, "#register button[type=submit]")
    assert page.locator("#err-siren").is_visible()
    shoot(page, "inscription-erreur-bureau")
    errors.remove("Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)")
    page.fill("#f-siren", "356000000")
    follow(page, "#register button[type=submit]")
    assert "/suivi" in page.url and "Coopérative inscrite" in html(page)
    follow(page, "#request_kit button[type=submit]")
    assert "Demande de kit enregistrée." in html(page)
    shoot(page, "suivi-apres-kit-bureau")
    assert not errors
