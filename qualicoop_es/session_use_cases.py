"""The committee's sessions as records: the federation holds them (a reference, a day, its members); verdicts name
one, and its members are the only ones a verdict may name present."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from qualicoop_es.access import Actor, authorize
from qualicoop_es.accounts import roster
from qualicoop_es.aggregates.committee_session import CommitteeSession, check_reference, session_id
from qualicoop_es.errors import AlreadyExists, InvalidInput, NotFound

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder

    from qualicoop_es.use_cases import CommandResult

SESSION_TOPIC = CommitteeSession.Created.TOPIC


@dataclass(frozen=True)
class Session:
    """A committee session as readers see it (members by account id; names are looked up by the reader)."""

    id: str
    reference: str
    held_on: date
    members: tuple[str, ...]
    recorded_by: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reference": self.reference, "held_on": self.held_on.isoformat(),
                "members": list(self.members), "recorded_by": self.recorded_by}  # fmt: skip


def _view(session: Any) -> Session:
    return Session(str(session.id), session.reference, session.held_on, tuple(session.members), session.recorded_by)


class SessionUseCases:
    if TYPE_CHECKING:
        store: Callable[..., CommandResult]
        repository: Any
        recorder: ApplicationRecorder
        mapper: Any
        events: Any

        def _today(self) -> date: ...

    def hold_committee_session(self, *, actor: Actor, reference: str, held_on: date, members: list[str],
                               effective_on: date | None = None) -> CommandResult:  # fmt: skip
        """A new session; its members must hold the committee role on ``held_on`` (``accounts.roster``)."""
        who = authorize(actor, "hold_committee_session")
        session = CommitteeSession.hold(actor=who, effective_on=effective_on or self._today(), reference=reference,
                                        held_on=held_on, members=members)  # fmt: skip
        roster.check_session_members(self, session.members, session.held_on)
        if self._session_or_none(session.reference) is not None:
            raise AlreadyExists(f"Une séance porte déjà la référence {session.reference}.")
        return self.store(session)

    def committee_sessions(self) -> list[Session]:
        """Every session, the most recent first (one scan of the log's session records)."""
        page = self.recorder.select_notifications(0, 10_000, topics=[SESSION_TOPIC])
        found = [_view(self.mapper.to_domain_event(n).mutate(None)) for n in page]
        return sorted(found, key=lambda s: (s.held_on, s.reference), reverse=True)

    def committee_session(self, reference: str) -> Session:
        found = self._session_or_none(reference)
        if found is None:
            raise NotFound(f"Séance du comité inconnue : {reference}.")
        return found

    def _session_or_none(self, reference: str) -> Session | None:
        """The session of that reference, None for a free-text reference (verdicts before sessions were records)."""
        try:
            ref = check_reference(reference)
        except InvalidInput:
            return None
        events = list(self.events.get(session_id(ref)))
        return _view(events[0].mutate(None)) if events else None

    def check_verdict_session(self, reference: str, members_present: list[str]) -> None:
        """When ``reference`` names a session: the members present must be among its members."""
        session = self._session_or_none(reference)
        if session is None or not isinstance(members_present, list):
            return
        outside = [m for m in members_present if m not in session.members]
        if outside:
            raise InvalidInput("members_present", f"Membres absents de la séance {session.reference} : "
                               + ", ".join(f"« {m} »" for m in outside) + ".")  # fmt: skip
