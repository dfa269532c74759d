"""The use cases of a cooperative's approach, one method each: load → aggregate command → save → CommandResult.

Mixed into ``QualicoopApplication`` (which provides ``_update``, ``_today`` and the catalogue's version); kept in
its own module so the application's plumbing and its use cases each read in one screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from qualicoop_es.access import Actor, authorize
from qualicoop_es.accounts import roster

if TYPE_CHECKING:
    from eventsourcing.persistence import EventStore
from qualicoop_es.aggregates.cooperative import Cooperative


@dataclass(frozen=True)
class CommandResult:
    """What every write returns: which aggregate, its new version, and its position in the log."""

    aggregate_id: UUID
    version: int
    notification_id: int


class ApproachUseCases:
    if TYPE_CHECKING:

        def _update(self, coop_id: UUID, expected_version: int | None,
                    command: Callable[[Cooperative], Any]) -> CommandResult: ...  # fmt: skip

        def _today(self) -> date: ...

        def catalogue_version(self) -> int: ...

        def check_verdict_session(self, reference: str, members_present: list[str]) -> None: ...

        events: EventStore[UUID]

    def _run(self, use_case: str, coop_id: UUID, actor: Actor, expected_version: int | None,
             command: Callable[[Cooperative, str], Any]) -> CommandResult:  # fmt: skip
        """Authorize ``actor`` for ``use_case`` on the cooperative (``access``), then run the aggregate command with
        the id the events record."""
        who = authorize(actor, use_case, coop_id)
        return self._update(coop_id, expected_version, lambda coop: command(coop, who))

    def _dated(self, effective_on: date | None) -> dict[str, Any]:
        return {"effective_on": effective_on or self._today(), "today": self._today()}

    def request_kit(self, coop_id: UUID, *, actor: Actor, effective_on: date | None = None,
                    expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "request_kit",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.request_kit(actor=who, **self._dated(effective_on)),
        )

    def hold_first_meeting(self, coop_id: UUID, *, actor: Actor, summary: str = "", effective_on: date | None = None,
                           expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "hold_first_meeting",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.hold_first_meeting(actor=who, summary=summary, **self._dated(effective_on)),
        )

    def update_identity(self, coop_id: UUID, changes: dict[str, Any], *, actor: Actor,
                        effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "update_identity",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.update_identity(actor=who, changes=changes, **self._dated(effective_on)),
        )

    def update_intent_note(self, coop_id: UUID, changes: dict[str, Any], *, actor: Actor,
                           effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "update_intent_note",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.update_intent_note(actor=who, changes=changes, **self._dated(effective_on)),
        )

    def change_dossier(self, coop_id: UUID, op: dict[str, Any], *, actor: Actor, effective_on: date | None = None,
                       expected_version: int | None = None) -> CommandResult:  # fmt: skip
        """One dossier operation (choose/revise/drop an engagement, add/revise/remove an action or indicator)."""
        version = self.catalogue_version()
        return self._run(
            "change_dossier",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.change_dossier(op, actor=who, catalogue_version=version, **self._dated(effective_on)),
        )

    def choose_engagement(self, coop_id: UUID, number: int, *, actor: Actor, activities: list[str], context: str = "",
                          **kw: Any) -> CommandResult:  # fmt: skip
        op = {"op": "choose_engagement", "number": number, "activities": activities, "context": context}
        return self.change_dossier(coop_id, op, actor=actor, **kw)

    def add_action(self, coop_id: UUID, number: int, *, actor: Actor, title: str, description: str = "",
                   **kw: Any) -> CommandResult:  # fmt: skip
        op = {"op": "add_action", "number": number, "title": title, "description": description}
        return self.change_dossier(coop_id, op, actor=actor, **kw)

    def define_indicator(self, coop_id: UUID, number: int, *, actor: Actor, fields: dict[str, Any],
                         **kw: Any) -> CommandResult:  # fmt: skip
        return self.change_dossier(coop_id, {"op": "define_indicator", "number": number, "fields": fields},
                                   actor=actor, **kw)  # fmt: skip

    def submit_dossier(self, coop_id: UUID, *, actor: Actor, effective_on: date | None = None,
                       expected_version: int | None = None) -> CommandResult:  # fmt: skip
        version = self.catalogue_version()
        return self._run(
            "submit_dossier",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.submit_dossier(actor=who, catalogue_version=version, **self._dated(effective_on)),
        )

    def record_verdict(self, coop_id: UUID, *, actor: Actor, kind: str, session_reference: str,
                       members_present: list[str], rationale: str, judged_version: int,
                       axes: list[int] | None = None, next_bilan_due: date | None = None,
                       effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        """Members present must be committee accounts on the verdict's business date, none belonging to the
        cooperative judged (``accounts.roster``): checked from the accounts' events before the command."""
        dated = self._dated(effective_on)

        def judge(coop: Cooperative, who: str) -> None:
            roster.check_members_present(self, members_present, coop_id=coop_id, day=dated["effective_on"])
            self.check_verdict_session(session_reference, members_present)
            coop.record_verdict(actor=who, kind=kind, session_reference=session_reference,
                                members_present=members_present, rationale=rationale, judged_version=judged_version,
                                axes=axes, next_bilan_due=next_bilan_due, **dated)  # fmt: skip

        return self._run("record_verdict", coop_id, actor, expected_version, judge)

    def hold_checkpoint(self, coop_id: UUID, *, actor: Actor, summary: str, effective_on: date | None = None,
                        expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "hold_checkpoint",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.hold_checkpoint(actor=who, summary=summary, **self._dated(effective_on)),
        )

    def readjust_objectives(self, coop_id: UUID, changes: list[dict[str, Any]], *, actor: Actor, reason: str,
                            effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        version = self.catalogue_version()
        return self._run(
            "readjust_objectives",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.readjust_objectives(
                changes, actor=who, reason=reason, catalogue_version=version, **self._dated(effective_on)
            ),
        )

    def measure_indicator(self, coop_id: UUID, indicator_id: str, value: object, *, actor: Actor, comment: str = "",
                          effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "measure_indicator",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.measure_indicator(
                actor=who, indicator_id=indicator_id, value=value, comment=comment, **self._dated(effective_on)
            ),
        )

    def submit_bilan(self, coop_id: UUID, *, actor: Actor, summary: str, effective_on: date | None = None,
                     expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "submit_bilan",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.submit_bilan(actor=who, summary=summary, **self._dated(effective_on)),
        )

    def award_diploma(self, coop_id: UUID, *, actor: Actor, mention: str, ceremony: str,
                      effective_on: date | None = None, expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "award_diploma",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.award_diploma(actor=who, mention=mention, ceremony=ceremony, **self._dated(effective_on)),
        )

    def leave_approach(self, coop_id: UUID, *, actor: Actor, reason: str, effective_on: date | None = None,
                       expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "leave_approach",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.leave_approach(actor=who, reason=reason, **self._dated(effective_on)),
        )

    def withdraw_mention(self, coop_id: UUID, *, actor: Actor, reason: str, effective_on: date | None = None,
                         expected_version: int | None = None) -> CommandResult:  # fmt: skip
        return self._run(
            "withdraw_mention",
            coop_id,
            actor,
            expected_version,
            lambda c, who: c.withdraw_mention(actor=who, reason=reason, **self._dated(effective_on)),
        )
