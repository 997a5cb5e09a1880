"""Reads of the lending app: items and their state, loans each person may see, late loans and figures."""

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from coursive.accounts.models import ORGANISATION_ROLES, Membership, Role
from coursive.premises.models import Resource

from .models import DamageReport, Loan, MaintenanceRecord

LENDABLE_KINDS = (Resource.Kind.EQUIPMENT, Resource.Kind.VEHICLE)


def open_maintenance(*, resource: Resource):
    return MaintenanceRecord.objects.filter(resource=resource, completed_on__isnull=True).order_by(
        "started_on"
    )


def lendable_items(*, cluster):
    """The cluster's equipment and vehicles, each with whether it is out or under maintenance."""
    return (
        Resource.objects.filter(cluster=cluster, kind__in=LENDABLE_KINDS)
        .select_related("owner_organisation")
        .annotate(
            is_out=Exists(Loan.objects.filter(resource=OuterRef("pk"), checked_in_at__isnull=True)),
            in_maintenance=Exists(
                MaintenanceRecord.objects.filter(resource=OuterRef("pk"), completed_on__isnull=True)
            ),
        )
        .order_by("name")
    )


def can_lend(membership: Membership, resource: Resource) -> bool:
    """The coordination lends everything; a member organisation's admins lend the items it owns."""
    if resource.cluster_id != membership.cluster_id:
        return False
    if membership.is_coordinator:
        return True
    return (
        membership.role == Role.MEMBER_ADMIN
        and resource.owner_organisation_id is not None
        and resource.owner_organisation_id == membership.organisation_id
    )


def visible_loans(*, membership: Membership):
    """Every loan for the coordination; for a member, its organisation's borrowings and the loans of the
    items it owns."""
    loans = Loan.objects.for_cluster(membership.cluster).select_related(
        "resource", "resource__owner_organisation", "organisation"
    )
    if membership.is_coordinator:
        return loans
    if membership.role not in ORGANISATION_ROLES:
        return loans.none()
    organisation_id = membership.organisation_id
    return loans.filter(
        Q(organisation_id=organisation_id) | Q(resource__owner_organisation_id=organisation_id)
    )


def item_loans(*, resource: Resource):
    return (
        Loan.objects.filter(resource=resource)
        .select_related("resource", "organisation")
        .order_by("-checked_out_at")
    )


def item_damages(*, resource: Resource):
    return DamageReport.objects.filter(resource=resource).prefetch_related("photos").order_by("-created_at")


def item_maintenance(*, resource: Resource):
    return MaintenanceRecord.objects.filter(resource=resource).order_by("-started_on")


def late_notice_recipients(loan: Loan) -> list[str]:
    """The borrower, the borrowing organisation's admins and whoever lends the item."""
    lenders = Q(role=Role.COORDINATOR)
    if loan.resource.owner_organisation_id:
        lenders = Q(role=Role.MEMBER_ADMIN, organisation_id=loan.resource.owner_organisation_id)
    memberships = Membership.objects.filter(cluster_id=loan.cluster_id, user__is_active=True).filter(
        lenders | Q(role=Role.MEMBER_ADMIN, organisation_id=loan.organisation_id)
    )
    emails = {email for email in memberships.values_list("user__email", flat=True) if email}
    if loan.borrower is not None and loan.borrower.is_active:
        emails.add(loan.borrower.email)
    return sorted(emails)


def yearly_figures(*, cluster, year: int) -> dict:
    """Loans per member, late returns and damages of the year, for the cluster's yearly report."""
    loans = Loan.objects.for_cluster(cluster).filter(checked_out_at__year=year)
    # The day of return on the cluster's clock, as Loan.returned_late counts it.
    late_returns = loans.filter(checked_in_at__date__gt=F("due_on"))
    today = timezone.localdate()
    still_late = loans.late(today).count() if year == today.year else 0
    per_member = (
        loans.values("organisation__legal_name")
        .annotate(loans=Count("pk"))
        .order_by("-loans", "organisation__legal_name")
    )
    damages = DamageReport.objects.for_cluster(cluster).filter(created_at__year=year)
    return {
        "year": year,
        "loans": loans.count(),
        "loans_per_member": [
            {"organisation": row["organisation__legal_name"], "loans": row["loans"]} for row in per_member
        ],
        "late_returns": late_returns.count(),
        "still_late": still_late,
        "damage_reports": damages.count(),
        "damage_cost_estimate": damages.aggregate(total=Sum("cost_estimate"))["total"] or 0,
        "maintenance_cost": MaintenanceRecord.objects.for_cluster(cluster)
        .filter(started_on__year=year)
        .aggregate(total=Sum("cost"))["total"]
        or 0,
    }
