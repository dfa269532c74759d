"""One cooperative as every reader sees it (the pages, the API, the CLI): a frozen view of its state now, at a
version, or as of a day, with the measurements' series and the catalogue it is read against.

Readers get these views, never the aggregate: what they may show is what is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import Any
from uuid import UUID

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import EDITABLE_PHASES
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.presenters import status_of
from qualicoop_es.queries.dossier import state_as_of

#: ``{indicator id: [(ISO day, value), …]}``, in business-date order.
Series = dict[str, list[tuple[str, Any]]]


@dataclass(frozen=True)
class CooperativeView:
    """A cooperative's state read on ``day``: identity, standing (mention apart from step), dossier, checklist, the
    steps' dates and what awaits the committee. Containers are plain JSON-ready copies (dates stay dates where a
    page formats them: the steps' dates and the diplomas)."""

    id: UUID
    version: int
    day: date
    siren: str
    name: str
    #: The aggregate's phase code: which forms a page offers (the step the user reads is in ``status``).
    phase: str
    status: dict[str, Any]
    pending_judgement: dict[str, Any] | None
    dossier: dict[str, Any]
    checklist: list[dict[str, Any]]
    submission: dict[str, Any] | None
    measurements: dict[str, Any]
    kit_requested_on: date | None
    first_meeting_on: date | None
    engaged_on: date | None
    confirmed_on: date | None
    diplomas: tuple[MappingProxyType[str, Any], ...]
    #: The submission or the bilan the committee has to judge (``on``, ``version``…), None when nothing awaits.
    judged: dict[str, Any] | None
    #: May the identity card and the intent note change now (not while judged, nor once the approach is over)?
    editable: bool

    @property
    def identity(self) -> dict[str, Any]:
        return dict(self.dossier["identity"])

    @property
    def intent(self) -> dict[str, Any]:
        return dict(self.dossier["intent"])

    @property
    def chosen(self) -> list[int]:
        """The numbers of the engagements chosen, in order."""
        return sorted(int(n) for n in self.dossier["engagements"])

    def to_dict(self) -> dict[str, Any]:
        """The JSON the API and ``qualicoop status --json`` answer."""
        return {"id": str(self.id), "version": self.version, "siren": self.siren, "name": self.name,
                "status": self.status, "pending_judgement": self.pending_judgement, "dossier": self.dossier,
                "checklist": self.checklist, "submission": self.submission,
                "measurements": self.measurements}  # fmt: skip


def view_of(coop: Cooperative, day: date) -> CooperativeView:
    """The view of a cooperative's state (now, at a version or as of ``day``), its standing read on ``day``."""
    phase = str(coop.phase)
    judged = coop.submission if phase == "submitted" else coop.bilan if phase == "bilan_submitted" else None
    return CooperativeView(
        id=coop.id, version=coop.version, day=day, siren=coop.siren, name=coop.dossier["identity"]["name"],
        phase=phase, status=status_of(coop, day),
        pending_judgement=coop.standing_on(day).to_dict()["pending_judgement"], dossier=ds.plain(coop.dossier),
        checklist=rules.checklist(coop.dossier), submission=ds.plain(coop.submission) if coop.submission else None,
        measurements=ds.plain(coop.measurements), kit_requested_on=coop.kit_requested_on,
        first_meeting_on=coop.first_meeting_on, engaged_on=coop.engaged_on, confirmed_on=coop.confirmed_on,
        diplomas=tuple(MappingProxyType(_codes_as_values(d)) for d in coop.diplomas),
        judged={k: x for k, x in judged.items() if k != "dossier"} if judged else None,
        editable=coop.phase in EDITABLE_PHASES,
    )  # fmt: skip


def _codes_as_values(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its enum members as their codes (what the pages compare and look labels up by)."""
    return {key: value.value if isinstance(value, Enum) else value for key, value in row.items()}


@dataclass(frozen=True)
class Heading:
    """What a page about a cooperative titles itself with: its name and current version."""

    name: str
    version: int


def heading(app: QualicoopApplication, coop_id: UUID) -> Heading:
    """The cooperative's name and version now, without building its whole view (NotFound for an unknown id)."""
    coop = app.cooperative(coop_id)
    return Heading(coop.dossier["identity"]["name"], coop.version)


def current(app: QualicoopApplication, coop_id: UUID, *, day: date | None = None) -> CooperativeView:
    """The cooperative now (NotFound for an unknown id), its standing read on ``day`` (default: today)."""
    return view_of(app.cooperative(coop_id), day or app.clock())


def at_version(app: QualicoopApplication, coop_id: UUID, version: int) -> CooperativeView:
    """The cooperative as it stood at ``version`` (what the committee judged, what a comparison shows)."""
    return view_of(app.cooperative(coop_id, version), app.clock())


def as_of(app: QualicoopApplication, coop_id: UUID, day: date, basis: str = "effective") -> CooperativeView | None:
    """The cooperative as of ``day`` (a replay of its facts up to that day, or of those recorded by then for the
    ``recorded`` basis); None before its registration."""
    found = app.as_of(coop_id, day, basis)
    return view_of(found, day) if found is not None else None


def as_of_or_404(app: QualicoopApplication, coop_id: UUID, day: date, basis: str = "effective") -> CooperativeView:
    """As ``as_of``, NotFound before its registration."""
    return view_of(state_as_of(app, coop_id, day, basis), day)


def series(app: QualicoopApplication, coop_id: UUID, until: date | None = None) -> Series:
    """Every measurement of every indicator, in business-date order, up to ``until`` (default: all)."""
    found: Series = {}
    for event in _in_business_order(app, coop_id):
        if isinstance(event, Cooperative.IndicatorMeasured) and (until is None or event.effective_on <= until):
            found.setdefault(event.indicator_id, []).append((event.effective_on.isoformat(), event.value))
    return found


def _in_business_order(app: QualicoopApplication, coop_id: UUID) -> list[Any]:
    return sorted(app.history(coop_id), key=lambda e: (e.effective_on, e.originator_version))


def catalogue(app: QualicoopApplication, version: int | None = None) -> dict[str, Any]:
    """The catalogue of engagements (now, or at ``version``) as plain values: pillars, engagements, wordings."""
    return app.catalogue(version).as_dict()
