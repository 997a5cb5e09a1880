"""Joint responses and the vault through the API, with the pages' permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coursive.documents.models import DocumentKind
from coursive.documents.services import document_add
from coursive.procurement.tests.matching_factories import NoticeFactory
from coursive.responses.models import InvitationStatus, JointResponse, ResponseStatus, Subcontractor
from coursive.responses.services import participant_answer, share_set
from coursive.responses.tests.helpers import notice_with_lots, open_with, pass_deadline, share_watch

pytestmark = pytest.mark.django_db

BASE = "/api/clusters/dijon/responses"


def test_anonymous_visitors_must_authenticate(client):
    assert client.get(BASE).status_code == 401


def test_a_member_opens_a_response_with_lots_and_reads_it(
    client, api_headers, member_admin, own_organisation, other_organisation
):
    notice, lots = notice_with_lots()

    created = client.post(
        BASE,
        {
            "notice": notice.pk,
            "organisations": [own_organisation.pk, other_organisation.pk],
            "mandataire": own_organisation.pk,
            "lot_assignments": [f"{lots[0].pk}:{own_organisation.pk}"],
        },
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    statuses = {p["organisation_id"]: p["invitation_status"] for p in body["participants"]}
    assert statuses == {own_organisation.pk: "accepted", other_organisation.pk: "invited"}
    assert body["shares"][0]["lot_number"] == "1"
    assert {item["kind"] for item in body["checklist"]} >= {"dc1", "dc2", "technical"}
    assert client.get(f"{BASE}/{body['id']}", headers=api_headers(member_admin)).json()["id"] == body["id"]


def test_bad_opening_is_refused_in_french_and_writes_nothing(
    client, api_headers, member_admin, other_organisation
):
    notice = NoticeFactory()

    refused = client.post(
        BASE,
        {"notice": notice.pk, "organisations": [other_organisation.pk], "mandataire": 999999},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert refused.status_code == 422
    assert "mandataire" in refused.json()["detail"]
    assert not JointResponse.objects.exists()


@pytest.mark.parametrize("who", ["outsider_admin", "resident", "stranger"])
def test_outsiders_neither_list_nor_read_nor_change_a_response(
    client, api_headers, member_admin, request, who
):
    response = open_with(member_admin)
    headers = api_headers(request.getfixturevalue(who))
    slug = "saint-etienne" if who == "stranger" else "dijon"
    base = f"/api/clusters/{slug}/responses"

    assert client.get(base, headers=headers).json() == []
    assert client.get(f"{base}/{response.pk}", headers=headers).status_code == 404
    changed = client.post(
        f"{base}/{response.pk}/status", {"status": "won"}, content_type="application/json", headers=headers
    )
    assert changed.status_code == 404
    response.refresh_from_db()
    assert response.status == ResponseStatus.SPOTTED


def test_invite_then_accept_through_the_api(
    client, api_headers, member_admin, cluster, other_cluster, foreign_organisation, stranger
):
    share_watch(cluster, other_cluster)
    response = open_with(member_admin)

    invited = client.post(
        f"{BASE}/{response.pk}/participants",
        {"organisation": foreign_organisation.pk},
        content_type="application/json",
        headers=api_headers(member_admin),
    )
    assert invited.status_code == 201
    answered = client.post(
        f"/api/clusters/saint-etienne/responses/{response.pk}/participants/{invited.json()['id']}/answer",
        {"accept": True},
        content_type="application/json",
        headers=api_headers(stranger),
    )

    assert answered.status_code == 200
    assert answered.json()["invitation_status"] == InvitationStatus.ACCEPTED


def test_invitation_refused_for_a_non_partner_cluster_and_after_the_deadline(
    client, api_headers, member_admin, foreign_organisation, other_organisation
):
    response = open_with(member_admin)
    url = f"{BASE}/{response.pk}/participants"
    headers = api_headers(member_admin)

    foreign = client.post(
        url, {"organisation": foreign_organisation.pk}, content_type="application/json", headers=headers
    )
    pass_deadline(response)
    late = client.post(
        url, {"organisation": other_organisation.pk}, content_type="application/json", headers=headers
    )

    assert foreign.status_code == 422 and "ne partage pas sa veille" in foreign.json()["detail"]
    assert late.status_code == 422 and "figée" in late.json()["detail"]
    assert response.participants.count() == 1


def test_status_change_records_the_outcome(client, api_headers, member_admin):
    response = open_with(member_admin)

    changed = client.post(
        f"{BASE}/{response.pk}/status",
        {"status": "won", "awarded_amount": "25000.00"},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert changed.status_code == 200
    assert changed.json()["awarded_amount"] == "25000.00"


def test_document_metadata_for_the_organisation_and_coordination_only(
    client, api_headers, settings, tmp_path, member_staff, coordinator, outsider_admin, own_organisation
):
    settings.MEDIA_ROOT = tmp_path
    document_add(
        organisation=own_organisation,
        kind=DocumentKind.URSSAF,
        file=SimpleUploadedFile("urssaf.pdf", b"%PDF-1.4"),
        issued_on=timezone.localdate(),
    )
    url = f"/api/clusters/dijon/organisations/{own_organisation.pk}/documents"

    listed = client.get(url, headers=api_headers(member_staff)).json()

    assert [d["kind"] for d in listed] == ["urssaf"]
    assert client.get(url, headers=api_headers(coordinator)).status_code == 200
    assert client.get(url, headers=api_headers(outsider_admin)).status_code == 404


def test_the_list_query_count_does_not_grow_with_the_responses(client, api_headers, member_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = api_headers(member_admin)
    counts = []
    for _ in range(2):
        open_with(member_admin)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BASE, headers=headers).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


SUBCONTRACTOR = {
    "name": "Lumière Nord SARL",
    "siret": "73282932000074",
    "address": "4 rue des Projecteurs, 21000 Dijon",
    "work": "Location et réglage des éclairages",
    "amount_excl_vat": "500.00",
    "vat_rate": "20",
}


def test_a_member_declares_a_subcontractor_and_the_team_reads_it(
    client, api_headers, member_admin, outsider_admin, coordinator, other_organisation
):
    response = open_with(member_admin, other_organisation)
    other = response.participants.get(organisation=other_organisation)
    participant_answer(participant=other, accept=True, reason="", answered_by=None)

    created = client.post(
        f"{BASE}/{response.pk}/subcontractors",
        SUBCONTRACTOR,
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["amount_incl_vat"] == "600.00" and body["direct_payment"] is True
    for reader in (outsider_admin, coordinator):
        detail = client.get(f"{BASE}/{response.pk}", headers=api_headers(reader)).json()
        assert [s["name"] for s in detail["subcontractors"]] == ["Lumière Nord SARL"]
        dc4 = next(item for item in detail["checklist"] if item["kind"] == "dc4")
        assert dc4["subcontractor_id"] == body["id"]
        assert dc4["pdf_url"] == f"{BASE}/{response.pk}/subcontractors/{body['id']}/dc4"
        pdf = client.get(dc4["pdf_url"], headers=api_headers(reader))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_only_the_declaring_member_changes_its_subcontractor_through_the_api(
    client, api_headers, member_admin, outsider_admin, coordinator, other_organisation
):
    response = open_with(member_admin, other_organisation)
    participant_answer(
        participant=response.participants.get(organisation=other_organisation),
        accept=True,
        reason="",
        answered_by=None,
    )
    url = f"{BASE}/{response.pk}/subcontractors"
    created = client.post(
        url, SUBCONTRACTOR, content_type="application/json", headers=api_headers(member_admin)
    )
    item = f"{url}/{created.json()['id']}"

    for other in (outsider_admin, coordinator):
        changed = client.put(
            item,
            {**SUBCONTRACTOR, "name": "Pirate"},
            content_type="application/json",
            headers=api_headers(other),
        )
        assert changed.status_code == 403
        assert client.delete(item, headers=api_headers(other)).status_code == 403
    assert (
        client.post(
            url, SUBCONTRACTOR, content_type="application/json", headers=api_headers(coordinator)
        ).status_code
        == 403
    )

    updated = client.put(
        item,
        {**SUBCONTRACTOR, "amount_excl_vat": "499.99"},
        content_type="application/json",
        headers=api_headers(member_admin),
    )
    assert updated.status_code == 200 and updated.json()["direct_payment"] is False
    assert client.delete(item, headers=api_headers(member_admin)).status_code == 204
    assert not Subcontractor.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"siret": "73282932000075"}, "clé de contrôle"), ({"amount_excl_vat": "-1"}, "supérieur à zéro")],
)
def test_bad_subcontractors_are_refused_in_french_through_the_api(
    client, api_headers, member_admin, changes, message
):
    response = open_with(member_admin)

    refused = client.post(
        f"{BASE}/{response.pk}/subcontractors",
        {**SUBCONTRACTOR, **changes},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert refused.status_code == 422 and message in refused.json()["detail"]
    assert not Subcontractor.objects.exists()


def test_subcontractors_are_frozen_after_the_deadline_and_hidden_from_outsiders(
    client, api_headers, member_admin, resident, stranger
):
    response = open_with(member_admin)
    url = f"{BASE}/{response.pk}/subcontractors"
    for outsider, slug in ((resident, "dijon"), (stranger, "saint-etienne")):
        outside = client.post(
            f"/api/clusters/{slug}/responses/{response.pk}/subcontractors",
            SUBCONTRACTOR,
            content_type="application/json",
            headers=api_headers(outsider),
        )
        assert outside.status_code == 404
        dc1 = client.get(f"/api/clusters/{slug}/responses/{response.pk}/dc1", headers=api_headers(outsider))
        assert dc1.status_code == 404
    assert client.post(url, SUBCONTRACTOR, content_type="application/json").status_code == 401
    pass_deadline(response)

    late = client.post(url, SUBCONTRACTOR, content_type="application/json", headers=api_headers(member_admin))

    assert late.status_code == 422 and "figée" in late.json()["detail"]
    assert not Subcontractor.objects.exists()


def test_the_detail_lists_one_dc2_per_lot_of_a_member(client, api_headers, member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get(organisation=own_organisation)
    for lot in lots:
        share_set(participant=participant, lot=lot, work="", amount=None)

    detail = client.get(f"{BASE}/{response.pk}", headers=api_headers(member_admin)).json()

    dc2 = sorted((item["lot_id"], item["pdf_url"]) for item in detail["checklist"] if item["kind"] == "dc2")
    base = f"{BASE}/{response.pk}/participants/{participant.pk}/dc2"
    assert dc2 == [(lots[0].pk, f"{base}?lot={lots[0].pk}"), (lots[1].pk, f"{base}?lot={lots[1].pk}")]
    pdf = client.get(dc2[1][1], headers=api_headers(member_admin))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"{base}?lot=999999", headers=api_headers(member_admin)).status_code == 404
