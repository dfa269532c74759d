"""Every field the core may name in an error has a French label: an error summary never shows a raw key."""

from __future__ import annotations

import re
from pathlib import Path

from web.pages.forms import WHOLE_FORM, error_items, label_of

CORE = Path(__file__).resolve().parents[2] / "qualicoop_es"
#: Names only the command line shows (its options and environment), never a page.
COMMAND_LINE = {"out", "table"}


def named_fields() -> set[str]:
    names: set[str] = set()
    for path in CORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'InvalidInput\(\s*"([a-z_]+)"', text))
        names |= set(re.findall(r'check_\w+\([^()\n]*?,\s*"([a-z_]+)"', text))
    return names - set(WHOLE_FORM) - COMMAND_LINE


def test_the_core_names_fields_the_scan_can_see() -> None:
    assert {"siren", "target_date", "summary", "reason", "governance_bodies"} <= named_fields()


def test_every_field_the_core_names_has_a_french_label() -> None:
    assert [name for name in sorted(named_fields()) if label_of(name) == "ce champ"] == []


def test_a_readjustment_field_is_labelled_as_the_field_it_stands_for() -> None:
    assert label_of("new_target_date") == label_of("target_date") == "échéance"
    assert label_of("remove_action_id") == "action"


def test_the_summary_lists_fields_then_whole_form_messages_with_a_capital() -> None:
    items = error_items({"governance_bodies": "Trop long.", "_form": ["Le dossier a changé."], "_stale": True})
    assert items == [("governance_bodies", "Instances de gouvernance", "Trop long."), ("", "", "Le dossier a changé.")]
