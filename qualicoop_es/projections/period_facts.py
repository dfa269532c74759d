"""What each fact does to a period's state (``periods.py``): one handler per event class of a cooperative.

A period's containers (structure, its engagements and their lists, stamps, standing, activities) are never changed
in place: a handler replaces what it changes, so that the periods a split makes can share them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import operations as ops
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative import Cooperative as C

Row = dict[str, Any]
_IDENTITY = ("name", "legal_form", "departement", "activities")


def _registered(row: Row, e: Any) -> None:
    row.update(name=e.name, siren=e.siren, legal_form=e.legal_form, departement=e.departement,
               activities=list(e.activities), phase=v.Phase.PREPARING, phase_since=e.effective_on,
               registered_on=e.effective_on, engaged_on=None, confirmed_on=None, last_verdict=None, checkpoints=0,
               readjustments=0, structure={}, stamps={}, standing=st.new_standing())  # fmt: skip


def _identity(row: Row, e: Any) -> None:
    listed = {k: x for k, x in e.changes.items() if k in _IDENTITY}
    stamps = row["stamps"] = dict(row["stamps"])  # set_fields replaces the fields and stamps it sets
    ds.set_fields(row, listed, "identity", (e.effective_on, e.originator_version), stamps)


def _dossier_change(row: Row, e: Any) -> None:
    row["structure"] = e.operation().reshaped(row["structure"])


def _readjusted(row: Row, e: Any) -> None:
    for stored in e.changes:
        row["structure"] = ops.from_stored(stored).reshaped(row["structure"])
    row["readjustments"] += 1


def _enter(row: Row, phase: v.Phase, e: Any) -> None:
    row["phase"], row["phase_since"] = phase, e.effective_on


def _standing(row: Row) -> st.Standing:
    """The period's own standing, for a transition to change."""
    standing: st.Standing = dict(row["standing"])
    row["standing"] = standing
    return standing


def _submitted(row: Row, e: Any) -> None:
    st.on_submitted(_standing(row), e.effective_on, e.dossier_version, e.dossier_digest)
    _enter(row, v.Phase.SUBMITTED, e)


def _verdict(row: Row, e: Any) -> None:
    row["last_verdict"] = {"kind": e.kind, "on": e.effective_on, "judged_version": e.judged_version,
                           "session_reference": e.session_reference, "axes": list(e.axes)}  # fmt: skip
    if e.kind is v.VerdictKind.VALIDATE:
        row["engaged_on"] = e.effective_on
    elif e.kind is v.VerdictKind.CONFIRM:
        row["confirmed_on"] = e.effective_on
    st.on_verdict(_standing(row), e.kind, e.effective_on, e.valid_until, e.next_bilan_due, e.bilan_from())
    _enter(row, v.PHASE_AFTER_VERDICT[e.kind], e)


def _checkpoint(row: Row, e: Any) -> None:
    row["checkpoints"] += 1


def _bilan(row: Row, e: Any) -> None:
    st.on_bilan_submitted(_standing(row), e.effective_on, e.dossier_version, e.dossier_digest)
    _enter(row, v.Phase.BILAN_SUBMITTED, e)


def _left(row: Row, e: Any) -> None:
    st.on_left(_standing(row), e.effective_on)
    _enter(row, v.Phase.LEFT, e)


def _withdrawn(row: Row, e: Any) -> None:
    st.on_withdrawn(_standing(row), e.effective_on)
    _enter(row, v.Phase.WITHDRAWN, e)


HANDLERS: dict[type, Callable[[Row, Any], None]] = {
    C.Created: _registered,
    C.IdentityCardUpdated: _identity,
    C.EngagementChosen: _dossier_change,
    C.EngagementDropped: _dossier_change,
    C.ActionAdded: _dossier_change,
    C.ActionRemoved: _dossier_change,
    C.IndicatorDefined: _dossier_change,
    C.IndicatorRemoved: _dossier_change,
    C.ObjectivesReadjusted: _readjusted,
    C.DossierSubmitted: _submitted,
    C.VerdictRecorded: _verdict,
    C.CheckpointHeld: _checkpoint,
    C.BilanSubmitted: _bilan,
    C.ApproachLeft: _left,
    C.MentionWithdrawn: _withdrawn,
}
