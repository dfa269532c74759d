"""Commands of the cooperative aggregate: guards first (phase, dates, rules), then one event.

Mixed into ``Cooperative``; kept in its own module so the events and the commands each read in one screen.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import TYPE_CHECKING, Any

from qualicoop_es import rules
from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates import operation_inputs as inputs
from qualicoop_es.aggregates import operations as ops
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.values import EDITABLE_PHASES, IMPLEMENTATION_PHASES, Phase, VerdictKind
from qualicoop_es.errors import Conflict, InvalidInput, LifecycleError

if TYPE_CHECKING:
    from uuid import UUID


class CooperativeCommands:
    if TYPE_CHECKING:
        id: UUID
        version: int
        siren: str
        phase: Phase
        phase_since: date
        registered_on: date
        latest_effective_on: date
        dossier: dict[str, Any]
        kit_requested_on: date | None
        first_meeting_on: date | None
        submission: dict[str, Any] | None
        bilan: dict[str, Any] | None
        last_verdict: dict[str, Any] | None
        engaged_on: date | None
        engaged_until: date | None
        confirmed_on: date | None
        valid_until: date | None
        next_bilan_due: date | None
        confirmations: int
        checkpoints: int
        last_checkpoint_on: date | None
        readjustments: int
        measurements: dict[str, dict[str, Any]]
        diplomas: list[dict[str, Any]]
        seq: dict[str, int]
        standing: st.Standing
        stamps: ds.Stamps
        dropped: dict[str, date]
        needs_full_fold: bool

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

    # -- guards ---------------------------------------------------------------------------------------------

    def require_phase(self, *phases: Phase, doing: str) -> None:
        if self.phase not in phases:
            steps = dict.fromkeys(st.STEP_OF_PHASE[p] for p in phases)  # in order, without repeats
            allowed = ", ".join(f"« {step.label} »" for step in steps)
            raise self._lifecycle_error(
                f"Impossible de {doing} : la coopérative est à l'étape "
                f"« {st.STEP_OF_PHASE[self.phase].label} » (étape requise : {allowed})."
            )

    def _lifecycle_error(self, message: str) -> LifecycleError:
        return LifecycleError(message, self.phase.value, st.STEP_OF_PHASE[self.phase].value)

    def check_date(self, effective_on: object, today: date, *, phase_change: bool = False) -> date:
        day = v.check_date(effective_on, "effective_on")
        if day > today:
            raise InvalidInput("effective_on", f"La date ne peut pas être dans le futur (aujourd'hui : "
                               f"{v.french_date(today)}).")  # fmt: skip
        if day < self.phase_since:
            what = (
                "l'enregistrement de la coopérative"
                if self.phase_since == self.registered_on
                else "le début de l'étape en cours"
            )
            raise InvalidInput("effective_on", f"La date précède {what} ({v.french_date(self.phase_since)}).")
        if phase_change and day < self.latest_effective_on:
            raise InvalidInput("effective_on", "Un changement d'étape ne peut précéder le dernier fait "
                               f"enregistré ({v.french_date(self.latest_effective_on)}).")  # fmt: skip
        return day

    @staticmethod
    def _not_before(day: date, since: date, message: str) -> date:
        if day < since:
            raise InvalidInput("effective_on", message)
        return day

    def _emit(self, event_class: Any, *, actor: str, effective_on: date, **fields: Any) -> None:
        self.trigger_event(event_class, actor=v.check_actor(actor), effective_on=effective_on, **fields)

    # -- preparation ----------------------------------------------------------------------------------------

    def request_kit(self, *, actor: str, effective_on: date, today: date) -> None:
        self.require_phase(Phase.PREPARING, doing="demander le kit")
        if self.kit_requested_on is not None:
            raise Conflict(f"Le kit a déjà été demandé le {self.kit_requested_on.isoformat()}.")
        self._emit(self.KitRequested, actor=actor, effective_on=self.check_date(effective_on, today))

    def hold_first_meeting(self, *, actor: str, effective_on: date, today: date, summary: str) -> None:
        self.require_phase(Phase.PREPARING, doing="tenir la première rencontre")
        if self.kit_requested_on is None:
            raise Conflict("La première rencontre suit la demande du kit : demandez d'abord le kit.")
        if self.first_meeting_on is not None:
            raise Conflict(f"La première rencontre a déjà eu lieu le {self.first_meeting_on.isoformat()}.")
        kit_on = self.kit_requested_on
        checked = v.gather({"effective_on": lambda: self._not_before(self.check_date(effective_on, today), kit_on,
                                                                      "La première rencontre ne peut précéder la demande du kit."),
                            "summary": lambda: v.check_text(summary, "summary", required=False)})  # fmt: skip
        self._emit(self.FirstMeetingHeld, actor=actor, **checked)

    def _editable(self, doing: str) -> None:
        self.require_phase(*EDITABLE_PHASES, doing=doing)

    def update_identity(self, *, actor: str, effective_on: date, today: date, changes: dict[str, Any]) -> None:
        self._editable("modifier la fiche d'identité")
        self._update_section("identity", ds.clean_identity(changes), self.IdentityCardUpdated,
                             actor=actor, effective_on=effective_on, today=today)  # fmt: skip

    def update_intent_note(self, *, actor: str, effective_on: date, today: date, changes: dict[str, Any]) -> None:
        self._editable("modifier la note d'intention")
        self._update_section("intent", ds.clean_intent(changes), self.IntentNoteUpdated,
                             actor=actor, effective_on=effective_on, today=today)  # fmt: skip

    def _update_section(self, section: str, cleaned: dict[str, Any], event_class: Any, *, actor: str,
                        effective_on: date, today: date) -> None:  # fmt: skip
        """Record the fields of one dossier section that really change (identity card or intent note)."""
        changed = {k: x for k, x in cleaned.items() if self.dossier[section].get(k) != x}
        if not changed:
            raise InvalidInput("changes", "Aucune modification à enregistrer.")
        day = self.check_date(effective_on, today)
        if self.phase is not Phase.PREPARING:  # outside preparation the dossier must stay valid after any change
            draft, stamps = copy.deepcopy(self.dossier), copy.deepcopy(self.stamps)
            ds.set_fields(draft[section], changed, section, (day, self.version + 1), stamps)
            rules.require_valid(draft)
        self._emit(event_class, actor=actor, effective_on=day, changes=changed)

    # -- dossier operations (one by one while preparing; batched in a readjustment afterwards) -------------

    def _ids(self) -> inputs.NewId:
        """Ids for the items a command adds (A4, I7…), counted from the aggregate's own sequence, left unchanged."""
        seq = dict(self.seq)

        def new_id(prefix: str) -> str:
            seq[prefix] += 1
            return f"{prefix}{seq[prefix]}"

        return new_id

    def change_dossier(self, op: dict[str, Any], *, actor: str, effective_on: date, today: date,
                       catalogue_version: int = 1) -> dict[str, Any]:  # fmt: skip
        """One dossier operation while the dossier is being prepared. Returns the recorded operation."""
        self.require_phase(Phase.PREPARING, doing="modifier le dossier directement (après la validation, "
                           "passez par un réajustement des objectifs motivé)")  # fmt: skip
        day = self.check_date(effective_on, today)
        operation = inputs.parse(op, self._ids(), catalogue_version, day)
        operation.check(ops.Context(self.dossier, day, self.stamps, self.dropped))
        self._emit(getattr(self, operation.EVENT), actor=actor, effective_on=day, **operation.payload())
        return operation.as_stored()

    def readjust_objectives(self, changes: list[dict[str, Any]], *, actor: str, effective_on: date, today: date,
                            reason: str, catalogue_version: int = 1) -> list[dict[str, Any]]:  # fmt: skip
        """Readjust objectives during implementation: several changes at once, with a reason; rules still hold.
        A missing reason and a faulty change are refused together (one ``InvalidInput`` naming both)."""
        self.require_phase(*IMPLEMENTATION_PHASES, doing="réajuster les objectifs")
        if not isinstance(changes, list) or not changes:
            raise InvalidInput("changes", "Au moins une modification est attendue.")
        if len(changes) > 200:
            raise InvalidInput("changes", "200 modifications au plus par réajustement.")
        day = self.check_date(effective_on, today)
        draft = ops.Context(copy.deepcopy(self.dossier), day, copy.deepcopy(self.stamps), dict(self.dropped))
        checked = v.gather({"reason": lambda: v.check_text(reason, "reason"),
                            "changes": lambda: self._readjusted(draft, changes, catalogue_version)})  # fmt: skip
        rules.require_valid(draft.dossier)
        self._emit(self.ObjectivesReadjusted, actor=actor, effective_on=day, changes=checked["changes"],
                   reason=checked["reason"])  # fmt: skip
        return list(checked["changes"])

    def _readjusted(self, draft: ops.Context, changes: list[dict[str, Any]], catalogue_version: int) -> list[Any]:
        """Apply ``changes`` one after the other to the ``draft`` (each checked on the draft as the previous left it)."""
        new_id, stamp, done = self._ids(), (draft.day, self.version + 1), []
        for raw in changes:
            operation = inputs.parse(raw, new_id, catalogue_version, draft.day)
            operation.check(draft)
            operation.apply(draft.dossier, draft.day, draft.stamps, stamp, readjustment=True)
            if isinstance(operation, ops.DropEngagement) and draft.dropped is not None:
                draft.dropped[str(operation.number)] = draft.day
            done.append(operation.as_stored())
        return done

    # -- submission and verdicts ----------------------------------------------------------------------------

    def submit_dossier(self, *, actor: str, effective_on: date, today: date, catalogue_version: int) -> None:
        self.require_phase(Phase.PREPARING, doing="déposer le dossier")
        day = self.check_date(effective_on, today, phase_change=True)
        rules.require_seed_steps(self.kit_requested_on, self.first_meeting_on)
        rules.require_valid(self.dossier)
        self._emit(self.DossierSubmitted, actor=actor, effective_on=day, dossier_version=self.version,
                   dossier_digest=ds.digest(self.dossier), catalogue_version=catalogue_version)  # fmt: skip

    def record_verdict(self, *, actor: str, effective_on: date, today: date, kind: VerdictKind | str,
                       session_reference: str, members_present: list[str], rationale: str, judged_version: int,
                       axes: list[int] | None = None, next_bilan_due: date | None = None) -> None:  # fmt: skip
        """The committee's verdict on the dossier or the bilan awaiting it; ``kind``: the enum or its value."""
        kind = VerdictKind.parse(kind, "kind")
        on_dossier = kind in (VerdictKind.VALIDATE, VerdictKind.MATURE)
        self.require_phase(Phase.SUBMITTED if on_dossier else Phase.BILAN_SUBMITTED,
                           doing=f"enregistrer le verdict « {kind.value} »")  # fmt: skip
        judged = self.standing["pending"]
        if judged is None:  # the phase says a judgement is awaited: a state that cannot be reached
            raise self._lifecycle_error("Aucun dossier ni bilan n'attend de jugement.")
        if judged_version != judged["version"]:
            raise Conflict(f"Le verdict porte sur la version {judged_version} mais la version déposée est la "
                           f"{judged['version']} : relisez le dossier déposé.")  # fmt: skip
        day = self.check_date(effective_on, today, phase_change=True)
        members = _member_ids(members_present)
        axes_ = sorted({v.check_engagement_number(a, "axes") for a in (axes or [])})
        valid_until, due = self._validity(kind, day, axes_, next_bilan_due)
        self._emit(self.VerdictRecorded, actor=actor, effective_on=day, kind=kind,
                   session_reference=v.check_text(session_reference, "session_reference", max_length=200),
                   members_present=members, rationale=v.check_text(rationale, "rationale"), axes=axes_,
                   judged_version=judged_version, judged_digest=judged["digest"], valid_until=valid_until,
                   next_bilan_due=due)  # fmt: skip

    def _validity(self, kind: VerdictKind, day: date, axes: list[int],
                  next_bilan_due: date | None) -> tuple[date | None, date | None]:  # fmt: skip
        """The last day of the mention a verdict grants and the next bilan's date (both None: none)."""
        if kind is VerdictKind.VALIDATE:
            return (until := v.add_months(day, v.ENGAGED_MONTHS)), until
        if kind is VerdictKind.CONFIRM:
            return (until := v.add_months(day, v.CONFIRMED_MONTHS)), until
        if kind is VerdictKind.MATURE:
            return None, None
        if not axes:
            raise InvalidInput("axes", "Nommez les engagements sur lesquels poursuivre le travail.")
        unknown = [a for a in axes if str(a) not in self.dossier["engagements"]]
        if unknown:
            raise InvalidInput("axes", f"Engagements non choisis : {unknown}.")
        due = v.check_date(next_bilan_due, "next_bilan_due")
        if due <= day:
            raise InvalidInput("next_bilan_due", "La date du prochain bilan doit suivre la décision.")
        return None, due

    # -- implementation ---------------------------------------------------------------------------------------

    def hold_checkpoint(self, *, actor: str, effective_on: date, today: date, summary: str) -> None:
        self.require_phase(*IMPLEMENTATION_PHASES, doing="tenir un point d'étape")
        checked = v.gather({"effective_on": lambda: self.check_date(effective_on, today),
                            "summary": lambda: v.check_text(summary, "summary")})  # fmt: skip
        self._emit(self.CheckpointHeld, actor=actor, **checked)

    def measure_indicator(self, *, actor: str, effective_on: date, today: date, indicator_id: str,
                          value: object, comment: str = "") -> None:  # fmt: skip
        self.require_phase(*IMPLEMENTATION_PHASES, Phase.BILAN_SUBMITTED, doing="mesurer un indicateur")
        _, indicator = ds.find_indicator(self.dossier, str(indicator_id))
        checked = v.gather({
            "effective_on": lambda: self._not_before(self.check_date(effective_on, today), indicator["since"],
                                                     "La mesure précède la définition de l'indicateur."),
            "value": lambda: v.check_decimal(value, "value"),
            "comment": lambda: v.check_text(comment, "comment", required=False, max_length=2000),
        })  # fmt: skip
        self._emit(self.IndicatorMeasured, actor=actor, indicator_id=str(indicator_id), **checked)

    def submit_bilan(self, *, actor: str, effective_on: date, today: date, summary: str) -> None:
        self.require_phase(*IMPLEMENTATION_PHASES, doing="déposer un bilan")
        checked = v.gather({"effective_on": lambda: self.check_date(effective_on, today, phase_change=True),
                            "summary": lambda: v.check_text(summary, "summary")})  # fmt: skip
        rules.require_bilan_window(checked["effective_on"], self.standing["due_from"], self.standing["due"])
        rules.require_valid(self.dossier)
        self._emit(self.BilanSubmitted, actor=actor, **checked, dossier_version=self.version,
                   dossier_digest=ds.digest(self.dossier))  # fmt: skip

    def award_diploma(self, *, actor: str, effective_on: date, today: date, mention: st.Mention | str,
                      ceremony: str) -> None:  # fmt: skip
        """The diploma of a granted mention (``mention``: the enum or its value, « engagee » or « confirmee »)."""
        mention = st.Mention.parse(mention, "mention", st.GRANTED)
        decision_on = self.engaged_on if mention is st.Mention.ENGAGED else self.confirmed_on
        if decision_on is None:
            raise Conflict(f"La mention « {mention.label} » n'a pas été accordée.")
        if any(d["mention"] is mention and d["decision_on"] == decision_on for d in self.diplomas):
            raise Conflict("Le diplôme de cette mention a déjà été remis.")
        if self.phase in v.TERMINAL_PHASES:
            raise self._lifecycle_error("La coopérative a quitté la démarche.")
        checked = v.gather({"effective_on": lambda: self.check_date(effective_on, today),
                            "ceremony": lambda: v.check_text(ceremony, "ceremony", max_length=300)})  # fmt: skip
        self._emit(self.DiplomaAwarded, actor=actor, mention=mention, decision_on=decision_on, **checked)

    def leave_approach(self, *, actor: str, effective_on: date, today: date, reason: str) -> None:
        if self.phase in v.TERMINAL_PHASES:
            raise self._lifecycle_error("La coopérative a déjà quitté la démarche.")
        self._emit(self.ApproachLeft, actor=actor, **self._final_step(effective_on, today, reason))

    def withdraw_mention(self, *, actor: str, effective_on: date, today: date, reason: str) -> None:
        self.require_phase(*IMPLEMENTATION_PHASES, Phase.BILAN_SUBMITTED, doing="retirer la mention")
        self._emit(self.MentionWithdrawn, actor=actor, **self._final_step(effective_on, today, reason))

    def _final_step(self, effective_on: object, today: date, reason: str) -> dict[str, Any]:
        """The date and the reason of a step that ends something (leaving, withdrawal), checked together."""
        return v.gather({"effective_on": lambda: self.check_date(effective_on, today, phase_change=True),
                         "reason": lambda: v.check_text(reason, "reason")})  # fmt: skip

    # -- derived status -----------------------------------------------------------------------------------------

    def standing_on(self, day: date) -> st.StandingView:
        """The mention and the step on ``day`` (``day`` ≥ every fact applied: the state as of that day)."""
        return st.view_on(self.standing, self.phase, self.phase_since, day)


def _member_ids(members: object) -> list[str]:
    if not isinstance(members, list) or not members:
        raise InvalidInput("members_present", "Au moins un membre présent est attendu.")
    try:
        return sorted({v.check_actor(m) for m in members})
    except InvalidInput:
        raise InvalidInput("members_present", "Identifiants stables des membres attendus.") from None
