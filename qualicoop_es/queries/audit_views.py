"""The frozen views of a mention's audit (``queries.audit``): what the CLI, the API and the audit bundle show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from qualicoop_es.integrity.links import Head, Link

#: How a fact stands to the mention audited.
STAGE_LABELS = {
    "before": "a conduit à la mention",
    "grant": "octroi de la mention",
    "during": "pendant la validité de la mention",
}


def _iso(day: date | datetime | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class Person:
    """Someone named by an event: the opaque id the event records and the name shown today (« personne effacée »
    after an erasure, « Système » for the system's own actors)."""

    id: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Change:
    """One change of a readjustment: what (French label), the value before and after (as text)."""

    label: str
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Verdict:
    kind: str
    label: str
    session_reference: str
    members_present: tuple[Person, ...]
    rationale: str
    axes: tuple[int, ...]
    judged_version: int
    judged_digest: str
    valid_until: date | None
    next_bilan_due: date | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "session_reference": self.session_reference,
                "members_present": [m.to_dict() for m in self.members_present], "rationale": self.rationale,
                "axes": list(self.axes), "judged_version": self.judged_version, "judged_digest": self.judged_digest,
                "valid_until": _iso(self.valid_until), "next_bilan_due": _iso(self.next_bilan_due)}  # fmt: skip


@dataclass(frozen=True)
class Fact:
    """One fact of the chain that led to a mention, with its event's link in the hash chain."""

    kind: str
    kind_label: str
    stage: str
    sentence: str
    version: int
    effective_on: date
    recorded_at: datetime
    actor: Person
    link: Link | None  # None: the ledger has not chained it yet
    dossier_version: int | None = None  # a submission's or a bilan's
    dossier_digest: str | None = None
    summary: str = ""  # a checkpoint's, a bilan's
    reason: str = ""  # a readjustment's, a withdrawal's, a leaving's
    verdict: Verdict | None = None
    changes: tuple[Change, ...] = ()

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    def to_dict(self) -> dict[str, Any]:
        link = self.link
        return {"kind": self.kind, "kind_label": self.kind_label, "stage": self.stage,
                "stage_label": self.stage_label, "sentence": self.sentence, "version": self.version,
                "effective_on": self.effective_on.isoformat(), "recorded_at": self.recorded_at.isoformat(),
                "actor": self.actor.id, "actor_name": self.actor.name,
                "position": link.position if link else None, "chain_rank": link.seq if link else None,
                "chain_digest": link.digest if link else None, "dossier_version": self.dossier_version,
                "dossier_digest": self.dossier_digest, "summary": self.summary, "reason": self.reason,
                "verdict": self.verdict.to_dict() if self.verdict else None,
                "changes": [c.to_dict() for c in self.changes]}  # fmt: skip


@dataclass(frozen=True)
class Validity:
    """The mention's dates: granted on, valid until as the verdict set it, and as read on ``as_of`` (today for the
    current mention; the day before the next mention for an earlier one)."""

    granted: str
    granted_label: str
    granted_on: date
    valid_until_at_grant: date | None
    as_of: date
    held: str
    held_label: str
    valid_until: date | None
    expired_on: date | None
    superseded_on: date | None  # the next mention's date, when another mention followed

    def to_dict(self) -> dict[str, Any]:
        return {"granted": self.granted, "granted_label": self.granted_label, "granted_on": _iso(self.granted_on),
                "valid_until_at_grant": _iso(self.valid_until_at_grant), "as_of": _iso(self.as_of),
                "held": self.held, "held_label": self.held_label, "valid_until": _iso(self.valid_until),
                "expired_on": _iso(self.expired_on), "superseded_on": _iso(self.superseded_on)}  # fmt: skip


@dataclass(frozen=True)
class MentionAudit:
    """How mention ``number`` (of ``granted`` mentions granted so far) was granted, and that the record holds."""

    cooperative_id: str
    name: str
    siren: str
    number: int
    granted: int
    validity: Validity
    facts: tuple[Fact, ...]
    head: Head

    def to_dict(self) -> dict[str, Any]:
        return {"cooperative_id": self.cooperative_id, "name": self.name, "siren": self.siren,
                "mention_number": self.number, "mentions_granted": self.granted,
                "validity": self.validity.to_dict(), "facts": [f.to_dict() for f in self.facts],
                "chain": self.head.to_dict()}  # fmt: skip
