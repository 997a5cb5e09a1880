"""Loading procurement records a request may act on. Notices are public; import runs belong to the cluster
whose coordinator uploaded them."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_coordinator
from coursive.accounts.models import Membership

from .models import ImportRun


def access_import_run(membership: Membership, run_id: int) -> ImportRun:
    """A run of the coordinator's cluster; another cluster's run answers 404, like a missing one."""
    require_coordinator(membership)
    run = (
        ImportRun.objects.select_related("uploaded_by").filter(cluster=membership.cluster, pk=run_id).first()
    )
    if run is None:
        raise Http404(_("Import introuvable."))
    return run
