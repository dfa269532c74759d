"""The dossier operations, one frozen dataclass each: what the input may be, what makes the operation possible on
a dossier, and what it does — defined once and used by the aggregate (one operation at a time while the dossier is
prepared, a batch in a readjustment), its events and the read models. Their inputs are parsed apart, in
``operation_inputs``.

An operation's fields are exactly its event's fields (``EVENT`` names the event class of ``Cooperative``); in a
readjustment the operations are stored as plain dicts with their ``"op"`` name (``as_stored`` / ``from_stored``).
``apply`` runs on every replay: it never validates. With stamps, revisions are last-writer-wins by business date
(``dossier.set_fields``), so facts keyed late apply as they would in business-date order.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Self

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.errors import InvalidInput

Structure = dict[str, dict[str, list[str]]]  # the read models' shape of a dossier: {"3": {"a": [...], "i": [...]}}


@dataclass(frozen=True)
class Context:
    """What checking an operation needs: the dossier, the operation's business date, the stamps and drop dates."""

    dossier: ds.Dossier
    day: date
    stamps: ds.Stamps | None = None
    dropped: dict[str, date] | None = None


@dataclass(frozen=True)
class Operation(ABC):
    NAME: ClassVar[str]
    EVENT: ClassVar[str]

    @abstractmethod
    def check(self, ctx: Context) -> None:
        """Raise if the operation cannot apply to ``ctx.dossier`` on ``ctx.day``."""

    @abstractmethod
    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        """Change ``dossier`` (on every replay: no validation, no side effect)."""

    @abstractmethod
    def reshaped(self, structure: Structure) -> Structure:
        """The read models' structure (which items belong to which engagement) after the operation: a new one where
        it changes, ``structure`` itself left as it is (the read models share it between periods)."""

    @classmethod
    def recorded(cls, fields: Mapping[str, Any]) -> Self:
        """The operation a stored fact records, from its fields (checked when the fact was recorded): built as the
        library rebuilds a stored event, without running the checks of ``__init__`` again (every replay builds one
        per fact: hundreds of thousands for a report)."""
        operation = object.__new__(cls)
        operation.__dict__.update(fields)
        return operation

    def payload(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def as_stored(self) -> dict[str, Any]:
        return {"op": self.NAME, **self.payload()}


class Revision(Operation):
    """An operation that changes an item's fields, never which items the dossier holds."""

    def reshaped(self, structure: Structure) -> Structure:
        return structure


# -- engagements ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChooseEngagement(Operation):
    NAME: ClassVar[str] = "choose_engagement"
    EVENT: ClassVar[str] = "EngagementChosen"
    number: int
    activities: list[str]
    context: str
    catalogue_version: int

    def check(self, ctx: Context) -> None:
        if str(self.number) in ctx.dossier["engagements"]:
            raise InvalidInput("number", f"L'engagement n°{self.number} est déjà choisi.")
        dropped_on = (ctx.dropped or {}).get(str(self.number))
        if dropped_on is not None:
            ds.not_before(ctx.day, dropped_on, f"l'abandon de l'engagement n°{self.number}")
        ds.check_covered_activities(ctx.dossier, self.activities)

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        dossier["engagements"][ds.item_key(self.number)] = {
            "number": self.number, "activities": list(self.activities), "context": self.context,
            "catalogue_version": self.catalogue_version, "since": day, "actions": {}, "indicators": {},
        }  # fmt: skip
        ds.created(stamps, stamp, f"E{self.number}", {"activities": 1, "context": 1})

    def reshaped(self, structure: Structure) -> Structure:
        return {**structure, str(self.number): {"a": [], "i": []}}


@dataclass(frozen=True)
class ReviseEngagement(Revision):
    NAME: ClassVar[str] = "revise_engagement"
    EVENT: ClassVar[str] = "EngagementRevised"
    number: int
    changes: dict[str, Any]

    def check(self, ctx: Context) -> None:
        ds.check_engagement_open(ctx.dossier, self.number, ctx.day)
        if "activities" in self.changes:
            ds.check_covered_activities(ctx.dossier, self.changes["activities"])

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        ds.set_fields(dossier["engagements"][str(self.number)], self.changes, f"E{self.number}", stamp, stamps)


@dataclass(frozen=True)
class DropEngagement(Operation):
    NAME: ClassVar[str] = "drop_engagement"
    EVENT: ClassVar[str] = "EngagementDropped"
    number: int
    reason: str

    def check(self, ctx: Context) -> None:
        ds.check_removal(ctx, self.keys(ctx.dossier))
        ds.check_engagement_open(ctx.dossier, self.number, ctx.day)

    def keys(self, dossier: ds.Dossier) -> list[str]:
        engagement = dossier["engagements"].get(str(self.number), {})
        return [f"E{self.number}", *engagement.get("actions", {}), *engagement.get("indicators", {})]

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        ds.forget(stamps, self.keys(dossier))
        del dossier["engagements"][str(self.number)]

    def reshaped(self, structure: Structure) -> Structure:
        return {n: e for n, e in structure.items() if n != str(self.number)}


# -- actions and indicators ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddAction(Operation):
    NAME: ClassVar[str] = "add_action"
    EVENT: ClassVar[str] = "ActionAdded"
    number: int
    action_id: str
    title: str
    description: str

    def check(self, ctx: Context) -> None:
        ds.check_engagement_open(ctx.dossier, self.number, ctx.day)

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        dossier["engagements"][str(self.number)]["actions"][ds.item_key(self.action_id)] = {
            "id": self.action_id, "title": self.title, "description": self.description, "since": day,
            "revised": False,
        }  # fmt: skip
        ds.created(stamps, stamp, self.action_id, {"title": 1, "description": 1})

    def reshaped(self, structure: Structure) -> Structure:
        return _added(structure, str(self.number), "a", self.action_id)


@dataclass(frozen=True)
class ReviseAction(Revision):
    NAME: ClassVar[str] = "revise_action"
    EVENT: ClassVar[str] = "ActionRevised"
    action_id: str
    changes: dict[str, Any]

    def check(self, ctx: Context) -> None:
        _, target = ds.find_action(ctx.dossier, self.action_id)
        ds.not_before(ctx.day, target["since"], target["id"])

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        _, action = ds.find_action(dossier, self.action_id)
        ds.set_fields(action, self.changes, self.action_id, stamp, stamps)
        action["revised"] = True


@dataclass(frozen=True)
class RemoveItem(Operation):
    """Removing an action or an indicator: the same guard (not before its creation, nor before a later fact on it),
    the same removal from its engagement. ``ID`` names the field holding the item's id, ``SECTION`` and ``KEY``
    where it lives in the dossier and in the read models' structure."""

    ID: ClassVar[str]
    SECTION: ClassVar[str]
    KEY: ClassVar[str]
    reason: str

    def item(self) -> str:
        return str(getattr(self, self.ID))

    def find(self, dossier: ds.Dossier) -> tuple[int, dict[str, Any]]:
        find = ds.find_action if self.SECTION == "actions" else ds.find_indicator
        return find(dossier, self.item())

    def check(self, ctx: Context) -> None:
        ds.check_removal(ctx, [self.item()])
        _, target = self.find(ctx.dossier)
        ds.not_before(ctx.day, target["since"], target["id"])

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        number, _ = self.find(dossier)
        ds.forget(stamps, [self.item()])
        del dossier["engagements"][str(number)][self.SECTION][self.item()]

    def reshaped(self, structure: Structure) -> Structure:
        item, key = self.item(), self.KEY
        return {n: {**e, key: [x for x in e[key] if x != item]} if item in e[key] else e for n, e in structure.items()}


@dataclass(frozen=True)
class RemoveAction(RemoveItem):
    NAME: ClassVar[str] = "remove_action"
    EVENT: ClassVar[str] = "ActionRemoved"
    ID: ClassVar[str] = "action_id"
    SECTION: ClassVar[str] = "actions"
    KEY: ClassVar[str] = "a"
    action_id: str


@dataclass(frozen=True)
class RemoveIndicator(RemoveItem):
    NAME: ClassVar[str] = "remove_indicator"
    EVENT: ClassVar[str] = "IndicatorRemoved"
    ID: ClassVar[str] = "indicator_id"
    SECTION: ClassVar[str] = "indicators"
    KEY: ClassVar[str] = "i"
    indicator_id: str


@dataclass(frozen=True)
class DefineIndicator(Operation):
    NAME: ClassVar[str] = "define_indicator"
    EVENT: ClassVar[str] = "IndicatorDefined"
    number: int
    indicator_id: str
    fields: dict[str, Any]

    def check(self, ctx: Context) -> None:
        ds.check_engagement_open(ctx.dossier, self.number, ctx.day)

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        indicator = {"id": self.indicator_id, "baseline": None, **ds.named(self.fields), "since": day,
                     "readjusted": False, "initial_target": self.fields["target"]}  # fmt: skip
        dossier["engagements"][str(self.number)]["indicators"][ds.item_key(self.indicator_id)] = indicator
        ds.created(stamps, stamp, self.indicator_id, self.fields)

    def reshaped(self, structure: Structure) -> Structure:
        return _added(structure, str(self.number), "i", self.indicator_id)


@dataclass(frozen=True)
class ReviseIndicator(Revision):
    NAME: ClassVar[str] = "revise_indicator"
    EVENT: ClassVar[str] = "IndicatorRevised"
    indicator_id: str
    changes: dict[str, Any]

    def check(self, ctx: Context) -> None:
        _, target = ds.find_indicator(ctx.dossier, self.indicator_id)
        ds.not_before(ctx.day, target["since"], target["id"])

    def apply(self, dossier: ds.Dossier, day: date, stamps: ds.Stamps | None = None,
              stamp: ds.Stamp | None = None, *, readjustment: bool = False) -> None:  # fmt: skip
        _, indicator = ds.find_indicator(dossier, self.indicator_id)
        ds.set_fields(indicator, self.changes, self.indicator_id, stamp, stamps)
        if readjustment:
            indicator["readjusted"] = True


# -- the registry -------------------------------------------------------------------------------------------------

OPERATIONS: dict[str, type[Any]] = {op.NAME: op for op in (
    ChooseEngagement, ReviseEngagement, DropEngagement, AddAction, ReviseAction, RemoveAction, DefineIndicator,
    ReviseIndicator, RemoveIndicator)}  # fmt: skip
NAMES = tuple(OPERATIONS)


def from_stored(stored: dict[str, Any]) -> Operation:
    """An operation as a readjustment event stored it (``as_stored``)."""
    operation: Operation = OPERATIONS[stored["op"]].recorded({k: x for k, x in stored.items() if k != "op"})
    return operation


def _added(structure: Structure, number: str, key: str, item: str) -> Structure:
    return {**structure, number: {**structure[number], key: [*structure[number][key], item]}}
