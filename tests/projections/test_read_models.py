"""What each read model holds after a scripted lifecycle, and how the day asked changes derived statuses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from qualicoop_es.access import Actor
from qualicoop_es.aggregates import standing as st
from qualicoop_es.bootstrap import Services
from qualicoop_es.projections import queries as q
from qualicoop_es.projections.sentences import french_date, french_number
from tests.projections.projection_helpers import REFERENT, STAFF, TODAY, services
from tests.support import account_id, committee_member

VALIDATED = date(2023, 3, 12)


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    built = services(f"sqlite:///{tmp_path}/x.sqlite3")
    yield built
    built.close()


def lifecycle(svc: Services) -> UUID:
    """Registration → complete dossier → submission → validation on 12 March 2023 → checkpoint, measurement."""
    app = svc.app
    cid = app.register_cooperative(actor=STAFF, name="Les Castors", siren="000000018", legal_form="SCP",
                                   departement="44", activities=["locatif_social", "accession_sociale"],
                                   effective_on=date(2022, 5, 2)).aggregate_id  # fmt: skip
    app.request_kit(cid, actor=STAFF, effective_on=date(2022, 5, 3))
    app.hold_first_meeting(cid, actor=STAFF, effective_on=date(2022, 5, 10))
    app.update_identity(cid, {"homes_managed": 10, "homes_delivered_per_year": 1, "members": 3, "staff": 2,
                              "governance_bodies": "CA", "contact": "ref"}, actor=REFERENT, effective_on=date(2022, 5, 20))  # fmt: skip
    app.update_intent_note(cid, {"motivations": "m", "ambitions": "a", "human_means": "h", "financial_means": "f",
                                 "stakeholders": ["salaries"]}, actor=REFERENT, effective_on=date(2022, 5, 20))  # fmt: skip
    for number in (1, 2, 5, 6, 9, 10, 3, 7):
        app.choose_engagement(cid, number, actor=REFERENT, activities=["locatif_social", "accession_sociale"],
                              effective_on=date(2022, 6, 1))  # fmt: skip
        app.add_action(cid, number, actor=REFERENT, title=f"Agir {number}", effective_on=date(2022, 6, 1))
        app.define_indicator(cid, number, actor=REFERENT, effective_on=date(2022, 6, 1),
                             fields={"label": "Taux", "unit": "%", "target": "50", "target_date": date(2025, 1, 1)})  # fmt: skip
    submitted = app.submit_dossier(cid, actor=REFERENT, effective_on=date(2023, 1, 5))
    member = committee_member(app)
    app.record_verdict(cid, actor=Actor.operator(member), kind="validate", session_reference="Séance de mars",
                       members_present=[member], rationale="Pertinent", judged_version=submitted.version - 1,
                       effective_on=VALIDATED)  # fmt: skip
    app.hold_checkpoint(cid, actor=STAFF, summary="Point à 6 mois", effective_on=date(2023, 9, 1))
    app.measure_indicator(cid, "I3", "12.5", actor=REFERENT, effective_on=date(2023, 10, 1))
    return cid


def test_the_status_read_model_holds_mention_step_dates_last_verdict_and_counts(svc: Services) -> None:
    cid = lifecycle(svc)
    item = q.cooperative_status(svc.engine, cid, day=date(2024, 1, 1))
    assert item is not None
    status = item["status"]
    assert (status["mention"], status["mention_label"], status["mention_since"]) == (
        "engagee", "Quali'Coop Engagée !", "2023-03-12")  # fmt: skip
    assert (status["step"], status["step_since"]) == ("implementing", "2023-03-12")
    assert (status["valid_until"], status["next_bilan_due"], status["next_bilan_kind"]) == (
        "2024-09-12", "2024-09-12", "bilan_18_mois")  # fmt: skip
    assert status["bilan_accepted_from"] == "2024-06-12"
    assert status["last_verdict"] == {"kind": "validate", "label": "a validé le dossier", "on": "2023-03-12",
                                      "judged_version": 29, "session_reference": "Séance de mars", "axes": []}  # fmt: skip
    assert item["counts"] == {"engagements": 8, "actions": 8, "indicators": 8}
    assert (item["departement"], item["activities"], item["name"], item["version"]) == (
        "44",
        ["accession_sociale", "locatif_social"],
        "Les Castors",
        svc.app.cooperative(cid).version,
    )


def test_expired_and_overdue_depend_on_the_day_asked(svc: Services) -> None:
    cid = lifecycle(svc)
    on_due_day = q.cooperative_status(svc.engine, cid, day=date(2024, 9, 12))
    day_after = q.cooperative_status(svc.engine, cid, day=date(2024, 9, 13))
    assert on_due_day is not None and day_after is not None
    assert (on_due_day["status"]["mention"], on_due_day["status"]["overdue"]) == ("engagee", False)
    after = day_after["status"]
    assert (after["mention"], after["mention_label"], after["overdue"], after["step"]) == (
        "expired", "Mention expirée", True, "implementing")  # fmt: skip
    assert svc.app.cooperative(cid).standing_on(date(2024, 9, 13)).mention is st.Mention.EXPIRED
    assert q.list_cooperatives(svc.engine, day=date(2024, 9, 13), mention="expired")["total"] == 1
    assert q.list_cooperatives(svc.engine, day=date(2024, 9, 12), mention="expired")["total"] == 0
    assert q.list_cooperatives(svc.engine, day=date(2024, 9, 12), mention="engagee")["total"] == 1
    assert q.list_cooperatives(svc.engine, day=date(2023, 3, 11), step="submitted")["total"] == 1
    assert q.list_cooperatives(svc.engine, day=date(2022, 5, 1))["total"] == 0  # not yet registered


def test_timeline_tells_the_story_in_french_in_log_order(svc: Services) -> None:
    cid = lifecycle(svc)
    events = q.timeline(svc.engine, cid)
    assert [e["version"] for e in events] == list(range(1, svc.app.cooperative(cid).version + 1))
    assert events[0]["sentence"] == "Inscription de la coopérative « Les Castors » dans la démarche"
    sentences = [e["sentence"] for e in events]
    assert "Action A3 ajoutée à l'engagement n°5 : Agir 5" in sentences
    assert "Dossier déposé (version 29)" in sentences
    assert "Le comité de validation a validé le dossier (version 29) — session du 12 mars 2023" in sentences
    assert sentences[-1] == "Indicateur I3 mesuré : 12,5"
    verdict = q.timeline(svc.engine, cid, kinds=["verdict_recorded"])
    assert (
        len(verdict) == 1
        and verdict[0]["actor"] == account_id("member-1")
        and verdict[0]["effective_on"] == "2023-03-12"
    )
    assert verdict[0]["data"]["valid_until"] == "2024-09-12" and verdict[0]["recorded_at"].endswith("+00:00")
    in_2023 = q.timeline(svc.engine, cid, start=date(2023, 1, 1), end=date(2023, 12, 31))
    assert [e["kind"] for e in in_2023] == ["dossier_submitted", "verdict_recorded", "checkpoint_held",
                                            "indicator_measured"]  # fmt: skip


def test_audit_log_lists_every_event_newest_first_with_filters_and_pages(svc: Services) -> None:
    cid = lifecycle(svc)
    svc.app.revise_engagement_wording(
        2, actor=Actor.operator("staff-2"), title="Intitulé officiel n°2", reason="Saisie"
    )
    everything = q.audit_events(svc.engine, per_page=5)
    assert everything["total"] == svc.projector.head() if svc.projector else False
    assert everything["items"][0]["sentence"] == "Intitulé de l'engagement n°2 révisé"
    assert everything["items"][0]["cooperative_id"] is None
    ids = [i["notification_id"] for i in everything["items"]]
    assert ids == sorted(ids, reverse=True)
    second = q.audit_events(svc.engine, per_page=5, page=2)
    assert second["items"][0]["notification_id"] == ids[-1] - 1
    by_member = q.audit_events(svc.engine, actor=account_id("member-1"))
    assert [(i["kind"], i["cooperative_name"]) for i in by_member["items"]] == [("verdict_recorded", "Les Castors")]
    staff_2023 = q.audit_events(svc.engine, actor=STAFF.account_id, coop_id=cid, start=date(2023, 1, 1))
    assert [i["kind"] for i in staff_2023["items"]] == ["checkpoint_held"]
    assert q.audit_events(svc.engine, kinds=["catalogue_established", "engagement_wording_revised"])["total"] == 2


def test_deadlines_list_overdue_and_upcoming_bilans_for_the_day(svc: Services) -> None:
    lifecycle(svc)
    assert q.deadlines(svc.engine, day=date(2024, 1, 1))["upcoming"] == []
    soon = q.deadlines(svc.engine, day=date(2024, 7, 1), horizon_days=90)
    assert [(d["kind"], d["label"], d["due_on"], d["days"]) for d in soon["upcoming"]] == [
        ("bilan_18_mois", "Bilan à 18 mois", "2024-09-12", 73)
    ]
    late = q.deadlines(svc.engine, day=date(2024, 10, 1))
    assert (late["upcoming"], [(d["name"], d["days"]) for d in late["overdue"]]) == ([], [("Les Castors", -19)])


def test_network_figures_count_statuses_departements_activities_engagements_and_verdicts(svc: Services) -> None:
    lifecycle(svc)
    svc.app.register_cooperative(actor=STAFF, name="Habitat Solidaire", siren="000000026", legal_form="SCIC",
                                 departement="974", activities=["locatif_social"], effective_on=date(2024, 2, 1))  # fmt: skip
    figures = q.network_figures(svc.engine, day=TODAY)
    assert figures["total"] == 2
    assert (figures["per_mention"], figures["per_step"]) == ({"expired": 1, "none": 1},
                                                             {"implementing": 1, "preparing": 1})  # fmt: skip
    earlier = q.network_figures(svc.engine, day=date(2024, 3, 1))
    assert (earlier["per_mention"], earlier["total"]) == ({"engagee": 1, "none": 1}, 2)
    assert q.network_figures(svc.engine, day=date(2024, 1, 31))["total"] == 1  # before the 2nd registration
    assert figures["per_departement"] == {"44": 1, "974": 1}
    assert figures["per_activity"] == {"accession_sociale": 1, "locatif_social": 2}
    assert figures["engagement_popularity"]["1"] == 1 and figures["engagement_popularity"]["4"] == 0
    assert figures["verdicts_per_year"] == {"2023": {"validate": 1}}


def test_list_filters_by_departement_activity_and_search(svc: Services) -> None:
    lifecycle(svc)
    svc.app.register_cooperative(actor=STAFF, name="Habitat Solidaire", siren="000000026", legal_form="SCIC",
                                 departement="974", activities=["locatif_social"])  # fmt: skip
    names = lambda **kw: [i["name"] for i in q.list_cooperatives(svc.engine, day=TODAY, **kw)["items"]]  # noqa: E731
    assert names() == ["Habitat Solidaire", "Les Castors"]
    assert names(departement="974") == ["Habitat Solidaire"]
    assert names(activity="accession_sociale") == ["Les Castors"]
    assert names(search="castors") == ["Les Castors"]
    assert names(search="000000026") == ["Habitat Solidaire"]
    assert q.list_cooperatives(svc.engine, day=TODAY, per_page=1, page=2)["items"][0]["name"] == "Les Castors"


def test_read_your_writes_every_query_includes_the_command_just_returned(svc: Services) -> None:
    cid = lifecycle(svc)
    result = svc.app.hold_checkpoint(cid, actor=STAFF, summary="Encore", effective_on=date(2024, 1, 15))
    assert q.timeline(svc.engine, cid)[-1]["notification_id"] == result.notification_id
    status = q.cooperative_status(svc.engine, cid, day=TODAY)
    assert status is not None and status["version"] == result.version and status["checkpoints"] == 2


def test_event_kinds_and_french_formatting() -> None:
    kinds = q.event_kinds()
    assert kinds["verdict_recorded"] == "Verdict du comité" and "engagement_wording_revised" in kinds
    assert (french_date(date(2023, 3, 12)), french_date(date(2024, 4, 1))) == ("12 mars 2023", "1er avril 2024")
    assert french_number(12.5) == "12,5"


def test_every_cooperative_can_be_chosen_by_name_however_many_there_are() -> None:
    """The account forms offer every cooperative (a referent's, a member's): more than a list's largest page."""
    from tests.projections.projection_helpers import siren

    built = services("memory://")
    try:
        count = 520  # beyond the 500 a page of the list holds
        for n in range(count):
            built.app.register_cooperative(actor=STAFF, name=f"Coop {count - n:04d}", siren=siren(n + 1),
                                           legal_form="SCP", departement="35", activities=["locatif_social"],
                                           effective_on=date(2022, 1, 10))  # fmt: skip
        names = q.cooperative_names(built.engine)
        assert list(names.values()) == [f"Coop {n:04d}" for n in range(1, count + 1)]  # all, by name
        listed = q.list_cooperatives(built.engine, day=TODAY, per_page=500)["items"]
        assert all(names[item["id"]] == item["name"] for item in listed)
    finally:
        built.close()
