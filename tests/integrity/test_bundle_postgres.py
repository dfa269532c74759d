"""The audit and its bundle on PostgreSQL: the ledger's links read there give digests an offline check accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from qualicoop_es.config import Settings
from qualicoop_es.integrity import bundle_check, signing
from qualicoop_es.integrity.bundle import audit_bundle
from qualicoop_es.integrity.cli import CLI_ACTOR
from qualicoop_es.queries.audit import audit_of
from tests.integrity.tampering import opened
from tests.support import STAFF, full_lifecycle


@pytest.mark.postgres
def test_a_postgres_stores_bundle_checks_offline_and_its_audit_carries_the_ledgers_digests(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=postgres_url, signing_key_file=str(tmp_path / "signing_key.pem"))
    path, created = signing.ensure_key(settings)
    assert created and path == tmp_path / "signing_key.pem"
    with opened(settings) as svc:
        svc.app.ensure_catalogue(actor=STAFF)
        coop = full_lifecycle(svc.app)
        audit = audit_of(svc.app, svc.engine, coop)
        at = datetime(2026, 11, 26, tzinfo=UTC)
        data = audit_bundle(svc, coop, actor=CLI_ACTOR, exported_at=at)
        assert audit_bundle(svc, coop, actor=CLI_ACTOR, exported_at=at) == data
        public = signing.public_of(signing.private_key(settings, svc.extras)).hex
    assert audit.number == 3 and all(f.link is not None for f in audit.facts)
    report = bundle_check.check(data, public)
    assert report.ok, report.problems
