"""The document vault: what a member may upload and see, the default validity of each kind, and the
warnings a response shows for documents missing or out of date at the bid deadline."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coursive.directory.models import LegalForm
from coursive.documents.models import AdministrativeDocument, DocumentKind
from coursive.documents.selectors import bid_document_warnings
from coursive.documents.services import document_add
from coursive.documents.validity import default_expiry

pytestmark = pytest.mark.django_db


def pdf(name="attestation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def vault_url(organisation, slug="dijon") -> str:
    return reverse("documents:organisation", args=[slug, organisation.pk])


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (DocumentKind.URSSAF, date(2026, 9, 15)),
        (DocumentKind.KBIS, date(2026, 6, 15)),
        (DocumentKind.INSURANCE, date(2027, 3, 15)),
        (DocumentKind.CV, None),
    ],
)
def test_each_kind_has_its_usual_validity(kind, expected):
    assert default_expiry(kind, date(2026, 3, 15)) == expected


def test_a_document_without_expiry_gets_the_default_one(own_organisation):
    issued = timezone.localdate() - timedelta(days=10)

    document = document_add(
        organisation=own_organisation, kind=DocumentKind.URSSAF, file=pdf(), issued_on=issued
    )

    assert document.expires_on == default_expiry(DocumentKind.URSSAF, issued)
    assert document.cluster_id == own_organisation.cluster_id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_on": date(2100, 1, 1)}, "futur"),
        ({"expires_on": date(2000, 1, 1)}, "précède"),
        ({"file": SimpleUploadedFile("virus.exe", b"MZ")}, "Formats acceptés"),
        ({"kind": "passport"}, "Type de document inconnu"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(own_organisation, changes, message):
    arguments = {
        "organisation": own_organisation,
        "kind": DocumentKind.KBIS,
        "file": pdf(),
        "issued_on": timezone.localdate(),
        **changes,
    }
    with pytest.raises(ValidationError, match=message):
        document_add(**arguments)
    assert not AdministrativeDocument.objects.exists()


def test_warnings_name_missing_documents_and_those_expired_at_the_deadline(own_organisation):
    own_organisation.legal_form = LegalForm.SAS
    today = timezone.localdate()
    document_add(organisation=own_organisation, kind=DocumentKind.KBIS, file=pdf(), issued_on=today)
    document_add(
        organisation=own_organisation,
        kind=DocumentKind.URSSAF,
        file=pdf(),
        issued_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=20),
    )
    document_add(organisation=own_organisation, kind=DocumentKind.TAX, file=pdf(), issued_on=today)

    warnings = bid_document_warnings(organisations=[own_organisation], on_date=today + timedelta(days=30))

    assert {(w.kind, w.problem) for w in warnings} == {
        (DocumentKind.URSSAF, "expired"),
        (DocumentKind.INSURANCE, "missing"),
    }
    assert "Attestation de vigilance URSSAF valable jusqu'au" in warnings[0].message


def test_an_association_is_not_asked_for_a_kbis(own_organisation):
    own_organisation.legal_form = LegalForm.ASSOCIATION

    warnings = bid_document_warnings(organisations=[own_organisation], on_date=timezone.localdate())

    assert DocumentKind.KBIS not in {w.kind for w in warnings}


def test_a_member_uploads_and_downloads_its_documents(client, member_staff, own_organisation):
    client.force_login(member_staff)

    page = client.post(
        vault_url(own_organisation),
        {"kind": "urssaf", "file": pdf(), "issued_on": timezone.localdate().isoformat(), "title": ""},
    )

    document = AdministrativeDocument.objects.get()
    assert page.status_code == 302
    download = client.get(reverse("documents:file", args=["dijon", own_organisation.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["outsider_admin", "buyer", "resident", "stranger"])
def test_others_get_a_404_for_the_vault_and_its_files(client, own_organisation, request, who):
    document = document_add(
        organisation=own_organisation,
        kind=DocumentKind.CV,
        file=pdf("cv.pdf"),
        issued_on=timezone.localdate(),
    )
    client.force_login(request.getfixturevalue(who))
    slug = "saint-etienne" if who == "stranger" else "dijon"

    assert client.get(vault_url(own_organisation, slug)).status_code == 404
    assert (
        client.get(reverse("documents:file", args=[slug, own_organisation.pk, document.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("documents:delete", args=[slug, own_organisation.pk, document.pk])).status_code
        == 404
    )
    assert AdministrativeDocument.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, own_organisation):
    assert client.get(vault_url(own_organisation)).status_code == 302


def test_the_coordinator_sees_every_vault_and_the_expiring_documents(client, coordinator, own_organisation):
    today = timezone.localdate()
    document_add(
        organisation=own_organisation,
        kind=DocumentKind.URSSAF,
        file=pdf(),
        issued_on=today - timedelta(days=170),
    )
    client.force_login(coordinator)

    home = client.get(reverse("documents:home", args=["dijon"]))

    assert home.status_code == 200
    assert [d.organisation for d in home.context["expiring"]] == [own_organisation]
    assert client.get(vault_url(own_organisation)).status_code == 200


def test_a_bad_upload_is_answered_on_the_form(client, member_admin, own_organisation):
    client.force_login(member_admin)

    page = client.post(
        vault_url(own_organisation), {"kind": "kbis", "file": pdf(), "issued_on": "2100-01-01"}
    )

    assert page.status_code == 400
    assert "futur" in page.content.decode()
    assert not AdministrativeDocument.objects.exists()
