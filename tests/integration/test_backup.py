"""``qualicoop backup``/``restore``/``migrate``: every event back at its position with its bytes, the accounts, read
models rebuilt, and the chain's head the same as the source's — on SQLite and PostgreSQL, either way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy import inspect, text

from qualicoop_es import backup as bk
from qualicoop_es.accounts import accounts_of
from qualicoop_es.bootstrap import Services, build
from qualicoop_es.cli import main
from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput
from qualicoop_es.integrity.verify import verify
from tests.support import STAFF, TODAY, fresh_schema, full_lifecycle, register


def _fill(settings: Settings) -> dict[str, Any]:
    """A lifecycle, a second cooperative and two accounts; what a faithful copy must give back."""
    svc = build(settings, clock=lambda: TODAY)
    try:
        svc.app.ensure_catalogue(actor=STAFF)
        coop = full_lifecycle(svc.app)
        register(svc.app, 2)
        people = accounts_of(svc)
        people.add("federation@exemple.fr", role="federation", actor=STAFF, password="correct horse battery")
        people.add("auditrice@exemple.fr", role="auditor", actor=STAFF, password="correct horse battery")
        return _seen(svc) | {"coop": coop}
    finally:
        svc.close()


def _seen(svc: Services) -> dict[str, Any]:
    rows = svc.app.recorder.select_notifications(0, 100_000, inclusive_of_start=False)
    return {
        "log": [(n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state)) for n in rows],
        "emails": sorted(a.email or "" for a in accounts_of(svc).all()),
        "head": verify(svc.app.recorder, svc.engine).head_digest,
    }


def _opened(settings: Settings) -> dict[str, Any]:
    svc = build(settings, clock=lambda: TODAY)
    try:
        return _seen(svc) | {"views": _read_models(svc)}
    finally:
        svc.close()


def _read_models(svc: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every read model's rows (and the ledger's), in a stable order."""
    names = [n for n in inspect(svc.engine).get_table_names() if n.startswith("proj_") or n == "integrity_ledger"]
    with svc.engine.connect() as conn:
        return {n: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{n}"'))), key=repr) for n in sorted(names)}


def _sqlite(path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{path}")


def _backed_up(folder: Path) -> tuple[Settings, Path, dict[str, Any]]:
    """A filled SQLite store in ``folder``, its backup file, and what the store held."""
    source = _sqlite(folder / "source.sqlite3")
    before = _fill(source)
    svc = build(source, clock=lambda: TODAY)
    try:
        bk.backup(svc, folder / "copy.qcbak")
    finally:
        svc.close()
    return source, folder / "copy.qcbak", before


def test_a_sqlite_store_comes_back_event_for_event_with_its_accounts_and_chain(tmp_path: Path) -> None:
    source, copy, before = _backed_up(tmp_path)
    assert copy.stat().st_mode & 0o077 == 0  # e-mails and password hashes: owner only
    manifest = bk.manifest_of(copy)
    assert int(manifest["events"]) == len(before["log"]) and manifest["head_digest"] == before["head"]
    restored = bk.restore(tmp_path / "copy.qcbak", _sqlite(tmp_path / "target.sqlite3"))
    assert restored.verified is not None and restored.verified.ok
    after = _opened(_sqlite(tmp_path / "target.sqlite3"))
    assert after["log"] == before["log"]  # positions, ids, versions, topics and bytes
    assert after["emails"] == before["emails"] and after["head"] == before["head"]
    assert after["views"] == _opened(source)["views"]  # the read models rebuilt from the log


def test_a_restore_refuses_a_used_store_a_foreign_file_and_a_store_in_memory(tmp_path: Path) -> None:
    source, _, _ = _backed_up(tmp_path)
    with pytest.raises(InvalidInput, match="contient déjà des événements"):
        bk.restore(tmp_path / "copy.qcbak", source)
    (tmp_path / "notes.txt").write_text("pas une sauvegarde")
    with pytest.raises(InvalidInput, match="n'est pas une sauvegarde"):
        bk.restore(tmp_path / "notes.txt", _sqlite(tmp_path / "t.sqlite3"))
    with pytest.raises(InvalidInput, match="introuvable"):
        bk.restore(tmp_path / "absent.qcbak", _sqlite(tmp_path / "t.sqlite3"))
    with pytest.raises(InvalidInput, match="en mémoire"):
        bk.restore(tmp_path / "copy.qcbak", Settings(database_url="memory://"))


def test_an_altered_backup_does_not_restore_silently(tmp_path: Path) -> None:
    """One digit changed in one stored event (still readable): the backup no longer gives its own head, and
    nothing is restored."""
    _backed_up(tmp_path)
    conn = sqlite3.connect(tmp_path / "copy.qcbak")
    (state,) = conn.execute("SELECT state FROM events WHERE position = 5").fetchone()
    assert b'"homes_managed":1200' in state
    conn.execute("UPDATE events SET state = ? WHERE position = 5", (state.replace(b":1200", b":1201"),))
    conn.commit()
    conn.close()
    with pytest.raises(InvalidInput, match="sauvegarde altérée"):
        bk.restore(tmp_path / "copy.qcbak", _sqlite(tmp_path / "target.sqlite3"))
    assert not (tmp_path / "target.sqlite3").exists()


def test_the_commands_answer_in_french_and_exit_2_on_bad_input(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    _fill(Settings(database_url=url))
    runner = CliRunner()
    done = runner.invoke(main, ["--database-url", url, "backup", "--out", str(tmp_path / "b.qcbak")])
    assert done.exit_code == 0, done.output
    assert "Sauvegarde écrite" in done.output
    bad = runner.invoke(main, ["--database-url", url, "backup", "--out", str(tmp_path / "absent" / "b.qcbak")])
    assert bad.exit_code == 2 and "impossible d'écrire" in bad.output
    again = runner.invoke(main, ["--database-url", f"sqlite:///{tmp_path / 't.sqlite3'}", "restore",
                                 str(tmp_path / "b.qcbak")])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "identique à celle de la sauvegarde" in again.output
    wrong = runner.invoke(main, ["--database-url", url, "migrate", "--to", "ftp://ailleurs"])
    assert wrong.exit_code == 2 and "Adresse attendue" in wrong.output
    itself = runner.invoke(main, ["--database-url", url, "migrate", "--to", url])
    assert itself.exit_code == 2


# -- PostgreSQL -------------------------------------------------------------------------------------------------


@pytest.fixture
def second_postgres_url(postgres_url: str) -> Iterator[str]:
    """Another fresh schema beside ``postgres_url``'s (a second store on the same server)."""
    with fresh_schema() as url:
        yield url


@pytest.mark.postgres
def test_migrate_moves_a_sqlite_store_to_postgresql_with_every_position_and_digest(
    tmp_path: Path, postgres_url: str
) -> None:
    url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    before = _fill(Settings(database_url=url))
    moved = CliRunner().invoke(main, ["--database-url", url, "migrate", "--to", postgres_url])
    assert moved.exit_code == 0, moved.output
    after = _opened(Settings(database_url=postgres_url))
    assert after["log"] == before["log"] and after["emails"] == before["emails"]
    assert after["head"] == before["head"]


@pytest.mark.postgres
def test_a_postgresql_log_with_a_gap_keeps_it_on_postgresql_and_is_refused_by_sqlite(
    tmp_path: Path, postgres_url: str, second_postgres_url: str
) -> None:
    """A refused insert consumes a number of PostgreSQL's sequence: the next event's position jumps by two."""
    source = Settings(database_url=postgres_url)
    _fill(source)
    svc = build(source, clock=lambda: TODAY)
    try:
        first = svc.app.recorder.select_notifications(0, 1, inclusive_of_start=False)[0]
        with pytest.raises(IntegrityError):  # the same aggregate version again: refused, a number is used
            svc.app.recorder.insert_events([StoredEvent(first.originator_id, first.originator_version, first.topic,
                                                        first.state)])  # fmt: skip
        register(svc.app, 3)
        before = _seen(svc)
        bk.backup(svc, tmp_path / "gap.qcbak")
    finally:
        svc.close()
    positions = [row[0] for row in before["log"]]
    assert positions != list(range(1, len(positions) + 1))  # there is a gap
    bk.restore(tmp_path / "gap.qcbak", Settings(database_url=second_postgres_url))
    after = _opened(Settings(database_url=second_postgres_url))
    assert after["log"] == before["log"] and after["head"] == before["head"]
    with pytest.raises(InvalidInput, match="ne peut pas garder ce trou"):
        bk.restore(tmp_path / "gap.qcbak", _sqlite(tmp_path / "target.sqlite3"))
