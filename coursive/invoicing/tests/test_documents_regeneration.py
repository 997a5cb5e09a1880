"""An invoice whose PDF failed to render after its number was given: the page says so, the coordination
renders it again, once, and the number stays the one issued."""

import logging

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError
from django.urls import reverse

from coursive.invoicing import documents
from coursive.invoicing.documents import InvoiceRenderingError
from coursive.invoicing.models import Invoice, NumberingCounter
from coursive.invoicing.services import (
    invoice_documents_generate,
    invoice_draft_create,
    invoice_issue,
    invoice_issue_many,
)

from .factories import rent_line

TO_REDO = "PDF à régénérer"


def url(name: str, invoice) -> str:
    return reverse(
        f"invoicing:{name}", kwargs={"cluster_slug": invoice.cluster.slug, "invoice_id": invoice.pk}
    )


def full_disk(*args, **kwargs):
    raise OSError(28, "No space left on device")


def draft_for(cluster, organisation):
    return invoice_draft_create(cluster=cluster, customer=organisation, lines=[rent_line()])


def issued_without_pdf(invoice) -> bool:
    stored = Invoice.objects.get(pk=invoice.pk)
    return not stored.is_draft and not stored.pdf and not stored.facturx_xml and not stored.pdf_sha256


@pytest.fixture
def unrendered(cluster, seller, own_organisation, coordinator, monkeypatch):
    """Issued, numbered, but WeasyPrint failed to draw its PDF (a full disk, say)."""
    draft = draft_for(cluster, own_organisation)

    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", full_disk)
        with pytest.raises(InvoiceRenderingError) as failure:
            invoice_issue(invoice=draft, issued_by=coordinator)
    assert failure.value.invoice.number.endswith("-00001")
    return Invoice.objects.get(pk=draft.pk)


def test_a_failed_rendering_keeps_the_number_and_writes_no_document(unrendered):
    assert unrendered.number.endswith("-00001")
    assert issued_without_pdf(unrendered)
    assert NumberingCounter.objects.get(series=unrendered.series).last_sequence == 1


def test_a_failed_rendering_is_logged_with_its_cause(
    cluster, seller, own_organisation, coordinator, monkeypatch, caplog
):
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", full_disk)

    with (
        caplog.at_level(logging.ERROR, logger="coursive.invoicing.services"),
        pytest.raises(InvoiceRenderingError),
    ):
        invoice_issue(invoice=draft_for(cluster, own_organisation), issued_by=coordinator)

    (record,) = caplog.records
    assert "-00001" in record.getMessage()
    assert isinstance(record.exc_info[1].__cause__, OSError)


def test_a_bare_exception_of_factur_x_is_a_rendering_failure(
    cluster, seller, own_organisation, coordinator, monkeypatch
):
    def invalid(*args, **kwargs):
        # What factur-x raises when it cannot read the XML it was given.
        raise Exception("The XML syntax is invalid.")

    monkeypatch.setattr("facturx.generate_from_binary", invalid)
    draft = draft_for(cluster, own_organisation)

    with pytest.raises(InvoiceRenderingError):
        invoice_issue(invoice=draft, issued_by=coordinator)

    assert issued_without_pdf(draft)


def test_a_storage_that_refuses_the_file_is_a_rendering_failure(
    cluster, seller, own_organisation, coordinator, monkeypatch
):
    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    draft = draft_for(cluster, own_organisation)

    with pytest.raises(InvoiceRenderingError):
        invoice_issue(invoice=draft, issued_by=coordinator)

    assert issued_without_pdf(draft)


def test_a_failed_record_removes_the_stored_file(cluster, seller, own_organisation, coordinator, monkeypatch):
    """The file is written, then the row holding its name cannot be: no file is left that nothing names."""
    real_save = Invoice.save
    stored = []

    def failing_save(invoice, *args, **kwargs):
        if "pdf" in kwargs.get("update_fields", ()):
            stored.append(invoice.pdf.name)
            raise DatabaseError("base verrouillée")
        return real_save(invoice, *args, **kwargs)

    monkeypatch.setattr(Invoice, "save", failing_save)
    draft = draft_for(cluster, own_organisation)

    with pytest.raises(DatabaseError):
        invoice_issue(invoice=draft, issued_by=coordinator)

    assert stored and not FileSystemStorage().exists(stored[0])
    assert issued_without_pdf(draft)


