"""Checking an audit bundle offline, without the store: ``qualicoop verify-bundle``.

Reads the ZIP only (standard library and ``cryptography``): every file's SHA-256 and size against the manifest, no
file missing or added, ``SHA256SUMS`` equal to the manifest's list, the manifest's Ed25519 signature against the key
given (or the key embedded in the bundle, which proves integrity only, not origin), each event line's chain digest
recomputed from its fields and previous digest, the links between consecutive ranks, the versions complete, and
each dossier's digest recomputed from its content and compared with the verdicts that judged it.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from qualicoop_es.integrity import bundle_format as fmt
from qualicoop_es.integrity.signing import fingerprint

_HEAD = struct.Struct(">32sQQIII")


class Unreadable(Exception):
    """Not a ZIP archive, or a truncated or damaged one (exit code 2)."""


class BadKey(ValueError):
    """A public key that is neither 64 hex digits nor a PEM public key (exit code 2)."""


@dataclass
class Report:
    checks: list[str] = field(default_factory=list)  # what held, in French
    problems: list[str] = field(default_factory=list)  # what failed, each naming the file or the key

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_key(text: str) -> Ed25519PublicKey:
    """A public key given as 64 hex digits (raw Ed25519) or as PEM (SubjectPublicKeyInfo)."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if isinstance(key, Ed25519PublicKey):
                return key
            raise BadKey("la clé PEM donnée n'est pas une clé Ed25519")
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except (ValueError, UnicodeEncodeError) as error:
        raise BadKey(f"clé publique illisible (64 chiffres hexadécimaux ou PEM attendus) : {error}") from None


def read_entries(data: bytes) -> dict[str, bytes]:
    """Every entry of the ZIP (Unreadable when it is not one, or is truncated or damaged)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if len(set(names)) != len(names):
                raise Unreadable("l'archive contient deux fois le même nom de fichier")
            return {name: archive.read(name) for name in names}
    # what zipfile raises for a damaged or truncated archive; NotImplementedError: an entry packed with a
    # compression method it does not support — also an archive we cannot read, never one of ours
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise Unreadable(f"ce n'est pas une archive ZIP lisible (tronquée ou endommagée ?) : {error}") from None


def check(data: bytes, key_text: str | None = None) -> Report:
    """The report of every check on the bundle's bytes (Unreadable, BadKey: see above)."""
    given = parse_key(key_text) if key_text is not None else None
    entries, report = read_entries(data), Report()
    try:
        manifest = json.loads(entries[fmt.MANIFEST])
        listed = {entry["path"]: entry for entry in manifest["files"]}
    except KeyError:
        report.problems.append(f"{fmt.MANIFEST} : manquant ou incomplet (liste « files » attendue)")
        return report
    except (ValueError, TypeError) as error:
        report.problems.append(f"{fmt.MANIFEST} : illisible ({error})")
        return report
    _signature(entries, manifest, given, report)
    _files(entries, manifest, listed, report)
    if fmt.EVENTS in entries:
        _events(entries[fmt.EVENTS], manifest, report)
    _dossiers(entries, report)
    return report


def _signature(entries: dict[str, bytes], manifest: dict[str, Any], given: Ed25519PublicKey | None,
               report: Report) -> None:  # fmt: skip
    embedded_hex = str((manifest.get("signature") or {}).get("public_key", ""))
    if given is None:
        try:
            key = parse_key(embedded_hex)
        except BadKey:
            report.problems.append(f"{fmt.MANIFEST} : clé publique intégrée illisible")
            return
        origin = (f"clé intégrée à l'archive {fingerprint(embedded_hex)} : prouve que le contenu n'a pas changé "
                  "depuis sa signature, pas qui l'a signé ; comparez-la à la clé publiée par l'installation "
                  "(GET /api/v1/integrity/key, « qualicoop integrity key ») ou passez --key")  # fmt: skip
    else:
        key = given
        given_hex = given.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
        origin = f"clé donnée {fingerprint(given_hex)} : l'archive vient bien de l'installation qui détient cette clé"
        if embedded_hex != given_hex:
            report.problems.append(f"clé : l'archive déclare la clé {_fp(embedded_hex)}, pas la clé donnée "
                                   f"{fingerprint(given_hex)}")  # fmt: skip
    try:
        signature = bytes.fromhex(entries[fmt.SIGNATURE].decode("ascii").strip())
        key.verify(signature, entries[fmt.MANIFEST])
    except KeyError:
        report.problems.append(f"{fmt.SIGNATURE} : manquant")
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        report.problems.append(f"{fmt.SIGNATURE} : signature du manifeste invalide pour la clé "
                               f"{_fp(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex())}"
                               " (manifeste modifié, ou signé par une autre clé)")  # fmt: skip
    else:
        report.checks.append(f"signature Ed25519 du manifeste valide ({origin})")


def _fp(public_hex: str) -> str:
    try:
        return fingerprint(public_hex)
    except ValueError:
        return f"« {public_hex[:16]}… »"


