"""The audit bundle's layout, shared by the export (``bundle``) and the offline check (``bundle_check``).

A ZIP archive whose entries are sorted by name, each stamped with the export's date (so the same events exported
for the same date give the same bytes):

- ``manifest.json``: the cooperative, the export date, the code version, the chain's head, the public key, and
  every other file's path, SHA-256 and size (sorted by path);
- ``manifest.sig``: the Ed25519 signature of ``manifest.json``'s exact bytes, in hex;
- ``SHA256SUMS``: the manifest's list in ``sha256sum -c`` format;
- the files listed: ``events.jsonl``, ``verdicts.json``, ``names.json``, ``audit.json``, ``dossiers/…``,
  ``LISEZMOI.txt``.

docs/verify-bundle.md says how to check one without this code.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

FORMAT = "qualicoop-audit-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUMS = "SHA256SUMS"
EVENTS = "events.jsonl"
VERDICTS = "verdicts.json"
ENVELOPE = frozenset({MANIFEST, SIGNATURE, SUMS})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_bytes(data: Any) -> bytes:
    """Readable, stable JSON (UTF-8, keys in the order built, two-space indent, a final newline)."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_line(data: Any) -> bytes:
    """One line of JSON Lines (compact, UTF-8, a final newline)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def file_list(files: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """The manifest's ``files``: every file's path, SHA-256 (hex) and size, sorted by path."""
    return [{"path": path, "sha256": sha256(files[path]), "bytes": len(files[path])} for path in sorted(files)]


def sums(listed: list[dict[str, Any]]) -> bytes:
    """The manifest's list in ``sha256sum`` format: ``<hex>  <path>`` a line."""
    return "".join(f"{entry['sha256']}  {entry['path']}\n" for entry in listed).encode("utf-8")


def dossier_digest(dossier: Any) -> str:
    """The digest a verdict judged: SHA-256 of the dossier's canonical JSON (keys sorted, no spaces, UTF-8)."""
    canonical = json.dumps(dossier, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256(canonical.encode("utf-8"))


def pack(entries: Mapping[str, bytes], stamp: datetime) -> bytes:
    """The ZIP of ``entries`` (sorted by name, compressed, every entry dated ``stamp``, rights 0644)."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()
