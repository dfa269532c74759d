"""``qualicoop audit``, ``export-audit``, ``verify-bundle`` and ``integrity key`` (registered by cli.py).

``audit`` and ``export-audit`` act as the operator on the server (``CLI_ACTOR``) through the core's policy;
``verify-bundle`` reads the ZIP only (no store: it works on any machine); ``integrity key`` prints the public half of
the installation's signing key.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from qualicoop_es.access import authorize
from qualicoop_es.cli_support import fail, friendly, resolve, services
from qualicoop_es.integrity import bundle_check, signing
from qualicoop_es.integrity.bundle import audit_bundle
from qualicoop_es.integrity.cli import CLI_ACTOR
from qualicoop_es.queries.audit import audit_of


def audit_text(data: dict[str, Any]) -> str:
    """The audit for people: the mention and its validity, then each fact with its link in the chain."""
    v = data["validity"]
    lines = [f"{data['name']} (SIREN {data['siren']}) — mention n°{data['mention_number']} sur "
             f"{data['mentions_granted']} : « {v['granted_label']} » accordée le {v['granted_on']}",
             f"  Validité : jusqu'au {v['valid_until_at_grant'] or '—'} à l'octroi ; au {v['as_of']} : "
             f"« {v['held_label']} »" + (f", valable jusqu'au {v['valid_until']}" if v["valid_until"] else "")
             + (f", expirée le {v['expired_on']}" if v["expired_on"] else "")
             + (f" ; suivie d'une nouvelle mention le {v['superseded_on']}" if v["superseded_on"] else "")]  # fmt: skip
    for fact in data["facts"]:
        link = f"n°{fact['position']} {fact['chain_digest'][:16]}…" if fact["position"] else "pas encore chaîné"
        lines.append(f"  {fact['effective_on']}  v{fact['version']:<4} {fact['sentence']} — par {fact['actor_name']}"
                     f" [{fact['stage_label']} ; maillon {link}]")  # fmt: skip
        lines += [f"      {line}" for line in _details(fact)]
    chain = data["chain"]
    lines.append(f"  Tête de la chaîne : n°{chain['head_position']} {chain['head_digest'] or '(vide)'}")
    return "\n".join(lines)


def _details(fact: dict[str, Any]) -> list[str]:
    found = []
    if fact["dossier_version"]:
        found.append(f"dossier version {fact['dossier_version']}, empreinte {fact['dossier_digest']}")
    verdict = fact["verdict"]
    if verdict:
        members = ", ".join(f"{m['name']} ({m['id']})" for m in verdict["members_present"])
        found += [f"session : {verdict['session_reference']} ; membres présents : {members}",
                  f"version jugée {verdict['judged_version']}, empreinte {verdict['judged_digest']}",
                  f"motifs : {verdict['rationale']}"]  # fmt: skip
    found += [f"{c['label']} : {c['before']} → {c['after']}" for c in fact["changes"]]
    found += [f"motif : {fact['reason']}"] if fact["reason"] else []
    found += [f"compte rendu : {fact['summary']}"] if fact["summary"] else []
    return found


@click.command("audit")
@click.argument("coop")
@click.option(
    "--mention", type=click.IntRange(min=1), default=None, help="La n-ième mention accordée (défaut : la dernière)."
)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
@friendly
def audit_command(ctx: click.Context, coop: str, mention: int | None, as_json: bool) -> None:
    """Comment une mention a été accordée : dépôts, verdicts, points d'étape, réajustements, bilans, validité —
    chaque fait avec l'empreinte de son événement dans la chaîne."""
    with services(ctx) as svc:
        coop_id = resolve(svc, coop)
        authorize(CLI_ACTOR, "read_audit", coop_id)
        data = audit_of(svc.app, svc.engine, coop_id, mention=mention).to_dict()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else audit_text(data))


def _parse_moment(_: Any, __: Any, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS, reçu « {value} »"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command("export-audit")
@click.argument("coop")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="Fichier ZIP à écrire.")  # fmt: skip
@click.option("--date", "moment", callback=_parse_moment, default=None,
              help="Date d'export inscrite au manifeste (défaut : maintenant, UTC).")  # fmt: skip
@click.pass_context
@friendly
def export_audit_command(ctx: click.Context, coop: str, out: Path, moment: datetime | None) -> None:
    """Écrit l'archive d'audit signée d'une coopérative (événements et empreintes, dossiers jugés, verdicts,
    noms, manifeste signé) ; vérifiable hors ligne par « qualicoop verify-bundle »."""
    with services(ctx) as svc:
        coop_id = resolve(svc, coop)
        data = audit_bundle(svc, coop_id, actor=CLI_ACTOR, exported_at=moment)
        public = signing.public_of(signing.private_key(svc.settings, svc.extras))
    out.write_bytes(data)
    click.echo(f"Archive écrite : {out} ({len(data)} octets, SHA-256 {bundle_check.fmt.sha256(data)}) ; "
               f"signée par la clé {public.fingerprint}.")  # fmt: skip


@click.command("verify-bundle")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "key", default=None,
              help="Clé publique de l'installation : 64 chiffres hexadécimaux, PEM, ou un fichier qui la contient "
                   "(défaut : la clé intégrée à l'archive, qui ne prouve pas l'origine).")  # fmt: skip
def verify_bundle_command(bundle: Path, key: str | None) -> None:
    """Vérifie une archive d'audit hors ligne : empreintes des fichiers, signature du manifeste, empreintes et
    chaînage des événements (code 1 si elle a été modifiée, 2 si elle est illisible)."""
    try:
        report = bundle_check.check(bundle.read_bytes(), _key_text(key))
    except OSError as error:
        fail(f"{bundle} : lecture impossible ({error.strerror or error})", 2)
        return
    except bundle_check.Unreadable as error:
        fail(f"{bundle} : {error}", 2)
        return
    except bundle_check.BadKey as error:
        fail(f"--key : {error}", 2)
        return
    for line in report.checks:
        click.echo(f"OK     {line}")
    for line in report.problems:
        click.echo(f"ÉCHEC  {line}")
    click.echo(f"{bundle} : archive intègre." if report.ok else f"{bundle} : archive NON conforme.")
    if not report.ok:
        sys.exit(1)


def _key_text(key: str | None) -> str | None:
    """The key itself, or the content of the file it names."""
    if key is None:
        return None
    path = Path(key)
    if len(key) != 64 and path.is_file():
        return path.read_text(encoding="ascii", errors="replace")
    return key


@click.group("integrity")
def integrity_group() -> None:
    """La clé de signature de l'installation."""


@integrity_group.command("key")
@click.option("--pem", is_flag=True, help="Afficher la clé au format PEM.")
@click.pass_context
@friendly
def key_command(ctx: click.Context, pem: bool) -> None:
    """Affiche la clé publique qui signe les archives d'audit (créée par « qualicoop init »)."""
    settings = ctx.obj["settings"]
    public = signing.public_of(signing.private_key(settings))
    if pem:
        click.echo(public.pem, nl=False)
        return
    click.echo(f"{public.hex}\n{public.algorithm}, empreinte {public.fingerprint} ; fichier : "
               f"{signing.key_path(settings) or '(en mémoire)'}")  # fmt: skip
