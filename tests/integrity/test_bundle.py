"""The audit bundle: exported signed and deterministic, checked offline by ``verify-bundle`` and by the documented
script; every kind of edit named, an unreadable archive refused with exit code 2."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from qualicoop_es.config import Settings
from qualicoop_es.integrity import bundle_check, signing
from qualicoop_es.integrity import bundle_format as fmt
from tests.integrity.audit_world import build_world, cli

DOCS = Path(__file__).resolve().parents[2] / "docs" / "verify-bundle.md"
DAY = "2026-11-26T10:00:00"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, UUID, Path, str]]:
    directory = tmp_path_factory.mktemp("bundle")
    settings, coop = build_world(directory)
    out = directory / "audit.zip"
    code, text, err = cli(settings, "export-audit", str(coop), "--out", str(out), "--date", DAY)
    assert code == 0, err
    assert "Archive écrite" in text
    key = cli(settings, "integrity", "key")[1].splitlines()[0]
    yield settings, coop, out, key


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repacked(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    files = entries(data)
    change(files)
    return fmt.pack(files, datetime(2026, 11, 26))


def verify(path: Path, *args: str) -> tuple[int, str, str]:
    return cli(Settings(), "verify-bundle", str(path), *args)


def test_init_creates_the_signing_key_once_with_owner_only_rights(exported: tuple[Settings, UUID, Path, str]) -> None:
    settings, _, _, key = exported
    path = signing.key_path(settings)
    assert path is not None and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    before = path.read_bytes()
    assert cli(settings, "init")[0] == 0 and path.read_bytes() == before  # idempotent
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert cli(settings, "integrity", "key", "--pem")[1].startswith("-----BEGIN PUBLIC KEY-----")


def test_the_bundle_holds_the_events_dossiers_verdicts_names_and_a_signed_manifest(
    exported: tuple[Settings, UUID, Path, str],
) -> None:
    _, coop, out, key = exported
    files = entries(out.read_bytes())
    manifest = json.loads(files["manifest.json"])
    assert manifest["cooperative"]["id"] == str(coop) and manifest["exported_at"] == "2026-11-26T10:00:00+00:00"
    assert manifest["signature"]["public_key"] == key and manifest["code_version"]
    assert [f["path"] for f in manifest["files"]] == sorted(set(files) - fmt.ENVELOPE)
    lines = [json.loads(line) for line in files["events.jsonl"].splitlines()]
    assert (
        [line["originator_version"] for line in lines]
        == list(range(1, len(lines) + 1))
        == list(range(1, manifest["events"] + 1))
    )
    assert all(bundle_check.digest_of_line(line) == line["digest"] for line in lines)
    assert len(json.loads(files["verdicts.json"])) == 3 and len(json.loads(files["audit.json"])) == 3
    names = {p["name"] for p in json.loads(files["names.json"])["people"]}
    assert {"Alice Martin", "personne effacée"} <= names and "Bruno Petit" not in names
    html = next(data for name, data in files.items() if name.endswith(".html")).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'lang="fr"' in html and "Engagement n°1" in html


def test_the_same_events_exported_for_the_same_date_give_the_same_bytes(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path
) -> None:
    settings, coop, out, _ = exported
    again = tmp_path / "again.zip"
    assert cli(settings, "export-audit", str(coop), "--out", str(again), "--date", DAY)[0] == 0
    assert again.read_bytes() == out.read_bytes()


def test_an_intact_bundle_passes_with_the_published_key_and_says_an_embedded_key_proves_no_origin(
    exported: tuple[Settings, UUID, Path, str],
) -> None:
    _, _, out, key = exported
    code, text, _ = verify(out, "--key", key)
    assert code == 0 and "archive intègre" in text and "clé donnée" in text
    code, text, _ = verify(out)
    assert code == 0 and "clé intégrée à l'archive" in text and "pas qui l'a signé" in text


EDITS: dict[str, tuple[Callable[[dict[str, bytes]], None], str]] = {
    "a file changed": (lambda f: f.update({"names.json": f["names.json"].replace(b"Alice", b"Alicia")}),
                       "names.json : fichier modifié"),
    "a file added": (lambda f: f.update({"dossiers/extra.json": b"{}"}), "dossiers/extra.json : fichier en trop"),
    "a file removed": (lambda f: f.pop("verdicts.json"), "verdicts.json : fichier manquant"),
    "a manifest line altered": (lambda f: f.update({"manifest.json": f["manifest.json"].replace(
        b'"code_version": "', b'"code_version": "9')}), "manifest.sig : signature du manifeste invalide"),
    "the sums file altered": (lambda f: f.update({"SHA256SUMS": f["SHA256SUMS"][:-2] + b"x\n"}),
                              "SHA256SUMS : ne correspond pas"),
}  # fmt: skip


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_bundle_fails_naming_the_file(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path, edit: str
) -> None:
    _, _, out, key = exported
    change, named = EDITS[edit]
    edited = tmp_path / "edited.zip"
    edited.write_bytes(repacked(out.read_bytes(), change))
    code, text, _ = verify(edited, "--key", key)
    assert code == 1 and named in text and "NON conforme" in text, text


def _resigned(files: dict[str, bytes], key: Ed25519PrivateKey) -> None:
    """An edit made consistent by whoever holds ``key``: the manifest re-listed and re-signed with it."""
    manifest = json.loads(files["manifest.json"])
    listed = {k: x for k, x in files.items() if k not in fmt.ENVELOPE}
    manifest["files"] = fmt.file_list(listed)
    manifest["signature"]["public_key"] = signing.public_of(key).hex
    files["manifest.json"] = fmt.json_bytes(manifest)
    files["manifest.sig"] = key.sign(files["manifest.json"]).hex().encode()
    files["SHA256SUMS"] = fmt.sums(manifest["files"])


def test_a_bundle_signed_by_another_key_fails_naming_the_key(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path
) -> None:
    _, _, out, key = exported
    forged = tmp_path / "forged.zip"
    forged.write_bytes(repacked(out.read_bytes(), lambda f: _resigned(f, Ed25519PrivateKey.generate())))
    code, text, _ = verify(forged, "--key", key)
    assert code == 1 and "pas la clé donnée" in text and signing.fingerprint(key) in text
    code, text, _ = verify(forged)  # with the embedded key it verifies: integrity, not origin — said so
    assert code == 0 and "pas qui l'a signé" in text


def test_an_event_line_edited_and_re_signed_fails_its_recomputed_digest(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path
) -> None:
    _, _, out, _ = exported

    def edit(files: dict[str, bytes]) -> None:
        lines = files["events.jsonl"].splitlines(keepends=True)
        line = json.loads(lines[4])
        line["originator_version"] = 99
        lines[4] = fmt.json_line(line)
        del lines[7]  # and one event dropped
        files["events.jsonl"] = b"".join(lines)
        _resigned(files, Ed25519PrivateKey.generate())

    report = bundle_check.check(repacked(out.read_bytes(), edit))
    assert "events.jsonl, ligne 5 : l'empreinte recalculée diffère de l'empreinte notée" in report.problems
    assert any("ligne 8" in p and "événement manquant" in p for p in report.problems)


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "empty"])
def test_a_truncated_or_non_zip_file_gets_a_clear_error_and_exit_code_2(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path, damage: str
) -> None:
    _, _, out, _ = exported
    data = {"truncated": out.read_bytes()[: len(out.read_bytes()) // 2], "not a zip": b"%PDF-1.7 pas un zip",
            "empty": b""}[damage]  # fmt: skip
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data)
    code, text, err = verify(bad)
    assert code == 2 and "archive ZIP lisible" in err and "Traceback" not in err + text


def test_an_unreadable_key_gets_exit_code_2(exported: tuple[Settings, UUID, Path, str]) -> None:
    _, _, out, _ = exported
    code, _, err = verify(out, "--key", "pas-une-clé")
    assert code == 2 and "--key : clé publique illisible" in err


def documented_script() -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"```python\n(# verify_bundle\.py.*?)```", text, re.S)
    assert found is not None, "docs/verify-bundle.md must hold the script"
    return found.group(1)


def test_the_documented_script_checks_a_real_bundle_and_refuses_an_edited_one(
    exported: tuple[Settings, UUID, Path, str], tmp_path: Path
) -> None:
    _, _, out, key = exported
    script = tmp_path / "verify_bundle.py"
    script.write_text(documented_script(), encoding="utf-8")
    assert len(script.read_text().splitlines()) <= 20
    ok = subprocess.run([sys.executable, str(script), str(out), key], capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and ok.stdout.startswith("OK "), ok.stderr
    edited = tmp_path / "edited.zip"
    edited.write_bytes(repacked(out.read_bytes(), EDITS["a file changed"][0]))
    bad = subprocess.run([sys.executable, str(script), str(edited), key], capture_output=True, text=True, check=False)
    assert bad.returncode != 0 and "names.json" in bad.stderr
