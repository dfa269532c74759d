"""The one composition root: Settings → event-sourced application (and, later, read models)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from qualicoop_es.application import QualicoopApplication
from qualicoop_es.config import Settings


@dataclass
class Services:
    settings: Settings
    app: QualicoopApplication

    def close(self) -> None:
        self.app.close()


def build(settings: Settings | None = None, *, clock: Callable[[], date] | None = None) -> Services:
    """Build everything a process needs. Call it after any fork (one application per process)."""
    settings = settings or Settings()
    app = QualicoopApplication(settings.event_store_env(), clock=clock, snapshot_interval=settings.snapshot_interval)
    return Services(settings=settings, app=app)
