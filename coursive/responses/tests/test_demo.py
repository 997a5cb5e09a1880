"""The responses demo: fictional vault documents, some running out soon, and past responses of demo members
lost to the real titulaires of real contracts; running it again changes nothing."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from coursive.directory.demo import demo_load
from coursive.documents.models import AdministrativeDocument, DocumentKind
from coursive.procurement.demo import procurement_demo_load
from coursive.procurement.records import NoticeKind
from coursive.responses.demo import DEMO_NOTE, responses_demo_load
from coursive.responses.models import JointResponse, ResponseStatus

pytestmark = pytest.mark.django_db


def test_the_demo_files_fictional_documents_and_past_losses_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_load()
    procurement_demo_load()

    first = responses_demo_load()
    output = io.StringIO()
    call_command("demo_responses", stdout=output)

    assert first.documents == AdministrativeDocument.objects.count() > 50
    assert first.responses == JointResponse.objects.count() == 2
    assert "0 documents de démonstration ajoutés" in output.getvalue()
    responses = JointResponse.objects.all()
    assert {r.status for r in responses} == {ResponseStatus.LOST}
    assert all(r.notes == DEMO_NOTE and r.notice.kind == NoticeKind.AWARDED_CONTRACT for r in responses)
    assert all(r.participants.count() == 2 for r in responses)
    soon = timezone.localdate() + timedelta(days=45)
    assert AdministrativeDocument.objects.filter(expires_on__lte=soon).exists()
    assert (
        AdministrativeDocument.objects.filter(kind=DocumentKind.URSSAF).count()
        > AdministrativeDocument.objects.filter(kind=DocumentKind.TAX).count()
    )
    document = AdministrativeDocument.objects.first()
    assert document.file.open("rb").read(5) == b"%PDF-"
