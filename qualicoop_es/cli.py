"""The ``qualicoop`` command: thin over the application, the projections and the reports."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

import click

from qualicoop_es import bootstrap, presenters
from qualicoop_es.aggregates.standing import MENTION_LABELS, STEP_LABELS
from qualicoop_es.cli_support import fail, friendly, parse_day, resolve, services
from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput
from qualicoop_es.integrity import append_only, signing
from qualicoop_es.queries import cooperative as cq

__all__ = ["fail", "friendly", "main", "parse_day", "resolve", "services"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database-url", envvar="QUALICOOP_DATABASE_URL", default=None,
              help="sqlite:///chemin.sqlite3 (défaut : instance/qualicoop.sqlite3) ou postgresql://…")  # fmt: skip
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """Quali'Coop ES : registre événementiel de la démarche Quali'Coop."""
    mapping = dict(os.environ)
    if database_url:
        mapping["QUALICOOP_DATABASE_URL"] = database_url
    try:
        ctx.obj = {"settings": Settings.from_mapping(mapping)}
        ctx.obj["settings"].backend  # noqa: B018 — validates the URL early
    except InvalidInput as error:  # name the setting at fault: the option, or the environment variable
        hint = "--database-url" if error.field == "QUALICOOP_DATABASE_URL" else error.field
        raise click.BadParameter(error.errors[error.field][0], param_hint=hint) from None


@main.command()
@click.pass_context
@friendly
def init(ctx: click.Context) -> None:
    """Crée le stockage et le catalogue des 12 engagements (sans effet s'ils existent) ; le journal devient
    en ajout seul (déclencheurs refusant toute modification ou suppression d'un événement stocké) ; crée la clé
    Ed25519 qui signe les archives d'audit (droits 0600, à côté de la clé secrète)."""
    with services(ctx) as svc:
        with bootstrap.schema_lock(svc.settings):  # several processes may run init at once
            catalogue = svc.app.ensure_catalogue()
            if svc.settings.backend != "memory":
                append_only.install(svc.app, svc.engine)
        path, created = signing.ensure_key(svc.settings)
        click.echo(
            f"Stockage prêt ({svc.settings.backend}, journal en ajout seul) ; catalogue version {catalogue.version}."
        )
        if path is not None:
            click.echo(f"Clé de signature des archives d'audit {'créée' if created else 'présente'} : {path}")


@main.command()
@click.option("--cooperatives", "count", type=click.IntRange(1, 20000), default=165, show_default=True)
@click.option("--seed", type=int, default=2022, show_default=True)
@click.option("--today", callback=parse_day, default=None, help="Date du jour simulée (AAAA-MM-JJ).")
@click.option(
    "--years",
    type=click.IntRange(1, 30),
    default=None,
    help="Historiques sur ce nombre d'années civiles, celle du jour comprise (par défaut : depuis 2022).",
)
@click.option("--if-empty", is_flag=True, help="Ne rien faire si des coopératives sont déjà enregistrées.")
@click.pass_context
@friendly
def demo(ctx: click.Context, count: int, seed: int, today: date | None, years: int | None, if_empty: bool) -> None:
    """Charge un réseau de démonstration déterministe (historiques de 2022, ou de --years ans, à aujourd'hui)."""
    from qualicoop_es import demo as demo_module

    day = today or date.today()
    svc = bootstrap.build(ctx.obj["settings"], clock=lambda: day)
    try:
        if if_empty and next(iter(svc.app.cooperative_ids()), None) is not None:
            click.echo("La base contient déjà des coopératives : réseau de démonstration non chargé.")
            return
        with click.progressbar(length=count, label="Coopératives", file=sys.stderr) as bar:
            summary = demo_module.load(svc, count=count, seed=seed, today=day, progress=True, on_progress=bar.update,
                                       years=years)  # fmt: skip
        click.echo(summary)
    finally:
        svc.close()


@main.command()
@click.argument("coop", required=False)
@click.option("--as-of", callback=parse_day, default=None, help="Statut à cette date (AAAA-MM-JJ).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
@friendly
def status(ctx: click.Context, coop: str | None, as_of: date | None, as_json: bool) -> None:
    """Statut d'une coopérative (id ou SIREN), ou résumé du réseau."""
    day = as_of or date.today()
    with services(ctx) as svc:
        if coop:
            coop_id = resolve(svc, coop)
            view = cq.as_of_or_404(svc.app, coop_id, day) if as_of else cq.current(svc.app, coop_id, day=day)
            described = view.to_dict()
            click.echo(json.dumps(described, ensure_ascii=False, indent=2) if as_json else _status_text(described))
            return
        if not as_of and not as_json:  # the network summary comes from the read models
            _network_figures_text(svc, day)
            return
        rows = []
        for coop_id in svc.app.cooperative_ids():
            aggregate = svc.app.as_of(coop_id, day) if as_of else svc.app.cooperative(coop_id)
            if aggregate is not None:
                rows.append(presenters.list_item(aggregate, day))
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if as_json else _network_text(rows, day))


@main.command()
@click.argument("coop")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
@friendly
def history(ctx: click.Context, coop: str, as_json: bool) -> None:
    """Historique complet d'une coopérative, dans l'ordre du journal."""
    with services(ctx) as svc:
        events = [presenters.describe_event(e) for e in svc.app.history(resolve(svc, coop))]
    if as_json:
        click.echo(json.dumps(events, ensure_ascii=False, indent=2))
        return
    for e in events:
        click.echo(f"v{e['version']:>4}  {e['effective_on']}  {e['kind']:<24} par {e['actor']}")


def _status_text(d: dict[str, Any]) -> str:
    s = d["status"]
    lines = [f"{d['name']} (SIREN {d['siren']}) — version {d['version']}",
             f"  Au {s['as_of']} : mention « {s['mention_label']} », étape « {s['step_label']} » "
             f"(depuis le {s['step_since']})"]  # fmt: skip
    if s["valid_until"]:
        lines.append(f"  Mention valable jusqu'au {s['valid_until']}")
    if s["expired_on"]:
        lines.append(f"  Mention expirée le {s['expired_on']}")
    if s["next_bilan_due"]:
        lines.append(f"  Prochain bilan attendu le {s['next_bilan_due']} (recevable dès le {s['bilan_accepted_from']})")
    if d["pending_judgement"]:
        p = d["pending_judgement"]
        lines.append(f"  En attente du comité : {'dossier' if p['kind'] == 'submission' else 'bilan'} déposé le "
                     f"{p['submitted_on']}, version {p['version']}, empreinte {p['digest'][:12]}…")  # fmt: skip
    lines.append(f"  Engagements choisis : {len(d['dossier']['engagements'])}")
    lines += [f"  [{'x' if i['ok'] else ' '}] {i['label']}" for i in d["checklist"]]
    return "\n".join(lines)


def _network_text(rows: list[dict[str, Any]], day: date) -> str:
    mentions = Counter(row["status"]["mention"] for row in rows)
    steps = Counter(row["status"]["step"] for row in rows)
    return _counts_text(day, len(rows), mentions, steps)


def _counts_text(day: date, total: int, mentions: Mapping[str, int], steps: Mapping[str, int]) -> str:
    lines = [f"Réseau Quali'Coop au {day.isoformat()} : {total} coopératives", " Mentions :"]
    lines += [f"  {MENTION_LABELS[k]:<36} {n:>5}" for k, n in sorted(mentions.items(), key=lambda kv: -kv[1])]
    lines.append(" Étapes :")
    lines += [f"  {STEP_LABELS[k]:<36} {n:>5}" for k, n in sorted(steps.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def _network_figures_text(svc: bootstrap.Services, day: date) -> None:
    from qualicoop_es.projections.queries import network_figures

    if svc.projector is not None:
        svc.projector.catch_up()
    figures = network_figures(svc.engine, day=day)
    click.echo(_counts_text(day, figures["total"], figures["per_mention"], figures["per_step"]))


def run(argv: list[str] | None = None) -> None:
    """Console entry point: click's usage errors become one line and exit code 2, in French as the rest."""
    from qualicoop_es import cli_french

    cli_french.use(main)
    try:
        main.main(args=argv, prog_name="qualicoop", standalone_mode=False)
    except click.UsageError as error:
        hint = f" (voir « qualicoop {error.ctx.command_path.partition(' ')[2]} --help »)" if error.ctx else ""
        click.echo(f"Erreur : {error.format_message()}{hint}".replace("  ", " "), err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"Erreur : {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(1)


def _register_projections() -> None:
    from qualicoop_es.projections.cli import projections

    main.add_command(projections)


_register_projections()


def _register_accounts() -> None:
    from qualicoop_es.accounts import cli_security  # noqa: F401 — sessions and locks, on the users group
    from qualicoop_es.accounts.cli import tokens, users

    main.add_command(users)
    main.add_command(tokens)


_register_accounts()


def _register_integrity() -> None:
    from qualicoop_es.integrity.audit_cli import (
        audit_command,
        export_audit_command,
        integrity_group,
        verify_bundle_command,
    )
    from qualicoop_es.integrity.cli import verify_command

    for command in (verify_command, audit_command, export_audit_command, verify_bundle_command, integrity_group):
        main.add_command(command)


_register_integrity()


def _register_reports() -> None:
    from qualicoop_es.reports.cli import report_command

    main.add_command(report_command)


_register_reports()


def _register_backups() -> None:
    from qualicoop_es.backup_cli import backup_command, migrate_command, restore_command

    for command in (backup_command, restore_command, migrate_command):
        main.add_command(command)


_register_backups()
