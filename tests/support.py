"""Shared fixtures and scenario helpers.

The helpers are plain functions (also used by ``tests/fixtures/make_events_v1.py``); the fixtures wrap them.
Every application gets a fixed clock, so "today" is always 2026-11-26 whatever the machine's date.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from flask.testing import FlaskClient

from qualicoop_es.access import Actor
from qualicoop_es.accounts.aggregate import Account
from qualicoop_es.aggregates.values import Phase, siren_with_key
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from qualicoop_es.errors import AlreadyExists

TODAY = date(2026, 11, 26)
#: The test's people act as operators (trusted, every use case allowed): the policy is tested on its own
#: (``tests/unit/test_access.py``, the API's authorization matrix); the events record their ids.
STAFF, REFERENT = Actor.operator("staff-1"), Actor.operator("referent-1")
#: The business date from which the helpers' committee members (and the e2e accounts) hold their role.
ACCOUNTS_SINCE = date(2019, 1, 1)
_TEST_ACCOUNTS = uuid5(NAMESPACE_URL, "https://test.qualicoop.test/comptes")
ACTIVITIES = ["accession_sociale", "locatif_social"]
#: Two engagements per pillar plus two more: 8 engagements, the minimum.
ENGAGEMENTS = (1, 2, 5, 6, 9, 10, 3, 7)
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"

IDENTITY = {"homes_managed": 1200, "homes_delivered_per_year": 40, "members": 800, "staff": 25,
            "governance_bodies": "Conseil d'administration, assemblée générale", "contact": "referent-1"}  # fmt: skip
INTENT = {"motivations": "Rendre visible notre Raison d'être", "ambitions": "Loger plus de ménages modestes",
          "human_means": "Un référent à mi-temps", "financial_means": "20 000 € par an",
          "stakeholders": ["administrateurs", "salaries"]}  # fmt: skip


def siren(n: int) -> str:
    """A valid SIREN (right Luhn key) built from any number below 10**8."""
    body = f"{n:08d}"
    return siren_with_key(body)


def new_app(clock_day: date = TODAY, **env: str) -> QualicoopApplication:
    app = QualicoopApplication({"PERSISTENCE_MODULE": "eventsourcing.popo", **env}, clock=lambda: clock_day)
    app.ensure_catalogue(actor=STAFF)
    return app


def register(app: QualicoopApplication, n: int = 1, *, on: date = date(2022, 1, 10),
             activities: list[str] | None = None) -> UUID:  # fmt: skip
    """Register a cooperative and record the kit request and first meeting on ``on``."""
    result = app.register_cooperative(actor=STAFF, name=f"Coop n°{n}", siren=siren(n), legal_form="SCP",
                                      departement="35", activities=activities or ACTIVITIES, effective_on=on)  # fmt: skip
    app.request_kit(result.aggregate_id, actor=STAFF, effective_on=on)
    app.hold_first_meeting(result.aggregate_id, actor=STAFF, effective_on=on, summary="Présentation du kit")
    return result.aggregate_id


def fill_dossier(app: QualicoopApplication, coop_id: UUID, *, on: date = date(2022, 2, 1),
                 engagements: tuple[int, ...] = ENGAGEMENTS) -> None:  # fmt: skip
    """Make the dossier complete: identity, intent, and each engagement with one action and one indicator."""
    app.update_identity(coop_id, IDENTITY, actor=REFERENT, effective_on=on)
    app.update_intent_note(coop_id, INTENT, actor=REFERENT, effective_on=on)
    activities = app.cooperative(coop_id).dossier["identity"]["activities"]
    for index, number in enumerate(engagements):
        covered = activities if index == 0 else activities[:1]
        app.choose_engagement(coop_id, number, actor=REFERENT, activities=covered, context=f"Contexte {number}",
                              effective_on=on)  # fmt: skip
        app.add_action(coop_id, number, actor=REFERENT, title=f"Action de l'engagement {number}", effective_on=on)
        app.define_indicator(coop_id, number, actor=REFERENT, effective_on=on,
                             fields={"label": f"Indicateur {number}", "unit": "logements", "baseline": "0",
                                     "target": "100", "target_date": max(date(2024, 12, 31), date(on.year + 1, 12, 31))})  # fmt: skip


def submit(app: QualicoopApplication, coop_id: UUID, on: date = date(2022, 3, 1)) -> int:
    """Submit the dossier; returns the judged version."""
    app.submit_dossier(coop_id, actor=REFERENT, effective_on=on)
    submission = app.cooperative(coop_id).submission
    assert submission is not None
    return int(submission["version"])


def account_id(key: str) -> str:
    """The stable id of the test account called ``key`` (the same in every run and every store)."""
    return str(uuid5(_TEST_ACCOUNTS, key))


def committee_member(app: QualicoopApplication, key: str = "member-1", *, since: date = ACCOUNTS_SINCE,
                     revoked_on: date | None = None, affiliations: Iterable[UUID] = ()) -> str:  # fmt: skip
    """The id of a committee account ``key`` in ``app``'s log, from ``since`` (until ``revoked_on``).

    Created once, as events only (no row in the accounts table: a name is given by creating the account through
    the account service first, with ``account_id=UUID(account_id(key))``); an existing account is left as it is.
    """
    found = account_id(key)
    if UUID(found) in app.repository:
        return found
    account = Account.open(account_id=UUID(found), actor=STAFF.account_id, effective_on=since)
    account.grant(actor=STAFF.account_id, effective_on=since, role="committee", affiliations=list(affiliations))
    if revoked_on is not None:
        account.revoke(actor=STAFF.account_id, effective_on=revoked_on, reason="Fin de mandat")
    app.save(account)
    return found


def committee(app: QualicoopApplication, *keys: str) -> list[str]:
    """The ids of committee members ``keys`` (default: member-1 and member-2), each created once."""
    return [committee_member(app, key) for key in keys or ("member-1", "member-2")]


def verdict(app: QualicoopApplication, coop_id: UUID, kind: str, on: date, *, members: list[str] | None = None,
            **kw: Any) -> None:  # fmt: skip
    """Record a verdict of ``kind`` on the version submitted; ``members`` present default to ``committee(app)``."""
    coop = app.cooperative(coop_id)
    judged = coop.submission if kind in ("validate", "mature") else coop.bilan
    assert judged is not None
    app.record_verdict(coop_id, actor=STAFF, kind=kind, session_reference=f"Comité du {on.isoformat()}",
                       members_present=committee(app) if members is None else members,
                       rationale="Dossier pertinent et faisable", judged_version=judged["version"], effective_on=on,
                       **kw)  # fmt: skip


def engaged(app: QualicoopApplication, n: int = 1, *, validated_on: date = date(2022, 4, 1)) -> UUID:
    """A cooperative engaged (« Quali'Coop Engagée ! ») since ``validated_on``."""
    coop_id = register(app, n)
    fill_dossier(app, coop_id)
    submit(app, coop_id)
    verdict(app, coop_id, "validate", validated_on)
    return coop_id


def full_lifecycle(app: QualicoopApplication, n: int = 1) -> UUID:
    """Registration → validation → readjustment and measurements → confirmation → re-confirmation (2nd renewal)."""
    coop_id = engaged(app, n)
    app.hold_checkpoint(coop_id, actor=STAFF, summary="Point d'étape à 6 mois", effective_on=date(2022, 10, 3))
    indicator = next(iter(app.cooperative(coop_id).dossier["engagements"]["1"]["indicators"]))
    app.readjust_objectives(coop_id, [{"op": "revise_indicator", "indicator_id": indicator,
                                       "changes": {"target": "80"}}],
                            actor=REFERENT, reason="Foncier plus rare que prévu", effective_on=date(2023, 1, 10))  # fmt: skip
    app.measure_indicator(coop_id, indicator, "42.5", actor=REFERENT, effective_on=date(2023, 3, 1))
    app.submit_bilan(coop_id, actor=REFERENT, summary="Bilan à 18 mois", effective_on=date(2023, 9, 15))
    verdict(app, coop_id, "confirm", date(2023, 10, 10))
    app.award_diploma(coop_id, actor=STAFF, mention="confirmee", ceremony="Congrès 2024",
                      effective_on=date(2024, 6, 5))  # fmt: skip
    app.submit_bilan(coop_id, actor=REFERENT, summary="Bilan à 2 ans", effective_on=date(2025, 9, 1))
    verdict(app, coop_id, "confirm", date(2025, 10, 1))
    return coop_id


# -- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture
def app() -> Iterator[QualicoopApplication]:
    application = new_app()
    yield application
    application.close()


@pytest.fixture
def coop_id(app: QualicoopApplication) -> UUID:
    """A registered cooperative in preparation, kit requested and first meeting held on 2022-01-10."""
    return register(app)


@pytest.fixture
def complete_coop(app: QualicoopApplication, coop_id: UUID) -> UUID:
    """The same cooperative with a complete, valid dossier (still in preparation)."""
    fill_dossier(app, coop_id)
    return coop_id


@pytest.fixture
def engaged_coop(app: QualicoopApplication) -> UUID:
    return engaged(app)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A store's URL in a fresh schema of the test database, dropped afterwards; skips when no server answers."""
    psycopg = pytest.importorskip("psycopg")
    base = os.environ.get("QUALICOOP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    parts = urlsplit(base)
    try:
        admin = psycopg.connect(urlunsplit(parts._replace(query="")), connect_timeout=2, autocommit=True)
    except psycopg.Error as error:
        pytest.skip(f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}: {error}")
    schema = f"qc_test_{secrets.token_hex(6)}"  # random: safe with pytest-xdist workers
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield urlunsplit(parts._replace(query=f"schema={schema}"))
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test database for one test, dropped afterwards; skips when no server answers."""
    with fresh_schema() as url:
        yield url


# -- persistent stores ------------------------------------------------------------------------------------------


def sqlite_settings(directory: Path, snapshot_interval: int = 50) -> Settings:
    return Settings(database_url=f"sqlite:///{directory / 'events.sqlite3'}", snapshot_interval=snapshot_interval)


@contextmanager
def services(settings: Settings) -> Iterator[QualicoopApplication]:
    """One application over the store named by ``settings``, built through the composition root and closed after."""
    built = build(settings, clock=lambda: TODAY)
    try:
        built.app.ensure_catalogue(actor=STAFF)
        yield built.app
    finally:
        built.close()


def public_state(coop: Any) -> dict[str, Any]:
    return {k: x for k, x in vars(coop).items() if not k.startswith("_")}


def lifecycle_survives_a_reload(settings: Settings) -> None:
    """A full lifecycle to a second renewal plus measurements (54 events) stored, then read by a second instance."""
    with services(settings) as app:
        coop_id = full_lifecycle(app)
        for day in range(15):
            app.measure_indicator(coop_id, "I1", f"{day}.25", actor=REFERENT, effective_on=date(2025, 10, 2 + day))
        written = app.cooperative(coop_id)
    assert written.version == 54
    with services(settings) as second:
        assert [s.originator_version for s in second.snapshots.get(coop_id)] == [50]  # type: ignore[union-attr]
        loaded = second.cooperative(coop_id)  # from the snapshot at v50 plus 4 events
        replayed = second.as_of(coop_id, TODAY)  # every event, no snapshot
        assert replayed is not None
        assert public_state(loaded) == public_state(replayed) == public_state(written)
        assert (loaded.version, loaded.phase, loaded.confirmations, loaded.valid_until) == (
            54,
            Phase.CONFIRMED,
            2,
            date(2027, 10, 1),
        )
        assert loaded.measurements["I1"] == {"count": 16, "on": date(2025, 10, 16), "value": Decimal("14.25")}
        at_49 = second.cooperative(coop_id, 49)  # before the snapshot: replayed from the events
        assert (at_49.version, at_49.measurements["I1"]["count"]) == (49, 11)
        assert list(second.cooperative_ids()) == [coop_id]
        assert second.catalogue().version == 1


def duplicate_siren_is_refused(settings: Settings) -> None:
    with services(settings) as first, services(settings) as second:
        register(first, 7)
        with pytest.raises(AlreadyExists):
            second.register_cooperative(actor=STAFF, name="Doublon", siren=siren(7), legal_form="SCIC",
                                        departement="971", activities=["locatif_social"])  # fmt: skip
        assert len(list(second.cooperative_ids())) == 1
        assert second.find_by_siren(siren(7)).dossier["identity"]["name"] == "Coop n°7"


def in_threads(target: Callable[..., object], arguments: Iterable[tuple[Any, ...]]) -> list[BaseException]:
    """Run ``target`` once per tuple of ``arguments``, each call in a thread of its own, all started together;
    wait for all of them. Returns what they raised (an assertion failing in a thread is otherwise lost)."""
    errors: list[BaseException] = []

    def run(*args: Any) -> None:
        try:
            target(*args)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def untypeset(text: str) -> str:
    """A page's text without its French typography (``web.typography``): ordinary spaces and straight apostrophes."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")


class PlainPages(FlaskClient):
    """A test client that reads HTML pages without their French typography, so that a test about what a page says
    need not spell its no-break spaces; the typography itself is tested on raw answers (``test_typography``)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html":
            response.set_data(untypeset(response.get_data(as_text=True)))
        return response


def plain_client(app: Any) -> FlaskClient:
    """``app``'s test client reading pages as ``PlainPages`` does."""
    app.test_client_class = PlainPages
    return app.test_client()  # type: ignore[no-any-return]


# -- real servers -----------------------------------------------------------------------------------------------


def federation_token(url: str) -> str:
    """The catalogue established in the store of ``url`` and an API token of a new federation account."""
    from qualicoop_es.accounts import accounts_of

    svc = build(Settings(database_url=url))
    try:
        svc.app.ensure_catalogue()
        people = accounts_of(svc)
        people.add("federation@exemple.fr", role="federation", actor=Actor.operator("test"))
        return str(people.create_token("federation@exemple.fr")[0])
    finally:
        svc.close()


def start_server(url: str, log: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """``qualicoop serve`` on the store of ``url`` on a free port (its output appended to ``log``): the process and
    its base URL, once it answers."""
    import requests

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "QUALICOOP_DATABASE_URL": url, "QUALICOOP_SECRET_KEY": "test-only-secret"}
    serve = "import sys; from web.serve import run; run(sys.argv[1:])"
    with log.open("ab") as out:
        process = subprocess.Popen([sys.executable, "-c", serve, "serve", "--port", str(port), *options],
                                   env=env, stdout=out, stderr=out)  # fmt: skip
    base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/api/v1/health", timeout=10)
            return process, base
        except requests.RequestException:  # not listening yet, or a worker still booting
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"le serveur n'a pas démarré : {log.read_text(errors='replace')[-2000:]}")
