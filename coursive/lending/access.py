"""Who may see and do what with lent items. Loans and items out of reach answer 404 like missing ones."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_insider
from coursive.accounts.models import Membership
from coursive.premises.models import Resource

from .models import DamageReport, Loan, MaintenanceRecord
from .selectors import LENDABLE_KINDS, can_lend, visible_loans


def access_item(membership: Membership, resource_id: int, *, for_lending: bool = False) -> Resource:
    require_insider(membership)
    item = (
        Resource.objects.filter(cluster=membership.cluster, kind__in=LENDABLE_KINDS, pk=resource_id)
        .select_related("owner_organisation", "cluster")
        .first()
    )
    if item is None:
        raise Http404(_("Matériel introuvable."))
    if for_lending and not can_lend(membership, item):
        raise PermissionDenied(
            _("Seules la coordination et la structure propriétaire de ce matériel le prêtent et le suivent.")
        )
    return item


def access_loan(membership: Membership, loan_id: int, *, for_lending: bool = False) -> Loan:
    loan = visible_loans(membership=membership).filter(pk=loan_id).first()
    if loan is None:
        raise Http404(_("Prêt introuvable."))
    if for_lending and not can_lend(membership, loan.resource):
        raise PermissionDenied(_("Seul le prêteur enregistre le retour du matériel."))
    return loan


def access_damage_report(membership: Membership, report_id: int) -> DamageReport:
    report = (
        DamageReport.objects.filter(cluster=membership.cluster, pk=report_id)
        .select_related("resource")
        .first()
    )
    if report is None or not can_lend(membership, report.resource):
        raise Http404(_("Constat introuvable."))
    return report


def access_maintenance(membership: Membership, record_id: int) -> MaintenanceRecord:
    record = (
        MaintenanceRecord.objects.filter(cluster=membership.cluster, pk=record_id)
        .select_related("resource")
        .first()
    )
    if record is None or not can_lend(membership, record.resource):
        raise Http404(_("Intervention introuvable."))
    return record
