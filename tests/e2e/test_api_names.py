"""The API names authors and members present (``actor_name``, ``members_present_names``), never by raw id alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from click.testing import CliRunner

from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.names import ERASED, SYSTEM
from qualicoop_es.cli import main
from tests.e2e.conftest import ADMIN, Api, Clock, make_api
from tests.support import STAFF, fill_dossier, submit


def timeline(api: Api, coop_id: UUID) -> list[dict[str, Any]]:
    return api.ok(api.get(f"/api/v1/cooperatives/{coop_id}/timeline", as_="auditor"))["items"]  # type: ignore[no-any-return]


def judged(api: Api) -> UUID:
    """A cooperative registered by "federation", validated over the API by "committee" (present with "other")."""
    coop_id = api.register(31)
    app = api.app.extensions["qualicoop"].app
    app.request_kit(coop_id, actor=STAFF, effective_on=date(2022, 1, 10))
    app.hold_first_meeting(coop_id, actor=STAFF, effective_on=date(2022, 1, 10))
    fill_dossier(app, coop_id)
    version = submit(app, coop_id)
    other = api.add_account("other", "committee")
    body = {"kind": "validate", "session_reference": "S", "rationale": "R", "judged_version": version,
            "members_present": [api.accounts["committee"], other], "effective_on": "2022-04-12"}  # fmt: skip
    api.ok(api.post(f"/api/v1/cooperatives/{coop_id}/verdicts", body, as_="committee"))
    return coop_id


def test_timeline_items_name_their_author_and_a_verdict_its_members_present(api: Api) -> None:
    coop_id = judged(api)
    items = timeline(api, coop_id)
    assert items[0]["actor"] == api.accounts["federation"] and items[0]["actor_name"] == "federation"
    assert {i["actor_name"] for i in items[1:-1]} == {SYSTEM}  # the helpers' stable codes are no accounts
    verdict = items[-1]
    assert verdict["kind"] == "verdict_recorded" and verdict["actor_name"] == "committee"
    names = dict(zip(verdict["data"]["members_present"], verdict["members_present_names"], strict=True))
    assert names == {api.accounts["committee"]: "committee", api.accounts["other"]: "other"}


def test_an_erased_author_reads_as_erased_even_where_the_timeline_was_cached(api: Api) -> None:
    coop_id = judged(api)
    assert timeline(api, coop_id)[-1]["actor_name"] == "committee"  # cached for this version
    accounts_of(api.app.extensions["qualicoop"]).erase("committee@test.qualicoop.test", actor=ADMIN)
    verdict = timeline(api, coop_id)[-1]
    assert verdict["actor_name"] == ERASED and verdict["members_present_names"].count(ERASED) == 1
    assert api.accounts["committee"] not in {verdict["actor_name"], *verdict["members_present_names"]}


def test_the_audit_log_names_each_author(api: Api) -> None:
    coop_id = api.register(32)
    items = api.ok(api.get(f"/api/v1/audit/events?coop_id={coop_id}"))["items"]
    assert [(i["actor"], i["actor_name"]) for i in items] == [(api.accounts["federation"], "federation")]


def test_users_erase_from_the_command_line_shows_in_the_running_api(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    api = make_api(Clock(), database_url=url)
    try:
        coop_id = api.register(33)
        assert timeline(api, coop_id)[0]["actor_name"] == "federation"
        result = CliRunner().invoke(main, ["--database-url", url, "users", "erase", "federation@test.qualicoop.test",
                                           "--yes"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert timeline(api, coop_id)[0]["actor_name"] == ERASED
    finally:
        api.app.extensions["qualicoop"].close()
