"""The lending demo: loans including a late one and a damage report, once."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coursive.accounts.models import User
from coursive.directory.demo import demo_load
from coursive.lending.models import DamageReport, Loan

pytestmark = pytest.mark.django_db


def test_the_demo_lends_equipment_with_a_late_return_and_changes_nothing_when_run_again():
    demo_load()
    call_command("demo_lending")

    call_command("demo_lending")

    assert Loan.objects.count() == 4
    assert Loan.objects.late(timezone.localdate()).count() == 1
    assert [
        loan.returned_late for loan in Loan.objects.filter(checked_in_at__isnull=False).order_by("pk")
    ] == [
        False,
        True,
    ]
    assert DamageReport.objects.get().status == "assessed"


def test_every_lending_page_renders_with_the_demo_data(client):
    demo_load()
    call_command("demo_lending")
    client.force_login(User.objects.get(email="helene.guyot@pole-coursive-dijon.example"))
    late = Loan.objects.late(timezone.localdate()).get()
    report = DamageReport.objects.get()
    pages = [
        ("list", {}),
        ("figures", {}),
        ("item", {"resource_id": late.resource_id}),
        ("item", {"resource_id": report.resource_id}),
        ("loan", {"loan_id": late.pk}),
        ("check_in", {"loan_id": late.pk}),
        ("damage_update", {"report_id": report.pk}),
        ("maintenance_new", {"resource_id": report.resource_id}),
        ("damage_new", {"resource_id": report.resource_id}),
        ("check_out", {"resource_id": report.resource_id}),
    ]

    for name, kwargs in pages:
        response = client.get(reverse(f"lending:{name}", kwargs={"cluster_slug": "dijon", **kwargs}))
        assert response.status_code == 200, name
    assert "En retard" in client.get(reverse("lending:list", kwargs={"cluster_slug": "dijon"})).text
