"""Each organisation's administrative documents (Kbis, URSSAF, tax, insurance…) with their expiry dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterScopedModel


class DocumentKind(models.TextChoices):
    KBIS = "kbis", _("Extrait Kbis")
    URSSAF = "urssaf", _("Attestation de vigilance URSSAF")
    TAX = "tax", _("Attestation de régularité fiscale")
    INSURANCE = "insurance", _("Attestation d'assurance responsabilité civile professionnelle")
    REFERENCES = "references", _("Liste de références")
    CV = "cv", _("CV")
    CERTIFICATE = "certificate", _("Certificat ou label")
    OTHER = "other", _("Autre document")


def document_upload_path(document, filename: str) -> str:
    return f"documents/{document.cluster_id}/{document.organisation_id}/{filename}"


class AdministrativeDocument(ClusterScopedModel):
    """A document an organisation keeps ready for its bids. Stored under the organisation's cluster; the
    file is only served through the vault's access check, never from the media URL."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="administrative_documents",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    file = models.FileField(_("fichier"), upload_to=document_upload_path, max_length=300)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    issued_on = models.DateField(_("délivré le"))
    expires_on = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document administratif")
        verbose_name_plural = _("documents administratifs")
        ordering = ["kind", "-issued_on"]
        indexes = [
            models.Index(fields=["organisation", "kind", "issued_on"], name="document_org_kind_issued")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                name="document_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
