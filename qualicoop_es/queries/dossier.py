"""A cooperative's dossier as the pages and the API read it: plain values, its checklist, its failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.values import french_date
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import NotFound


@dataclass(frozen=True)
class DossierView:
    """The dossier at one version of the cooperative, in plain JSON-ready values."""

    version: int
    dossier: dict[str, Any]
    checklist: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    submission: dict[str, Any] | None


def plain(dossier: Any) -> dict[str, Any]:
    """The dossier (or a submission) as plain JSON-ready values."""
    return ds.plain(dossier)


def checklist(dossier: Any) -> list[dict[str, Any]]:
    """Each rule of the dossier, whether it holds and what is wrong."""
    return rules.checklist(dossier)


def view_of(coop: Any) -> DossierView:
    """The dossier of a cooperative's state (now, at a version, or as of a date)."""
    return DossierView(version=coop.version, dossier=ds.plain(coop.dossier), checklist=rules.checklist(coop.dossier),
                       failures=[f.to_dict() for f in rules.failures(coop.dossier)],
                       submission=ds.plain(coop.submission) if coop.submission else None)  # fmt: skip


def state_as_of(app: QualicoopApplication, coop_id: UUID, day: date, basis: str = "effective") -> Any:
    """The cooperative as of ``day`` (a replay of its facts up to that day); NotFound before its registration."""
    found = app.as_of(coop_id, day, basis)
    if found is None:
        raise NotFound(f"La coopérative n'était pas encore enregistrée le {french_date(day)}.")
    return found


def dossier_of(app: QualicoopApplication, coop_id: UUID, *, version: int | None = None, as_of: date | None = None,
               basis: str = "effective") -> DossierView:  # fmt: skip
    """The dossier now, at ``version``, or as of the day ``as_of`` (business or recording date, after ``basis``)."""
    if version is not None:
        return view_of(app.cooperative(coop_id, version))
    if as_of is not None:
        return view_of(state_as_of(app, coop_id, as_of, basis))
    return view_of(app.cooperative(coop_id))
