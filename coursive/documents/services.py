"""Writes on the vault."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AdministrativeDocument, DocumentKind
from .validity import default_expiry

MAX_FILE_BYTES = 10 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".odt", ".docx")


def document_add(
    *,
    organisation,
    kind: str,
    file: UploadedFile,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    title: str = "",
    uploaded_by=None,
) -> AdministrativeDocument:
    """Stores a document; without an expiry date, the usual validity of its kind applies."""
    _check(kind=kind, file=file, issued_on=issued_on, expires_on=expires_on)
    with transaction.atomic():
        return AdministrativeDocument.objects.create(
            cluster_id=organisation.cluster_id,
            organisation=organisation,
            kind=kind,
            title=title.strip(),
            file=file,
            file_name=file.name[:255],
            issued_on=issued_on,
            expires_on=expires_on or default_expiry(kind, issued_on),
            uploaded_by=uploaded_by,
        )


def _check(*, kind, file, issued_on, expires_on) -> None:
    if kind not in DocumentKind.values:
        raise ValidationError(_("Type de document inconnu."))
    if issued_on > timezone.localdate():
        raise ValidationError(_("La date de délivrance ne peut pas être dans le futur."))
    if expires_on is not None and expires_on < issued_on:
        raise ValidationError(_("La date de fin de validité précède la date de délivrance."))
    if file.size > MAX_FILE_BYTES:
        raise ValidationError(_("Le fichier dépasse 10 Mo."))
    if not file.name.lower().endswith(ACCEPTED_EXTENSIONS):
        raise ValidationError(_("Formats acceptés : PDF, PNG, JPEG, ODT, DOCX."))


def document_remove(*, document: AdministrativeDocument) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
