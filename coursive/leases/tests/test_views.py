"""Leases pages: a member sees its own lease and why it pays what it pays; the coordination manages them;
another member, another cluster and anonymous visitors see nothing."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coursive.invoicing.tests.factories import seller_for
from coursive.leases.models import IndexValue, Lease, RentCall, RentGrid, RentReduction
from coursive.leases.services.calls import rent_calls_generate, rent_calls_invoice
from coursive.leases.services.leases import lease_create
from coursive.leases.services.revisions import rent_revise

from .conftest import lease_fields
from .factories import IndexValueFactory, OfficeFactory, PlanFactory

pytestmark = pytest.mark.django_db


def url(name: str, cluster_slug: str = "dijon", **kwargs) -> str:
    return reverse(f"leases:{name}", kwargs={"cluster_slug": cluster_slug, **kwargs})


def lease_data(office, organisation, **overrides) -> dict:
    data = {
        "resource": office.pk,
        "organisation": organisation.pk,
        "surface_m2": "18",
        "tenant_founded_on": "2024-10-01",
        "starts_on": "2026-02-01",
        "ends_on": "",
        "monthly_rent": "",
        "override_reason": "",
        "service_charges": "",
        "vat_rate": "20.00",
        "deposit": "450",
        "notice_months": "3",
        "index_kind": "",
        "reference_index": "",
        "territory": "mainland",
        "tenant_is_sme": "unknown",
        "notes": "",
    }
    return {**data, **overrides}


def test_the_tenant_sees_why_it_pays_what_it_pays(client, member_staff, lease):
    client.force_login(member_staff)

    response = client.get(url("lease", lease_id=lease.pk))

    assert response.status_code == 200
    assert "Pourquoi ce loyer" in response.text
    assert "Surface 20 m² \N{MULTIPLICATION SIGN} 12,50 € HT par m²" in response.text
    assert "250,00 € HT" in response.text
    assert url("lease_revise", lease_id=lease.pk) not in response.text


def test_another_member_another_cluster_and_anonymous_do_not_see_the_lease(
    client, outsider_admin, stranger, lease
):
    anonymous = client.get(url("lease", lease_id=lease.pk))
    client.force_login(outsider_admin)
    outsider = client.get(url("lease", lease_id=lease.pk))
    outsider_home = client.get(url("home"))
    client.force_login(stranger)
    foreign = client.get(url("lease", lease_id=lease.pk))

    assert anonymous.status_code == 302
    assert outsider.status_code == 404 and foreign.status_code == 404
    assert "Bureau 204" not in outsider_home.text


def test_the_coordinator_creates_a_lease_from_the_grid_with_the_young_enterprise_reduction(
    client, coordinator, office, own_organisation, grid
):
    client.force_login(coordinator)

    response = client.post(url("lease_new"), lease_data(office, own_organisation))

    assert response.status_code == 302
    lease = Lease.objects.get()
    assert (lease.monthly_rent, lease.service_charges) == (Decimal("157.50"), Decimal("36.00"))


def test_the_coordinator_says_where_the_office_is_and_whether_the_tenant_is_an_sme(
    client, coordinator, office, own_organisation, grid
):
    client.force_login(coordinator)
    data = lease_data(office, own_organisation, territory="corsica", tenant_is_sme="true", index_kind="ILC")

    form = client.get(url("lease_new")).text
    response = client.post(url("lease_new"), data)

    assert "Situation du local" in form and "PME au sens européen" in form
    assert response.status_code == 302
    lease = Lease.objects.get()
    assert (lease.territory, lease.tenant_is_sme) == ("corsica", True)


def test_an_overlapping_lease_is_refused_with_a_french_message(
    client, coordinator, lease, office, other_organisation
):
    client.force_login(coordinator)

    response = client.post(url("lease_new"), lease_data(office, other_organisation, starts_on="2026-06-01"))

    assert response.status_code == 200
    assert "les deux baux se chevaucheraient" in response.text
    assert Lease.objects.count() == 1


def test_a_lease_ending_before_it_starts_is_refused(client, coordinator, office, own_organisation, grid):
    client.force_login(coordinator)

    response = client.post(url("lease_new"), lease_data(office, own_organisation, ends_on="2026-01-01"))

    assert "La fin du bail ne peut pas précéder sa prise d&#x27;effet." in response.text
    assert not Lease.objects.exists()


def test_a_member_may_not_create_a_lease(client, member_admin, office, own_organisation, grid):
    client.force_login(member_admin)

    response = client.post(url("lease_new"), lease_data(office, own_organisation))

    assert response.status_code == 403
    assert not Lease.objects.exists()


def test_the_coordinator_revises_the_rent_with_a_recorded_index(client, coordinator, lease, cluster):
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("104.00"))
    client.force_login(coordinator)

    response = client.post(
        url("lease_revise", lease_id=lease.pk), {"new_index": new_index.pk, "effective_on": "2027-01-01"}
    )

    assert response.status_code == 302
    lease.refresh_from_db()
    assert lease.monthly_rent == Decimal("260.00")
    page = client.get(url("lease", lease_id=lease.pk)).text
    assert "250,00 € \N{MULTIPLICATION SIGN} 104,00 (ILAT T3 2026) / 100,00 (ILAT T3 2025)" in page


def test_an_ilc_revision_asks_whether_the_tenant_is_an_sme_then_caps_the_rise(
    client, coordinator, cluster, office, own_organisation
):
    reference = IndexValueFactory(cluster=cluster, kind="ILC", year=2022, quarter=3, value=Decimal("100.00"))
    new_index = IndexValueFactory(cluster=cluster, kind="ILC", year=2023, quarter=3, value=Decimal("106.00"))
    fields = lease_fields(
        starts_on=date(2023, 1, 1),
        monthly_rent=Decimal("1000.00"),
        index_kind="ILC",
        reference_index=reference,
    )
    lease = lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)
    client.force_login(coordinator)
    data = {"new_index": new_index.pk, "effective_on": "2024-01-01", "tenant_is_sme": "unknown"}

    form = client.get(url("lease_revise", lease_id=lease.pk)).text
    refused = client.post(url("lease_revise", lease_id=lease.pk), data)
    accepted = client.post(url("lease_revise", lease_id=lease.pk), {**data, "tenant_is_sme": "true"})

    assert "L&#x27;annuaire indique" in form
    assert refused.status_code == 200 and "indiquez si le preneur est une PME" in refused.text
    assert accepted.status_code == 302
    lease.refresh_from_db()
    assert lease.monthly_rent == Decimal("1035.00") and lease.tenant_is_sme is True
    page = client.get(url("lease", lease_id=lease.pk)).text
    assert "Hausse plafonnée" in page and "1\N{NO-BREAK SPACE}060,00 € HT" in page


def test_the_tenant_reads_the_cap_and_another_member_sees_nothing(
    client, member_staff, outsider_admin, cluster, office, own_organisation
):
    reference = IndexValueFactory(cluster=cluster, kind="IRL", year=2022, quarter=4, value=Decimal("100.00"))
    new_index = IndexValueFactory(cluster=cluster, kind="IRL", year=2023, quarter=4, value=Decimal("105.00"))
    fields = lease_fields(
        starts_on=date(2023, 1, 1),
        monthly_rent=Decimal("1000.00"),
        index_kind="IRL",
        reference_index=reference,
        territory="overseas",
    )
    lease = lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)
    rent_revise(lease=lease, new_index=new_index, effective_on=date(2024, 1, 1))

    client.force_login(member_staff)
    page = client.get(url("lease", lease_id=lease.pk))
    revise = client.get(url("lease_revise", lease_id=lease.pk))
    client.force_login(outsider_admin)
    outsider = client.get(url("lease", lease_id=lease.pk))

    assert "025,00 €" in page.text and "2,5 %" in page.text and "article 73 de la Constitution" in page.text
    assert "Guadeloupe, Guyane, Martinique, La Réunion ou Mayotte" in page.text
    assert revise.status_code == 403 and outsider.status_code == 404


def test_members_read_the_published_grid_but_not_the_drafts(client, member_staff, grid, cluster):
    RentGrid.objects.create(
        cluster=cluster, name="Projet 2027", valid_from=date(2027, 1, 1), rate_per_m2=14, is_published=False
    )
    client.force_login(member_staff)

    response = client.get(url("grids"))

    assert "Grille 2026" in response.text and "Projet 2027" not in response.text
    assert "Jeune structure" in response.text


def test_the_coordinator_adds_a_reduction_to_an_unused_grid(client, coordinator, grid):
    client.force_login(coordinator)

    client.post(
        url("reduction_add", grid_id=grid.pk), {"label": "ESUS", "criterion": "esus", "percent": "10"}
    )

    assert RentReduction.objects.filter(grid=grid, label="ESUS").exists()


def test_a_grid_used_by_a_lease_keeps_its_reductions(client, coordinator, lease):
    client.force_login(coordinator)

    response = client.post(
        url("reduction_add", grid_id=lease.grid_id),
        {"label": "ESUS", "criterion": "esus", "percent": "10"},
        follow=True,
    )

    assert "publiez-en une nouvelle" in response.text
    assert not RentReduction.objects.filter(label="ESUS").exists()


def test_only_the_coordinator_records_index_values(client, coordinator, member_admin):
    values = {
        "kind": "ILC",
        "year": "2025",
        "quarter": "2",
        "value": "135.12",
        "published_on": "",
        "source_url": "",
    }
    client.force_login(member_admin)
    refused = client.post(url("indices"), values)
    client.force_login(coordinator)
    accepted = client.post(url("indices"), values)

    assert refused.status_code == 403 and accepted.status_code == 302
    assert IndexValue.objects.get().value == Decimal("135.12")


def test_the_coordinator_generates_the_month_calls_once(client, coordinator, lease):
    client.force_login(coordinator)

    client.post(url("calls_generate"), {"mois": "2026-03"})
    client.post(url("calls_generate"), {"mois": "2026-03"})

    assert RentCall.objects.filter(month=date(2026, 3, 1)).count() == 1


def test_a_member_may_not_generate_calls_and_sees_only_its_own(client, outsider_admin, lease):
    rent_calls_generate(cluster=lease.cluster, month=date(2026, 3, 1))
    client.force_login(outsider_admin)

    refused = client.post(url("calls_generate"), {"mois": "2026-04"})
    listing = client.get(url("calls") + "?mois=2026-03")

    assert refused.status_code == 403
    assert "Compagnie La Mouette" not in listing.text
    assert not RentCall.objects.filter(month=date(2026, 4, 1)).exists()


def test_the_coordinator_turns_the_month_calls_into_draft_invoices(client, coordinator, lease):
    seller_for(lease.cluster)
    rent_calls_generate(cluster=lease.cluster, month=date(2026, 3, 1))
    client.force_login(coordinator)

    client.post(url("calls_invoice"), {"mois": "2026-03"})

    call = RentCall.objects.get()
    assert call.invoice is not None and call.invoice.total_incl_tax == Decimal("348.00")


def test_the_exports_hold_the_member_own_calls(client, member_admin, outsider_admin, lease):
    rent_calls_generate(cluster=lease.cluster, month=date(2026, 3, 1))
    client.force_login(member_admin)
    own = client.get(url("calls_xlsx") + "?annee=2026")
    client.force_login(outsider_admin)
    other = client.get(url("calls_csv") + "?annee=2026")

    row = [cell.value for cell in load_workbook(BytesIO(own.content)).active[2]]
    assert row[:2] == ["03/2026", "Compagnie La Mouette"] and row[8] == 290
    assert other.content.decode("utf-8-sig").count("\n") == 1


def test_a_member_sees_its_day_pass_balance(client, member_staff, own_organisation):
    plan = PlanFactory(organisation=own_organisation, days_included=10)
    client.force_login(member_staff)

    response = client.get(url("plan", plan_id=plan.pk))

    assert "10 journées restantes sur 10." in response.text
    assert (
        client.post(url("plan", plan_id=plan.pk), {"day": "2026-02-02", "person_name": "X"}).status_code
        == 403
    )


def test_the_figures_page_is_for_the_coordinator(client, coordinator, member_admin, lease):
    rent_calls_generate(cluster=lease.cluster, month=date(2026, 3, 1))
    client.force_login(member_admin)
    refused = client.get(url("figures") + "?annee=2026")
    client.force_login(coordinator)
    shown = client.get(url("figures") + "?annee=2026")

    assert refused.status_code == 403
    assert "290,00 € HT" in shown.text


def test_a_desk_is_not_offered_as_an_office(client, coordinator, cluster, office):
    OfficeFactory(cluster=cluster, kind="coworking_desk", name="Poste 7")
    client.force_login(coordinator)

    response = client.get(url("lease_new"))

    assert "Bureau 204" in response.text and "Poste 7" not in response.text


def test_a_member_simulates_the_rent_of_an_office_with_its_own_ess_status(
    client, member_admin, own_organisation, grid
):
    own_organisation.ess_status = "by_right"
    own_organisation.save()
    client.force_login(member_admin)

    response = client.get(url("grids") + "?surface=30&founded_on=")

    assert "Structure de l&#x27;ESS : \N{MINUS SIGN}20 %" in response.text
    assert "300,00 € HT" in response.text


def test_a_bad_surface_is_refused_in_the_simulation(client, member_admin, grid):
    client.force_login(member_admin)

    response = client.get(url("grids") + "?surface=-4")

    assert "supérieure ou égale à 0.01" in response.text


def test_the_rent_call_tables_cost_the_same_queries_whatever_the_number_of_calls(client, coordinator, lease):
    seller_for(lease.cluster)
    client.force_login(coordinator)
    pages = (url("home"), url("lease", lease_id=lease.pk))

    def queries() -> list[int]:
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            counts.append(len(captured))
        return counts

    def called_and_invoiced(month: date) -> None:
        rent_calls_generate(cluster=lease.cluster, month=month)
        rent_calls_invoice(cluster=lease.cluster, month=month)

    called_and_invoiced(date(2026, 1, 1))
    with_one_call = queries()
    called_and_invoiced(date(2026, 2, 1))
    called_and_invoiced(date(2026, 3, 1))

    assert RentCall.objects.filter(invoice__isnull=False).count() == 3
    assert queries() == with_one_call
