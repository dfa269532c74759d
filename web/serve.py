"""The `qualicoop` console entry point: the core's command group plus `serve`, which composes the web adapter.

The dependency points from `web` to the core: `qualicoop_es.cli` knows nothing of Flask, and this module adds the one
command that needs it before handing over to the core's entry point.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from qualicoop_es import cli
from qualicoop_es.config import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True, help="Fils par processus.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processus (au-delà de 1 : gunicorn, l'application construite dans chaque processus).")  # fmt: skip
@click.pass_context
@cli.friendly
def serve(ctx: click.Context, host: str, port: int, threads: int, workers: int) -> None:
    """Sert l'interface et l'API : un processus waitress à plusieurs fils, ou --workers processus gunicorn."""
    settings: Settings = ctx.obj["settings"]
    if settings.pool_size < threads:  # a connection kept open for every thread that may use one
        settings = dataclasses.replace(settings, pool_size=threads)
    click.echo(f"Quali'Coop ES sur http://{host}:{port}/ (API : /api/v1, documentation : /api/v1/docs)")
    from web.request_log import configure

    configure()  # JSON lines with the request id on stderr (gunicorn's workers inherit it at the fork)
    if workers == 1:
        import waitress

        from web import create_app

        app = create_app(settings)
        follow(app)
        waitress.serve(app, host=host, port=port, threads=threads, ident="qualicoop")
        return
    from web.workers import Workers

    Workers(settings, bind=f"{host}:{port}", workers=workers, threads=threads).run()


def follow(app: Any) -> None:
    """This serving process follows the log while it serves (``qualicoop_es.projections.follower``)."""
    from qualicoop_es.projections.follower import start_following

    projector = app.extensions["qualicoop"].projector
    if projector is not None:
        start_following(projector)


def main() -> click.Group:
    """The whole command group: the core's commands and `serve`."""
    cli.main.add_command(serve)
    return cli.main


def run(argv: list[str] | None = None) -> None:
    """Console entry point (`qualicoop` in pyproject.toml)."""
    main()
    cli.run(argv)
