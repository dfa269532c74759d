"""The audit trail in French, « comment cette mention a été accordée » (page, PDF, archive), the dossier at a
version, the committee's sessions and the verdict's confirmation step, through Flask's test client."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.browser.world import World
from tests.e2e.pages.support import committee_ids, post, sign_in, token, verdict_form

RAW_KEYS = ("judged_digest", "judged digest", "members_present", "members present", "kind confirm", "op revise",
            "revise_indicator", "identity.", "governance_bodies", "human_means", "session_reference", "rationale",
            "dossier_version", "validate, mature")  # fmt: skip


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _no_raw_key(page: str) -> None:
    shown = _text(page)
    assert not [key for key in RAW_KEYS if key in shown], [key for key in RAW_KEYS if key in shown]


def test_the_timeline_tells_each_event_in_french_with_technical_details_apart(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = client.get(f"/cooperatives/{world.confirmed}/historique").text
    _no_raw_key(page)
    text = _text(page)
    assert "Membres présents Hélène Verdier, Paul Jurat" in text and "Motivation Dossier pertinent" in text
    assert re.search(r"Version jugée \d+ — empreinte [0-9a-f]{12}…", text)
    assert "Détails techniques" in text and "1er avril 2022" in text
    assert "Indicateur I1 (engagement n°1) : cible modifiée 100 80" in text  # the readjustment, before → after


def test_a_verdict_is_labelled_by_the_version_it_judged_and_compares_with_the_previous_judged(
    client: Any, world: World
) -> None:
    sign_in(client, "federation")
    first, second = world.judged
    page = client.get(f"/cooperatives/{world.matured}/historique").text
    assert f"a jugé la version {second}" in page and f"a jugé la version {first}" in page
    assert f"de={first}&amp;a={second}" in page  # « ce qui a changé » between the two judged versions
    compared = client.get(f"/cooperatives/{world.matured}/comparer?de={first}&a={second}").text
    _no_raw_key(compared)
    assert "cible modifiée" in compared and "Atelier accédants" in compared


def test_the_fiche_links_the_last_verdict_to_how_the_mention_was_granted(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = client.get(f"/cooperatives/{world.confirmed}").text
    assert (
        f"/cooperatives/{world.confirmed}/mention" in page
        and "sur la version" in page
        and "comment cette mention a été accordée</a>" in page
    )
    assert re.search(rf"/cooperatives/{world.confirmed}/version/\d+", page)


def test_how_the_mention_was_granted_tells_the_chain_in_french(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    page = client.get(f"/cooperatives/{world.confirmed}/mention").text
    _no_raw_key(page)
    text = _text(page)
    assert "Mention n°3 : « Quali'Coop Confirmée ! »" in text and "Dossier déposé" in text
    assert "Membres présents Hélène Verdier, Paul Jurat" in text and "Séance du comité" in text
    assert "Objectifs réajustés" in text and "Motif Foncier plus rare que prévu" in text
    first = client.get(f"/cooperatives/{world.confirmed}/mention?mention=1").text
    assert "Mention n°1 : « Quali'Coop Engagée ! »" in _text(first)
    assert client.get(f"/cooperatives/{world.confirmed}/mention?mention=7").status_code == 404
    assert client.get(f"/cooperatives/{world.preparing}/mention").status_code == 404  # never granted


def test_how_the_mention_was_granted_downloads_as_pdf_and_as_a_signed_archive(client: Any, world: World) -> None:
    sign_in(client, "federation")
    pdf = client.get(f"/cooperatives/{world.confirmed}/mention.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data[:4] == b"%PDF"
    archive = client.get(f"/cooperatives/{world.confirmed}/mention/archive.zip")
    assert archive.status_code == 200 and archive.data[:2] == b"PK"


def test_a_referent_reads_the_audit_of_their_own_cooperative_only(client: Any, world: World) -> None:
    sign_in(client, "engaged")
    assert client.get(f"/cooperatives/{world.confirmed}/mention").status_code == 200
    assert client.get(f"/cooperatives/{world.matured}/mention").status_code == 403


def test_the_dossier_opens_at_the_version_a_verdict_judged(client: Any, world: World) -> None:
    sign_in(client, "federation")
    first, _ = world.judged
    page = client.get(f"/cooperatives/{world.matured}/version/{first}").text
    assert f"version {first}" in page and "Fiche d'identité" in page and "Note d'intention stratégique" in page
    assert client.get(f"/cooperatives/{world.matured}/version/9999").status_code == 404


def test_the_federation_creates_a_committee_session_and_sees_every_error_at_once(client: Any, world: World) -> None:
    sign_in(client, "federation")
    url = "/comite/seances"
    refused = post(client, url, {}, url)
    assert refused.status_code == 422 and "Il y a 3 erreurs" in _text(refused.text)
    assert post(client, url, {"reference": "CV-2026-11", "held_on": "2026-11-26", "members": committee_ids(world)},
                url).status_code == 302  # fmt: skip
    assert "CV-2026-11" in client.get(url).text
    twice = post(
        client, url, {"reference": "cv-2026-11", "held_on": "2026-11-26", "members": committee_ids(world)}, url
    )
    assert twice.status_code == 422 and "déjà" in twice.text


def test_the_committee_cannot_create_a_session(client: Any, world: World) -> None:
    sign_in(client, "committee")
    assert client.get("/comite/seances").status_code == 200
    assert post(client, "/comite/seances", {"reference": "CV-X1"}, "/comite/seances").status_code == 403


def _session(world: World) -> None:
    from qualicoop_es.access import Actor

    members = committee_ids(world)[:2]
    world.services.app.hold_committee_session(actor=Actor.operator("staff-1"), reference="CV-2026-11",
                                              held_on=world.services.app.clock(), members=members)  # fmt: skip


def test_the_verdict_form_picks_a_session_and_confirms_before_recording(client: Any, world: World) -> None:
    _session(world)
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    page = client.get(url).text
    assert 'name="session_reference" value="CV-2026-11"' in page and "Aller au formulaire du verdict" in page
    version = world.services.app.cooperative(world.submitted).version
    asked = post(client, url, verdict_form(world, session_reference="CV-2026-11", etape=""), url)
    shown = _text(asked.text)
    assert asked.status_code == 200 and "Vous allez valider le dossier de Les Castors de l'Ouest" in shown
    assert "séance CV-2026-11" in shown and world.services.app.cooperative(world.submitted).version == version
    cancelled = post(client, url, verdict_form(world, session_reference="CV-2026-11", etape="modifier"), url)
    assert "Vérifier le verdict" in cancelled.text and "Pertinent</textarea>" in cancelled.text  # kept, not recorded
    assert world.services.app.cooperative(world.submitted).version == version
    data = verdict_form(world, session_reference="CV-2026-11", members_present=committee_ids(world))
    outside = post(client, url, data, url)
    assert outside.status_code == 422 and "Membres absents de la séance CV-2026-11" in outside.text
    data["members_present"] = committee_ids(world)[:2]
    assert post(client, url, data, url).status_code == 302


def test_the_verdict_form_reports_every_missing_field_at_once(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    response = client.post(url, data={"csrf_token": token(client, url), "judged_version": "1"})
    text = _text(response.text)
    assert response.status_code == 422 and "Il y a 4 erreurs" in text
    assert 'href="#f-rationale"' in response.text and 'href="#f-members_present"' in response.text


def test_the_verdict_page_shows_a_bilans_summary_and_its_measurements(client: Any, world: World) -> None:
    from tests import support as h

    coop = world.overdue  # engaged in 2022: its bilan is due
    app = world.services.app
    app.submit_bilan(coop, actor=h.REFERENT, summary="Bilan à quatre ans : tous les engagements tenus.",
                     effective_on=app.clock())  # fmt: skip
    sign_in(client, "auditor")
    text = _text(client.get(f"/cooperatives/{coop}/verdict").text)
    assert "Bilan à quatre ans : tous les engagements tenus." in text and "Mesures rapportées" in text
    assert "Note d'intention stratégique" in text and "Fiche d'identité" in text


def test_no_raw_key_reaches_the_pages_of_the_audit_and_the_verdict(client: Any, world: World) -> None:
    _session(world)
    sign_in(client, "auditor")
    first, second = world.judged
    for url in (f"/cooperatives/{world.matured}/historique", f"/cooperatives/{world.matured}/version/{first}",
                f"/cooperatives/{world.matured}/comparer?de={first}&a={second}", f"/cooperatives/{world.submitted}/verdict",
                f"/cooperatives/{world.confirmed}/mention", f"/cooperatives/{world.preparing}", "/comite/seances"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        _no_raw_key(response.text)
