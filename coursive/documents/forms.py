from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import DateInput, ServiceForm

from .models import DocumentKind


class DocumentForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Intitulé (facultatif)"), required=False, max_length=200)
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, image, ODT ou DOCX, 10 Mo au plus."))
    issued_on = forms.DateField(label=_("Délivré le"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Valable jusqu'au"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Laissez vide pour appliquer la durée usuelle : Kbis 3 mois, attestation URSSAF 6 mois, "
            "attestation fiscale 6 mois, assurance 12 mois ; sans limite pour les références et CV."
        ),
    )
