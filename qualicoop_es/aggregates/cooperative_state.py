"""The cooperative's state apart from its events and commands: replaying facts in business-date order (``fold``),
the state they decide, the helpers its events' ``apply`` use, the upcasting of old snapshots, the registration.

Mixed into ``Cooperative`` (the event classes stay nested in it, as the library defines an aggregate's events).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from qualicoop_es.aggregates import copying
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import operations as ops
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.values import Phase
from qualicoop_es.errors import InvalidInput

#: The operations that give out a new id (an action's, an indicator's), and the field holding it.
_NUMBERING: dict[type, str] = {ops.AddAction: "action_id", ops.DefineIndicator: "indicator_id"}


class CooperativeState:
    if TYPE_CHECKING:
        Created: Any
        version: int
        phase: Phase
        phase_since: date
        latest_effective_on: date
        dossier: ds.Dossier
        stamps: ds.Stamps
        dropped: dict[str, date]
        seq: dict[str, int]

        def __init__(self, **kwargs: Any) -> None: ...

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        """The repository copies the cached aggregate for every command: see ``copying.deep_copy``."""
        return copying.deep_copy(self, memo)

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before the standing and the stamps existed: neither can be derived exactly from it, so
        the aggregate it gives asks to be folded again from its events (``QualicoopApplication.cooperative``)."""
        state.update(standing=st.new_standing(), stamps={}, dropped={}, needs_full_fold=True)

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """A snapshot taken while the phase, the mentions and the verdict kinds were stored as strings."""
        state["phase"] = Phase(state["phase"])
        state["standing"] = {**state["standing"], "mention": st.Mention(state["standing"]["mention"])}
        if state["last_verdict"] is not None:
            state["last_verdict"] = {**state["last_verdict"], "kind": v.VerdictKind(state["last_verdict"]["kind"])}
        state["diplomas"] = [{**d, "mention": st.Mention(d["mention"])} for d in state["diplomas"]]

    @classmethod
    def fold(cls, events: Iterable[Any]) -> Any:
        """The cooperative made of ``events`` applied in business-date order, ties in recording order: the one
        definition of a state "as of" a day (pass the events whose business date is ≤ that day) and of a state
        "as recorded at" a time (pass the events recorded by then). Its version is the latest one applied."""
        ordered = sorted(events, key=lambda e: (e.effective_on, e.originator_version))
        if not ordered:
            return None
        if not isinstance(ordered[0], cls.Created):
            raise ValueError("a cooperative's facts cannot precede its registration")
        created: Any = ordered[0]
        coop = created.mutate(None)
        for fact in ordered[1:]:
            cls.fold_one(coop, fact)
        return coop

    @staticmethod
    def fold_one(coop: Any, fact: Any) -> None:
        """One more fact onto a state folded so far: ``fold``'s step. Facts fed in recording order give the state
        ``fold`` gives (the stamps make the dossier's fields last-writer-wins by business date; facts that change
        the step are never dated before the latest fact), which lets a report replay the log as it streams."""
        fact.apply(coop)
        if fact.originator_version > coop.version:
            coop.version = fact.originator_version
        if fact.timestamp > coop.modified_on:
            coop.modified_on = fact.timestamp

    def state(self) -> dict[str, Any]:
        """Everything the facts decided (not the library's envelope): what a fold in business-date order and the
        aggregate loaded from the log must agree on."""
        return {k: x for k, x in vars(self).items() if not k.startswith("_") and k != "needs_full_fold"}

    # -- state helpers used by apply() ------------------------------------------------------------------------

    def _seen(self, event: Any) -> None:
        if event.effective_on > self.latest_effective_on:
            self.latest_effective_on = event.effective_on

    def _enter(self, phase: Phase, event: Any) -> None:
        self.phase = phase
        self.phase_since = event.effective_on
        self._seen(event)

    @staticmethod
    def _stamp(event: Any) -> tuple[date, int]:
        return event.effective_on, event.originator_version

    def _apply_op(self, operation: ops.Operation, event: Any, *, readjustment: bool = False) -> None:
        stamp = event.effective_on, event.originator_version  # ``_stamp``
        operation.apply(self.dossier, event.effective_on, self.stamps, stamp, readjustment=readjustment)
        kind = type(operation)  # the operations are final classes: their exact type (quicker than isinstance on ABCs)
        if kind is ops.DropEngagement:
            number = str(operation.number)  # type: ignore[attr-defined]
            self.dropped[number] = max(self.dropped.get(number, event.effective_on), event.effective_on)
        numbered = _NUMBERING.get(kind)
        if numbered is not None:  # the sequence of the ids it gave out
            new = getattr(operation, numbered)
            self.seq[new[0]] = max(self.seq[new[0]], int(new[1:]))

    @classmethod
    def register(cls, *, actor: str, name: str, siren: str, legal_form: str, departement: str,
                 activities: list[str], effective_on: date, today: date) -> Any:  # fmt: skip
        """A new cooperative, its identity checked: one aggregate per SIREN, registered on a day not in the future."""
        checked = v.gather({"name": lambda: ds.clean_identity({"name": name}),  # every mistake at once, in form order
                            "siren": lambda: v.check_siren(siren),
                            "identity": lambda: ds.clean_identity({"legal_form": legal_form, "departement": departement,
                                                                   "activities": activities}),
                            "effective_on": lambda: _registration_day(effective_on, today)})  # fmt: skip
        identity, siren = {**checked["name"], **checked["identity"]}, checked["siren"]
        return cls(id=cls.id_for_siren(siren), actor=v.check_actor(actor), effective_on=checked["effective_on"],
                   siren=siren, name=identity["name"], legal_form=identity["legal_form"],
                   departement=identity["departement"], activities=identity["activities"])  # fmt: skip

    @staticmethod
    def id_for_siren(siren: str) -> UUID:
        """One aggregate per SIREN: the id is derived from it, so a second registration is a conflict."""
        return uuid5(NAMESPACE_URL, f"https://qualicoop.coophlm.fr/cooperatives/{siren}")


def _registration_day(effective_on: object, today: date) -> date:
    day = v.check_date(effective_on, "effective_on")
    if day > today:
        raise InvalidInput("effective_on", f"La date ne peut pas être dans le futur (aujourd'hui : "
                           f"{v.french_date(today)}).")  # fmt: skip
    return day
