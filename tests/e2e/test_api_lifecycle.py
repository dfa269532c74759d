"""A whole approach through HTTP only: registration → validation → confirmation → two renewals.

The clock moves with the story, so "today" is each step's date; status, timeline and as-of dossiers are checked
at every step.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from tests.e2e.conftest import Api
from tests.support import ACTIVITIES, ENGAGEMENTS, IDENTITY, INTENT


class Story:
    def __init__(self, api: Api, coop_id: UUID) -> None:
        self.api, self.coop, self.base = api, coop_id, f"/api/v1/cooperatives/{coop_id}"
        self.kinds: list[str] = []

    def on(self, day: date) -> None:
        self.api.clock.today = day

    def do(self, path: str, body: dict[str, Any], as_: str, status: int = 200) -> dict[str, Any]:
        """One command with If-Match; the version moves on and the timeline tells one more fact."""
        version, told = self.coop_view()["version"], len(self.timeline_kinds())
        response = self.api.post(self.base + path, body, as_=as_, headers={"If-Match": f'"{version}"'})
        result = self.api.ok(response, status)
        assert result["version"] == version + 1 and response.headers["ETag"] == f'"{version + 1}"'
        assert len(self.timeline_kinds()) == told + 1
        return result  # type: ignore[no-any-return]

    def coop_view(self) -> dict[str, Any]:
        return self.api.ok(self.api.get(self.base))  # type: ignore[no-any-return]

    def status(self) -> str:
        """The step in progress, or the mention while the plan is carried out (they are two fields now)."""
        status = self.coop_view()["status"]
        return str(status["mention"] if status["step"] == "implementing" else status["step"])

    def timeline_kinds(self) -> list[str]:
        return [item["kind"] for item in self.api.ok(self.api.get(self.base + "/timeline"))["items"]]

    def dossier_on(self, day: date, basis: str = "effective") -> dict[str, Any]:
        path = f"{self.base}/dossier?as_of={day.isoformat()}&basis={basis}"
        return self.api.ok(self.api.get(path))  # type: ignore[no-any-return]

    def bilan_and_verdict(self, filed: date, decided: date, kind: str = "confirm") -> None:
        self.on(filed)
        self.do("/bilans", {"summary": f"Bilan du {filed}", "effective_on": filed.isoformat()}, "referent")
        assert self.status() == "bilan_review"
        pending = self.coop_view()["pending_judgement"]
        assert pending["kind"] == "bilan" and pending["submitted_on"] == filed.isoformat()
        judged = self.coop_view()["version"] - 1
        self.on(decided)
        self.do("/verdicts", {"kind": kind, "session_reference": f"Comité du {decided}", "rationale": "Bilan solide",
                              "members_present": [self.api.accounts["committee"]], "judged_version": judged,
                              "effective_on": decided.isoformat()}, "committee")  # fmt: skip


def test_a_cooperative_goes_from_registration_to_a_second_renewal_through_the_api(api: Api) -> None:
    api.clock.today = date(2020, 1, 10)
    coop_id = api.register(11, on=date(2020, 1, 10))
    api.add_account("referent", "cooperative", cooperative_id=coop_id)
    story = Story(api, coop_id)
    assert story.status() == "preparing" and story.timeline_kinds() == ["registered"]
    indicators = _prepare(story)
    submitted = _validate(story)
    _implement_and_renew(story, indicators)
    kinds = story.timeline_kinds()
    assert kinds[0] == "registered" and kinds.count("verdict_recorded") == 4 and kinds.count("bilan_submitted") == 3
    _read_the_past(story, indicators, submitted)
    # Status expiry: the day after the renewal's validity with no bilan.
    story.on(date(2027, 9, 23))
    assert story.status() == "expired"


def _prepare(story: Story) -> dict[int, str]:
    """Kit, first meeting, identity, intent note, the engagements with an action and an indicator each."""
    story.do("/kit-request", {}, "federation")
    story.do("/first-meeting", {"summary": "Présentation du kit"}, "federation")
    story.on(date(2020, 2, 3))
    story.do("/identity", IDENTITY, "referent")
    story.do("/intent-note", INTENT, "referent")
    indicators = {}
    for index, number in enumerate(ENGAGEMENTS):
        covered = ACTIVITIES if index == 0 else ACTIVITIES[:1]
        story.do("/engagements", {"number": number, "activities": covered, "context": f"Contexte {number}"},
                 "referent", 201)  # fmt: skip
        action = story.do(f"/engagements/{number}/actions", {"title": f"Action {number}"}, "referent", 201)
        assert action["created"]["action_id"].startswith("A")
        indicator = story.do(f"/engagements/{number}/indicators", {"label": f"Indicateur {number}", "unit": "logements",
                             "baseline": 0, "target": "100", "target_date": "2024-12-31"}, "referent", 201)  # fmt: skip
        indicators[number] = indicator["created"]["indicator_id"]
    checklist = story.api.ok(story.api.get(story.base + "/checklist"))
    assert checklist["valid"] and not checklist["failures"]
    return indicators


def _validate(story: Story) -> dict[str, Any]:
    """The submission and its validation (refused to a member who belongs to the cooperative)."""
    api = story.api
    story.on(date(2020, 3, 2))
    submitted = story.do("/submission", {}, "referent")
    assert story.status() == "submitted"
    verdict = {"kind": "validate", "session_reference": "Comité de printemps", "rationale": "Pertinent et faisable",
               "members_present": [api.accounts["committee"]], "judged_version": submitted["version"] - 1}  # fmt: skip
    api.add_account("member-of-coop", "committee", affiliations=[story.coop])
    assert api.post(story.base + "/verdicts", verdict, as_="member-of-coop").status_code == 403
    story.on(date(2020, 4, 1))
    story.do("/verdicts", verdict, "committee")
    view = story.coop_view()
    assert (view["status"]["mention"], view["status"]["valid_until"]) == ("engagee", "2021-10-01")
    assert view["pending_judgement"] is None
    return submitted


def _implement_and_renew(story: Story, indicators: dict[int, str]) -> None:
    """A checkpoint, a readjustment and a measurement; the bilan and the confirmation; two renewals."""
    story.on(date(2020, 10, 5))
    story.do("/checkpoints", {"summary": "Point d'étape à 6 mois"}, "federation")
    story.on(date(2021, 1, 12))
    story.do("/readjustments", {"reason": "Foncier plus rare", "changes": [
        {"op": "revise_indicator", "indicator_id": indicators[1], "changes": {"target": "80"}}]}, "referent")  # fmt: skip
    story.on(date(2021, 3, 1))
    story.do(f"/indicators/{indicators[1]}/measurements", {"value": 42.5, "comment": "1er relevé"}, "referent")
    story.bilan_and_verdict(date(2021, 9, 15), date(2021, 10, 11))
    assert story.status() == "confirmee" and story.coop_view()["status"]["valid_until"] == "2023-10-11"
    story.on(date(2022, 6, 3))
    story.do("/diplomas", {"mention": "confirmee", "ceremony": "Congrès 2022"}, "federation")
    story.bilan_and_verdict(date(2023, 9, 1), date(2023, 10, 2))  # first renewal
    story.bilan_and_verdict(date(2025, 9, 1), date(2025, 9, 22))  # second renewal
    view = story.coop_view()
    assert view["status"]["mention"] == "confirmee" and view["status"]["mention_since"] == "2025-09-22"
    assert view["status"]["valid_until"] == "2027-09-22"


def _read_the_past(story: Story, indicators: dict[int, str], submitted: dict[str, Any]) -> None:
    """The dossier as it stood at past dates (business dates), at the judged version, and what changed since."""
    api = story.api
    assert api.get(story.base + "/dossier?as_of=2019-12-31").status_code == 404
    early = story.dossier_on(date(2020, 1, 31))["dossier"]
    assert early["engagements"] == {} and early["identity"]["name"] == "Coop n°11"
    before = story.dossier_on(date(2021, 1, 11))["dossier"]["engagements"]["1"]["indicators"][indicators[1]]
    after = story.dossier_on(date(2021, 1, 12))["dossier"]["engagements"]["1"]["indicators"][indicators[1]]
    assert (before["target"], after["target"], after["readjusted"]) == ("100", "80", True)
    at_submission = api.ok(api.get(f"{story.base}/dossier?version={submitted['version'] - 1}"))
    assert len(at_submission["dossier"]["engagements"]) == 8 and all(i["ok"] for i in at_submission["checklist"])
    diff = api.ok(api.get(f"{story.base}/dossier/diff?from=1&to={submitted['version']}"))
    assert diff["changes"]


def test_a_committee_member_cannot_judge_a_cooperative_they_belong_to(api: Api, two_coops: tuple[UUID, UUID]) -> None:
    own, other = two_coops
    for coop_id, expected in ((own, 403), (other, 409)):
        body = {"kind": "validate", "session_reference": "S", "rationale": "R",
                "members_present": [api.accounts["affiliated"]], "judged_version": 1}  # fmt: skip
        response = api.post(f"/api/v1/cooperatives/{coop_id}/verdicts", body, as_="affiliated")
        assert response.status_code == expected, response.get_json()


def test_the_status_and_the_checklist_on_a_past_date_are_what_the_log_said_that_day(api: Api) -> None:
    api.clock.today = date(2020, 1, 10)
    coop_id = api.register(13, on=date(2020, 1, 10))
    base = f"/api/v1/cooperatives/{coop_id}"
    api.clock.today = date(2020, 3, 1)
    api.ok(api.post(base + "/kit-request", {"effective_on": "2020-02-01"}))
    before = api.ok(api.get(base + "?on=2020-01-31"))
    assert (before["version"], before["status"]["step"], before["status"]["as_of"]) == (1, "preparing", "2020-01-31")
    assert api.ok(api.get(base + "?on=2020-02-01"))["version"] == 2
    assert api.ok(api.get(base + "/checklist?on=2020-01-31"))["valid"] is False
    too_early = api.get(base + "?on=2019-12-31")
    assert (
        too_early.status_code == 404 and "pas encore enregistrée le 31 décembre 2019" in too_early.get_json()["message"]
    )
    bad = api.get(base + "?on=2020-13-01")
    assert bad.status_code == 422 and "on" in bad.get_json()["errors"]
