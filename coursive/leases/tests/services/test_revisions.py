"""Index values and the yearly revision through their services, within the legal caps of 2022-2024
(loi n° 2022-1158, art. 12 and 14; loi n° 2023-568). The index values are round test figures, not INSEE's."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coursive.leases.models import Lease, RentRevision, Territory
from coursive.leases.services.leases import lease_create
from coursive.leases.services.revisions import index_value_record, rent_revise

from ..conftest import lease_fields
from ..factories import IndexValueFactory

pytestmark = pytest.mark.django_db


def test_the_yearly_revision_applies_the_new_index_and_keeps_the_history(lease, cluster):
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("102.37"))

    revision = rent_revise(lease=lease, new_index=new_index, effective_on=date(2027, 1, 1))

    lease.refresh_from_db()
    assert revision.previous_rent == Decimal("250.00")
    assert revision.new_rent == lease.monthly_rent == Decimal("255.93")
    assert lease.reference_index == new_index
    assert lease.initial_rent == Decimal("250.00")


def test_a_revision_within_a_year_or_with_an_older_index_is_refused(lease, cluster, reference_index):
    older = IndexValueFactory(cluster=cluster, year=2025, quarter=2, value=Decimal("99"))
    newer = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("103"))

    with pytest.raises(ValidationError, match="postérieur"):
        rent_revise(lease=lease, new_index=older, effective_on=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="annuelle"):
        rent_revise(lease=lease, new_index=newer, effective_on=date(2026, 6, 1))

    assert not RentRevision.objects.exists()


def test_an_index_value_is_recorded_once_and_never_overwritten(cluster):
    index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=2, value=Decimal("100.50"))

    with pytest.raises(ValidationError, match="déjà enregistrée"):
        index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=2, value=Decimal("120"))
    with pytest.raises(ValidationError):
        index_value_record(cluster=cluster, kind="ILC", year=2025, quarter=3, value=Decimal("-1"))


def test_a_lease_signed_before_its_index_was_published_takes_its_reference_at_the_first_revision(
    cluster, office, own_organisation, grid, reference_index
):
    lease = lease_create(
        cluster=cluster,
        resource=office,
        organisation=own_organisation,
        fields=lease_fields(index_kind="ILAT"),
    )
    new_index = IndexValueFactory(cluster=cluster, year=2026, quarter=3, value=Decimal("102.00"))

    with pytest.raises(ValidationError, match="c'est la référence"):
        rent_revise(lease=lease, new_index=new_index, effective_on=date(2027, 1, 1))
    rent_revise(
        lease=lease, new_index=new_index, effective_on=date(2027, 1, 1), reference_index=reference_index
    )

    lease.refresh_from_db()
    assert lease.monthly_rent == Decimal("255.00")


def _index(cluster, kind, year, quarter, value):
    return IndexValueFactory(cluster=cluster, kind=kind, year=year, quarter=quarter, value=Decimal(value))


def _lease(cluster, office, organisation, reference, **fields):
    """A lease from 1 January 2023 at 1 000 € a month, revised on its reference index's kind."""
    fields = lease_fields(
        starts_on=date(2023, 1, 1),
        monthly_rent=Decimal("1000.00"),
        index_kind=reference.kind,
        reference_index=reference,
        **fields,
    )
    return lease_create(cluster=cluster, resource=office, organisation=organisation, fields=fields)


def test_an_sme_pays_at_most_3_5_percent_more_on_the_ilc_and_reads_why(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)
    new_index = _index(cluster, "ILC", 2023, 3, "106.00")

    revision = rent_revise(lease=lease, new_index=new_index, effective_on=date(2024, 1, 1))

    lease.refresh_from_db()
    assert revision.new_rent == lease.monthly_rent == Decimal("1035.00")
    assert revision.uncapped_rent == Decimal("1060.00")
    assert "3,5 %" in revision.cap_note and "loi n° 2022-1158 du 16 août 2022, art. 14" in revision.cap_note
    assert "1\N{NO-BREAK SPACE}060,00 €" in revision.cap_note
    assert lease.reference_index == new_index


