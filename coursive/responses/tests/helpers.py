"""Shared set-up of the response tests: a notice with two lots and a response opened by a member."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coursive.accounts.models import Membership
from coursive.procurement.consortium_services import watch_sharing_declare
from coursive.procurement.models import Lot
from coursive.procurement.tests.matching_factories import NoticeFactory
from coursive.responses.services import response_open


def membership_of(user) -> Membership:
    return Membership.objects.select_related("cluster", "organisation").get(user=user)


def notice_with_lots(**fields):
    notice = NoticeFactory(**fields)
    lots = [
        Lot.objects.create(
            notice=notice, number="1", title="Identité visuelle", estimated_value=Decimal("30000")
        ),
        Lot.objects.create(
            notice=notice, number="2", title="Captation vidéo", estimated_value=Decimal("20000")
        ),
    ]
    return notice, lots


def open_with(user, *organisations, notice=None, mandataire=None):
    notice = notice or NoticeFactory()
    membership = membership_of(user)
    return response_open(
        membership=membership,
        notice=notice,
        organisations=list(organisations),
        mandataire=mandataire or membership.organisation,
        lot_assignments=[],
    )


def share_watch(cluster_a, cluster_b) -> None:
    watch_sharing_declare(cluster=cluster_a, partner_cluster=cluster_b, user=None)
    watch_sharing_declare(cluster=cluster_b, partner_cluster=cluster_a, user=None)


def pass_deadline(response) -> None:
    response.notice.deadline_at = timezone.now() - timedelta(hours=1)
    response.notice.save(update_fields=["deadline_at"])
