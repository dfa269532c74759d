"""A cooperative with three mentions granted (validation, two confirmations), a readjustment, checkpoints and
bilans, judged by two named committee members — one of whom was erased since — in an SQLite store whose signing
key ``qualicoop init`` created."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from click.testing import CliRunner

from qualicoop_es.accounts import accounts_of
from qualicoop_es.cli import main
from qualicoop_es.config import Settings
from tests.integrity.tampering import opened
from tests.support import ACCOUNTS_SINCE, STAFF, account_id, full_lifecycle, sqlite_settings

MEMBERS = {"member-1": "Alice Martin", "member-2": "Bruno Petit"}


def cli(settings: Settings, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--database-url", settings.database_url, *args])
    return result.exit_code, result.stdout, result.stderr


def build_world(directory: Path) -> tuple[Settings, UUID]:
    settings = sqlite_settings(directory)
    assert cli(settings, "init")[0] == 0
    with opened(settings) as svc:
        service = accounts_of(svc)
        for key, name in MEMBERS.items():
            service.add(f"{key}@test.qualicoop.test", role="committee", actor=STAFF, display_name=name,
                        account_id=UUID(account_id(key)), effective_on=ACCOUNTS_SINCE)  # fmt: skip
        coop = full_lifecycle(svc.app)
        service.erase("member-2@test.qualicoop.test", actor=STAFF)
    return settings, coop
