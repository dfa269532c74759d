"""``verify`` names the first event that differs after each kind of tampering, made by direct SQL on the stored
events table (the append-only triggers dropped first, as an attacker with the database owner's rights would)."""

from __future__ import annotations

from typing import Any

from qualicoop_es.config import Settings
from qualicoop_es.integrity.describe import describe
from qualicoop_es.integrity.verify import Outcome, verify
from tests.integrity.tampering import opened, raw, small_log
from tests.support import siren


def verified(settings: Settings) -> tuple[Outcome, dict[str, Any] | None]:
    with opened(settings) as svc:
        outcome = verify(svc.app.recorder, svc.engine, page_size=7)  # small pages: differences across pages too
        return outcome, describe(svc.app, svc.engine, outcome.difference) if outcome.difference else None


def test_an_untouched_log_verifies_with_its_head_and_count(store: Settings) -> None:
    small_log(store)
    outcome, _ = verified(store)
    with raw(store) as log:
        head = log.head()
    assert outcome.ok and outcome.difference is None
    assert (outcome.count, outcome.checked, outcome.head_position, outcome.pending) == (head, head, head, 0)
    assert len(bytes.fromhex(outcome.head_digest)) == 32


def test_one_changed_byte_names_the_event_its_cooperative_version_kind_and_date(store: Settings) -> None:
    drop = small_log(store)
    with raw(store, drop) as log:
        state = bytearray(log.state(10))
        state[state.index(b"Contexte")] ^= 0x01  # "Contexte" → "Bontexte": one bit of one byte
        log.run("UPDATE {t} SET state = ? WHERE {id} = ?", bytes(state), 10)
    outcome, named = verified(store)
    assert not outcome.ok and outcome.head_position == 9 and outcome.checked == 9
    assert named is not None
    assert (named["position"], named["problem"], named["version"]) == (10, "altered", 6)
    assert (named["cooperative_name"], named["siren"]) == ("Coop n°1", siren(1))
    assert named["kind"].startswith("Cooperative.") and named["effective_on"] == "2022-02-01"
    assert "n°10" in named["message"] and "Coop n°1" in named["message"]


def test_a_deleted_event_is_named_from_the_ledger_and_the_read_models(store: Settings) -> None:
    drop = small_log(store)
    with raw(store, drop) as log:
        log.run("DELETE FROM {t} WHERE {id} = ?", 6)
    outcome, named = verified(store)
    assert not outcome.ok and outcome.head_position == 5
    assert named is not None
    assert (named["position"], named["problem"], named["version"]) == (6, "missing", 2)
    assert (named["cooperative_name"], named["kind"]) == ("Coop n°2", "Cooperative.KitRequested")


def test_two_events_bytes_swapped_name_the_first_of_them(store: Settings) -> None:
    drop = small_log(store)
    with raw(store, drop) as log:
        eight, eleven = log.state(8), log.state(11)
        log.run("UPDATE {t} SET state = ? WHERE {id} = ?", eleven, 8)
        log.run("UPDATE {t} SET state = ? WHERE {id} = ?", eight, 11)
    outcome, named = verified(store)
    assert not outcome.ok and named is not None
    assert (named["position"], named["problem"]) == (8, "altered")


def test_an_event_inserted_in_the_middle_is_named_at_its_position(store: Settings) -> None:
    drop = small_log(store)
    with raw(store, drop) as log:
        (oid, topic, state), *_ = log.run("SELECT originator_id, topic, state FROM {t} WHERE {id} = ?", 4)
        log.shift(5)
        log.run("INSERT INTO {t} (" + ("rowid, " if log.sqlite else "notification_id, ")
                + "originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)", 5, oid, 99, topic, state)  # fmt: skip
    outcome, named = verified(store)
    assert not outcome.ok and outcome.head_position == 4 and named is not None
    assert (named["position"], named["problem"], named["version"], named["cooperative_name"]) == (
        5, "inserted", 99, "Coop n°1")  # fmt: skip


def test_a_truncated_log_names_the_first_event_missing(store: Settings) -> None:
    drop = small_log(store)
    with raw(store, drop) as log:
        head = log.head()
        log.run("DELETE FROM {t} WHERE {id} > ?", head - 3)
    outcome, named = verified(store)
    assert not outcome.ok and outcome.head_position == head - 3 and named is not None
    assert (named["position"], named["problem"]) == (head - 2, "missing")
