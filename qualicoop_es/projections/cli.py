"""``qualicoop projections …``: rebuild, status and follow the read models (registered in ``qualicoop_es.cli``)."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from typing import Any

import click

from qualicoop_es import bootstrap
from qualicoop_es.projections.online import rebuild_online
from qualicoop_es.projections.runner import Projector


def _projector(svc: bootstrap.Services) -> Projector:
    assert svc.projector is not None
    return svc.projector


@click.group("projections")
def projections() -> None:
    """Modèles de lecture : reconstruction, état, suivi du journal."""


@projections.command()
@click.argument("names", nargs=-1)
@click.option("--in-place", is_flag=True,
              help="Vider et remplir les tables elles-mêmes (plus rapide ; seulement serveur arrêté).")  # fmt: skip
@click.pass_context
def rebuild(ctx: click.Context, names: tuple[str, ...], in_place: bool) -> None:
    """Rejoue depuis le début les projections NAMES (toutes par défaut) à côté des tables en service, puis bascule
    d'un coup : les lectures continuent de répondre, complètes, pendant toute la reconstruction."""
    svc = bootstrap.build(ctx.obj["settings"])
    try:
        projector = _projector(svc)
        unknown = sorted(set(names) - set(projector.projections))
        if unknown:
            raise click.BadParameter(f"projection inconnue : {', '.join(unknown)} (connues : "
                                     f"{', '.join(projector.projections)})", param_hint="NAMES")  # fmt: skip
        in_place = in_place or svc.settings.backend == "memory"
        with click.progressbar(length=projector.head(), label="Reconstruction", file=sys.stderr) as bar:
            if in_place:
                read = projector.rebuild(list(names) or None, progress=bar.update)
            else:
                read = rebuild_online(svc, list(names) or None, progress=bar.update)
        how = (
            "sur place"
            if in_place
            else "à côté des tables en service, puis bascule d'un coup (lectures jamais interrompues)"
        )
        click.echo(f"{read} événements rejoués pour : {', '.join(names or projector.projections)} ({how}).")
    finally:
        svc.close()


@projections.command()
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Position de chaque projection, tête du journal et retard."""
    svc = bootstrap.build(ctx.obj["settings"])
    try:
        rows = _projector(svc).status()
    finally:
        svc.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        state = f"ERREUR : {row['error']}" if row["error"] else "ok"
        click.echo(f"{row['name']:<16} position {row['position']:>9}  tête {row['head']:>9}  "
                   f"retard {row['lag']:>9}  {state}")  # fmt: skip


@projections.command()
@click.option("--poll", type=click.FloatRange(0.05, 60), default=1.0, show_default=True,
              help="Intervalle de scrutation en secondes (SQLite).")  # fmt: skip
@click.pass_context
def follow(ctx: click.Context, poll: float) -> None:
    """Suit le journal et tient les modèles de lecture à jour (Ctrl-C pour arrêter)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    svc = bootstrap.build(ctx.obj["settings"])
    stop = threading.Event()

    def _stop(*_: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    click.echo("Suivi du journal… (Ctrl-C pour arrêter)", err=True)
    try:
        _projector(svc).follow(stop, poll_interval=poll)
    except KeyboardInterrupt:
        stop.set()
    finally:
        svc.close()
