"""A session of the comité de validation, as a record the federation creates: its reference (« CV-2026-11 »), the
day it sits and its members. A verdict names a session by its reference; verdicts recorded before sessions were
records keep their free-text reference (stored events never change: readers look the reference up, and show it
as it was typed when no session bears it)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from qualicoop_es.aggregates import values as v
from qualicoop_es.errors import InvalidInput

#: « CV-2026-11 », « CV-2026-11-B »: letters, digits and dashes, 3 to 40 characters.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,38}[A-Za-z0-9]")
MAX_MEMBERS = 40


def session_id(reference: str) -> UUID:
    """One session per reference (case-insensitive): its id is derived from it."""
    return uuid5(NAMESPACE_URL, f"https://qualicoop.coophlm.fr/comite/{reference.upper()}")


def check_reference(value: object) -> str:
    text = v.check_text(value, "reference", max_length=40)
    if not _REFERENCE.fullmatch(text):
        raise InvalidInput("reference", "Référence attendue : lettres, chiffres et tirets, par exemple CV-2026-11.")
    return text.upper()


def check_members(value: object) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(m, str) and m.strip() for m in value):
        raise InvalidInput("members", "Liste des membres attendue.")
    members = list(dict.fromkeys(m.strip() for m in value))
    if not members:
        raise InvalidInput("members", "Choisissez au moins un membre du comité.")
    if len(members) > MAX_MEMBERS:
        raise InvalidInput("members", f"Au plus {MAX_MEMBERS} membres.")
    return members


class CommitteeSession(Aggregate):
    TOPIC = "qualicoop.committee_session"
    if TYPE_CHECKING:
        reference: str
        held_on: date
        members: list[str]
        recorded_by: str

    class Created(Aggregate.Created):
        TOPIC = "qualicoop.committee_session.created.v1"
        effective_on: date
        actor: str
        reference: str
        held_on: date
        members: list[str]

    @event(Created)
    def __init__(self, *, id: UUID, effective_on: date, actor: str, reference: str, held_on: date,
                 members: list[str]) -> None:  # fmt: skip
        """The ``Created`` event's apply (it runs again on every replay)."""
        self.reference, self.held_on, self.members, self.recorded_by = reference, held_on, list(members), actor

    @classmethod
    def hold(cls, *, actor: str, effective_on: date, reference: object, held_on: object,
             members: object) -> CommitteeSession:  # fmt: skip
        """A new session (the checks first; who the members may be is the application's: ``accounts.roster``)."""
        ref = check_reference(reference)
        if not isinstance(held_on, date):
            raise InvalidInput("held_on", "Date de la séance attendue.")
        return cls(id=session_id(ref), effective_on=effective_on, actor=v.check_actor(actor), reference=ref,
                   held_on=held_on, members=check_members(members))  # fmt: skip
