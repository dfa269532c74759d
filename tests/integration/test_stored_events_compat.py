"""Events stored by released code still load: tests/fixtures/events-v1.sqlite3 (written once by make_events_v1.py).

The fixture is only ever read through a copy: never regenerate it to make this test pass. A renamed event class
must keep its TOPIC (or register the old one); a changed payload needs a class_version and an upcaster.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.utils import resolve_topic

from qualicoop_es import presenters
from qualicoop_es.access import Actor
from qualicoop_es.aggregates.catalogue import Catalogue
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.standing import Mention, Step
from qualicoop_es.aggregates.values import Phase, VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from qualicoop_es.projections import queries as q
from tests.support import TODAY, siren

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "events-v1.sqlite3"

V1_TOPICS = {f"qualicoop.cooperative.{name}.v1" for name in (
    "registered", "kit_requested", "first_meeting_held", "identity_card_updated", "intent_note_updated",
    "engagement_chosen", "engagement_revised", "engagement_dropped", "action_added", "action_revised",
    "action_removed", "indicator_defined", "indicator_revised", "indicator_removed", "dossier_submitted",
    "verdict_recorded", "checkpoint_held", "objectives_readjusted", "indicator_measured", "bilan_submitted",
    "diploma_awarded", "approach_left", "mention_withdrawn")} | {
    "qualicoop.catalogue.established.v1", "qualicoop.catalogue.engagement_wording_revised.v1"}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Path:
    copy = tmp_path / "events-v1.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    return copy


@pytest.fixture
def app(store: Path) -> Iterator[QualicoopApplication]:  # overrides the in-memory app of conftest
    services = build(Settings(database_url=f"sqlite:///{store}"), clock=lambda: TODAY)
    yield services.app
    services.close()


def stored_topics(store: Path) -> set[str]:
    with sqlite3.connect(store) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT topic FROM stored_events")}


def test_the_fixture_holds_every_v1_event_type_and_every_stored_topic_still_resolves(store: Path) -> None:
    topics = stored_topics(store)
    assert topics == V1_TOPICS
    resolved = {topic: resolve_topic(topic) for topic in sorted(topics)}
    assert all(issubclass(cls, (Cooperative.Event, Cooperative.Created, Catalogue.Event, Catalogue.Created))
               for cls in resolved.values())  # fmt: skip


def test_the_released_fixture_is_small_and_untouched_by_the_tests(store: Path) -> None:
    assert FIXTURE.stat().st_size < 200_000
    assert not FIXTURE.with_name("events-v1.sqlite3-wal").exists()
    assert store.read_bytes()[:16] == b"SQLite format 3\x00"


def test_every_stored_aggregate_loads_with_its_key_fields(app: QualicoopApplication) -> None:
    ids = list(app.cooperative_ids())
    assert ids == [Cooperative.id_for_siren(siren(n)) for n in (1, 2, 3)]
    first, second, third = (app.cooperative(i) for i in ids)
    assert (first.version, first.phase, first.confirmations, first.valid_until) == (
        57,
        Phase.CONFIRMED,
        1,
        date(2026, 4, 20),
    )
    assert (first.engaged_on, first.engaged_until, first.readjustments, first.checkpoints) == (
        date(2022, 4, 1),
        date(2023, 10, 1),
        1,
        1,
    )
    assert sorted(first.dossier["engagements"], key=int) == ["1", "2", "3", "5", "6", "7", "9", "11"]
    assert first.dossier["engagements"]["3"]["context"] == "Contexte revu"
    indicator = first.dossier["engagements"]["1"]["indicators"]["I1"]
    assert (indicator["target"], indicator["initial_target"], indicator["readjusted"]) == (
        Decimal("80"),
        Decimal("100"),
        True,
    )
    assert first.measurements["I1"] == {"count": 1, "on": date(2023, 3, 1), "value": Decimal("42.75")}
    assert first.measurements["I10"]["value"] == Decimal("25")
    assert [d["mention"] for d in first.diplomas] == [Mention.ENGAGED, Mention.CONFIRMED]
    assert first.standing["mention"] is Mention.CONFIRMED
    assert first.last_verdict == {"kind": VerdictKind.CONFIRM, "on": date(2024, 4, 20), "judged_version": 48,
                                  "session_reference": "Comité du 2024-04-20", "axes": []}  # fmt: skip
    assert (second.phase, second.dossier["identity"]["activities"]) == (Phase.LEFT, ["gestion_copropriete"])
    assert (third.phase, third.engaged_on, third.standing["mention"]) == (Phase.WITHDRAWN, date(2022, 4, 1),
                                                                          Mention.WITHDRAWN)  # fmt: skip


def test_the_stored_snapshot_loads_and_agrees_with_a_full_replay(app: QualicoopApplication) -> None:
    coop_id = Cooperative.id_for_siren(siren(1))
    assert [s.originator_version for s in app.snapshots.get(coop_id)] == [50]  # type: ignore[union-attr]
    from_snapshot = app.cooperative(coop_id)
    replayed = app.as_of(coop_id, TODAY)
    assert replayed is not None
    assert {k: x for k, x in vars(from_snapshot).items() if not k.startswith("_")} == {
        k: x for k, x in vars(replayed).items() if not k.startswith("_")
    }


def test_every_stored_event_decodes_with_its_dates_and_decimals(app: QualicoopApplication) -> None:
    coop_id = Cooperative.id_for_siren(siren(1))
    events = app.history(coop_id)
    verdicts = [e for e in events if isinstance(e, Cooperative.VerdictRecorded)]
    assert [(v.kind, v.effective_on, v.valid_until, v.next_bilan_due) for v in verdicts] == [
        (VerdictKind.MATURE, date(2022, 3, 20), None, None),
        (VerdictKind.VALIDATE, date(2022, 4, 1), date(2023, 10, 1), date(2023, 10, 1)),
        (VerdictKind.CONTINUE_WORK, date(2023, 10, 10), None, date(2024, 4, 30)),
        (VerdictKind.CONFIRM, date(2024, 4, 20), date(2026, 4, 20), date(2026, 4, 20)),
    ]
    diplomas = [e for e in events if isinstance(e, Cooperative.DiplomaAwarded)]
    assert [d.mention for d in diplomas] == [Mention.ENGAGED, Mention.CONFIRMED]
    readjusted = next(e for e in events if isinstance(e, Cooperative.ObjectivesReadjusted))
    assert [op["op"] for op in readjusted.changes] == ["revise_indicator", "drop_engagement", "choose_engagement",
                                                       "add_action", "define_indicator"]  # fmt: skip
    catalogue = app.catalogue()
    assert (catalogue.version, catalogue.engagement(2)["description"]) == (2, "Description provisoire (jeu d'essai)")
    assert catalogue.engagement(2)["official"] is False


def test_the_old_store_accepts_new_events_after_the_released_ones(app: QualicoopApplication) -> None:
    coop_id = Cooperative.id_for_siren(siren(1))
    result = app.hold_checkpoint(
        coop_id, actor=Actor.operator("staff-1"), summary="Après mise à jour", effective_on=TODAY
    )
    assert (result.version, app.cooperative(coop_id).checkpoints) == (58, 2)


def test_a_registration_uuid_in_the_fixture_is_the_one_derived_from_the_siren() -> None:
    assert Cooperative.id_for_siren("732829320") == UUID("bf93f75d-4a93-5934-9a7c-be3611a88608")


def test_stored_facts_keyed_after_later_dated_ones_read_in_business_date_order(app: QualicoopApplication) -> None:
    """The released history keys six measurements (versions 52–57, May 2024) after a diploma dated September 2024:
    under the one definition of time they take their place by business date. They were keyed in date order among
    themselves, so nothing that was shown before reads differently; a state as of a day between them keeps only
    those dated by then, and the old version-1 snapshot (at version 50) gives way to an exact fold of the events."""
    coop_id = Cooperative.id_for_siren(siren(1))
    coop = app.cooperative(coop_id)
    assert coop.measurements["I10"] == {"count": 6, "on": date(2024, 5, 6), "value": Decimal("25")}
    mid = app.as_of(coop_id, date(2024, 5, 3))
    assert mid is not None and mid.measurements["I10"] == {"count": 3, "on": date(2024, 5, 3), "value": Decimal("10")}
    assert [d["awarded_on"] for d in coop.diplomas] == sorted(d["awarded_on"] for d in coop.diplomas)
    held, lapsed = coop.standing_on(date(2026, 4, 20)), coop.standing_on(TODAY)
    assert (held.mention, held.step, held.mention_since) == (Mention.CONFIRMED, Step.IMPLEMENTING, date(2024, 4, 20))
    assert (lapsed.mention, lapsed.expired_on, lapsed.overdue) == (Mention.EXPIRED, date(2026, 4, 21), True)


def test_an_upgraded_store_fills_its_new_read_models_at_start_equal_to_a_replay(store: Path) -> None:
    services = build(Settings(database_url=f"sqlite:///{store}"), clock=lambda: TODAY)
    try:
        assert services.projector is not None and all(s["lag"] == 0 for s in services.projector.status())
        for day in (date(2022, 6, 1), date(2024, 5, 3), TODAY):
            for coop_id in services.app.cooperative_ids():
                replayed = services.app.as_of(coop_id, day)
                expected = presenters.list_item(replayed, day) if replayed is not None else None
                assert q.cooperative_status(services.engine, coop_id, day=day) == expected
    finally:
        services.close()


def test_released_events_stored_codes_as_strings_and_load_as_enums(store: Path, app: QualicoopApplication) -> None:
    """The released verdicts and diplomas stored their kind and mention as plain strings (class version 1): the
    events' ``upcast_v1_v2`` turns them into the enums, and a new verdict stores the enum through its transcoding."""
    with sqlite3.connect(store) as connection:
        (state,) = connection.execute("SELECT state FROM stored_events WHERE topic = ? LIMIT 1",
                                      ("qualicoop.cooperative.verdict_recorded.v1",)).fetchone()  # fmt: skip
    assert b'"kind":"mature"' in state.replace(b" ", b"") and b"class_version" not in state
    coop_id = Cooperative.id_for_siren(siren(1))
    kinds = {type(e.kind) for e in app.history(coop_id) if isinstance(e, Cooperative.VerdictRecorded)}
    mentions = {type(e.mention) for e in app.history(coop_id) if isinstance(e, Cooperative.DiplomaAwarded)}
    assert (kinds, mentions) == ({VerdictKind}, {Mention})


def test_the_released_snapshot_state_of_strings_is_upcast_to_enums(app: QualicoopApplication) -> None:
    """The stored snapshot (aggregate class version 1) held the phase, the mentions and the kinds as strings."""
    coop_id = Cooperative.id_for_siren(siren(1))
    (snapshot,) = app.snapshots.get(coop_id)  # type: ignore[union-attr]
    from_snapshot = snapshot.mutate(None)
    assert isinstance(from_snapshot, Cooperative)
    assert from_snapshot.phase is Phase.CONFIRMED
    assert from_snapshot.standing["mention"] is Mention.NONE  # version 1 had no standing: refolded on load
    assert from_snapshot.last_verdict is not None and from_snapshot.last_verdict["kind"] is VerdictKind.CONFIRM
    assert {type(d["mention"]) for d in from_snapshot.diplomas} == {Mention}
