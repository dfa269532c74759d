"""Actors are shown by name: the accounts table's display name, « personne effacée », or « Système »."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import event

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.names import ERASED, SYSTEM, display_names, generation
from qualicoop_es.config import Settings
from qualicoop_es.projections import queries
from tests.support import ACCOUNTS_SINCE, TODAY, account_id, engaged


@pytest.fixture
def svc() -> Iterator[bootstrap.Services]:
    built = bootstrap.build(Settings(database_url="memory://"), clock=lambda: TODAY)
    built.app.ensure_catalogue(actor=Actor.operator("system"))
    yield built
    built.close()


def add(svc: bootstrap.Services, email: str, name: str = "", role: str = "auditor") -> str:
    return accounts_of(svc).add(email, role=role, actor=Actor.operator("cli"), display_name=name).account_id


def test_an_account_reads_as_its_name_an_erased_one_as_erased_and_any_other_id_as_the_system(
    svc: bootstrap.Services,
) -> None:
    named = add(svc, "claire@test.fr", "Claire Martin")
    nameless = add(svc, "sans-nom@test.fr")
    erased = add(svc, "parti@test.fr", "Paul Parti")
    accounts_of(svc).erase("parti@test.fr", actor=Actor.operator("cli"))
    found = display_names(svc.engine, [named, nameless, erased, "system", "demo-seed", None, ""])
    assert found == {named: "Claire Martin", nameless: "sans-nom@test.fr", erased: ERASED, "system": SYSTEM,
                     "demo-seed": SYSTEM}  # fmt: skip


def test_the_names_of_a_whole_timeline_take_one_query(svc: bootstrap.Services) -> None:
    for key, name in (("member-1", "Hélène Verdier"), ("member-2", "Paul Jurat")):  # named before support.verdict
        accounts_of(svc).add(f"{key}@test.fr", role="committee", actor=Actor.operator("cli"), display_name=name,
                             account_id=UUID(account_id(key)), effective_on=ACCOUNTS_SINCE)  # fmt: skip
    coop_id = engaged(svc.app)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(svc.engine, "before_cursor_execute", count)
    try:
        items = queries.timeline(svc.engine, coop_id)
    finally:
        event.remove(svc.engine, "before_cursor_execute", count)
    assert len(items) > 30 and len([s for s in statements if "qc_accounts" in s]) == 1
    assert {i["actor_name"] for i in items} == {SYSTEM}  # the helpers' actors are stable codes, not accounts
    (verdict,) = [i for i in items if i["kind"] == "verdict_recorded"]
    assert sorted(verdict["members_present_names"]) == ["Hélène Verdier", "Paul Jurat"]


def test_the_names_generation_moves_when_an_account_is_added_or_erased(svc: bootstrap.Services) -> None:
    first = generation(svc.engine)
    add(svc, "x@test.fr", "X")
    second = generation(svc.engine)
    accounts_of(svc).erase("x@test.fr", actor=Actor.operator("cli"))
    assert len({first, second, generation(svc.engine)}) == 3


def test_the_audit_log_names_each_actor(svc: bootstrap.Services) -> None:
    staff = add(svc, "staff@test.fr", "Sandrine Fédé", role="federation")
    svc.app.revise_engagement_wording(
        2, actor=Actor.operator(staff), title="Intitulé n°2", reason="Saisie", effective_on=date(2024, 1, 2)
    )
    items = queries.audit_events(svc.engine, actor=staff)["items"]
    assert items and {i["actor_name"] for i in items} == {"Sandrine Fédé"}


def test_the_names_generation_moves_for_a_process_when_another_one_adds_or_erases_an_account(tmp_path: Any) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    reader, writer = bootstrap.build(settings, clock=lambda: TODAY), bootstrap.build(settings, clock=lambda: TODAY)
    try:
        seen = [generation(reader.engine)]
        accounts_of(writer).add("y@test.fr", role="auditor", actor=Actor.operator("cli"), display_name="Y")
        seen.append(generation(reader.engine))
        accounts_of(writer).erase("y@test.fr", actor=Actor.operator("cli"))
        seen.append(generation(reader.engine))
        with reader.engine.connect() as conn:  # on a connection too (as inside a transaction of the reader)
            seen.append(generation(conn))
        assert seen[0] < seen[1] < seen[2] == seen[3]
    finally:
        reader.close()
        writer.close()
