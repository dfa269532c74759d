"""``qualicoop backup``, ``restore`` and ``migrate`` (see ``qualicoop_es.backup`` for what a backup holds)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import click

from qualicoop_es import backup as bk
from qualicoop_es.cli_support import friendly, services
from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput


def _restored(summary: bk.Summary, where: str) -> None:
    click.echo(f"{summary.events} événements remis à leur position dans {where} (dernière : {summary.head_position}), "
               f"{summary.people} comptes.")  # fmt: skip
    click.echo("Vues reconstruites depuis le journal ; chaîne d'intégrité vérifiée : "
               f"tête {summary.head_digest[:16]}… identique à celle de la sauvegarde.")  # fmt: skip
    click.echo("La clé de signature des archives d'audit n'est pas dans la sauvegarde : copiez-la à part.")


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Fichier de sauvegarde à écrire.")
@click.pass_context
@friendly
def backup_command(ctx: click.Context, out: Path) -> None:
    """Sauvegarde le journal (chaque événement à sa position) et les comptes dans un fichier (droits 0600)."""
    with services(ctx) as svc:
        summary = bk.backup(svc, out)
    click.echo(f"Sauvegarde écrite dans {out} : {summary.events} événements (dernière position "
               f"{summary.head_position}, empreinte {summary.head_digest[:16]}…), {summary.people} comptes.")  # fmt: skip


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
@friendly
def restore_command(ctx: click.Context, file: Path) -> None:
    """Restaure une sauvegarde dans le stockage configuré, qui doit être vide ; reconstruit les vues et vérifie la
    chaîne d'intégrité contre la sauvegarde."""
    settings: Settings = ctx.obj["settings"]
    _restored(bk.restore(file, settings), settings.backend)


@click.command("migrate")
@click.option("--to", "url", required=True, help="URL du stockage de destination (vide), p. ex. postgresql://…")
@click.pass_context
@friendly
def migrate_command(ctx: click.Context, url: str) -> None:
    """Déplace tout le stockage configuré (événements, positions, comptes) vers un autre, vide, puis y vérifie la
    chaîne d'intégrité : même tête, même empreinte."""
    target = dataclasses.replace(ctx.obj["settings"], database_url=url)
    try:
        target.backend  # noqa: B018 — checks the URL's scheme
    except InvalidInput as error:
        raise InvalidInput("to", error.errors[error.field][0]) from None
    if target.database_url == ctx.obj["settings"].database_url:
        raise InvalidInput("to", "la destination est le stockage configuré lui-même")
    with tempfile.TemporaryDirectory(prefix="qualicoop-migrate-") as folder:
        path = Path(folder) / "backup.sqlite3"
        with services(ctx) as svc:
            bk.backup(svc, path)
        _restored(bk.restore(path, target), target.backend)
