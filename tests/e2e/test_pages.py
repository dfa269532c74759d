"""The French pages through Flask's test client: every page, every form, the role boundaries, CSRF, errors."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "browser"))
from tests.browser.world import EMAILS, PASSWORD, World, build_world
from web import create_app
from web.pages import charts


@pytest.fixture
def world() -> Iterator[World]:
    built = build_world()
    yield built
    built.services.close()


@pytest.fixture
def client(world: World) -> Any:
    return create_app(services=world.services).test_client()


def token(client: Any, url: str = "/connexion") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert found, url
    return found.group(1)


def sign_in(client: Any, role: str) -> None:
    response = client.post(
        "/connexion", data={"email": EMAILS[role], "password": PASSWORD, "csrf_token": token(client)}
    )
    assert response.status_code == 302, response.text


def post(client: Any, url: str, data: dict[str, Any], page: str) -> Any:
    return client.post(url, data={"csrf_token": token(client, page), **data})


# -- sign-in, sign-out, CSRF, headers -----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client: Any) -> None:
    response = client.get("/tableau-de-bord")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert "Connexion" in client.get("/connexion").text


def test_a_wrong_password_is_refused_in_french(client: Any) -> None:
    response = client.post(
        "/connexion", data={"email": EMAILS["auditor"], "password": "non", "csrf_token": token(client)}
    )
    assert response.status_code == 401 and "mot de passe incorrect" in response.text


def test_a_form_without_its_csrf_token_is_refused(client: Any) -> None:
    response = client.post("/connexion", data={"email": EMAILS["auditor"], "password": PASSWORD})
    assert response.status_code == 400 and "Le formulaire a expiré" in response.text


def test_a_forged_token_or_another_sessions_token_is_refused_in_french(world: World, client: Any) -> None:
    other = create_app(services=world.services).test_client()
    for sent in ("forged", token(other)):
        data = {"email": EMAILS["auditor"], "password": PASSWORD, "csrf_token": sent}
        response = client.post("/connexion", data=data)
        assert response.status_code == 400 and "Le formulaire a expiré" in response.text
        assert response.mimetype == "text/html" and "CSRF" not in response.text
    signed_out = client.get("/tableau-de-bord")
    assert signed_out.status_code == 302  # nothing was signed in


def test_the_json_api_exempt_from_csrf_never_acts_on_the_session_cookie(client: Any) -> None:
    sign_in(client, "federation")
    response = client.post("/api/v1/cooperatives", json={})  # the signed-in cookie goes along, no bearer token
    assert response.status_code == 401 and response.get_json()["code"] == "unauthorized"


def test_pages_carry_the_security_headers_and_a_local_stylesheet(client: Any) -> None:
    sign_in(client, "federation")
    response = client.get("/tableau-de-bord")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "/static/pages/qualicoop.css" in response.text and "http" not in re.sub(
        r'xmlns="[^"]+"', "", response.text.split("<body")[0]
    )
    assert client.get("/static/pages/qualicoop.css").status_code == 200


def test_signing_out_ends_the_session(client: Any) -> None:
    sign_in(client, "auditor")
    response = post(client, "/deconnexion", {}, "/tableau-de-bord")
    assert response.status_code == 302
    assert client.get("/tableau-de-bord").status_code == 302


def test_sign_in_never_redirects_to_another_site(client: Any) -> None:
    data = {"email": EMAILS["auditor"], "password": PASSWORD, "csrf_token": token(client)}
    response = client.post("/connexion?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/tableau-de-bord"


# -- network pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["federation", "committee", "auditor"])
def test_the_dashboard_shows_phases_deadlines_verdicts_and_svg_charts(client: Any, role: str) -> None:
    sign_in(client, role)
    page = client.get("/tableau-de-bord").text
    assert "Coopératives par mention" in page and "Étapes en cours" in page and "<svg" in page and 'role="img"' in page
    assert "Coop du Retard" in page and "de retard" in page  # overdue bilan
    assert "Villages Solidaires" in page and "dans 24 j" in page  # upcoming bilan
    assert "le comité a validé le dossier" in page


def test_a_referent_cannot_open_the_dashboard(client: Any) -> None:
    sign_in(client, "cooperative")
    response = client.get("/tableau-de-bord")
    assert response.status_code == 403 and "Accès refusé" in response.text


def test_the_list_filters_by_phase_departement_activity_and_name(client: Any) -> None:
    sign_in(client, "federation")
    everything = client.get("/cooperatives").text
    assert "6 coopératives" in everything and 'class="badge mention-' in everything
    assert "Les Castors" in client.get("/cooperatives?etape=submitted").text
    assert "Toit Partagé" not in client.get("/cooperatives?etape=submitted").text
    assert "Aucune coopérative" in client.get("/cooperatives?departement=75").text
    only_social = client.get("/cooperatives?activite=locatif_social&q=retard").text
    assert "Coop du Retard" in only_social and "1 coopérative" in only_social


def test_the_committee_desk_lists_dossiers_awaiting_a_verdict(client: Any) -> None:
    sign_in(client, "committee")
    page = client.get("/comite").text
    assert "Les Castors de l&#39;Ouest" in page and "Bilans attendus" in page


def test_the_catalogue_shows_placeholders_and_the_federation_sets_official_wording(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = client.get("/catalogue").text
    assert "Engagement n°7 — intitulé officiel à saisir" in page and "provisoire" in page
    version = world.services.app.catalogue().version
    response = post(client, "/catalogue", {"number": "7", "title": "Associer les habitants", "official": "1",
                                           "expected_version": str(version)}, "/catalogue")  # fmt: skip
    assert response.status_code == 302
    assert world.services.app.catalogue().engagement(7)["title"] == "Associer les habitants"
    empty = post(client, "/catalogue", {"number": "8", "title": "", "official": "1"}, "/catalogue")
    assert empty.status_code == 200 and "Ce champ est obligatoire." in empty.text


def test_only_the_federation_may_revise_the_catalogue(client: Any) -> None:
    sign_in(client, "auditor")
    assert "Modifier l&#39;intitulé" not in client.get("/catalogue").text
    assert post(client, "/catalogue", {"number": "7", "title": "X"}, "/catalogue").status_code == 403


# -- one cooperative -----------------------------------------------------------------------------------------


def test_the_cooperative_page_shows_mention_dossier_by_pillar_readjusted_target_and_checklist(
    client: Any, world: World
) -> None:
    sign_in(client, "auditor")
    page = html.unescape(client.get(f"/cooperatives/{world.confirmed}").text)
    assert "Quali'Coop Confirmée !" in page and "valable jusqu'au" in page
    assert "Pilier 1" in page and "Pilier 3" in page and "Liste de contrôle" in page
    assert "réajustée" in page and "<del>100</del>" in page and "<ins>80</ins>" in page
    assert "chart-measures" in page and "42,5" in page


def test_the_history_filters_by_kind_and_period_and_opens_each_entry(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    page = client.get(f"/cooperatives/{world.confirmed}/historique").text
    assert ("<details>" in page and "Le comité de validation" in page) or "Verdict" in page
    only = client.get(f"/cooperatives/{world.confirmed}/historique?type=verdict_recorded").text
    assert only.count('class="event kind-verdict_recorded"') == 3 and "kind-checkpoint_held" not in only
    period = client.get(f"/cooperatives/{world.confirmed}/historique?du=2023-01-01&au=2023-12-31").text
    assert "2022" not in re.sub(r"<form.*?</form>", "", period.split('<ol class="timeline">')[1], flags=re.S)
    assert client.get(f"/cooperatives/{world.confirmed}/historique?du=pas-une-date").status_code == 200


def test_the_history_names_authors_and_members_present_never_by_raw_id(client: Any, world: World) -> None:
    from qualicoop_es.accounts import accounts_of
    from tests.support import account_id

    accounts = accounts_of(world.services)
    federation = accounts.find(EMAILS["federation"]).account_id
    world.services.app.hold_checkpoint(world.confirmed, actor=federation, summary="Point de novembre",
                                       effective_on=date(2026, 11, 2))  # fmt: skip
    sign_in(client, "auditor")
    url = f"/cooperatives/{world.confirmed}/historique"
    page = html.unescape(client.get(url).text)
    assert "<dt>Auteur</dt><dd>Claire Fédé</dd>" in page and "<dt>Auteur</dt><dd>Système</dd>" in page
    assert "Hélène Verdier, Paul Jurat" in page  # the members present at each verdict (member-1's id sorts first)
    for raw in (federation, account_id("member-1"), account_id("member-2")):
        assert raw not in page
    accounts.erase(EMAILS["federation"], actor="staff-1")
    accounts.erase("member-1@test.fr", actor="staff-1")
    page = html.unescape(client.get(url).text)
    assert "<dt>Auteur</dt><dd>personne effacée</dd>" in page and "Claire Fédé" not in page
    assert "Hélène Verdier" not in page and "personne effacée, Paul Jurat" in page  # member-1's id sorts first


def test_the_dossier_as_it_stood_on_a_date(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    before = client.get(f"/cooperatives/{world.confirmed}/au?date=2021-06-01").text
    assert "pas encore inscrite" in before
    then = client.get(f"/cooperatives/{world.confirmed}/au?date=2022-01-20").text
    assert "20 janvier 2022" in then and "Préparation du dossier" in then
    assert client.get(f"/cooperatives/{world.confirmed}/au?date=n%27importe").status_code == 200


def test_two_judged_versions_are_compared_side_by_side(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    first, second = world.judged
    page = client.get(f"/cooperatives/{world.matured}/comparer?de={first}&a={second}").text
    assert f"De la version {first} à la version {second}" in page
    assert "cible modifiée" in page and "Atelier accédants" in page and "change-added" in page
    bad = client.get(f"/cooperatives/{world.matured}/comparer?de=999&a=1")
    assert bad.status_code == 200 and "Version attendue entre 1 et" in bad.text


def test_a_referent_reads_only_their_own_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    assert client.get(f"/cooperatives/{world.preparing}").status_code == 200
    for path in ("", "/historique", "/au", "/comparer", "/dossier", "/verdict"):
        response = client.get(f"/cooperatives/{world.confirmed}{path}")
        assert response.status_code == 403 and "Accès refusé" in response.text, path
    assert client.get("/cooperatives").headers["Location"].endswith(str(world.preparing))
    assert client.get("/cooperatives/pas-un-uuid").status_code == 404


# -- the referent's forms ------------------------------------------------------------------------------------


def _edit(world: World) -> str:
    return f"/cooperatives/{world.preparing}/dossier"


def _version(world: World) -> str:
    return str(world.services.app.cooperative(world.preparing).version)


def test_a_referent_completes_and_submits_the_dossier_with_forms(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base, page = _edit(world), _edit(world)
    assert "7 choisis" in client.get(page).text
    assert post(client, f"{base}/engagements", {"number": "11", "activities": "accession_sociale",
                                                "context": "Accédants", "expected_version": _version(world)}, page).status_code == 302  # fmt: skip
    assert post(client, f"{base}/actions", {"number": "11", "title": "Réunion annuelle"}, page).status_code == 302
    assert post(client, f"{base}/indicateurs", {"number": "11", "label": "Ménages", "unit": "ménages",
                                                "target": "30", "target_date": "2027-12-31"}, page).status_code == 302  # fmt: skip
    assert "✗" not in client.get(page).text.split('class="checklist"')[1]
    response = post(client, f"{base}/depot", {"expected_version": _version(world)}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.preparing).phase.value == "submitted"


def test_form_errors_are_shown_next_to_the_field_in_french(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = _edit(world)
    response = post(client, f"{base}/identite", {"name": "Coop", "legal_form": "SCP", "departement": "999",
                                                 "activities": "locatif_social", "members": "beaucoup"}, base)  # fmt: skip
    assert response.status_code == 422 and 'id="err-id-members"' in response.text
    assert "Nombre entier positif attendu." in response.text
    response = post(client, f"{base}/identite", {"name": "Coop", "legal_form": "SCP", "departement": "999",
                                                 "activities": ["locatif_social", "accession_sociale"]}, base)  # fmt: skip
    assert (
        response.status_code == 422
        and 'id="err-id-departement"' in response.text
        and "Code de département inconnu" in response.text
    )
    response = post(client, f"{base}/indicateurs", {"number": "1", "label": "X", "unit": "u", "target": "beaucoup",
                                                    "target_date": "2027-01-01"}, base)  # fmt: skip
    assert (
        response.status_code == 422
        and 'id="err-i1-target"' in response.text
        and "Valeur numérique attendue." in response.text
    )


def test_submitting_an_incomplete_dossier_lists_every_failing_rule(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    response = post(client, f"{_edit(world)}/depot", {}, _edit(world))
    assert response.status_code == 422
    assert "Au moins 8 engagements" in response.text and "Pilier 3" in response.text


def test_a_stale_form_shows_a_clear_message(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    response = post(
        client, f"{_edit(world)}/intention", {"motivations": "Nouvelle", "expected_version": "1"}, _edit(world)
    )
    assert response.status_code == 422 and "modifié entre-temps" in response.text


def test_a_referent_cannot_edit_another_cooperative(client: Any, world: World) -> None:
    sign_in(client, "other")
    response = post(
        client, f"{_edit(world)}/intention", {"motivations": "Intrusion"}, f"/cooperatives/{world.submitted}"
    )
    assert response.status_code == 403


def test_an_engaged_referent_records_a_measurement_and_readjusts_a_target(client: Any, world: World) -> None:
    accounts = __import__("qualicoop_es.accounts", fromlist=["accounts_of"]).accounts_of(world.services)
    accounts.add("engagee@test.fr", role="cooperative", actor="staff-1", password=PASSWORD, display_name="E",
                 cooperative_id=world.confirmed)  # fmt: skip
    client.post("/connexion", data={"email": "engagee@test.fr", "password": PASSWORD, "csrf_token": token(client)})
    base = f"/cooperatives/{world.confirmed}/dossier"
    assert "Enregistrer une mesure" in client.get(base).text
    response = post(
        client, f"{base}/mesures", {"indicator_id": "I1", "value": "55,5", "effective_on": "2026-11-01"}, base
    )
    assert response.status_code == 302
    response = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "90", "reason": ""}, base)
    assert response.status_code == 422 and 'id="err-r-reason"' in response.text
    response = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "90", "reason": "Marché"}, base)
    assert response.status_code == 302


# -- the committee's verdict ---------------------------------------------------------------------------------


def _committee_ids(world: World) -> list[str]:
    from qualicoop_es.accounts import accounts_of

    return [a.account_id for a in accounts_of(world.services).all() if a.role == "committee"]


def _verdict_form(world: World, **extra: Any) -> dict[str, Any]:
    coop = world.services.app.cooperative(world.submitted)
    assert coop.submission is not None
    return {"kind": "validate", "session_reference": "Comité de novembre", "effective_on": "2026-11-26",
            "members_present": _committee_ids(world), "rationale": "Pertinent",
            "judged_version": str(coop.submission["version"]), "expected_version": str(coop.version), **extra}  # fmt: skip


def test_the_verdict_form_shows_the_exact_judged_version(client: Any, world: World) -> None:
    sign_in(client, "committee")
    coop = world.services.app.cooperative(world.submitted)
    page = client.get(f"/cooperatives/{world.submitted}/verdict").text
    assert f'name="judged_version" value="{coop.submission["version"]}"' in page
    assert f'name="expected_version" value="{coop.version}"' in page


def test_a_committee_member_records_a_verdict(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    assert post(client, url, _verdict_form(world), url).status_code == 302
    assert world.services.app.cooperative(world.submitted).phase.value == "engaged"


def test_a_verdict_on_a_changed_dossier_is_refused_with_a_clear_message(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    response = post(client, url, _verdict_form(world, expected_version="3"), url)
    assert response.status_code == 422 and "modifié entre-temps" in response.text
    response = post(client, url, _verdict_form(world, judged_version="3"), url)
    assert response.status_code == 422 and "relisez le dossier déposé" in response.text
    response = post(client, url, _verdict_form(world, rationale=""), url)
    assert response.status_code == 422 and 'id="err-rationale"' in response.text


def test_the_verdict_form_refuses_members_the_committee_did_not_have_that_day(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    version = world.services.app.cooperative(world.submitted).version
    response = post(client, url, _verdict_form(world, members_present=["ghost-member"]), url)
    assert response.status_code == 422 and 'id="err-members_present"' in response.text
    assert "compte inconnu" in response.text
    # Marc Comité holds the role since today (2026-11-26) only: not at a session of the day before.
    response = post(client, url, _verdict_form(world, effective_on="2026-11-25"), url)
    assert response.status_code == 422
    assert "« Marc Comité » (pas membre du comité le 25/11/2026)" in html.unescape(response.text)
    assert world.services.app.cooperative(world.submitted).version == version


def test_a_committee_member_never_judges_a_cooperative_they_belong_to(client: Any, world: World) -> None:
    sign_in(client, "committee")
    response = post(client, f"/cooperatives/{world.overdue}/verdict", {"kind": "confirm"}, "/comite")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["auditor", "federation", "cooperative"])
def test_other_roles_cannot_record_a_verdict(client: Any, world: World, role: str) -> None:
    sign_in(client, role)
    response = post(client, f"/cooperatives/{world.submitted}/verdict", _verdict_form(world), "/catalogue")
    assert response.status_code == 403


# -- charts (pure functions) ---------------------------------------------------------------------------------


def test_bar_charts_are_accessible_svg_with_escaped_labels() -> None:
    svg = charts.bar_chart([("A & B", 3), ("<C>", 0)], title="Titre", classes=["engaged", "expired"])
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Titre</title>" in svg
    assert "A &amp; B" in svg and "&lt;C&gt;" in svg and "bar-engaged" in svg and "<script" not in svg
    assert charts.bar_chart([], title="Vide") == '<p class="chart-empty">Aucune donnée.</p>'


def test_measurement_charts_draw_the_target_and_decimal_commas() -> None:
    svg = charts.measurement_chart([("2023-03-01", 42.5), ("2024-03-01", 60)], target="80", unit="logements")
    assert 'class="target"' in svg and "cible 80" in svg and "42,5" in svg
    assert "Pas encore de mesure" in charts.measurement_chart([], target="1")


def test_column_charts_have_one_column_per_item() -> None:
    svg = charts.column_chart([("2022", 4), ("2023", 1)], title="Verdicts")
    assert svg.count('class="bar"') == 2 and "2022" in svg


# -- the federation's desk -------------------------------------------------------------------------------------

REGISTRATION = {"name": "Coop Nouvelle", "siren": "552100554", "legal_form": "SCIC", "departement": "44",
                "activities": ["locatif_social"], "effective_on": "2026-11-20"}  # fmt: skip


def test_the_federation_registers_a_cooperative_with_a_form(client: Any, world: World) -> None:
    sign_in(client, "federation")
    assert "Inscrire une coopérative" in client.get("/cooperatives").text
    response = post(client, "/cooperatives/nouvelle", REGISTRATION, "/cooperatives/nouvelle")
    assert response.status_code == 302 and response.headers["Location"].endswith("/suivi")
    assert "Coop Nouvelle" in client.get(response.headers["Location"]).text
    again = post(client, "/cooperatives/nouvelle", REGISTRATION, "/cooperatives/nouvelle")
    assert again.status_code == 422 and 'id="err-siren"' in again.text and "déjà enregistrée" in again.text


def test_a_bad_registration_shows_the_error_next_to_the_field(client: Any) -> None:
    sign_in(client, "federation")
    for field, value, message in (("siren", "123", "err-siren"), ("departement", "999", "err-departement"),
                                  ("effective_on", "31/02/2026", "err-effective_on")):  # fmt: skip
        response = post(client, "/cooperatives/nouvelle", {**REGISTRATION, field: value}, "/cooperatives/nouvelle")
        assert response.status_code == 422 and f'id="{message}"' in response.text, field
        assert 'value="Coop Nouvelle"' in response.text  # what was typed is kept


@pytest.mark.parametrize("role", ["committee", "auditor", "cooperative"])
def test_only_the_federation_registers_and_follows_cooperatives(client: Any, world: World, role: str) -> None:
    sign_in(client, role)
    assert client.get("/cooperatives/nouvelle").status_code == 403
    response = post(client, "/cooperatives/nouvelle", REGISTRATION, "/catalogue")
    assert response.status_code == 403
    response = post(client, f"/cooperatives/{world.confirmed}/suivi/point-etape", {"summary": "x"}, "/catalogue")
    assert response.status_code == 403


def test_the_federation_records_kit_first_meeting_and_errors_stay_on_the_page(client: Any, world: World) -> None:
    sign_in(client, "federation")
    coop_id = world.services.app.register_cooperative(actor="staff-1", name="Coop Kit", siren="732829320",
                                                      legal_form="SCP", departement="35",
                                                      activities=["locatif_social"]).aggregate_id  # fmt: skip
    page = f"/cooperatives/{coop_id}/suivi"
    assert "Demande du kit" in client.get(page).text
    response = post(client, f"{page}/kit", {"effective_on": "2027-01-01"}, page)
    assert response.status_code == 422 and 'id="err-kit-effective_on"' in response.text
    assert "futur" in response.text
    assert post(client, f"{page}/kit", {"effective_on": "2026-11-26"}, page).status_code == 302
    response = post(client, f"{page}/kit", {}, page)  # already requested: a clear message, not an error page
    assert response.status_code == 422 and "déjà été demandé" in response.text
    assert post(client, f"{page}/premiere-rencontre", {"summary": "Présentation"}, page).status_code == 302
    assert world.services.app.cooperative(coop_id).first_meeting_on is not None


def test_the_federation_records_a_checkpoint_and_a_diploma(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = f"/cooperatives/{world.matured}/suivi"
    response = post(client, f"{page}/point-etape", {"summary": ""}, page)
    assert response.status_code == 422 and 'id="err-cp-summary"' in response.text
    assert post(client, f"{page}/point-etape", {"summary": "Plans d'action en cours"}, page).status_code == 302
    response = post(client, f"{page}/diplome", {"mention": "confirmee", "ceremony": "Congrès"}, page)
    assert response.status_code == 422 and "pas été accordée" in response.text
    response = post(client, f"{page}/diplome", {"mention": "engagee", "ceremony": "Congrès de Lyon"}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.matured).diplomas[-1]["mention"].value == "engagee"


def test_withdrawing_a_mention_asks_for_a_reason_then_a_confirmation(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = f"/cooperatives/{world.matured}/suivi"
    response = post(client, f"{page}/retrait", {"reason": ""}, page)
    assert response.status_code == 422 and 'id="err-wm-reason"' in response.text
    response = post(client, f"{page}/retrait", {"reason": "Engagements non tenus"}, page)
    assert response.status_code == 200 and "Confirmez-vous" in response.text
    assert world.services.app.cooperative(world.matured).phase.value == "engaged"  # nothing recorded yet
    response = post(client, f"{page}/retrait", {"reason": "Engagements non tenus", "confirmed": "1"}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.matured).phase.value == "withdrawn"
    response = post(client, f"/cooperatives/{world.matured}/suivi/sortie", {"reason": "x", "confirmed": "1"}, page)
    assert response.status_code == 422 and "déjà quitté" in response.text


def test_a_referent_may_only_leave_the_approach_of_their_own_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = f"/cooperatives/{world.preparing}/suivi"
    text = client.get(page).text
    assert "Sortie de la démarche" in text and "Demande du kit" not in text
    response = post(client, f"{page}/sortie", {"reason": "Fusion", "confirmed": "1"}, page)
    assert response.status_code == 302
    assert post(client, f"/cooperatives/{world.submitted}/suivi/sortie", {"reason": "x"}, page).status_code == 403


# -- the referent revises their dossier ---------------------------------------------------------------------------


def test_a_referent_revises_an_engagement_an_action_and_an_indicator(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = _edit(world)
    assert "Modifier les activités et le contexte" in client.get(base).text
    response = post(client, f"{base}/engagements/revision", {"number": "1", "activities": "locatif_social",
                                                             "context": "Nouveau contexte"}, base)  # fmt: skip
    assert response.status_code == 302
    engagement = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
    assert engagement["context"] == "Nouveau contexte" and engagement["activities"] == ["locatif_social"]
    action = next(iter(engagement["actions"]))
    indicator = next(iter(engagement["indicators"]))
    response = post(client, f"{base}/actions/revision", {"action_id": action, "title": "", "description": "d"}, base)
    assert response.status_code == 422 and f'id="err-ra{action}-title"' in response.text
    response = post(client, f"{base}/actions/revision", {"action_id": action, "title": "Atelier", "description": "d"},
                    base)  # fmt: skip
    assert response.status_code == 302
    fields = {"indicator_id": indicator, "label": "Ménages logés", "unit": "ménages", "baseline": "10",
              "target": "beaucoup", "target_date": "2028-06-30"}  # fmt: skip
    response = post(client, f"{base}/indicateurs/revision", fields, base)
    assert response.status_code == 422 and f'id="err-ri{indicator}-target"' in response.text
    assert post(client, f"{base}/indicateurs/revision", {**fields, "target": "120,5"}, base).status_code == 302
    revised = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
    assert revised["actions"][action]["title"] == "Atelier"
    assert str(revised["indicators"][indicator]["target"]) == "120.5"


def test_another_referent_cannot_revise_the_dossier(client: Any, world: World) -> None:
    sign_in(client, "other")
    response = post(client, f"{_edit(world)}/actions/revision", {"action_id": "A1", "title": "x"}, "/catalogue")
    assert response.status_code == 403


def _engaged_referent(client: Any, world: World) -> str:
    from qualicoop_es.accounts import accounts_of

    accounts_of(world.services).add("engagee@test.fr", role="cooperative", actor="staff-1", password=PASSWORD,
                                    display_name="E", cooperative_id=world.confirmed)  # fmt: skip
    client.post("/connexion", data={"email": "engagee@test.fr", "password": PASSWORD, "csrf_token": token(client)})
    return f"/cooperatives/{world.confirmed}/dossier"


def test_a_readjustment_swaps_an_engagement_and_adds_and_removes_actions_at_once(client: Any, world: World) -> None:
    base = _engaged_referent(client, world)
    assert "Réajuster les objectifs" in client.get(base).text
    before = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    dropped = next(n for n in before if n != "1")
    free = next(n for n in range(1, 13) if str(n) not in before and (n - 1) // 4 == (int(dropped) - 1) // 4)
    form = {"drop_number": dropped, "choose_number": str(free), "choose_activities": "accession_sociale",
            "choose_context": "Nouvel axe", "new_title": "Première action", "new_label": "Ménages",
            "new_unit": "ménages", "new_target": "12", "new_target_date": "2027-12-31",
            "add_number": "1", "add_title": "Action supplémentaire", "remove_action_id": "A1",
            "indicator_id": "I1", "target": "95", "reason": "Nouvelle stratégie"}  # fmt: skip
    response = post(client, f"{base}/reajustement", {**form, "new_title": ""}, base)
    assert response.status_code == 422 and 'id="err-r-new_title"' in response.text
    assert 'value="Nouvel axe"' not in response.text and "Nouvel axe" in response.text  # the typed text is kept
    response = post(client, f"{base}/reajustement", {**form, "new_target": "beaucoup"}, base)
    assert response.status_code == 422 and 'id="err-r-new_target"' in response.text
    response = post(client, f"{base}/reajustement", {**form, "reason": ""}, base)
    assert response.status_code == 422 and 'id="err-r-reason"' in response.text
    response = post(client, f"{base}/reajustement", {"reason": "Rien"}, base)
    assert response.status_code == 422 and "au moins une modification" in response.text
    assert post(client, f"{base}/reajustement", form, base).status_code == 302
    after = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    assert dropped not in after and str(free) in after
    assert "A1" not in after["1"]["actions"] and str(after["1"]["indicators"]["I1"]["target"]) == "95"


def test_a_readjustment_that_breaks_the_rules_lists_them(client: Any, world: World) -> None:
    base = _engaged_referent(client, world)
    dossier = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    lonely = next(n for n, e in dossier.items() if len(e["actions"]) == 1)
    only_action = next(iter(dossier[lonely]["actions"]))
    response = post(client, f"{base}/reajustement", {"remove_action_id": only_action, "reason": "Essai"}, base)
    assert response.status_code == 422 and "ne respecte pas encore toutes les règles" in response.text
