"""The leases demo: a published grid, leases with their rent explained, coworking and rent calls, once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from coursive.accounts.models import User
from coursive.directory.demo import demo_load
from coursive.leases.models import CoworkingPlan, IndexValue, Lease, RentCall
from coursive.leases.selectors import lease_breakdown, plan_balance

pytestmark = pytest.mark.django_db


def test_the_demo_lets_offices_from_the_grid_and_changes_nothing_when_run_again():
    demo_load()
    call_command("demo_leases")
    calls = RentCall.objects.count()

    call_command("demo_leases")

    assert Lease.objects.count() == 3 and RentCall.objects.count() == calls > 3
    young = Lease.objects.get(organisation__legal_name="Pixel Moutarde")
    assert [reduction.label for reduction in lease_breakdown(young).reductions] == ["Jeune structure"]
    assert Lease.objects.get(organisation__legal_name="Octet Coop").override_reason
    pack = CoworkingPlan.objects.get(kind=CoworkingPlan.Kind.DAY_PASSES)
    assert plan_balance(pack) == 6
    assert not IndexValue.objects.exists()


def test_every_leases_page_renders_with_the_demo_data(client):
    demo_load()
    call_command("demo_leases")
    coordinator = User.objects.get(email="helene.guyot@pole-coursive-dijon.example")
    client.force_login(coordinator)
    lease = Lease.objects.get(organisation__legal_name="Octet Coop")
    plan = CoworkingPlan.objects.get(kind=CoworkingPlan.Kind.DAY_PASSES)
    names = [
        ("home", {}),
        ("grids", {}),
        ("indices", {}),
        ("calls", {}),
        ("figures", {}),
        ("lease_new", {}),
        ("plan_new", {}),
        ("grid_new", {}),
        ("lease", {"lease_id": lease.pk}),
        ("lease_revise", {"lease_id": lease.pk}),
        ("lease_end", {"lease_id": lease.pk}),
        ("plan", {"plan_id": plan.pk}),
    ]

    for name, kwargs in names:
        response = client.get(reverse(f"leases:{name}", kwargs={"cluster_slug": "dijon", **kwargs}))
        assert response.status_code == 200, name
    assert (
        "Combles"
        in client.get(reverse("leases:lease", kwargs={"cluster_slug": "dijon", "lease_id": lease.pk})).text
    )
