"""Reads on the vault: an organisation's documents and which bid documents are missing or out of date."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import AdministrativeDocument, DocumentKind
from .validity import bid_kinds_for


def documents_of(organisation) -> QuerySet[AdministrativeDocument]:
    return AdministrativeDocument.objects.filter(organisation=organisation).select_related("uploaded_by")


@dataclass(frozen=True)
class DocumentWarning:
    organisation: object
    kind: str
    problem: str  # "missing" or "expired"
    document: AdministrativeDocument | None

    @property
    def message(self) -> str:
        label = DocumentKind(self.kind).label
        name = self.organisation.display_name
        if self.problem == "missing":
            return _("%(name)s : %(document)s manquant dans le coffre-fort.") % {
                "name": name,
                "document": label,
            }
        return _("%(name)s : %(document)s valable jusqu'au %(date)s seulement.") % {
            "name": name,
            "document": label,
            "date": self.document.expires_on.strftime("%d/%m/%Y"),
        }


def bid_document_warnings(*, organisations, on_date: datetime.date) -> list[DocumentWarning]:
    """For each organisation, the bid documents with no copy valid on that date (the bid deadline)."""
    latest: dict[tuple[int, str], AdministrativeDocument] = {}
    documents = AdministrativeDocument.objects.filter(organisation__in=organisations).order_by(
        "issued_on", "pk"
    )
    for document in documents:
        latest[(document.organisation_id, document.kind)] = document
    warnings = []
    for organisation in organisations:
        for kind in bid_kinds_for(organisation.legal_form):
            document = latest.get((organisation.pk, kind))
            if document is None:
                warnings.append(DocumentWarning(organisation, kind, "missing", None))
            elif document.expires_on is not None and document.expires_on < on_date:
                warnings.append(DocumentWarning(organisation, kind, "expired", document))
    return warnings


def expiring_documents(*, cluster, before: datetime.date) -> QuerySet[AdministrativeDocument]:
    return (
        AdministrativeDocument.objects.filter(cluster=cluster, expires_on__lt=before)
        .select_related("organisation")
        .order_by("expires_on")
    )
