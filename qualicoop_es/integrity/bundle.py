"""The audit bundle of one cooperative: what a third party needs to check, offline, how its mentions were granted.

Its events as JSON Lines, each with what recomputes its chain digest (position, aggregate id, version, topic, the
stored bytes in base64, the previous digest: docs/integrity.md's layout) and the digest itself; each dossier
version submitted or judged as JSON and as a readable HTML document; the verdicts; the display names as of the
export (« personne effacée » for an erased person: events only ever name opaque ids); every mention's audit;
a manifest with every file's SHA-256, the chain's head, the code version and the export date, signed with the
installation's Ed25519 key (``signing``). The layout is in ``bundle_format``; the check in ``bundle_check``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

import qualicoop_es
from qualicoop_es import rules
from qualicoop_es.access import Actor, authorize
from qualicoop_es.accounts.names import display_names
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import Services
from qualicoop_es.errors import Conflict
from qualicoop_es.integrity import bundle_format as fmt
from qualicoop_es.integrity import bundle_html, signing
from qualicoop_es.integrity.chain import LAYOUT_VERSION, digest_of
from qualicoop_es.integrity.links import Link, head, links_of
from qualicoop_es.projections.sentences import KINDS
from qualicoop_es.projections.visibility import was_submitted
from qualicoop_es.queries.audit import audit_of, grants, in_business_order, verdict_of

README = """Archive d'audit Quali'Coop : {name} (SIREN {siren}), exportée le {date}.

manifest.json   la coopérative, la date d'export, la version du logiciel, la tête de la chaîne d'empreintes,
                la clé publique et l'empreinte SHA-256 de chaque fichier ;
manifest.sig    la signature Ed25519 de manifest.json (hexadécimal) ;
SHA256SUMS      les mêmes empreintes, pour « sha256sum -c SHA256SUMS » ;
events.jsonl    les événements de la coopérative, un par ligne, dans l'ordre du journal, avec de quoi recalculer
                leur empreinte de chaîne (position, identifiant, version, sujet, octets stockés en base64,
                empreinte précédente) ;
verdicts.json   les verdicts du comité (session, membres présents, motifs, version jugée) ;
dossiers/       chaque version du dossier déposée ou jugée, en JSON et en HTML lisible ;
names.json      les noms affichés des personnes nommées, à la date de l'export (« personne effacée » après
                un effacement) ;
audit.json      pour chaque mention accordée, les faits qui y ont conduit.

