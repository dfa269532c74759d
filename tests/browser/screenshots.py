"""Screenshots of the main pages, as each role sees them, at 1280, 800 and 390 px (``make screenshots``).

Builds a demo network in a working folder of its own (``qualicoop init``, ``demo``, ``users seed-demo``), serves it
(``qualicoop serve``) on a port of 5630–5639, signs in with the demo accounts in Debian's Chromium and saves one
full-page PNG per role, page and width under ``artifacts/screenshots/`` (git-ignored). Not a test: pictures to look
at as a user would.

    python tests/browser/screenshots.py [--port 5632] [--work /tmp/qualicoop-screenshots] [--out artifacts/screenshots]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"1280": (1280, 900), "800": (800, 1000), "390": (390, 844)}
_COOP_LINK = re.compile(r'href="/cooperatives/([0-9a-f-]{36})"')
#: role → pages ({coop}: a cooperative of the list; {own}: the referent's own)
PAGES = {
    "federation": {"tableau-de-bord": "/tableau-de-bord", "tableau-de-bord-details": "/tableau-de-bord/details",
                   "cooperatives": "/cooperatives", "fiche": "/cooperatives/{coop}",
                   "historique": "/cooperatives/{coop}/historique", "suivi": "/cooperatives/{coop}/suivi",
                   "comite": "/comite", "rapports": "/rapports", "catalogue": "/catalogue", "comptes": "/comptes",
                   "api": "/api/v1/docs"},
    "committee": {"comite": "/comite", "cooperatives": "/cooperatives"},
    "cooperative": {"ma-cooperative": "/", "dossier": "/cooperatives/{own}/dossier"},
}  # fmt: skip


def _run(work: Path, *args: str) -> None:
    env = {**os.environ, "QUALICOOP_DATABASE_URL": f"sqlite:///{work}/qc.sqlite3"}
    subprocess.run([str(BIN / "qualicoop"), *args], cwd=work, env=env, check=True, capture_output=True)


def _accounts(work: Path) -> dict[str, tuple[str, str]]:
    """role → (e-mail, password), from the file ``users seed-demo`` writes."""
    found = {}
    for line in (work / "instance" / "demo-accounts.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and not line.startswith("#"):
            found[parts[1]] = (parts[0], parts[2])
    return found


@contextmanager
def demo_server(work: Path, port: int) -> Iterator[str]:
    """A demo network served on ``port`` (built once in ``work``), stopped on exit."""
    work.mkdir(parents=True, exist_ok=True)
    _run(work, "init")
    _run(work, "demo", "--if-empty")
    _run(work, "users", "seed-demo")
    env = {**os.environ, "QUALICOOP_DATABASE_URL": f"sqlite:///{work}/qc.sqlite3"}
    server = subprocess.Popen([str(BIN / "qualicoop"), "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/connexion")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def shoot_role(browser: Any, base: str, role: str, account: tuple[str, str], out: Path) -> list[Path]:
    saved = []
    for width, (w, h) in WIDTHS.items():
        context = browser.new_context(viewport={"width": w, "height": h}, locale="fr-FR")
        page = context.new_page()
        _sign_in(page, base, *account)
        own = _first_coop(page.content()) if role == "cooperative" else ""
        page.goto(f"{base}/cooperatives")
        coop = _first_coop(page.content())
        for name, path in PAGES[role].items():
            page.goto(base + path.format(coop=coop, own=own))
            page.wait_for_load_state("networkidle")
            target = out / f"{role}-{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            saved.append(target)
        context.close()
    return saved


def _first_coop(html: str) -> str:
    found = _COOP_LINK.search(html)
    return found.group(1) if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5632, choices=range(5630, 5640))
    parser.add_argument("--work", type=Path, default=Path("/tmp/qualicoop-screenshots"))
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with demo_server(args.work, args.port) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        accounts = _accounts(args.work)
        for role in PAGES:
            for path in shoot_role(browser, base, role, accounts[role], args.out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        browser.close()


if __name__ == "__main__":
    main()
