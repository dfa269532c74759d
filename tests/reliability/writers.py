"""What the reliability tests share: clients registering cooperatives under steady writes, every answer recorded,
and the check that nothing acknowledged was lost or stored twice and that the read models equal a rebuild."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

import requests

from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from tests.projections.projection_helpers import digest
from tests.support import ACTIVITIES, siren

#: The status recorded when no answer came (the server gone or the request timed out): an unknown outcome.
NO_ANSWER = 0


@dataclass
class Answer:
    number: int
    status: int
    seconds: float
    retry_after: str | None
    code: str | None


class Writers:
    """Clients registering cooperatives with fresh SIRENs (numbered from ``first``), every answer recorded with its
    duration; the SIRENs answered 201 are the acknowledged ones."""

    def __init__(self, base: str, token: str, first: int = 1, clients: int = 3, timeout: float = 10.0) -> None:
        self.base, self.token, self.next, self.timeout = base, token, first, timeout
        self.answers: list[Answer] = []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    @property
    def acknowledged(self) -> list[str]:
        with self.lock:
            return [siren(a.number) for a in self.answers if a.status == 201]

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                number, self.next = self.next, self.next + 1
            answer = self.register(number)
            with self.lock:
                self.answers.append(answer)

    def register(self, number: int) -> Answer:
        body = {"name": f"Coop n°{number}", "siren": siren(number), "legal_form": "SCP", "departement": "35",
                "activities": ACTIVITIES, "effective_on": "2022-01-10"}  # fmt: skip
        started = time.monotonic()
        try:
            answer = requests.post(f"{self.base}/api/v1/cooperatives", json=body, timeout=self.timeout,
                                   headers={"Authorization": f"Bearer {self.token}"})  # fmt: skip
        except requests.RequestException:
            return Answer(number, NO_ANSWER, time.monotonic() - started, None, None)
        code = answer.json().get("code") if answer.status_code >= 400 else None
        return Answer(number, answer.status_code, time.monotonic() - started, answer.headers.get("Retry-After"), code)

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=self.timeout * 4)


def check_store(url: str, acknowledged: list[str]) -> None:
    """Nothing acknowledged is lost, nothing stored twice, no gap in any aggregate's versions, the read models
    caught up and equal to a rebuild."""
    svc = build(Settings(database_url=url))
    try:
        stored = Counter(svc.app.cooperative(c).siren for c in svc.app.cooperative_ids())
        assert [s for s in acknowledged if s not in stored] == []  # nothing acknowledged is lost
        assert [s for s, n in stored.items() if n > 1] == []  # nothing stored twice
        for coop_id in svc.app.cooperative_ids():
            versions = [e.originator_version for e in svc.app.recorder.select_events(coop_id)]
            assert versions == list(range(1, len(versions) + 1))
        assert svc.projector is not None
        assert all(s["lag"] == 0 and s["error"] is None for s in svc.projector.status())
        caught_up = digest(svc.engine)
        svc.projector.rebuild()
        assert digest(svc.engine) == caught_up
    finally:
        svc.close()