def test_a_tenant_that_is_not_an_sme_pays_the_whole_ilc_variation(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=False)

    revision = rent_revise(
        lease=lease, new_index=_index(cluster, "ILC", 2023, 3, "106.00"), effective_on=date(2024, 1, 1)
    )

    assert revision.new_rent == Decimal("1060.00")
    assert revision.uncapped_rent is None and revision.cap_note == ""


def test_an_unknown_sme_status_is_asked_for_rather_than_guessed(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference)
    new_index = _index(cluster, "ILC", 2023, 3, "106.00")

    with pytest.raises(ValidationError) as refused:
        rent_revise(lease=lease, new_index=new_index, effective_on=date(2024, 1, 1))
    assert "tenant_is_sme" in refused.value.message_dict
    assert not RentRevision.objects.exists()

    revision = rent_revise(
        lease=lease, new_index=new_index, effective_on=date(2024, 1, 1), tenant_is_sme=True
    )
    assert revision.new_rent == Decimal("1035.00")
    assert Lease.objects.get(pk=lease.pk).tenant_is_sme is True


def test_the_sme_status_is_not_asked_when_the_variation_is_within_the_cap(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference)

    revision = rent_revise(
        lease=lease, new_index=_index(cluster, "ILC", 2023, 3, "103.00"), effective_on=date(2024, 1, 1)
    )

    assert revision.new_rent == Decimal("1030.00") and revision.cap_note == ""


def test_a_revision_outside_the_capped_quarters_follows_the_index(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2024, 1, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)

    revision = rent_revise(
        lease=lease, new_index=_index(cluster, "ILC", 2025, 1, "106.00"), effective_on=date(2025, 6, 1)
    )

    assert revision.new_rent == Decimal("1060.00") and revision.uncapped_rent is None


@pytest.mark.parametrize(
    ("territory", "rent"),
    [(Territory.MAINLAND, "1035.00"), (Territory.OVERSEAS, "1025.00"), (Territory.CORSICA, "1020.00")],
)
def test_the_irl_cap_depends_on_the_territory(cluster, office, own_organisation, territory, rent):
    reference = _index(cluster, "IRL", 2022, 4, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, territory=territory)

    revision = rent_revise(
        lease=lease, new_index=_index(cluster, "IRL", 2023, 4, "105.00"), effective_on=date(2024, 1, 1)
    )

    assert revision.new_rent == Decimal(rent)
    assert "art. 12" in revision.cap_note


def test_the_ilat_is_never_capped(cluster, office, own_organisation):
    reference = _index(cluster, "ILAT", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)

    revision = rent_revise(
        lease=lease, new_index=_index(cluster, "ILAT", 2023, 3, "106.00"), effective_on=date(2024, 1, 1)
    )

    assert revision.new_rent == Decimal("1060.00") and revision.cap_note == ""


def test_over_two_years_the_cap_applies_year_by_year(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 4, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)
    new_index = _index(cluster, "ILC", 2024, 4, "108.12")

    with pytest.raises(ValidationError, match="T4 2023"):
        rent_revise(lease=lease, new_index=new_index, effective_on=date(2025, 1, 1))
    _index(cluster, "ILC", 2023, 4, "106.00")
    revision = rent_revise(lease=lease, new_index=new_index, effective_on=date(2025, 1, 1))

    assert revision.new_rent == Decimal("1055.70")
    assert revision.uncapped_rent == Decimal("1081.20")


def test_a_capped_index_must_be_of_the_reference_quarter(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 3, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)

    with pytest.raises(ValidationError, match="3e trimestre"):
        rent_revise(
            lease=lease, new_index=_index(cluster, "ILC", 2023, 4, "106.00"), effective_on=date(2024, 1, 1)
        )
    assert not RentRevision.objects.exists()


def test_a_missing_quarter_is_named_in_the_readers_language(cluster, office, own_organisation):
    reference = _index(cluster, "ILC", 2022, 4, "100.00")
    lease = _lease(cluster, office, own_organisation, reference, tenant_is_sme=True)
    new_index = _index(cluster, "ILC", 2024, 4, "108.12")

    with translation.override("en"), pytest.raises(ValidationError, match="Q4 2023"):
        rent_revise(lease=lease, new_index=new_index, effective_on=date(2025, 1, 1))