def _files(entries: dict[str, bytes], manifest: dict[str, Any], listed: dict[str, Any], report: Report) -> None:
    before = len(report.problems)
    for path, entry in sorted(listed.items()):
        data = entries.get(path)
        if data is None:
            report.problems.append(f"{path} : fichier manquant (listé au manifeste)")
        elif fmt.sha256(data) != entry.get("sha256") or len(data) != entry.get("bytes"):
            report.problems.append(f"{path} : fichier modifié (son SHA-256 n'est pas celui du manifeste)")
    for path in sorted(set(entries) - set(listed) - fmt.ENVELOPE):
        report.problems.append(f"{path} : fichier en trop (absent du manifeste)")
    if fmt.SUMS in entries and entries[fmt.SUMS] != fmt.sums(manifest["files"]):
        report.problems.append(f"{fmt.SUMS} : ne correspond pas à la liste du manifeste")
    if len(report.problems) == before:
        report.checks.append(f"{len(listed)} fichiers conformes au manifeste (SHA-256 et taille), aucun en trop")


def digest_of_line(line: dict[str, Any]) -> str:
    """The chain digest of an event line, from its fields and its previous digest (docs/integrity.md)."""
    originator = UUID(line["originator_id"]).bytes
    topic, state = line["topic"].encode("utf-8"), base64.b64decode(line["state_base64"], validate=True)
    head = _HEAD.pack(bytes.fromhex(line["previous_digest"]), line["position"], line["originator_version"],
                      len(originator), len(topic), len(state))  # fmt: skip
    return fmt.sha256(head + originator + topic + state)


def _events(data: bytes, manifest: dict[str, Any], report: Report) -> None:
    before, previous = len(report.problems), None
    lines = data.decode("utf-8", errors="replace").splitlines()
    for number, text in enumerate(lines, start=1):
        where = f"{fmt.EVENTS}, ligne {number}"
        try:
            line = json.loads(text)
            if digest_of_line(line) != line["digest"]:
                report.problems.append(f"{where} : l'empreinte recalculée diffère de l'empreinte notée")
            _linking(line, previous, number, where, report)
        except (ValueError, KeyError, TypeError, binascii.Error, struct.error) as error:
            report.problems.append(f"{where} : ligne illisible ({type(error).__name__}: {error})")
            line = None
        previous = line
    if manifest.get("events") != len(lines):
        report.problems.append(
            f"{fmt.EVENTS} : {len(lines)} événements, le manifeste en annonce {manifest.get('events')}"
        )
    _head(previous, manifest, report)
    if len(report.problems) == before:
        report.checks.append(f"{len(lines)} événements : chaque empreinte recalculée, chaînage et versions complets")


def _linking(line: dict[str, Any], previous: dict[str, Any] | None, number: int, where: str, report: Report) -> None:
    """Versions 1, 2, 3…; positions and ranks increasing; consecutive ranks linked by the previous digest."""
    if line["originator_version"] != number:
        report.problems.append(
            f"{where} : version {line['originator_version']}, {number} attendue (événement manquant ?)"
        )
    if line["chain_rank"] == 1 and line["previous_digest"] != "0" * 64:
        report.problems.append(f"{where} : le premier maillon de la chaîne doit suivre 32 octets nuls")
    if previous is None:
        return
    if line["position"] <= previous["position"] or line["chain_rank"] <= previous["chain_rank"]:
        report.problems.append(f"{where} : position ou rang dans la chaîne non croissant")
    elif line["chain_rank"] == previous["chain_rank"] + 1 and line["previous_digest"] != previous["digest"]:
        report.problems.append(f"{where} : ne suit pas la ligne précédente dans la chaîne")


def _head(last: dict[str, Any] | None, manifest: dict[str, Any], report: Report) -> None:
    chain = manifest.get("chain") or {}
    if last is None or not isinstance(chain.get("head_position"), int):
        return
    if last["position"] > chain["head_position"]:
        report.problems.append(f"{fmt.EVENTS} : un événement suit la tête de chaîne annoncée par le manifeste")
    elif last["position"] == chain["head_position"] and last["digest"] != chain.get("head_digest"):
        report.problems.append(f"{fmt.EVENTS} : le dernier événement est la tête, mais son empreinte diffère")


def _dossiers(entries: dict[str, bytes], report: Report) -> None:
    names = sorted(n for n in entries if n.startswith("dossiers/") and n.endswith(".json"))
    before = len(report.problems)
    for name in names:
        try:
            document = json.loads(entries[name])
            digest = fmt.dossier_digest(document["dossier"])
            judged = {v["judged_digest"] for v in document["verdicts"]}
        except (ValueError, KeyError, TypeError) as error:
            report.problems.append(f"{name} : illisible ({error})")
            continue
        if digest != document["dossier_digest"] or judged - {digest}:
            report.problems.append(f"{name} : le contenu ne donne pas l'empreinte du dossier jugé")
    if names and len(report.problems) == before:
        report.checks.append(f"{len(names)} versions du dossier : empreinte recalculée = empreinte jugée")
