"""Every serving process follows the log while it serves: the read models never stay behind, even when the events
were written by another process that died before catching up (a kill -9 between its commit and its read models,
a PostgreSQL backend finishing a commit after its client was gone).

One daemon thread per process runs ``Projector.follow`` (PostgreSQL: the store's subscription; SQLite: a catch-up
every ``poll`` seconds, one indexed read when nothing is new). A store fault stops a follow: it is logged in one
line and started again after a pause that doubles up to a minute, so a server outlives a database restart.
"""

from __future__ import annotations

import logging
import threading

from qualicoop_es.projections.runner import Projector

logger = logging.getLogger("qualicoop_es.projections.follower")

MAX_PAUSE = 60.0


def follow_forever(projector: Projector, stop: threading.Event, *, poll: float = 1.0) -> None:
    pause = 1.0
    while not stop.is_set():
        try:
            projector.follow(stop, poll_interval=poll)
            pause = 1.0
        except Exception as error:  # a store fault: told once, then followed again
            logger.warning("Suivi du journal interrompu (%s : %s) ; reprise dans %.0f s", type(error).__name__,
                           error, pause)  # fmt: skip
            stop.wait(pause)
            pause = min(pause * 2, MAX_PAUSE)


def start_following(projector: Projector, *, poll: float = 1.0) -> threading.Event:
    """Follow the log in a daemon thread of this process; set the returned event to stop (``projector.close()``
    stops it and waits for it, before the store it reads is closed)."""
    stop = threading.Event()
    thread = threading.Thread(target=follow_forever, args=(projector, stop), kwargs={"poll": poll},
                              name="qualicoop-follow", daemon=True)  # fmt: skip
    projector.followers.append((stop, thread))
    thread.start()
    return stop
