"""``qualicoop serve --workers N``: gunicorn's pre-fork server, through its documented custom-application API.

The master process never builds the application: each worker builds its own after the fork (``load`` runs in the
worker, ``preload_app`` stays off), so no connection, pool or thread crosses a fork. Every worker reads and writes
the same store and read models; what one worker stores, the others read at once (the read models are tables of the
store, moved forward in the command's own catch-up).
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from qualicoop_es.config import Settings


class Workers(BaseApplication):
    def __init__(self, settings: Settings, *, bind: str, workers: int, threads: int) -> None:
        self.settings = settings
        self.options: dict[str, Any] = {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": False,
            "timeout": 60,  # a worker silent this long is restarted
            "graceful_timeout": 30,  # on SIGTERM: the requests under way are finished first
            "proc_name": "qualicoop",
            "accesslog": None,
            "errorlog": "-",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from web import create_app
        from web.serve import follow

        app = create_app(self.settings)
        follow(app)  # in the worker, after the fork: its own thread
        return app