Vérification : « qualicoop verify-bundle ARCHIVE.zip --key CLÉ_PUBLIQUE », ou sans ce logiciel : voir
docs/verify-bundle.md (sha256sum et un court script Python).
"""


@dataclass
class _Row:
    """A stored event at its position: what the chain hashes (``chain.StoredRow``)."""

    id: int
    originator_id: Any
    originator_version: int
    topic: str
    state: bytes


def audit_bundle(svc: Services, coop_id: UUID, *, actor: Actor, exported_at: datetime | None = None) -> bytes:
    """The cooperative's audit bundle, signed with the installation's key, for ``actor`` (``read_audit``)."""
    submitted = was_submitted(svc.engine, coop_id) if actor.needs_submission("read_audit") else None
    authorize(actor, "read_audit", coop_id, submitted=submitted)
    key = signing.private_key(svc.settings, svc.extras)
    return export_bundle(svc.app, svc.engine, coop_id, key, exported_at=exported_at)


def export_bundle(app: QualicoopApplication, engine: Engine, coop_id: UUID, key: Ed25519PrivateKey, *,
                  exported_at: datetime | None = None) -> bytes:  # fmt: skip
    """The signed ZIP of the cooperative's audit bundle (NotFound for an unknown cooperative; Conflict when an
    event is not chained yet or no longer gives its digest)."""
    at = (exported_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    events = app.history(coop_id)
    coop = app.cooperative(coop_id)
    names = display_names(engine, [i for e in events for i in (e.actor, *getattr(e, "members_present", ()))])
    files = {fmt.EVENTS: _event_lines(app, engine, coop_id, events),
             fmt.VERDICTS: fmt.json_bytes(_verdicts(events, names, links_of(engine, coop_id, len(events)))),
             "names.json": fmt.json_bytes(_names(names, at)),
             "audit.json": fmt.json_bytes([audit_of(app, engine, coop_id, mention=n).to_dict()
                                           for n in range(1, len(grants(events)) + 1)]),
             "LISEZMOI.txt": README.format(name=coop.dossier["identity"]["name"], siren=coop.siren,
                                           date=at.isoformat()).encode("utf-8")}  # fmt: skip
    files.update(_dossiers(app, coop_id, events, names))
    manifest = _manifest(coop, at, engine, len(events), key, fmt.file_list(files))
    manifest_bytes = fmt.json_bytes(manifest)
    files[fmt.MANIFEST] = manifest_bytes
    files[fmt.SIGNATURE] = (key.sign(manifest_bytes).hex() + "\n").encode("ascii")
    files[fmt.SUMS] = fmt.sums(manifest["files"])
    return fmt.pack(files, at)


def _manifest(coop: Any, at: datetime, engine: Engine, count: int, key: Ed25519PrivateKey,
              listed: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    public = signing.public_of(key)
    return {"format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION,
            "cooperative": {"id": str(coop.id), "name": coop.dossier["identity"]["name"], "siren": coop.siren},
            "exported_at": at.isoformat(), "code_version": qualicoop_es.__version__,
            "chain": {"layout_version": LAYOUT_VERSION, **head(engine).to_dict()}, "events": count,
            "signature": {"algorithm": public.algorithm, "public_key": public.hex, "fingerprint": public.fingerprint,
                          "file": fmt.SIGNATURE},
            "files": listed}  # fmt: skip


def _event_lines(app: QualicoopApplication, engine: Engine, coop_id: UUID, events: list[Any]) -> bytes:
    """One JSON line per event, in log order: the stored fields, the previous digest, the digest (recomputed here
    and compared with the ledger's), and the decoded kind, business date and actor for people."""
    stored = app.recorder.select_events(coop_id)
    links = links_of(engine, coop_id, len(stored))
    lines = []
    for record, event in zip(stored, events, strict=True):
        link = links.get(record.originator_version)
        if link is None:
            raise Conflict(f"L'événement version {record.originator_version} n'est pas encore chaîné : réessayez.")
        row = _Row(link.position, record.originator_id, record.originator_version, record.topic, record.state)
        if digest_of(bytes.fromhex(link.previous), row).hex() != link.digest:
            raise Conflict(f"L'événement n°{link.position} ne correspond plus à son empreinte : lancez « qualicoop "
                           "verify » avant d'exporter.")  # fmt: skip
        lines.append(fmt.json_line(_line(row, link, event)))
    return b"".join(lines)


def _line(row: _Row, link: Link, event: Any) -> dict[str, Any]:
    kind, label, _ = KINDS.get(type(event), (row.topic, row.topic, None))
    return {"position": row.id, "chain_rank": link.seq, "originator_id": str(row.originator_id),
            "originator_version": row.originator_version, "topic": row.topic,
            "state_base64": base64.b64encode(row.state).decode("ascii"), "previous_digest": link.previous,
            "digest": link.digest, "kind": kind, "kind_label": label,
            "effective_on": event.effective_on.isoformat(), "recorded_at": event.timestamp.isoformat(),
            "actor": event.actor}  # fmt: skip


def _verdicts(events: list[Any], names: dict[str, str], links: dict[int, Link]) -> list[dict[str, Any]]:
    found = []
    for event in in_business_order(events):
        if isinstance(event, C.VerdictRecorded):
            link = links.get(event.originator_version)
            found.append({"version": event.originator_version, "effective_on": event.effective_on.isoformat(),
                          "position": link.position if link else None, "chain_digest": link.digest if link else None,
                          "actor": event.actor, "actor_name": names.get(event.actor, "Système"),
                          **verdict_of(event, names).to_dict()})  # fmt: skip
    return found


def _names(names: dict[str, str], at: datetime) -> dict[str, Any]:
    return {"as_of": at.isoformat(),
            "note": "Noms affichés à la date de l'export. Les événements ne nomment les personnes que par un "
                    "identifiant opaque ; après un effacement, le nom est « personne effacée ».",
            "people": [{"id": i, "name": names[i]} for i in sorted(names)]}  # fmt: skip


def _dossiers(app: QualicoopApplication, coop_id: UUID, events: list[Any], names: dict[str, str]) -> dict[str, bytes]:
    """``dossiers/version-NNNN.json`` and ``.html`` for every version submitted (dossier or bilan) or judged."""
    versions: set[int] = set()
    for e in events:
        found = getattr(e, "dossier_version", None) or getattr(e, "judged_version", None)
        if found is not None:
            versions.add(int(found))
    titles = {e["number"]: e["title"] for e in app.catalogue().as_dict()["engagements"]}
    files = {}
    for version in sorted(versions):
        document = dossier_document(app, coop_id, version, events, names)
        base = f"dossiers/version-{version:04d}"
        files[base + ".json"] = fmt.json_bytes(document)
        files[base + ".html"] = bundle_html.render(document, titles)
    return files


def dossier_document(app: QualicoopApplication, coop_id: UUID, version: int, events: list[Any],
                     names: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    state = app.cooperative(coop_id, version)
    submitted = [{"kind": KINDS[type(e)][0], "effective_on": e.effective_on.isoformat(), "version": e.originator_version}
                 for e in events if isinstance(e, C.DossierSubmitted | C.BilanSubmitted) and e.dossier_version == version]  # fmt: skip
    verdicts = [{"version": e.originator_version, "effective_on": e.effective_on.isoformat(),
                 **verdict_of(e, names).to_dict()}
                for e in in_business_order(events) if isinstance(e, C.VerdictRecorded) and e.judged_version == version]  # fmt: skip
    return {"cooperative": {"id": str(coop_id), "name": state.dossier["identity"]["name"], "siren": state.siren},
            "version": version, "dossier_digest": ds.digest(state.dossier), "submitted": submitted,
            "verdicts": verdicts, "checklist": rules.checklist(state.dossier),
            "dossier": ds.plain(state.dossier)}  # fmt: skip
