"""Who may do what: one table of use cases, each with the roles that may run it and on which cooperative.

The application checks every write against it (``authorize``) before loading anything; the API, the pages and the
CLI ask the same table what to offer (``Actor.may``) and refuse early, but the application's check is the one that
holds. The table follows ``domain.md``: the federation registers and follows cooperatives and manages the catalogue
and the accounts; the committee records verdicts, never on a cooperative its member belongs to; a referent works on
their own cooperative only; the auditor reads everything and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from uuid import UUID

from qualicoop_es.errors import Forbidden


class Role(StrEnum):
    FEDERATION = "federation"
    COMMITTEE = "committee"
    COOPERATIVE = "cooperative"
    AUDITOR = "auditor"


class Reach(Enum):
    """On which cooperative a role's permission holds."""

    NETWORK = "network"  # not about one cooperative (the list, the catalogue, the accounts)
    COOPERATIVE = "cooperative"  # one cooperative: a referent only their own, a committee member not their own
    # when the rule says ``unaffiliated``


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    reach: Reach = Reach.COOPERATIVE
    #: A committee member may not act on a cooperative they belong to (the verdict).
    unaffiliated: bool = False
    #: The committee reads a cooperative from its first submission on (its history before it included): before,
    #: the cooperative is not shown to it, alone or in a list, a figure or a deadline.
    committee_once_submitted: bool = False


class Sight(Enum):
    """Which cooperatives a read over the network shows an actor."""

    ALL = "all"
    OWN = "own"  # a referent: their own cooperative
    SUBMITTED = "submitted"  # the committee: the cooperatives submitted at least once


EVERYONE = frozenset(Role)
NETWORK_READERS = frozenset({Role.FEDERATION, Role.COMMITTEE, Role.AUDITOR})
_FED = frozenset({Role.FEDERATION})
_REF = frozenset({Role.COOPERATIVE})


def _network(*roles: Role) -> Rule:
    return Rule(frozenset(roles), Reach.NETWORK)


#: Every use case, by name. Writes first (the application's methods), then reads.
USE_CASES: Mapping[str, Rule] = {
    "register_cooperative": Rule(_FED, Reach.NETWORK),
    "revise_catalogue": Rule(_FED, Reach.NETWORK),
    "manage_accounts": Rule(_FED, Reach.NETWORK),
    "request_kit": Rule(_FED | _REF),  # the cooperative asks for the kit, or the federation records its request
    "hold_first_meeting": Rule(_FED),
    "hold_checkpoint": Rule(_FED),
    "award_diploma": Rule(_FED),
    "withdraw_mention": Rule(_FED),
    "leave_approach": Rule(_FED | _REF),
    "update_identity": Rule(_REF),
    "update_intent_note": Rule(_REF),
    "change_dossier": Rule(_REF),
    "submit_dossier": Rule(_REF),
    "readjust_objectives": Rule(_REF),
    "measure_indicator": Rule(_REF),
    "submit_bilan": Rule(_REF),
    "record_verdict": Rule(frozenset({Role.COMMITTEE}), unaffiliated=True),
    "hold_committee_session": Rule(_FED, Reach.NETWORK),  # a session of the committee (reference, day, members)
    # reads
    "read_cooperative": Rule(EVERYONE, committee_once_submitted=True),
    # a referent's list holds their own cooperative only, the committee's the cooperatives submitted once
    "list_cooperatives": Rule(EVERYONE, Reach.NETWORK, committee_once_submitted=True),
    "read_reference": _network(*EVERYONE),  # the catalogue, the kinds of event, one's own account
    "read_network": Rule(NETWORK_READERS, Reach.NETWORK, committee_once_submitted=True),  # figures, deadlines
    "read_audit_log": _network(Role.FEDERATION, Role.AUDITOR),
    "read_role_history": _network(Role.FEDERATION, Role.AUDITOR),
    # how a mention was granted, and its signed audit bundle: whoever reads the cooperative (a referent their own)
    "read_audit": Rule(EVERYONE, committee_once_submitted=True),
    "read_integrity": _network(*NETWORK_READERS),  # the chain's head and the verifications
    # checks: they record who checked what (an event), and change nothing of the approach's record
    "check_integrity": _network(Role.FEDERATION, Role.AUDITOR),
    "read_reports": _network(Role.FEDERATION, Role.AUDITOR),
    "read_committee_sessions": _network(*NETWORK_READERS),  # the annual network reports (domain.md: auditor)
}

