"""The audit trail for people: keys and codes as French labels, values as French text, technical fields apart."""

from __future__ import annotations

from qualicoop_es.queries.audit_trail import describe, field_label, judged_before, operation_sentence, value_text


def _verdict(version: int, judged: int) -> dict[str, object]:
    return {"kind": "verdict_recorded", "version": version, "notification_id": 40 + version,
            "recorded_at": "2026-11-27T09:15:00+00:00", "members_present_names": ["Hélène Verdier"],
            "data": {"kind": "confirm", "session_reference": "CV-2026-11", "members_present": ["m-1"],
                     "rationale": "Engagements tenus", "axes": [], "judged_version": judged,
                     "judged_digest": "9fc8" + "0" * 60, "valid_until": "2028-11-26", "next_bilan_due": None}}  # fmt: skip


def test_a_verdict_reads_in_french_with_its_digest_among_the_technical_details() -> None:
    described = describe(_verdict(106, 104), previous_judged=98)
    details = {d.label: d.value for d in described.details}
    assert details == {"Décision": "a confirmé la mention", "Séance du comité": "CV-2026-11",
                       "Membres présents": "Hélène Verdier", "Motivation": "Engagements tenus",
                       "Version jugée": "104 — empreinte 9fc800000000…",
                       "Mention valable jusqu'au": "26 novembre 2028"}  # fmt: skip
    technical = {d.label: d.value for d in described.technical}
    assert technical["Empreinte de la version jugée"].startswith("9fc8")
    assert technical["Enregistré le"] == "27 novembre 2026 à 09:15:00 (UTC)"
    assert (described.judged_version, described.previous_judged) == (104, 98)


def test_the_previous_judged_version_is_the_one_the_verdict_before_judged() -> None:
    entries = [_verdict(50, 48), {"kind": "checkpoint_held", "version": 51, "data": {}}, _verdict(106, 104)]
    assert judged_before(entries) == {50: None, 106: 48}


def test_values_and_codes_are_french() -> None:
    assert value_text("activities", ["locatif_social", "accession_sociale"]) == (
        "Locatif social, Accession sociale à la propriété"
    )
    assert value_text("homes_managed", 42430) == "42\u202f430" and value_text("judged_version", 1040) == "1040"
    assert value_text("target_date", "2026-11-26") == "26 novembre 2026" and value_text("value", "12.5") == "12,5"
    assert value_text("axes", [2, 7]) == "engagement n°2, engagement n°7" and value_text("rationale", "") == "—"
    assert field_label("homes_managed") == "Nombre de logements gérés" and field_label("x_y") == "Autre champ"


def test_an_operation_of_a_readjustment_reads_as_its_event_would() -> None:
    op = {"op": "revise_indicator", "indicator_id": "I6", "changes": {"target": "202"}}
    assert operation_sentence(op) == "Indicateur I6 révisé"
    assert operation_sentence({"op": "unknown"}) == "Opération sur le dossier"


def test_a_session_record_gives_its_day_and_a_free_text_session_reads_as_typed() -> None:
    from datetime import date

    held = {"CV-2026-11": date(2026, 11, 26)}
    details = {d.label: d.value for d in describe(_verdict(106, 104), sessions=held).details}
    assert details["Séance du comité"] == "CV-2026-11 — séance du 26 novembre 2026"
    typed = _verdict(106, 104)
    typed["data"]["session_reference"] = "Comité du 26 novembre"  # type: ignore[index]
    assert {d.label: d.value for d in describe(typed, sessions=held).details}["Séance du comité"] == (
        "Comité du 26 novembre"
    )
