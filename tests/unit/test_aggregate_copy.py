"""``Cooperative.__deepcopy__`` (its own walk of dicts and lists) gives what the generic ``copy.deepcopy`` gives, sharing nothing."""

from __future__ import annotations

import copy
from enum import Enum
from pathlib import Path
from typing import Any

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import IMPLEMENTATION_PHASES
from tests.projections.projection_helpers import TODAY, random_history, services


def generic_deepcopy(coop: Cooperative) -> Cooperative:
    """What ``copy.deepcopy``'s generic path gives for an object: a new instance with a deep copy of its state."""
    clone: Cooperative = object.__new__(Cooperative)
    clone.__dict__.update(copy.deepcopy(dict(vars(coop))))
    return clone


def _mutables(value: Any, found: dict[int, Any]) -> dict[int, Any]:
    """Every mutable object reachable from ``value`` (containers and objects with a __dict__), by id."""
    if isinstance(value, (str, bytes, int, float, bool, type(None), Enum)) or id(value) in found:
        return found
    if isinstance(value, (dict, list, set)) or hasattr(value, "__dict__"):
        found[id(value)] = value
    children = (list(value.keys()) + list(value.values()) if isinstance(value, dict)
                else list(value) if isinstance(value, (list, tuple, set, frozenset))
                else list(vars(value).values()) if hasattr(value, "__dict__") else [])  # fmt: skip
    for child in children:
        _mutables(child, found)
    return found


def test_copy_equals_a_generic_deepcopy_and_shares_no_mutable_state(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=31, coops=6)
        coops = [svc.app.cooperative(coop_id) for coop_id in svc.app.cooperative_ids()]
        assert coops
        for coop in coops:
            assert isinstance(coop, Cooperative)
            fast = copy.deepcopy(coop)
            generic = generic_deepcopy(coop)
            assert type(fast) is Cooperative and fast is not coop
            assert vars(fast) == vars(generic) == vars(coop)
            assert list(vars(fast)) == list(vars(coop))  # same attributes, same order
            shared = set(_mutables(fast, {})) & set(_mutables(coop, {}))
            assert not shared
            fast.dossier["identity"]["name"] = "changed"  # a change to the copy leaves the original alone
            assert coop.dossier["identity"]["name"] != "changed"
            # pending events (never in the cache) are copied too, through copy.deepcopy
            if coop.phase in IMPLEMENTATION_PHASES:
                coop.hold_checkpoint(actor="x", summary="s", effective_on=TODAY, today=TODAY)
                again = copy.deepcopy(coop)
                assert vars(again) == vars(coop) and again.version == coop.version
                assert not set(_mutables(again, {})) & set(_mutables(coop, {}))
    finally:
        svc.close()


def test_copy_keeps_shared_containers_shared_and_copies_other_types(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=7, coops=1)
        coop = svc.app.cooperative(next(iter(svc.app.cooperative_ids())))
        shared: list[Any] = [{"x": 1}]
        original: Any = {"a": shared, "b": shared, "s": {1, 2}, "t": ([1], "x"), ("k", 1): [shared]}
        coop.measurements = original
        fast = copy.deepcopy(coop)
        generic = generic_deepcopy(coop)
        assert vars(fast) == vars(generic) == vars(coop)
        m: Any = fast.measurements
        assert m["a"] is m["b"] is m[("k", 1)][0] and m["a"] is not shared  # one copy, shared as in the original
        assert m["s"] is not original["s"] and m["t"][0] is not original["t"][0]
        assert not set(_mutables(fast, {})) & set(_mutables(coop, {}))
    finally:
        svc.close()
