"""The integrity features around the chain: append-only storage, the ``verify`` command and its record, the ledger
rebuilt, erasure, and the documented layout recomputed without our code."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualicoop_es.accounts import accounts_of
from qualicoop_es.cli import main
from qualicoop_es.config import Settings
from qualicoop_es.integrity import append_only
from qualicoop_es.integrity.ledger import NAME
from qualicoop_es.integrity.record import last_verification
from qualicoop_es.integrity.verify import verify
from tests.integrity.tampering import opened, raw, small_log
from tests.support import STAFF, register, sqlite_settings


def cli(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--database-url", settings.database_url, *args])
    return result.exit_code, result.stdout


def refused(log: object, sql: str, *params: object) -> str:
    with pytest.raises(Exception) as caught:  # sqlite3.IntegrityError / psycopg.errors.InsufficientPrivilege
        log.run(sql, *params)  # type: ignore[attr-defined]
    return str(caught.value)


def test_init_makes_the_database_refuse_an_update_and_a_delete_of_a_stored_event(store: Settings) -> None:
    assert cli(store, "init")[0] == 0
    assert cli(store, "init")[0] == 0  # idempotent
    with raw(store) as log:
        before = log.state(1)
        assert "ajout seul" in refused(log, "UPDATE {t} SET state = ? WHERE {id} = 1", b"{}")
        assert "ajout seul" in refused(log, "DELETE FROM {t} WHERE {id} = 1")
        assert log.state(1) == before and log.head() == 1


def test_a_snapshot_may_be_purged_but_never_rewritten(store: Settings) -> None:
    settings = dataclasses.replace(store, snapshot_interval=2)
    with opened(settings) as svc:
        svc.app.ensure_catalogue(actor=STAFF)
        coop = register(svc.app, 1)
        append_only.install(svc.app, svc.engine)
        snapshots = svc.app.snapshots.recorder.events_table_name  # type: ignore[union-attr]
    with raw(store) as log:
        assert log.run(f"SELECT COUNT(*) FROM {snapshots}")[0][0] == 1
        assert "ajout seul" in refused(log, f"UPDATE {snapshots} SET state = ?", b"{}")
        log.run(f"DELETE FROM {snapshots}")
    with opened(settings) as svc:
        assert svc.app.cooperative(coop).version == 3  # folded from the events again
        assert verify(svc.app.recorder, svc.engine).ok


def test_verify_on_an_empty_store_is_ok_with_zero_events_and_records_its_result(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path)
    code, out = cli(settings, "verify", "--json")
    assert code == 0
    first = json.loads(out)
    assert (first["ok"], first["count"], first["checked"], first["head_digest"]) == (True, 0, 0, "")
    code, out = cli(settings, "verify", "--json")
    assert (code, json.loads(out)["count"]) == (0, 2)  # the register's opening and the first verification
    with opened(settings) as svc:
        last = last_verification(svc.app)
    assert last is not None and last.ok and last.count == 2 and last.actor == "cli"


def test_a_failed_verification_exits_1_names_the_event_and_is_recorded_with_its_actor(store: Settings) -> None:
    drop = small_log(store)
    with opened(store) as svc:
        accounts_of(svc).add("auditrice@test.qualicoop.test", role="auditor", actor=STAFF, display_name="Audrey")
        auditor = accounts_of(svc).find("auditrice@test.qualicoop.test").account_id
    with raw(store, drop) as log:
        log.run("DELETE FROM {t} WHERE {id} = ?", 3)
    code, out = cli(store, "verify", "--actor", "auditrice@test.qualicoop.test")
    assert code == 1
    assert out.startswith("ÉCHEC : Événement n°3 — Coop n°1") and "manque au journal" in out
    with opened(store) as svc:
        last = last_verification(svc.app)
    assert last is not None and not last.ok and (last.actor, last.difference_position, last.problem) == (
        auditor, 3, "missing")  # fmt: skip


def test_a_referent_may_not_sign_a_verification(store: Settings) -> None:
    small_log(store)
    with opened(store) as svc:
        coop_id = next(iter(svc.app.cooperative_ids()))
        accounts_of(svc).add("ref@test.qualicoop.test", role="cooperative", actor=STAFF, cooperative_id=coop_id)
    result = CliRunner().invoke(
        main, ["--database-url", store.database_url, "verify", "--actor", "ref@test.qualicoop.test"]
    )
    assert result.exit_code == 1 and "Votre rôle ne permet pas cette opération" in result.stderr
    with opened(store) as svc:
        assert last_verification(svc.app) is None  # refused before the work: nothing recorded


def test_verify_from_a_position_checks_from_there_on_the_ledger_link_before_it(store: Settings) -> None:
    small_log(store)
    with opened(store) as svc:
        whole = verify(svc.app.recorder, svc.engine)
        tail = verify(svc.app.recorder, svc.engine, start=10)
    assert tail.ok and tail.start == 10 and tail.checked == whole.checked - 9
    assert (tail.count, tail.head_digest) == (whole.count, whole.head_digest)


def test_rebuilding_the_ledger_gives_the_same_chain(store: Settings) -> None:
    small_log(store)
    with opened(store) as svc:
        before = verify(svc.app.recorder, svc.engine)
        assert svc.projector is not None
        svc.projector.rebuild([NAME])
        after = verify(svc.app.recorder, svc.engine)
    assert after.ok and (after.count, after.head_digest) == (before.count, before.head_digest)


def test_erasing_a_person_leaves_the_chain_valid_and_the_history_readable(store: Settings) -> None:
    small_log(store)
    with opened(store) as svc:
        view = accounts_of(svc).add("referente@test.qualicoop.test", role="federation", actor=STAFF)
        coop = svc.app.register_cooperative(actor=view.actor(), name="Coop effacée", siren="732829320",
                                            legal_form="SCP", departement="35", activities=["locatif_social"])  # fmt: skip
    assert cli(store, "users", "erase", "referente@test.qualicoop.test", "--yes")[0] == 0
    code, out = cli(store, "verify", "--json")
    assert code == 0 and json.loads(out)["ok"]
    with opened(store) as svc:
        assert svc.app.history(coop.aggregate_id)[0].actor == view.account_id


def test_an_outsider_recomputes_the_head_from_the_sqlite_file_with_the_documented_layout(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path)
    small_log(settings)
    with opened(settings) as svc:
        expected = verify(svc.app.recorder, svc.engine).head_digest
    # the script of docs/integrity.md
    digest = bytes(32)
    db = sqlite3.connect(settings.sqlite_path)
    for nid, oid, version, topic, state in db.execute("SELECT rowid, originator_id, originator_version, topic, "
                                                      "state FROM stored_events ORDER BY rowid"):  # fmt: skip
        o, t = bytes.fromhex(oid), topic.encode()
        head = struct.pack(">32sQQIII", digest, nid, version, len(o), len(t), len(state))
        digest = hashlib.sha256(head + o + t + state).digest()
    db.close()
    assert digest.hex() == expected
