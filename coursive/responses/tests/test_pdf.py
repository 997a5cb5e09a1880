"""The pre-filled DC1 and DC2 render as PDF and carry the records' names and SIRET."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coursive.procurement.tests.matching_factories import CapabilityProfileFactory
from coursive.responses.services import participant_answer, response_set_form, share_set

from .helpers import notice_with_lots, open_with

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_dc1_names_the_group_its_form_its_mandataire_and_its_lots(
    client, member_admin, own_organisation, other_organisation
):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, other_organisation, notice=notice)
    other = response.participants.get(organisation=other_organisation)
    participant_answer(participant=other, accept=True, reason="", answered_by=None)
    share_set(participant=other, lot=lots[1], work="Captation des spectacles", amount=None)
    response_set_form(response=response, form="conjoint_mandataire_solidaire", uses_dume=False)
    client.force_login(member_admin)

    page = client.get(reverse("responses:dc1", args=["dijon", response.pk]))

    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    text = pdf_text(page.content)
    for expected in (
        own_organisation.legal_name,
        other_organisation.legal_name,
        own_organisation.siret,
        other_organisation.siret,
        "Captation des spectacles",
        "G1",
    ):
        assert expected in text


def test_each_member_dc2_carries_its_own_records(client, member_admin, own_organisation):
    CapabilityProfileFactory(organisation=own_organisation)
    response = open_with(member_admin)
    participant = response.participants.get()
    client.force_login(member_admin)

    page = client.get(reverse("responses:dc2", args=["dijon", response.pk, participant.pk]))

    assert page.status_code == 200
    text = pdf_text(page.content)
    assert own_organisation.legal_name in text
    assert own_organisation.siret in text
    assert "redressement judiciaire" in text