#: The use cases that change the approach's record (the rest read it, or check it: an auditor writes nothing).
WRITES = frozenset(name for name in USE_CASES if not name.startswith(("read_", "list_", "check_")))


@dataclass(frozen=True)
class Actor:
    """Who acts: an account with its role, or the operator on the server (``Actor.operator``).

    ``account_id`` is what every event records. An operator (the command line run on the server, the demo loader,
    a migration) is trusted by whoever can run code beside the store, and may run every use case."""

    account_id: str
    role: Role | None = None
    cooperative_id: UUID | None = None
    affiliations: frozenset[UUID] = field(default_factory=frozenset)
    is_operator: bool = False

    @classmethod
    def operator(cls, account_id: str = "system") -> Actor:
        return cls(account_id, is_operator=True)

    def may(self, use_case: str, coop_id: UUID | None = None, *, submitted: bool | None = None) -> bool:
        """May this actor run ``use_case`` on cooperative ``coop_id``? With no cooperative given for a use case
        on one cooperative: may they run it on some cooperative (what to offer in a menu). ``submitted``: whether
        the cooperative was ever submitted, for the rules that depend on it (``needs_submission``); unknown
        (None) counts as not."""
        rule = USE_CASES[use_case]
        if self.is_operator:
            return True
        if self.role is None or self.role not in rule.roles:
            return False
        if rule.reach is Reach.NETWORK or coop_id is None:
            return True
        if self.role is Role.COOPERATIVE:
            return coop_id == self.cooperative_id
        if self.needs_submission(use_case) and not submitted:
            return False
        return not (rule.unaffiliated and coop_id in self.affiliations)

    def may_read(self, coop_id: UUID, *, submitted: bool | None = None) -> bool:
        return self.may("read_cooperative", coop_id, submitted=submitted)

    def needs_submission(self, use_case: str) -> bool:
        """Does this actor see a cooperative through ``use_case`` only once it was submitted (the committee)?"""
        return self.role is Role.COMMITTEE and not self.is_operator and USE_CASES[use_case].committee_once_submitted

    def sight(self, use_case: str) -> Sight:
        """Which cooperatives a network read through ``use_case`` shows this actor."""
        if self.role is Role.COOPERATIVE and not self.is_operator:
            return Sight.OWN
        return Sight.SUBMITTED if self.needs_submission(use_case) else Sight.ALL


def authorize(actor: Actor, use_case: str, coop_id: UUID | None = None, *, submitted: bool | None = None) -> str:
    """Refuse (``Forbidden``) unless ``actor`` may run ``use_case`` on ``coop_id`` (``submitted``: whether it was ever
    submitted, for the rules that depend on it); the id the event records."""
    if not isinstance(actor, Actor):
        raise TypeError(f"{use_case}: the actor must be an Actor, not {type(actor).__name__}")
    if USE_CASES[use_case].reach is Reach.COOPERATIVE and coop_id is None and not actor.is_operator:
        raise Forbidden(f"{use_case} : la coopérative concernée n'est pas indiquée.")
    if not actor.may(use_case, coop_id, submitted=submitted):
        raise Forbidden(_refusal(actor, use_case))
    return actor.account_id


def _refusal(actor: Actor, use_case: str) -> str:
    rule = USE_CASES[use_case]
    if actor.role is None or actor.role not in rule.roles:
        return "Votre rôle ne permet pas cette opération."
    if actor.role is Role.COOPERATIVE:
        return "Vous n'agissez que sur le dossier de votre coopérative."
    if rule.unaffiliated:
        return "Un membre du comité ne statue pas sur une coopérative dont il est membre."
    return "Le comité lit le dossier d'une coopérative à partir de son premier dépôt."
