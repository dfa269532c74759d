"""The referential: 3 pillars and 12 engagements, as versioned data.

Only engagement n°1's official title is publicly known; the others ship as honest placeholders flagged
provisional until the federation sets the official wording (an event, so every dossier knows which
version of the catalogue it was written against).
"""

from __future__ import annotations

import copy
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput

CATALOGUE_ID: UUID = uuid5(NAMESPACE_URL, "https://qualicoop.coophlm.fr/catalogue")

PILLAR_TITLES: dict[int, dict[str, str]] = {
    1: {"name": "Notre mission d'intérêt général",
        "title": "Proposer un logement abordable, un logement social de qualité au service du plus grand nombre"},
    2: {"name": "Notre gouvernance coopérative",
        "title": "Nouer une relation de confiance avec nos accédants, nos locataires et nos élus"},
    3: {"name": "Notre modèle responsable",
        "title": "Agir ensemble, s'engager au service des générations présentes et futures"},
}  # fmt: skip

OFFICIAL_TITLES = {1: "Permettre l'accès à un logement abordable au plus grand nombre"}


def initial_engagements() -> list[dict[str, Any]]:
    """The 12 engagements as shipped: n°1 official, 2–12 provisional placeholders (never invented titles)."""
    return [
        {"number": n, "pillar": v.pillar_of(n),
         "title": OFFICIAL_TITLES.get(n, f"Engagement n°{n} — intitulé officiel à saisir"),
         "description": "", "official": n in OFFICIAL_TITLES}
        for n in v.ENGAGEMENT_NUMBERS
    ]  # fmt: skip


class Catalogue(Aggregate):
    TOPIC = "qualicoop.catalogue"
    if TYPE_CHECKING:
        pillars: list[dict[str, Any]]
        engagements: dict[str, dict[str, Any]]

    class Event(Aggregate.Event):
        effective_on: date
        actor: str

    class Created(Aggregate.Created):
        TOPIC = "qualicoop.catalogue.established.v1"
        effective_on: date
        actor: str
        pillars: list[dict[str, Any]]
        engagements: list[dict[str, Any]]

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str, pillars: list[dict[str, Any]],
                 engagements: list[dict[str, Any]]) -> None:  # fmt: skip
        """The ``Created`` event's apply (it runs again on every replay)."""
        self.pillars = copy.deepcopy(pillars)
        self.engagements = {str(e["number"]): copy.deepcopy(e) for e in engagements}

    class EngagementWordingRevised(Event):
        TOPIC = "qualicoop.catalogue.engagement_wording_revised.v1"
        number: int
        title: str
        description: str
        official: bool
        reason: str

        def apply(self, catalogue: Catalogue) -> None:
            catalogue.engagements[str(self.number)].update(
                title=self.title, description=self.description, official=self.official
            )

    @classmethod
    def establish(cls, *, actor: str, effective_on: date) -> Catalogue:
        pillars = [{"number": n, **PILLAR_TITLES[n]} for n in v.PILLARS]
        return cls(
            id=CATALOGUE_ID,
            actor=v.check_actor(actor),
            effective_on=effective_on,
            pillars=pillars,
            engagements=initial_engagements(),
        )

    def revise_wording(self, *, actor: str, effective_on: date, number: object, title: object,
                       description: object = "", official: bool = True, reason: object = "") -> None:  # fmt: skip
        n = v.check_engagement_number(number, "number")
        new_title = v.check_text(title, "title", max_length=300)
        new_description = v.check_text(description, "description", required=False, max_length=5000)
        if not isinstance(official, bool):
            raise InvalidInput("official", "Booléen attendu.")
        current = self.engagements[str(n)]
        if (current["title"], current["description"], current["official"]) == (new_title, new_description, official):
            raise InvalidInput("title", "Aucune modification à enregistrer.")
        self.trigger_event(self.EngagementWordingRevised, actor=v.check_actor(actor), effective_on=effective_on,
                           number=n, title=new_title, description=new_description, official=official,
                           reason=v.check_text(reason, "reason", required=False))  # fmt: skip

    def engagement(self, number: int) -> dict[str, Any]:
        return dict(self.engagements[str(number)])

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "pillars": copy.deepcopy(self.pillars),
                "engagements": [self.engagement(n) for n in v.ENGAGEMENT_NUMBERS]}  # fmt: skip