def test_a_database_error_of_the_numbering_is_not_taken_for_a_rendering_failure(
    cluster, seller, own_organisation, coordinator, monkeypatch
):
    def locked(*args, **kwargs):
        raise DatabaseError("base verrouillée")

    monkeypatch.setattr(NumberingCounter, "save", locked)
    draft = draft_for(cluster, own_organisation)

    with pytest.raises(DatabaseError):
        invoice_issue_many(cluster=cluster, invoice_ids=[draft.pk], issued_by=coordinator)

    assert Invoice.objects.get(pk=draft.pk).is_draft


def test_issuing_from_the_page_says_the_pdf_is_to_regenerate(
    client, cluster, seller, own_organisation, coordinator, monkeypatch
):
    draft = draft_for(cluster, own_organisation)
    client.force_login(coordinator)

    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", full_disk)
        response = client.post(url("issue", draft), follow=True)

    issued = Invoice.objects.get(pk=draft.pk)
    page = response.content.decode()
    assert response.redirect_chain == [(url("detail", draft), 302)]
    assert issued.number.endswith("-00001") and issued_without_pdf(draft)
    assert f"La facture N° {issued.number} est émise, mais son PDF n&#x27;a pas pu être produit" in page
    assert TO_REDO in page and f'action="{url("documents", draft)}"' in page
    assert "ne changeront plus" not in page

    following = draft_for(cluster, own_organisation)
    client.post(url("issue", following))
    regenerated = client.post(url("documents", draft), follow=True)

    assert Invoice.objects.get(pk=following.pk).number.endswith("-00002")
    assert Invoice.objects.get(pk=draft.pk).pdf
    assert "Le PDF Factur-X est prêt." in regenerated.content.decode()
    assert Invoice.objects.get(pk=draft.pk).number == issued.number


def test_a_regeneration_that_fails_again_says_so(client, coordinator, unrendered, monkeypatch):
    client.force_login(coordinator)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", full_disk)

    response = client.post(url("documents", unrendered), follow=True)

    assert response.redirect_chain == [(url("detail", unrendered), 302)]
    assert f"Le PDF de {unrendered.number} n&#x27;a toujours pas pu être produit" in response.content.decode()
    assert issued_without_pdf(unrendered)


def fails_for(failing: Invoice):
    """The real renderer, except for one invoice."""
    real = documents.facturx_pdf

    def render(invoice, lines, xml):
        if invoice.pk == failing.pk:
            raise OSError(28, "No space left on device")
        return real(invoice, lines, xml)

    return render


def test_the_batch_goes_on_after_a_failed_rendering(
    cluster, seller, own_organisation, other_organisation, coordinator, monkeypatch
):
    first, second, third = (
        draft_for(cluster, org) for org in (own_organisation, other_organisation, own_organisation)
    )
    monkeypatch.setattr(documents, "facturx_pdf", fails_for(second))

    report = invoice_issue_many(
        cluster=cluster, invoice_ids=[first.pk, second.pk, third.pk], issued_by=coordinator
    )

    stored = {
        invoice.pk: invoice for invoice in Invoice.objects.filter(pk__in=[first.pk, second.pk, third.pk])
    }
    assert [invoice.pk for invoice in report.issued] == [first.pk, second.pk, third.pk]
    assert [invoice.pk for invoice in report.without_pdf] == [second.pk]
    assert not report.refused
    assert [stored[invoice.pk].sequence for invoice in (first, second, third)] == [1, 2, 3]
    assert stored[first.pk].pdf and stored[third.pk].pdf
    assert issued_without_pdf(second)


def test_the_batch_page_counts_the_issued_and_names_the_pdfs_to_regenerate(
    client, cluster, seller, own_organisation, other_organisation, coordinator, monkeypatch
):
    first, second, third = (
        draft_for(cluster, org) for org in (own_organisation, other_organisation, own_organisation)
    )
    client.force_login(coordinator)
    monkeypatch.setattr(documents, "facturx_pdf", fails_for(second))

    response = client.post(
        reverse("invoicing:issue_many", kwargs={"cluster_slug": cluster.slug}),
        {"invoice": [first.pk, second.pk, third.pk]},
        follow=True,
    )

    number = Invoice.objects.get(pk=second.pk).number
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 documents émis." in page
    assert f"1 document émis sans PDF, à régénérer depuis sa page : {number}." in page
    assert Invoice.objects.filter(pk__in=[first.pk, third.pk], pdf="").count() == 0
    assert TO_REDO in client.get(url("detail", second)).content.decode()
    assert page.count(TO_REDO) == 1  # the list, back from the batch, marks the one PDF to regenerate


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
