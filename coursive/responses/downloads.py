"""The pre-filled forms as files to download, named alike from the pages and the API."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from coursive.core.exports import download

from .models import JointResponse, Participant, Subcontractor
from .pdf import dc1_pdf, dc2_pdf, dc4_pdf, member_dc2s_pdf
from .selectors import member_lot


def dc1_download(response: JointResponse) -> HttpResponse:
    return _pdf(dc1_pdf(response), f"DC1-reponse-{response.pk}")


def dc2_download(
    response: JointResponse, participant: Participant, lot_id: int | None = None
) -> HttpResponse:
    """The member's DC2 for one lot it takes part in; without a lot, all its DC2s one after the other."""
    name = f"DC2-reponse-{response.pk}-{participant.organisation.siret}"
    if lot_id is None:
        return _pdf(member_dc2s_pdf(response, participant), name)
    lot = member_lot(response, participant, lot_id)
    if lot is None:
        raise Http404(_("Cette structure ne prend pas part à ce lot."))
    return _pdf(dc2_pdf(response, participant, lot), f"{name}-lot-{lot.number}")


def dc4_download(response: JointResponse, subcontractor: Subcontractor) -> HttpResponse:
    return _pdf(dc4_pdf(response, subcontractor), f"DC4-reponse-{response.pk}-{subcontractor.siret}")


def _pdf(content: bytes, name: str) -> HttpResponse:
    return download(content, filename=f"{name}.pdf", content_type="application/pdf")
