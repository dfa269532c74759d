"""The whole demonstration network: every cooperative's story written in one bulk load, then a French summary."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor, Role
from qualicoop_es.aggregates.standing import MENTION_LABELS, STEP_LABELS
from qualicoop_es.demo import members
from qualicoop_es.demo.committee import Committee, session_reference
from qualicoop_es.demo.profiles import profiles
from qualicoop_es.demo.story import write_history
from qualicoop_es.demo.team import Team
from qualicoop_es.demo.timeline import epoch_for


def load(svc: bootstrap.Services, *, count: int, seed: int, today: date, progress: bool,
         on_progress: Callable[[int], None] | None = None, years: int | None = None) -> str:  # fmt: skip
    """Write the demonstration network and return a French summary (status of every cooperative on ``today``).

    ``years``: the histories start that many calendar years back, counting today's (default: from 2022).

    ``svc.app.clock`` should return ``today`` (the guards refuse business dates after the application's today).
    ``on_progress(1)`` is called after each cooperative when ``progress`` is true.
    """
    epoch = epoch_for(today, years)
    if today < epoch + timedelta(days=90):
        raise ValueError(f"La date du jour simulée doit suivre le {(epoch + timedelta(days=90)).isoformat()}.")
    master = random.Random(seed)
    committee, team = Committee(seed, seated_on=epoch), Team(seed)
    statuses: Counter[tuple[str, str]] = Counter()
    events = 0
    with _read_models_caught_up_at_the_end(svc):
        members.seat(svc, committee, team)
        svc.app.ensure_catalogue(
            actor=Actor(team.lead, Role.FEDERATION)
        )  # unless established before (by ``qualicoop init``: the system)
        for profile in profiles(count, master):
            rng = random.Random(master.getrandbits(64))
            h = write_history(svc, profile, rng, committee, team, today, epoch)
            events += h.events
            standing = svc.app.cooperative(h.cid).standing_on(today)
            statuses["mention", standing.mention.value] += 1
            statuses["step", standing.step.value] += 1
            if progress and on_progress is not None:
                on_progress(1)
        _hold_sessions(svc, committee, Actor(team.lead, Role.FEDERATION))
    return _summary(count, events, seed, today, statuses)


def _hold_sessions(svc: bootstrap.Services, committee: Committee, federation: Actor) -> None:
    """The sessions the verdicts named, as records of the federation (after the verdicts: their references were
    typed then, as before sessions were records)."""
    held: set[str] = set()
    for day in sorted(committee.sessions):
        if session_reference(day) in held:  # one session a month: a second day of the month is not a session
            continue
        held.add(session_reference(day))
        svc.app.hold_committee_session(actor=federation, reference=session_reference(day), held_on=day,
                                       members=committee.sitting(day), effective_on=day)  # fmt: skip


@contextmanager
def _read_models_caught_up_at_the_end(svc: bootstrap.Services) -> Iterator[None]:
    """A bulk load: the read models catch up once at the end rather than after every command."""
    projector = svc.projector
    suspended = projector is not None and projector.after_save in svc.app.after_save
    if projector is not None and suspended:
        svc.app.after_save.remove(projector.after_save)
    try:
        yield
    finally:
        if projector is not None and suspended:
            svc.app.after_save.append(projector.after_save)
            projector.catch_up()


def _summary(count: int, events: int, seed: int, today: date, statuses: Counter[tuple[str, str]]) -> str:
    lines = [f"Réseau de démonstration chargé : {count} coopératives, {events} événements "
             f"(graine {seed}, situation au {today.isoformat()})."]  # fmt: skip
    lines.append(" Mentions :")
    lines += [
        f"  {label:<36} {statuses['mention', m]:>5}" for m, label in MENTION_LABELS.items() if statuses["mention", m]
    ]
    lines.append(" Étapes :")
    lines += [f"  {label:<36} {statuses['step', s]:>5}" for s, label in STEP_LABELS.items() if statuses["step", s]]
    return "\n".join(lines)
