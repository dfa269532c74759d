"""One cooperative's story: its skeleton placed on the calendar, then each phase change and the stage after it."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from qualicoop_es import bootstrap
from qualicoop_es.demo.committee import Committee
from qualicoop_es.demo.history import History
from qualicoop_es.demo.profiles import Profile
from qualicoop_es.demo.stages import implement, prepare, rework
from qualicoop_es.demo.team import Team
from qualicoop_es.demo.texts import CONFIRM_RATIONALES, CONTINUE_RATIONALES, MATURE_RATIONALES, VALIDATE_RATIONALES
from qualicoop_es.demo.timeline import EPOCH, Gaps, Step, place

Pin = Callable[[list[Step]], bool]

#: Grand Delta Habitat's real diploma ceremony, after its validation in March 2023.
GRAND_DELTA_DIPLOMA = date(2023, 10, 3)


def write_history(svc: bootstrap.Services, profile: Profile, rng: random.Random, committee: Committee, team: Team,
                  today: date, epoch: date = EPOCH) -> History:  # fmt: skip
    h = History(svc, profile, rng, committee, team, today)
    gaps = Gaps.draw(rng)
    pin = _validated_in_march_2023 if profile.name == "Grand Delta Habitat" else None
    steps = _placed(profile, gaps, today, rng, pin, epoch)
    story = _Story(h, gaps, today, pinned=pin is not None)
    dates = [d for _, d, _ in steps] + [today + timedelta(days=1)]
    for (step, day, due), following in zip(steps, dates[1:], strict=True):
        story.write(step, day, due, following)
    return h


def _validated_in_march_2023(steps: list[Step]) -> bool:
    return any(s == "validate" and d.year == 2023 and d.month == 3 for s, d, _ in steps)


def _placed(profile: Profile, gaps: Gaps, today: date, rng: random.Random, pin: Pin | None,
            epoch: date) -> list[Step]:  # fmt: skip
    """The profile's skeleton on the calendar; when it cannot fit, drop the detours, then settle for less."""
    steps = place(profile.target, profile.variants, gaps, today, rng, pin, epoch)
    if steps is None:
        profile.variants = {}
        steps = place(profile.target, {}, gaps, today, rng, pin, epoch)
    if steps is None:
        profile.target = "preparing"
        steps = place("preparing", {}, gaps, today, rng, epoch=epoch)
        assert steps is not None, "a preparing cooperative fits any calendar"
    return steps


def _numbers(axes: list[int]) -> str:
    return ", ".join(f"n°{n}" for n in sorted(axes))


class _Story:
    """Writes each phase change (``register``, ``submit``, ``validate``…) and the stage until the next one."""

    def __init__(self, h: History, gaps: Gaps, today: date, *, pinned: bool):
        self.h, self.rng, self.gaps, self.today, self.pinned = h, h.rng, gaps, today, pinned
        self.judged = 0  # the dossier version the committee judges next

    def write(self, step: str, day: date, due: date | None, following: date) -> None:
        """``following`` is the day of the next phase change (the day after ``today`` for the last one)."""
        handlers: dict[str, Callable[[date, date | None, date], None]] = {
            "register": self._register, "kit": self._kit, "meeting": self._meeting, "submit": self._submit,
            "mature": self._mature, "validate": self._validate, "bilan": self._bilan, "continue": self._continue,
            "confirm": self._confirm, "leave": self._leave, "withdraw": self._withdraw,
        }  # fmt: skip
        if step not in handlers:  # pragma: no cover
            raise AssertionError(step)
        handlers[step](day, due, following)

    @staticmethod
    def _rest_until(following: date) -> date:
        """Stage work stops three days before the last day of the stage."""
        return following - timedelta(days=1) - timedelta(days=3)

    def _register(self, day: date, due: date | None, following: date) -> None:
        self.h.register(day)

    def _kit(self, day: date, due: date | None, following: date) -> None:
        self.h.kit(day)

    def _meeting(self, day: date, due: date | None, following: date) -> None:
        self.h.meeting(day)
        prepare(self.h, day, min(self._rest_until(following), day + self.gaps.prep), self.today)

    def _submit(self, day: date, due: date | None, following: date) -> None:
        self.judged = self.h.submit(day)

    def _mature(self, day: date, due: date | None, following: date) -> None:
        h, rng = self.h, self.rng
        axes = rng.sample(sorted(h.dossier.engagements), 2)
        h.verdict(day, "mature", self.judged, rng.choice(MATURE_RATIONALES).format(axes=_numbers(axes)))
        rework(h, sorted(axes), day, min(self._rest_until(following), day + self.gaps.rework), self.today)

    def _validate(self, day: date, due: date | None, following: date) -> None:
        self.h.verdict(day, "validate", self.judged, self.rng.choice(VALIDATE_RATIONALES))
        pinned = self.pinned and (day.year, day.month) == (2023, 3) and following > GRAND_DELTA_DIPLOMA
        special = GRAND_DELTA_DIPLOMA if pinned else None
        implement(self.h, day, following, self.today, diploma="engagee", diploma_on=special)

    def _bilan(self, day: date, due: date | None, following: date) -> None:
        self.judged = self.h.bilan(day)

    def _continue(self, day: date, due: date | None, following: date) -> None:
        h, rng = self.h, self.rng
        axes = sorted(rng.sample(sorted(h.dossier.engagements), rng.randint(1, 3)))
        h.verdict(day, "continue_work", self.judged, CONTINUE_RATIONALES[0].format(axes=_numbers(axes)), axes=axes,
                  next_due=due)  # fmt: skip
        implement(h, day, following, self.today, diploma=None)

    def _confirm(self, day: date, due: date | None, following: date) -> None:
        self.h.verdict(day, "confirm", self.judged, self.rng.choice(CONFIRM_RATIONALES))
        implement(self.h, day, following, self.today, diploma="confirmee")

    def _leave(self, day: date, due: date | None, following: date) -> None:
        self.h.leave(day)

    def _withdraw(self, day: date, due: date | None, following: date) -> None:
        self.h.withdraw(day)
