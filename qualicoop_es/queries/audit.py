"""How a mention was granted: the chain of facts that led to it, each with its event's link in the hash chain.

For the current mention (the last one granted) or the N-th mention granted (a validation grants « Engagée », a
confirmation « Confirmée »): the kit request and the first meeting, the submissions (version and digest of the
dossier), the verdicts (session, members present by name and id, rationale, judged version and digest), the
checkpoints, the readjustments (each change, before → after, and the reason), the bilans, the diploma, a
withdrawal or a leaving — in business-date order, up to the next mention granted — and the mention's validity.
The CLI (``qualicoop audit``), the API (``GET /cooperatives/{id}/audit``) and the audit bundle read this.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from qualicoop_es.accounts.names import display_names
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.aggregates.standing import MENTION_LABELS
from qualicoop_es.aggregates.values import VERDICT_LABELS, VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput, NotFound
from qualicoop_es.integrity.links import Link, head, links_of
from qualicoop_es.projections.sentences import KINDS
from qualicoop_es.queries.audit_trail import changes_by_version
from qualicoop_es.queries.audit_views import Change, Fact, MentionAudit, Person, Validity, Verdict

__all__ = ["AUDITED", "MentionAudit", "audit_of", "grants", "in_business_order", "verdict_of"]

#: The facts an audit shows (the rest — dossier edits, measurements — is in the timeline and the bundle's log).
AUDITED = (C.KitRequested, C.FirstMeetingHeld, C.DossierSubmitted, C.VerdictRecorded, C.CheckpointHeld,
           C.ObjectivesReadjusted, C.BilanSubmitted, C.DiplomaAwarded, C.MentionWithdrawn, C.ApproachLeft)  # fmt: skip
GRANTING = (VerdictKind.VALIDATE, VerdictKind.CONFIRM)


def _order(event: Any) -> tuple[date, int]:
    return event.effective_on, event.originator_version


def in_business_order(events: Sequence[Any]) -> list[Any]:
    return sorted(events, key=_order)


def grants(events: Sequence[Any]) -> list[Any]:
    """The verdicts that granted a mention, in business-date order (the first is mention n°1)."""
    return [e for e in in_business_order(events) if isinstance(e, C.VerdictRecorded) and e.kind in GRANTING]


def audit_of(app: QualicoopApplication, engine: Engine, coop_id: UUID, *, mention: int | None = None) -> MentionAudit:
    """The audit of mention n°``mention`` (default: the last one granted). NotFound for an unknown cooperative or
    one never granted a mention; InvalidInput (``mention``) for a number out of range."""
    events = app.history(coop_id)
    granted = grants(events)
    if not granted:
        raise NotFound("Aucune mention n'a encore été accordée à cette coopérative : rien à auditer.")
    number = len(granted) if mention is None else mention
    if not 1 <= number <= len(granted):
        raise InvalidInput("mention", f"Mention n°{number} inconnue : {len(granted)} mention(s) accordée(s) à cette "
                           f"coopérative (de 1 à {len(granted)}).")  # fmt: skip
    grant, following = granted[number - 1], granted[number] if number < len(granted) else None
    shown = [e for e in in_business_order(events)
             if isinstance(e, AUDITED) and (following is None or _order(e) < _order(following))]  # fmt: skip
    links = links_of(engine, coop_id, events[-1].originator_version)
    names = display_names(engine, [i for e in shown for i in (e.actor, *getattr(e, "members_present", ()))])
    changes = changes_by_version(app, coop_id, [e.originator_version for e in shown
                                                if isinstance(e, C.ObjectivesReadjusted)])  # fmt: skip
    facts = tuple(_fact(e, _stage(e, grant), links.get(e.originator_version), names,
                        changes.get(e.originator_version, ())) for e in shown)  # fmt: skip
    coop = app.cooperative(coop_id)
    return MentionAudit(cooperative_id=str(coop_id), name=coop.dossier["identity"]["name"], siren=coop.siren,
                        number=number, granted=len(granted), validity=_validity(app, coop_id, grant, following),
                        facts=facts, head=head(engine))  # fmt: skip


def _stage(event: Any, grant: Any) -> str:
    if event is grant:
        return "grant"
    return "before" if _order(event) < _order(grant) else "during"


def _person(actor: str, names: dict[str, str]) -> Person:
    return Person(actor, names.get(actor, "Système"))


def verdict_of(event: Any, names: dict[str, str]) -> Verdict:
    return Verdict(kind=str(event.kind), label=VERDICT_LABELS[str(event.kind)],
                   session_reference=event.session_reference,
                   members_present=tuple(_person(m, names) for m in event.members_present),
                   rationale=event.rationale, axes=tuple(event.axes), judged_version=event.judged_version,
                   judged_digest=event.judged_digest, valid_until=event.valid_until,
                   next_bilan_due=event.next_bilan_due)  # fmt: skip


def _fact(event: Any, stage: str, link: Link | None, names: dict[str, str], changes: tuple[Change, ...]) -> Fact:
    kind, label, sentence = KINDS[type(event)]
    extra: dict[str, Any] = {}
    if isinstance(event, C.DossierSubmitted | C.BilanSubmitted):
        extra.update(dossier_version=event.dossier_version, dossier_digest=event.dossier_digest)
    if isinstance(event, C.VerdictRecorded):
        extra["verdict"] = verdict_of(event, names)
    if isinstance(event, C.ObjectivesReadjusted):
        extra["changes"] = changes
    if isinstance(event, C.CheckpointHeld | C.BilanSubmitted | C.FirstMeetingHeld):
        extra["summary"] = event.summary
    if isinstance(event, C.ObjectivesReadjusted | C.MentionWithdrawn | C.ApproachLeft):
        extra["reason"] = event.reason
    return Fact(kind=kind, kind_label=label, stage=stage, sentence=sentence(event), version=event.originator_version,
                effective_on=event.effective_on, recorded_at=event.timestamp, actor=_person(event.actor, names),
                link=link, **extra)  # fmt: skip


def _validity(app: QualicoopApplication, coop_id: UUID, grant: Any, following: Any | None) -> Validity:
    """The mention's dates, read today for the current mention, else on the day before the next mention."""
    day = app.clock() if following is None else following.effective_on - timedelta(days=1)
    day = max(day, grant.effective_on)
    state = app.as_of(coop_id, day)
    assert state is not None  # the grant is a fact of that day or earlier
    standing = state.standing_on(day)
    granted = "engagee" if grant.kind is VerdictKind.VALIDATE else "confirmee"
    return Validity(granted=granted, granted_label=MENTION_LABELS[granted], granted_on=grant.effective_on,
                    valid_until_at_grant=grant.valid_until, as_of=day, held=str(standing.mention),
                    held_label=standing.mention_label, valid_until=standing.valid_until,
                    expired_on=standing.expired_on,
                    superseded_on=following.effective_on if following is not None else None)  # fmt: skip
