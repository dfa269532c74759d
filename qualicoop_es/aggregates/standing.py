"""A cooperative's standing: the mention it holds and, apart from it, the step in progress.

Time (see the README, "How time works"): the state *as of day D* is every fact whose business date is ≤ D,
applied in business-date order (ties in recording order). The standing is part of that state, and what depends on
the day itself — whether a mention has expired, whether a bilan is overdue — is derived here, by ``view_on``, from
the state and the day asked. The aggregate and the read models keep the same ``Standing`` inputs and call the same
transitions (``on_*``), so the two never disagree about a mention.

The rules (``../shared/domain.md``):
- « Engagée » runs 18 months from the validation; « Confirmée » 2 years from the confirmation;
- « Travail à poursuivre » keeps the mention held until the next bilan date the committee set;
- a bilan submitted before the mention's validity ends keeps the mention until the committee rules;
- otherwise the mention expires the day after its validity; a withdrawal ends it; leaving the approach ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from qualicoop_es.aggregates.values import Code, Phase, VerdictKind


class Mention(Code):
    """The mention held on a day (granted ones: ``ENGAGED``, ``CONFIRMED``)."""

    NONE = "none"
    ENGAGED = "engagee"
    CONFIRMED = "confirmee"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return MENTION_LABELS[self.value]


class Step(Code):
    """The step of the approach in progress on a day."""

    PREPARING = "preparing"
    SUBMITTED = "submitted"
    IMPLEMENTING = "implementing"
    BILAN_REVIEW = "bilan_review"
    CONTINUE_WORK = "continue_work"
    LEFT = "left"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STEP_LABELS[self.value]


GRANTED = (Mention.ENGAGED, Mention.CONFIRMED)

#: Labels by the public code (the enum's value): what pages and the command line show.
MENTION_LABELS: dict[str, str] = {
    Mention.NONE.value: "Aucune mention",
    Mention.ENGAGED.value: "Quali'Coop Engagée !",
    Mention.CONFIRMED.value: "Quali'Coop Confirmée !",
    Mention.EXPIRED.value: "Mention expirée",
    Mention.WITHDRAWN.value: "Mention retirée",
}

STEP_LABELS: dict[str, str] = {
    Step.PREPARING.value: "Préparation du dossier",
    Step.SUBMITTED.value: "Dossier déposé, en attente du comité",
    Step.IMPLEMENTING.value: "Mise en œuvre du plan d'action",
    Step.BILAN_REVIEW.value: "Bilan déposé, en attente du comité",
    Step.CONTINUE_WORK.value: "Travail à poursuivre",
    Step.LEFT.value: "Sortie de la démarche",
    Step.CLOSED.value: "Démarche close (mention retirée)",
}

STEP_OF_PHASE: dict[Phase, Step] = {
    Phase.PREPARING: Step.PREPARING,
    Phase.SUBMITTED: Step.SUBMITTED,
    Phase.ENGAGED: Step.IMPLEMENTING,
    Phase.CONFIRMED: Step.IMPLEMENTING,
    Phase.BILAN_SUBMITTED: Step.BILAN_REVIEW,
    Phase.CONTINUE_WORK: Step.CONTINUE_WORK,
    Phase.LEFT: Step.LEFT,
    Phase.WITHDRAWN: Step.CLOSED,
}

#: Steps in which a bilan is awaited from the cooperative (and may be overdue).
BILAN_AWAITED = frozenset({Step.IMPLEMENTING, Step.CONTINUE_WORK})

DUE_KINDS: dict[Mention | VerdictKind, str] = {
    Mention.ENGAGED: "bilan_18_mois",
    Mention.CONFIRMED: "renouvellement",
    VerdictKind.CONTINUE_WORK: "bilan_travail_a_poursuivre",
}
DUE_LABELS: dict[str, str] = {
    "bilan_18_mois": "Bilan à 18 mois",
    "renouvellement": "Renouvellement de la mention (2 ans)",
    "bilan_travail_a_poursuivre": "Bilan du travail à poursuivre",
}

#: The standing's inputs, kept by the aggregate and by the read models (which store the mention's value):
#: ``mention`` (a ``Mention``: granted ``ENGAGED`` / ``CONFIRMED``, or ``WITHDRAWN``, or ``NONE``), ``granted_on``, ``held_until`` (the
#: last day the granted mention holds; None while a bilan submitted in time awaits the committee), ``due`` (the next
#: bilan's date, its ``due_kind``), ``pending`` (what awaits the committee's judgement).
Standing = dict[str, Any]


def new_standing() -> Standing:
    return {"mention": Mention.NONE, "granted_on": None, "held_until": None, "due": None, "due_kind": None,
            "due_from": None, "pending": None}  # fmt: skip


def held_on(s: Standing, day: date) -> bool:
    """Whether a granted mention (« Engagée » or « Confirmée ») still holds on ``day``."""
    if s["mention"] not in GRANTED:
        return False
    return s["held_until"] is None or day <= s["held_until"]


# -- transitions, called by the events' apply (aggregate) and by the read models: one definition --------------


def on_submitted(s: Standing, day: date, version: int, digest: str, kind: str = "submission") -> None:
    s["pending"] = {"kind": kind, "version": version, "digest": digest, "submitted_on": day}


def on_bilan_submitted(s: Standing, day: date, version: int, digest: str) -> None:
    """A bilan submitted while the mention holds keeps it until the committee rules."""
    if held_on(s, day):
        s["held_until"] = None
    on_submitted(s, day, version, digest, kind="bilan")
    s["due"] = s["due_kind"] = s["due_from"] = None


def on_verdict(s: Standing, kind: VerdictKind, day: date, valid_until: date | None, next_due: date | None,
               window_opens: date | None) -> None:  # fmt: skip
    s["pending"] = None
    if kind in (VerdictKind.VALIDATE, VerdictKind.CONFIRM):
        s["mention"] = Mention.ENGAGED if kind is VerdictKind.VALIDATE else Mention.CONFIRMED
        s["granted_on"], s["held_until"] = day, valid_until
        s["due"], s["due_kind"] = next_due, DUE_KINDS[s["mention"]]
    elif kind is VerdictKind.CONTINUE_WORK:
        if s["mention"] in GRANTED and s["held_until"] is None:
            s["held_until"] = next_due  # held until the next bilan date the committee set
        s["due"], s["due_kind"] = next_due, DUE_KINDS[kind]
    else:  # mature: back to preparation, no mention yet
        s["due"] = s["due_kind"] = None
    s["due_from"] = window_opens if s["due"] is not None else None


def on_withdrawn(s: Standing, day: date) -> None:
    s.update(mention=Mention.WITHDRAWN, granted_on=day, held_until=None, due=None, due_kind=None,
             due_from=None, pending=None)  # fmt: skip


def on_left(s: Standing, day: date) -> None:
    s.update(mention=Mention.NONE, granted_on=None, held_until=None, due=None, due_kind=None, due_from=None,
             pending=None)  # fmt: skip


# -- the view on a day -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandingView:
    """The mention and the step on ``day``, with their dates (everything a reader needs, derived once)."""

    day: date
    mention: Mention
    mention_since: date | None
    valid_until: date | None  # None: no end date (none, withdrawn, or held until the committee rules)
    expired_on: date | None
    step: Step
    step_since: date
    due: date | None
    due_kind: str | None
    due_from: date | None
    overdue: bool
    pending: dict[str, Any] | None

    @property
    def mention_label(self) -> str:
        return self.mention.label

    @property
    def step_label(self) -> str:
        return self.step.label

    def to_dict(self) -> dict[str, Any]:
        iso = _iso
        return {
            "as_of": self.day.isoformat(), "mention": self.mention.value, "mention_label": self.mention_label,
            "mention_since": iso(self.mention_since), "valid_until": iso(self.valid_until),
            "expired_on": iso(self.expired_on), "step": self.step.value, "step_label": self.step_label,
            "step_since": self.step_since.isoformat(), "next_bilan_due": iso(self.due), "next_bilan_kind": self.due_kind,
            "next_bilan_label": DUE_LABELS.get(self.due_kind or ""), "bilan_accepted_from": iso(self.due_from),
            "overdue": self.overdue,
            "pending_judgement": None if self.pending is None else {
                **self.pending, "submitted_on": iso(self.pending["submitted_on"])},
        }  # fmt: skip


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def mention_on(granted: Mention, held_until: date | None, day: date) -> Mention:
    """The mention held on ``day`` from the granted one and the last day it holds (None: no end date)."""
    if granted in GRANTED and held_until is not None and day > held_until:
        return Mention.EXPIRED
    return granted


def view_on(s: Standing, phase: Phase, phase_since: date, day: date) -> StandingView:
    """The standing on ``day`` of a state as of ``day`` (``s``: its inputs; ``phase``: the stored step)."""
    step = STEP_OF_PHASE[phase]
    mention, since, until, expired_on = s["mention"], s["granted_on"], s["held_until"], None
    if until is not None and mention_on(mention, until, day) is Mention.EXPIRED:
        mention, expired_on, since, until = (
            Mention.EXPIRED,
            until + timedelta(days=1),
            until + timedelta(days=1),
            None,
        )
    due = s["due"] if step in BILAN_AWAITED else None
    return StandingView(day=day, mention=mention, mention_since=since, valid_until=until, expired_on=expired_on,
                        step=step, step_since=phase_since, due=due, due_kind=s["due_kind"] if due else None,
                        due_from=s["due_from"] if due else None, overdue=due is not None and day > due,
                        pending=s["pending"])  # fmt: skip
