"""The cooperative aggregate: the whole life of its Quali'Coop approach, as immutable events.

Commands (public methods) validate against the phase, the dates and the rules, then trigger an event.
Event ``apply`` methods only change state: they run again on every replay and never validate.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import operations as ops
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative_commands import CooperativeCommands
from qualicoop_es.aggregates.cooperative_events import payload
from qualicoop_es.aggregates.cooperative_state import CooperativeState
from qualicoop_es.aggregates.values import Phase

_T = "qualicoop.cooperative."


class Cooperative(CooperativeCommands, CooperativeState, Aggregate):
    TOPIC = "qualicoop.cooperative"
    #: 2: the standing (mention apart from the step) and the last-writer-wins stamps. A snapshot of version 1 has
    #: neither; ``upcast_v1_v2`` marks the aggregate for an exact replay of its events (see ``needs_full_fold``).
    #: 3: the phase, the mentions and the verdict kinds are enums (``upcast_v2_v3``), no longer their strings.
    class_version = 3

    class Event(Aggregate.Event):
        effective_on: date
        actor: str

    class Created(Aggregate.Created):
        TOPIC = _T + "registered.v1"
        effective_on: date
        actor: str
        name: str
        siren: str
        legal_form: str
        departement: str
        activities: list[str]

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str, name: str, siren: str, legal_form: str,
                 departement: str, activities: list[str]) -> None:  # fmt: skip
        """The registration (``Created``)'s apply: it runs again on every replay, so it only sets state."""
        self.siren = siren
        self.registered_on = self.phase_since = self.latest_effective_on = effective_on
        self.phase = Phase.PREPARING
        self.dossier = ds.new_dossier({"name": name, "siren": siren, "legal_form": legal_form,
                                       "departement": departement, "activities": list(activities)})  # fmt: skip
        self.kit_requested_on = self.first_meeting_on = None
        self.submission = self.bilan = self.last_verdict = None
        self.engaged_on = self.engaged_until = self.confirmed_on = self.valid_until = None
        self.next_bilan_due = None
        self.confirmations = self.checkpoints = self.readjustments = 0
        self.last_checkpoint_on = None
        self.measurements = {}
        self.diplomas = []
        self.seq = {"A": 0, "I": 0}
        self.standing = st.new_standing()
        #: Last-writer-wins stamps [business date, version] of every field a fact sets, and the date each
        #: engagement was last dropped: a fact keyed in late (back-dated) then changes the state exactly as
        #: applying the facts in business-date order would (see ``dossier.apply_op``).
        self.stamps = {}
        self.dropped = {}
        self.needs_full_fold = False

    class KitRequested(Event):
        TOPIC = _T + "kit_requested.v1"

        def apply(self, coop: Cooperative) -> None:
            coop.kit_requested_on = self.effective_on
            coop._seen(self)

    class FirstMeetingHeld(Event):
        TOPIC = _T + "first_meeting_held.v1"
        summary: str

        def apply(self, coop: Cooperative) -> None:
            coop.first_meeting_on = self.effective_on
            coop._seen(self)

    class IdentityCardUpdated(Event):
        TOPIC = _T + "identity_card_updated.v1"
        changes: dict[str, Any]

        def apply(self, coop: Cooperative) -> None:
            ds.set_fields(coop.dossier["identity"], self.changes, "identity", coop._stamp(self), coop.stamps)
            coop._seen(self)

    class IntentNoteUpdated(Event):
        TOPIC = _T + "intent_note_updated.v1"
        changes: dict[str, Any]

        def apply(self, coop: Cooperative) -> None:
            ds.set_fields(coop.dossier["intent"], self.changes, "intent", coop._stamp(self), coop.stamps)
            coop._seen(self)

    class DossierChange(Event):
        """Base of the events that apply one dossier operation (never triggered as such)."""

        TOPIC = _T + "dossier_change.base"
        OPERATION: ClassVar[type[ops.Operation]]

        def operation(self) -> ops.Operation:
            """The dossier operation this event records (its fields are the operation's)."""
            return self.OPERATION.recorded(payload(self))

        def apply(self, coop: Cooperative) -> None:
            coop._apply_op(self.operation(), self)
            coop._seen(self)

    class EngagementChosen(DossierChange):
        TOPIC = _T + "engagement_chosen.v1"
        OPERATION = ops.ChooseEngagement
        number: int
        activities: list[str]
        context: str
        catalogue_version: int

    class EngagementRevised(DossierChange):
        TOPIC = _T + "engagement_revised.v1"
        OPERATION = ops.ReviseEngagement
        number: int
        changes: dict[str, Any]

    class EngagementDropped(DossierChange):
        TOPIC = _T + "engagement_dropped.v1"
        OPERATION = ops.DropEngagement
        number: int
        reason: str

    class ActionAdded(DossierChange):
        TOPIC = _T + "action_added.v1"
        OPERATION = ops.AddAction
        number: int
        action_id: str
        title: str
        description: str

    class ActionRevised(DossierChange):
        TOPIC = _T + "action_revised.v1"
        OPERATION = ops.ReviseAction
        action_id: str
        changes: dict[str, Any]

    class ActionRemoved(DossierChange):
        TOPIC = _T + "action_removed.v1"
        OPERATION = ops.RemoveAction
        action_id: str
        reason: str

    class IndicatorDefined(DossierChange):
        TOPIC = _T + "indicator_defined.v1"
        OPERATION = ops.DefineIndicator
        number: int
        indicator_id: str
        fields: dict[str, Any]

    class IndicatorRevised(DossierChange):
        TOPIC = _T + "indicator_revised.v1"
        OPERATION = ops.ReviseIndicator
        indicator_id: str
        changes: dict[str, Any]

    class IndicatorRemoved(DossierChange):
        TOPIC = _T + "indicator_removed.v1"
        OPERATION = ops.RemoveIndicator
        indicator_id: str
        reason: str

    class DossierSubmitted(Event):
        TOPIC = _T + "dossier_submitted.v1"
        dossier_version: int
        dossier_digest: str
        catalogue_version: int

        def apply(self, coop: Cooperative) -> None:
            coop.submission = {"version": self.dossier_version, "digest": self.dossier_digest,
                               "on": self.effective_on, "catalogue_version": self.catalogue_version}  # fmt: skip
            st.on_submitted(coop.standing, self.effective_on, self.dossier_version, self.dossier_digest)
            coop._enter(Phase.SUBMITTED, self)

    class VerdictRecorded(Event):
        TOPIC = _T + "verdict_recorded.v1"
        #: 2: ``kind`` is a ``VerdictKind`` (stored through its transcoding), no longer its string.
        class_version = 2
        kind: v.VerdictKind
        session_reference: str
        members_present: list[str]
        rationale: str
        axes: list[int]
        judged_version: int
        judged_digest: str
        valid_until: date | None
        next_bilan_due: date | None

        def apply(self, coop: Cooperative) -> None:
            coop.last_verdict = {"kind": self.kind, "on": self.effective_on, "judged_version": self.judged_version,
                                 "session_reference": self.session_reference, "axes": list(self.axes)}  # fmt: skip
            coop.next_bilan_due = self.next_bilan_due
            st.on_verdict(coop.standing, self.kind, self.effective_on, self.valid_until, self.next_bilan_due,
                          self.bilan_from())  # fmt: skip
            if self.kind is v.VerdictKind.VALIDATE:
                coop.engaged_on, coop.engaged_until = self.effective_on, self.valid_until
            elif self.kind is v.VerdictKind.MATURE:
                coop.submission = None
            elif self.kind is v.VerdictKind.CONFIRM:
                coop.confirmed_on, coop.valid_until = self.effective_on, self.valid_until
                coop.confirmations += 1
            coop._enter(v.PHASE_AFTER_VERDICT[self.kind], self)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["kind"] = v.VerdictKind(state["kind"])

        def bilan_from(self) -> date | None:
            """The first day the next bilan is accepted (see ``rules.bilan_accepted_from``)."""
            return None if self.next_bilan_due is None else rules.bilan_accepted_from(self.effective_on,
                                                                                        self.next_bilan_due)  # fmt: skip

    class CheckpointHeld(Event):
        TOPIC = _T + "checkpoint_held.v1"
        summary: str

        def apply(self, coop: Cooperative) -> None:
            coop.checkpoints += 1
            coop.last_checkpoint_on = max(coop.last_checkpoint_on or self.effective_on, self.effective_on)
            coop._seen(self)

    class ObjectivesReadjusted(Event):
        TOPIC = _T + "objectives_readjusted.v1"
        changes: list[dict[str, Any]]
        reason: str

        def apply(self, coop: Cooperative) -> None:
            for stored in self.changes:
                coop._apply_op(ops.from_stored(stored), self, readjustment=True)
            coop.readjustments += 1
            coop._seen(self)

    class IndicatorMeasured(Event):
        TOPIC = _T + "indicator_measured.v1"
        indicator_id: str
        value: Decimal
        comment: str

        def apply(self, coop: Cooperative) -> None:
            previous = coop.measurements.get(self.indicator_id, {"count": 0})
            latest = {"on": self.effective_on, "value": self.value}
            ds.set_fields(previous, latest, f"{self.indicator_id}.measure", coop._stamp(self), coop.stamps)
            coop.measurements[self.indicator_id] = {**previous, "count": previous["count"] + 1}
            coop._seen(self)

    class BilanSubmitted(Event):
        TOPIC = _T + "bilan_submitted.v1"
        summary: str
        dossier_version: int
        dossier_digest: str

        def apply(self, coop: Cooperative) -> None:
            coop.bilan = {"version": self.dossier_version, "digest": self.dossier_digest, "on": self.effective_on}
            st.on_bilan_submitted(coop.standing, self.effective_on, self.dossier_version, self.dossier_digest)
            coop._enter(Phase.BILAN_SUBMITTED, self)

    class DiplomaAwarded(Event):
        TOPIC = _T + "diploma_awarded.v1"
        #: 2: ``mention`` is a ``Mention`` (stored through its transcoding), no longer its string.
        class_version = 2
        mention: st.Mention
        decision_on: date
        ceremony: str

        def apply(self, coop: Cooperative) -> None:
            coop.diplomas.append({"mention": self.mention, "decision_on": self.decision_on,
                                  "awarded_on": self.effective_on})  # fmt: skip
            coop.diplomas.sort(key=lambda d: d["awarded_on"])  # business-date order, whatever the keying order
            coop._seen(self)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["mention"] = st.Mention(state["mention"])

    class ApproachLeft(Event):
        TOPIC = _T + "approach_left.v1"
        reason: str

        def apply(self, coop: Cooperative) -> None:
            st.on_left(coop.standing, self.effective_on)
            coop._enter(Phase.LEFT, self)

    class MentionWithdrawn(Event):
        TOPIC = _T + "mention_withdrawn.v1"
        reason: str

        def apply(self, coop: Cooperative) -> None:
            st.on_withdrawn(coop.standing, self.effective_on)
            coop._enter(Phase.WITHDRAWN, self)
