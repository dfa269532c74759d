"""One cooperative's history, written command by command through the application's use cases."""

from __future__ import annotations

import random
from datetime import date
from typing import Any
from uuid import UUID

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor, Role
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.demo import members
from qualicoop_es.demo.committee import Committee, session_reference
from qualicoop_es.demo.dossier import DossierCopy, Engagement
from qualicoop_es.demo.profiles import Profile
from qualicoop_es.demo.team import Team
from qualicoop_es.demo.texts import (
    AMBITIONS,
    BILAN_SUMMARIES,
    CEREMONIES,
    CHECKPOINT_SUMMARIES,
    CHOICE_CONTEXTS,
    CONTACTS,
    FINANCIAL_MEANS,
    GOVERNANCE,
    HUMAN_MEANS,
    LEAVE_REASONS,
    MEETING_SUMMARIES,
    MOTIVATIONS,
    READJUST_REASONS,
    WITHDRAW_REASONS,
)


class History:
    """Writes one cooperative's history in chronological order, mirroring just enough of its dossier."""

    def __init__(self, svc: bootstrap.Services, profile: Profile, rng: random.Random, committee: Committee,
                 team: Team, today: date) -> None:  # fmt: skip
        self.svc, self.app, self.p, self.rng, self.today = svc, svc.app, profile, rng, today
        self.committee, self.team = committee, team
        self.id: UUID | None = None
        # the people act as their accounts (their names stay in the accounts table), through the use cases' policy
        self.referent = Actor(team.referent(profile.siren), Role.COOPERATIVE, Cooperative.id_for_siren(profile.siren))
        #: the cooperative's contact in the federal team
        self.federation = Actor(team.federation(rng.randint(1, 4)), Role.FEDERATION)
        self.dossier = DossierCopy(rng)
        self.version = 0
        self.events = 0
        self.homes_managed = 0
        self.decisions: list[tuple[str, date]] = []

    # -- plumbing

    def _did(self, result: Any) -> int:
        self.version = result.version
        self.events += 1
        return int(result.version)

    @property
    def cid(self) -> UUID:
        assert self.id is not None
        return self.id

    # -- preparation

    def register(self, day: date) -> None:
        p = self.p
        result = self.app.register_cooperative(actor=self.federation, name=p.name, siren=p.siren,
                                               legal_form=p.legal_form, departement=p.departement,
                                               activities=p.activities, effective_on=day)  # fmt: skip
        self.id = result.aggregate_id
        self._did(result)
        members.registered(self.svc, self.committee, self.team, name=p.name, siren=p.siren, coop_id=self.id, day=day,
                           by=self.federation)  # fmt: skip

    def kit(self, day: date) -> None:
        self._did(self.app.request_kit(self.cid, actor=self.referent, effective_on=day))

    def meeting(self, day: date) -> None:
        summary = self.rng.choice(MEETING_SUMMARIES)
        self._did(self.app.hold_first_meeting(self.cid, actor=self.federation, summary=summary, effective_on=day))

    def identity_figures(self, day: date) -> None:
        rng = self.rng
        rental = "locatif_social" in self.p.activities
        big = self.p.name == "Grand Delta Habitat"
        self.homes_managed = 42_430 if big else (rng.randint(300, 9000) if rental else rng.randint(0, 400))
        changes = {"homes_managed": self.homes_managed,
                   "homes_delivered_per_year": 530 if big else rng.randint(8, 250),
                   "members": rng.randint(60, 4000), "staff": 320 if big else rng.randint(3, 180)}  # fmt: skip
        self._did(self.app.update_identity(self.cid, changes, actor=self.referent, effective_on=day))

    def identity_governance(self, day: date) -> None:
        changes = {"governance_bodies": self.rng.choice(GOVERNANCE).format(n=self.rng.randint(9, 18)),
                   "contact": self.rng.choice(CONTACTS)}  # fmt: skip
        self._did(self.app.update_identity(self.cid, changes, actor=self.referent, effective_on=day))

    def intent_why(self, day: date) -> None:
        changes = {"motivations": self.rng.choice(MOTIVATIONS), "ambitions": self.rng.choice(AMBITIONS)}
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def intent_means(self, day: date) -> None:
        rng = self.rng
        stakeholders = ["administrateurs", "salaries"] + [s for s in ("cooperateurs_usagers", "partenaires")
                                                          if rng.random() < 0.75]  # fmt: skip
        changes = {"human_means": rng.choice(HUMAN_MEANS).format(n=rng.randint(4, 25)),
                   "financial_means": rng.choice(FINANCIAL_MEANS).format(k=rng.randint(15, 250)),
                   "stakeholders": stakeholders}  # fmt: skip
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def choose(self, day: date, number: int, activities: list[str]) -> None:
        context = self.rng.choice(CHOICE_CONTEXTS).format(activity=v.ACTIVITIES[activities[0]].lower())
        self._did(self.app.choose_engagement(self.cid, number, actor=self.referent, activities=activities,
                                             context=context, effective_on=day))  # fmt: skip
        self.dossier.engagements[number] = Engagement(number, activities)

    def dossier_op(self, day: date, op: dict[str, Any]) -> None:
        self._did(self.app.change_dossier(self.cid, op, actor=self.referent, effective_on=day))
        self.dossier.apply(op, day)

    def update_stakeholders(self, day: date) -> None:
        changes = {"stakeholders": sorted(v.STAKEHOLDERS),
                   "human_means": "Comité de pilotage élargi aux représentants des locataires et des accédants ; "
                                  "référent Quali'Coop à temps plein."}  # fmt: skip
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def submit(self, day: date) -> int:
        return self._did(self.app.submit_dossier(self.cid, actor=self.referent, effective_on=day)) - 1

    def verdict(self, day: date, kind: str, judged: int, rationale: str, *, axes: list[int] | None = None,
                next_due: date | None = None) -> None:  # fmt: skip
        present = self.committee.present(day, self.cid)
        chair = Actor(
            present[0], Role.COMMITTEE, affiliations=frozenset(self.committee.affiliations.get(UUID(present[0]), ()))
        )
        self._did(self.app.record_verdict(self.cid, actor=chair, kind=kind, session_reference=session_reference(day),
                                          members_present=present, rationale=rationale, judged_version=judged,
                                          axes=axes, next_bilan_due=next_due, effective_on=day))  # fmt: skip
        if kind in ("validate", "confirm"):
            self.decisions.append(("engagee" if kind == "validate" else "confirmee", day))

    # -- implementation

    def checkpoint(self, day: date) -> None:
        self._did(self.app.hold_checkpoint(self.cid, actor=self.federation, effective_on=day,
                                           summary=self.rng.choice(CHECKPOINT_SUMMARIES)))  # fmt: skip

    def measure(self, day: date) -> None:
        """Measure a few indicators, each moving from its baseline towards its target."""
        for iid, value, comment in self.dossier.measurements(day):
            self._did(self.app.measure_indicator(self.cid, iid, value, actor=self.referent, effective_on=day,
                                                 comment=comment))  # fmt: skip

    def readjust(self, day: date) -> None:
        changes = self.dossier.readjustment(day, self.p.activities)
        self._did(self.app.readjust_objectives(self.cid, changes, actor=self.referent, effective_on=day,
                                               reason=self.rng.choice(READJUST_REASONS)))  # fmt: skip
        for op in changes:
            self.dossier.apply(op, day)

    def grow(self, day: date) -> None:
        self.homes_managed += self.rng.randint(5, 400)
        self._did(self.app.update_identity(self.cid, {"homes_managed": self.homes_managed}, actor=self.referent,
                                           effective_on=day))  # fmt: skip

    def diploma(self, day: date, mention: str) -> None:
        self._did(self.app.award_diploma(self.cid, actor=self.federation, mention=mention, effective_on=day,
                                         ceremony=self.rng.choice(CEREMONIES)))  # fmt: skip

    def bilan(self, day: date) -> int:
        summary = self.rng.choice(BILAN_SUMMARIES)
        return self._did(self.app.submit_bilan(self.cid, actor=self.referent, summary=summary, effective_on=day)) - 1

    def leave(self, day: date) -> None:
        self._did(self.app.leave_approach(self.cid, actor=self.federation, effective_on=day,
                                          reason=self.rng.choice(LEAVE_REASONS)))  # fmt: skip

    def withdraw(self, day: date) -> None:
        self._did(self.app.withdraw_mention(self.cid, actor=self.federation, effective_on=day,
                                            reason=self.rng.choice(WITHDRAW_REASONS)))  # fmt: skip
