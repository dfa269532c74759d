"""Helpers of the projection tests: services on a store, a digest of the read models, random valid histories."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from qualicoop_es.access import Actor
from qualicoop_es.aggregates.values import ACTIVITIES, siren_with_key
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from qualicoop_es.errors import QualicoopError
from qualicoop_es.projections.tables import metadata, positions
from tests.support import committee_member

TODAY = date(2026, 11, 26)
#: The test's people act as operators (trusted, every use case allowed): the policy is tested on its own
#: (``tests/unit/test_access.py``, the API's authorization matrix); the events record their ids.
STAFF, REFERENT = Actor.operator("staff-1"), Actor.operator("referent-1")
IDENTITY = {"homes_managed": 1200, "homes_delivered_per_year": 40, "members": 800, "staff": 25,
            "governance_bodies": "Conseil d'administration", "contact": "referent-1"}  # fmt: skip
INTENT = {"motivations": "Raison d'être", "ambitions": "Loger plus", "human_means": "Un référent",
          "financial_means": "20 000 €", "stakeholders": ["administrateurs", "salaries"]}  # fmt: skip


def services(url: str) -> Services:
    svc = build(Settings(database_url=url), clock=lambda: TODAY)
    svc.app.ensure_catalogue(actor=STAFF)
    return svc


def digest(engine: Engine) -> dict[str, str]:
    """SHA-256 of every read-model table's rows in primary-key order (positions: name and position only)."""
    found = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table is positions:
                rows = conn.execute(select(positions.c.name, positions.c.position).order_by(positions.c.name))
            else:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns))
            found[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return found


def rebuild_matches(svc: Services) -> bool:
    """Whether rebuilding every read model from the log gives the very rows the incremental path wrote."""
    incremental = digest(svc.engine)
    assert svc.projector is not None
    svc.projector.rebuild()
    return digest(svc.engine) == incremental


def siren(n: int) -> str:
    body = f"{n:08d}"
    return siren_with_key(body)


class _Done(Exception):
    pass


class _Clock:
    """A story's business date: each step moves it on; past today the story ends (``_Done``)."""

    def __init__(self, start: date, rng: random.Random) -> None:
        self.day, self.rng = start, rng

    def later(self, most: int) -> date:
        return self._set(self.day + timedelta(days=self.rng.randint(1, most)))

    def at_least(self, first: date, proposed: date) -> date:
        return self._set(max(first + timedelta(days=self.rng.randint(0, 200)), proposed))

    def _set(self, day: date) -> date:
        self.day = day
        if day > TODAY:
            raise _Done
        return day


def _story(app: QualicoopApplication, rng: random.Random, n: int, backdated: bool = False) -> Iterator[None]:
    """One cooperative's random but valid life, one command per step (stops before running past today)."""
    clock = _Clock(date(2022, 1, 3) + timedelta(days=rng.randrange(400)), rng)
    activities = sorted(rng.sample(sorted(ACTIVITIES), rng.randint(1, 3)))
    result = app.register_cooperative(actor=STAFF, name=f"Coop {n:03d}", siren=siren(n), legal_form="SCIC",
                                      departement=rng.choice(["35", "44", "69", "2A", "974"]),
                                      activities=activities, effective_on=clock.day)  # fmt: skip
    cid = result.aggregate_id
    yield
    yield from _preparation(app, rng, cid, clock, activities)
    if rng.random() < 0.1:
        app.leave_approach(cid, actor=STAFF, reason="Réorganisation", effective_on=clock.later(60))
        return
    yield from _committee(app, rng, cid, clock, backdated)


def _preparation(app: QualicoopApplication, rng: random.Random, cid: UUID, clock: _Clock,
                 activities: list[str]) -> Iterator[None]:  # fmt: skip
    """Kit, first meeting, identity, intent note, 8 to 10 engagements each with actions and an indicator."""
    app.request_kit(cid, actor=STAFF, effective_on=clock.later(20))
    yield
    app.hold_first_meeting(cid, actor=STAFF, effective_on=clock.later(20), summary="Rencontre")
    yield
    app.update_identity(cid, IDENTITY, actor=REFERENT, effective_on=clock.later(10))
    yield
    app.update_intent_note(cid, INTENT, actor=REFERENT, effective_on=clock.day)
    yield
    numbers = [1, 2, 5, 6, 9, 10, *rng.sample([3, 4, 7, 8, 11, 12], rng.randint(2, 4))]
    for index, number in enumerate(numbers):
        app.choose_engagement(cid, number, actor=REFERENT, activities=activities if index == 0 else activities[:1],
                              effective_on=clock.later(3))  # fmt: skip
        yield
        for _ in range(rng.randint(1, 2)):
            app.add_action(cid, number, actor=REFERENT, title=f"Action {number}", effective_on=clock.day)
            yield
        app.define_indicator(cid, number, actor=REFERENT, effective_on=clock.day, fields={
            "label": f"Indicateur {number}", "unit": "%", "target": "100", "target_date": date(2027, 1, 1)})  # fmt: skip
        yield
    if len(numbers) > 8 and rng.random() < 0.5:
        app.change_dossier(cid, {"op": "drop_engagement", "number": numbers[-1], "reason": "Trop ambitieux"},
                           actor=REFERENT, effective_on=clock.later(5))  # fmt: skip
        yield


def _verdict(app: QualicoopApplication, cid: UUID, clock: _Clock, kind: str, **kw: Any) -> None:
    coop = app.cooperative(cid)
    judged = coop.submission if kind in ("validate", "mature") else coop.bilan
    assert judged is not None
    member = committee_member(app)
    app.record_verdict(cid, actor=Actor.operator(member), kind=kind, session_reference="Comité",
                       members_present=[member], rationale="Motivé", judged_version=judged["version"],
                       effective_on=clock.later(40), **kw)  # fmt: skip


def _committee(app: QualicoopApplication, rng: random.Random, cid: UUID, clock: _Clock,
               backdated: bool) -> Iterator[None]:  # fmt: skip
    """Submissions and validation, then rounds of implementation, each ended by a bilan and its verdict."""
    app.submit_dossier(cid, actor=REFERENT, effective_on=clock.later(15))
    yield
    if rng.random() < 0.25:
        _verdict(app, cid, clock, "mature")
        yield
        app.submit_dossier(cid, actor=REFERENT, effective_on=clock.later(30))
        yield
    _verdict(app, cid, clock, "validate")
    yield
    while True:
        yield from _implementation(app, rng, cid, clock, backdated)
        if rng.random() < 0.15:  # lets the mention expire
            return
        if rng.random() < 0.05:
            app.withdraw_mention(cid, actor=STAFF, reason="Manquements", effective_on=clock.later(90))
            return
        yield from _bilan_and_verdict(app, rng, cid, clock)


def _implementation(app: QualicoopApplication, rng: random.Random, cid: UUID, clock: _Clock,
                    backdated: bool) -> Iterator[None]:  # fmt: skip
    """Zero to three facts of the implementation: checkpoints, measurements, readjustments (or back-dated ones)."""
    for _ in range(rng.randint(0, 3)):
        if backdated and rng.random() < 0.5:
            _backdated_fact(app, rng, cid)
            yield
            continue
        step = rng.random()
        if step < 0.4:
            app.hold_checkpoint(cid, actor=STAFF, summary="Point", effective_on=clock.later(60))
        elif step < 0.8:
            app.measure_indicator(cid, "I1", f"{rng.randint(0, 999)}.5", actor=REFERENT, effective_on=clock.later(60))
        else:
            app.readjust_objectives(cid, [{"op": "revise_indicator", "indicator_id": "I1",
                                           "changes": {"target": "80"}},
                                          {"op": "add_action", "number": 1, "title": "Nouvelle action"}],
                                    actor=REFERENT, reason="Foncier rare", effective_on=clock.later(60))  # fmt: skip
        yield


def _bilan_and_verdict(app: QualicoopApplication, rng: random.Random, cid: UUID, clock: _Clock) -> Iterator[None]:
    opens = app.cooperative(cid).standing["due_from"]  # the bilan's window (rules.BILAN_WINDOW_MONTHS)
    app.submit_bilan(cid, actor=REFERENT, summary="Bilan", effective_on=clock.at_least(opens, clock.later(150)))
    yield
    if rng.random() < 0.3:
        _verdict(app, cid, clock, "continue_work", axes=[1],
                 next_bilan_due=clock.later(1) + timedelta(days=rng.randint(60, 400)))  # fmt: skip
    else:
        _verdict(app, cid, clock, "confirm")
        if rng.random() < 0.5:
            yield
            app.award_diploma(cid, actor=STAFF, mention="confirmee", ceremony="Congrès", effective_on=clock.later(90))
    yield


def random_history(app: QualicoopApplication, seed: int, coops: int = 20, *, backdated: bool = False) -> int:
    """Interleave ``coops`` random valid stories (and a few catalogue revisions); returns the commands run.

    ``backdated``: the stories also key in facts dated before facts already recorded (checkpoints, measurements,
    readjustments, identity changes dated anywhere in the current step); those the guards refuse are skipped."""
    rng = random.Random(seed)
    stories = [_story(app, rng, 1000 + n, backdated) for n in range(coops)]
    commands = 0
    while stories:
        story = rng.choice(stories)
        try:
            next(story)
            commands += 1
        except (StopIteration, _Done):
            stories.remove(story)
        if rng.random() < 0.01:
            number = rng.randint(2, 12)
            app.revise_engagement_wording(number, actor=STAFF, title=f"Engagement {number} v{commands}",
                                          reason="Intitulé officiel", effective_on=TODAY)  # fmt: skip
    return commands


def _backdated_fact(app: QualicoopApplication, rng: random.Random, cid: UUID) -> None:
    """A fact keyed now but dated anywhere in the current step (often before facts already recorded)."""
    coop = app.cooperative(cid)
    span = (coop.latest_effective_on - coop.phase_since).days
    day = coop.phase_since + timedelta(days=rng.randint(0, max(span, 0)))
    indicator = next(iter(coop.dossier["engagements"]["1"]["indicators"]), "I1")
    kind = rng.randrange(5)
    try:
        if kind == 0:
            app.hold_checkpoint(cid, actor=STAFF, summary="Point rattrapé", effective_on=day)
        elif kind == 1:
            app.measure_indicator(cid, indicator, str(rng.randint(0, 99)), actor=REFERENT, effective_on=day)
        elif kind == 2:
            app.readjust_objectives(cid, [{"op": "revise_indicator", "indicator_id": indicator,
                                           "changes": {"target": str(rng.randint(10, 90))}}],
                                    actor=REFERENT, reason="Saisie tardive", effective_on=day)  # fmt: skip
        elif kind == 3:
            app.update_identity(cid, {"name": f"{coop.dossier['identity']['name'][:8]} r{rng.randint(1, 99)}",
                                      "departement": rng.choice(["35", "44", "69"])},
                                actor=REFERENT, effective_on=day)  # fmt: skip
        else:
            app.readjust_objectives(cid, [{"op": "add_action", "number": 1, "title": "Action rattrapée"}],
                                    actor=REFERENT, reason="Saisie tardive", effective_on=day)  # fmt: skip
    except QualicoopError:  # refused by a guard (a later fact would not hold): nothing stored, the story goes on
        pass
