"""An invoice whose PDF failed to render after its number was given: the page says so, the coordination
renders it again, once, and the number stays the one issued."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coursive.invoicing import documents
from coursive.invoicing.models import Invoice
from coursive.invoicing.services import invoice_documents_generate, invoice_draft_create, invoice_issue

from .factories import rent_line

TO_REDO = "PDF à régénérer"


def url(name: str, invoice) -> str:
    return reverse(
        f"invoicing:{name}", kwargs={"cluster_slug": invoice.cluster.slug, "invoice_id": invoice.pk}
    )


@pytest.fixture
def unrendered(cluster, seller, own_organisation, coordinator, monkeypatch):
    """Issued, numbered, but its rendering failed (a full disk, say)."""
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    with monkeypatch.context() as patch:
        patch.setattr(documents, "facturx_pdf", broken)
        with pytest.raises(OSError):
            invoice_issue(invoice=draft, issued_by=coordinator)
    return Invoice.objects.get(pk=draft.pk)


def test_the_coordinator_sees_the_pdf_to_redo_with_its_button(client, coordinator, unrendered):
    client.force_login(coordinator)

    page = client.get(url("detail", unrendered)).content.decode()

    assert TO_REDO in page
    assert f'action="{url("documents", unrendered)}"' in page
    assert "Régénérer le PDF" in page
    assert url("pdf", unrendered) not in page


def test_the_customer_is_told_the_pdf_is_coming_but_gets_no_button(client, member_admin, unrendered):
    client.force_login(member_admin)

    page = client.get(url("detail", unrendered)).content.decode()

    assert TO_REDO in page
    assert url("documents", unrendered) not in page
    assert client.get(url("pdf", unrendered)).status_code == 404


def test_regenerating_renders_once_and_keeps_the_issued_number(client, coordinator, unrendered):
    client.force_login(coordinator)

    first = client.post(url("documents", unrendered))
    rendered = Invoice.objects.get(pk=unrendered.pk)
    again = client.post(url("documents", unrendered))
    after = Invoice.objects.get(pk=unrendered.pk)

    assert first.status_code == again.status_code == 302
    assert first["Location"] == url("detail", unrendered)
    assert rendered.number == unrendered.number and rendered.number.endswith("-00001")
    assert rendered.pdf and len(rendered.pdf_sha256) == 64
    assert (after.pdf.name, after.pdf_sha256, after.facturx_xml) == (
        rendered.pdf.name,
        rendered.pdf_sha256,
        rendered.facturx_xml,
    )
    assert TO_REDO not in client.get(url("detail", unrendered)).content.decode()


def test_a_stale_copy_does_not_replace_a_pdf_rendered_meanwhile(unrendered):
    stale = Invoice.objects.get(pk=unrendered.pk)
    rendered = invoice_documents_generate(invoice=unrendered)

    result = invoice_documents_generate(invoice=stale)

    assert (result.pdf.name, result.pdf_sha256) == (rendered.pdf.name, rendered.pdf_sha256)
    assert Invoice.objects.get(pk=unrendered.pk).pdf_sha256 == rendered.pdf_sha256


def test_the_failed_number_is_never_given_again(cluster, own_organisation, coordinator, unrendered):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    following = invoice_issue(invoice=draft, issued_by=coordinator)
    invoice_documents_generate(invoice=unrendered)

    assert following.number.endswith("-00002")
    assert Invoice.objects.get(pk=unrendered.pk).number.endswith("-00001")


def test_a_draft_has_no_pdf_to_render(cluster, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    with pytest.raises(ValidationError, match="brouillon"):
        invoice_documents_generate(invoice=draft)

    assert not Invoice.objects.get(pk=draft.pk).pdf


@pytest.mark.parametrize(
    ("actor", "status"), [("member_admin", 403), ("outsider_admin", 404), ("stranger", 404)]
)
def test_only_the_coordination_regenerates(client, request, unrendered, actor, status):
    client.force_login(request.getfixturevalue(actor))

    response = client.post(url("documents", unrendered))

    assert response.status_code == status
    assert not Invoice.objects.get(pk=unrendered.pk).pdf


def test_an_anonymous_visitor_is_sent_to_log_in(client, unrendered):
    response = client.post(url("documents", unrendered))

    assert response.status_code == 302
    assert not Invoice.objects.get(pk=unrendered.pk).pdf
