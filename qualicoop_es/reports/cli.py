"""``qualicoop report``: the annual network report(s), replayed from the log, in a format (registered by cli.py)."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from qualicoop_es.access import Actor, authorize
from qualicoop_es.cli_support import friendly, parse_day, services
from qualicoop_es.errors import InvalidInput
from qualicoop_es.reports.build import Request, build_reports, parse_years
from qualicoop_es.reports.render import FORMATS, canonical, check_format, render

CLI_ACTOR = Actor.operator("cli")


def check_out(path: str | None) -> Path | None:
    """The output file, checked writable before any work (else a one-line message and exit 2)."""
    if path is None or path == "-":
        return None
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK) or (
            target.exists() and not os.access(target, os.W_OK)):  # fmt: skip
        raise InvalidInput("out", f"impossible d'écrire le fichier « {path} » (dossier absent ou non inscriptible)")
    return target


def parse_moment(_: Any, __: Any, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"date et heure attendues (AAAA-MM-JJTHH:MM:SS), reçu « {value} »") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _write(content: bytes, target: Path | None) -> None:
    if target is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        target.write_bytes(content)
    except OSError as error:
        raise InvalidInput("out", f"impossible d'écrire le fichier « {target} » ({error.strerror})") from None
    click.echo(f"Rapport écrit dans {target} ({len(content)} octets).", err=True)


@click.command("report")
@click.option("--year", "years", required=True, help="Année (AAAA) ou période (AAAA-AAAA), en une seule passe.")
@click.option("--basis", default="effective", show_default=True,
              help="effective : faits datés au plus tard le 31 décembre ; recorded : faits enregistrés au plus tard ce jour-là.")  # fmt: skip
@click.option("--as-recorded-on", callback=parse_day, default=None,
              help="Ne retenir que les faits enregistrés au plus tard ce jour (AAAA-MM-JJ) : le rapport tel que publié.")  # fmt: skip
@click.option("--format", "fmt", default="json", show_default=True, help=f"Format : {', '.join(FORMATS)}.")
@click.option("--out", default=None, help="Fichier de sortie (défaut : la sortie standard).")
@click.option("--table", default=None, help="CSV : un seul tableau (par son nom) au lieu du ZIP de tous.")
@click.option("--compare-recorded-on", callback=parse_day, default=None,
              help="Ce qui a changé entre le rapport tel que publié (enregistré à cette date) et tel que corrigé.")  # fmt: skip
@click.option("--generated-at", callback=parse_moment, default=None,
              help="Heure de génération fixée (AAAA-MM-JJTHH:MM:SS) : elle entre alors dans le JSON reproductible.")  # fmt: skip
@click.pass_context
@friendly
def report_command(ctx: click.Context, years: str, basis: str, as_recorded_on: date | None, fmt: str,
                   out: str | None, table: str | None, compare_recorded_on: date | None,
                   generated_at: datetime | None) -> None:  # fmt: skip
    """Rapport annuel du réseau, rejoué depuis le journal des événements (état au 31 décembre et activité de
    l'année, comparés à l'année précédente), avec sa provenance."""
    first, last = parse_years(years)
    check_format(fmt)
    if table is not None and fmt != "csv":
        raise InvalidInput("table", "--table ne s'emploie qu'avec --format csv")
    target = check_out(out)
    request = Request(first, last, basis, as_recorded_on, generated_at)
    today = date.today()
    with services(ctx) as svc:
        authorize(CLI_ACTOR, "read_reports")
        if compare_recorded_on is not None:
            _compare(svc, request, compare_recorded_on, fmt, target, today)
            return
        reports = build_reports(svc.app, svc.engine, request, today=today)
    shown = generated_at or datetime.now(UTC)
    _write(render(reports, fmt, shown_time=shown, table=table).content, target)


def _compare(svc: Any, request: Request, on: date, fmt: str, target: Path | None, today: date) -> None:
    from qualicoop_es.reports.compare import compare
    from qualicoop_es.reports.compare_text import as_text

    if request.first != request.last:
        raise InvalidInput("year", "--compare-recorded-on compare une seule année")
    result = compare(svc.app, svc.engine, request, on, today=today)
    if fmt == "json":
        _write(canonical([result]), target)
    else:
        _write(as_text(result).encode("utf-8"), target)
