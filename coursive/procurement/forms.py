from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Large enough for a year of DECP from one publisher; larger files go through `manage.py import_notices`.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier d'avis"),
        help_text=_("XML de TED ou du BOAMP, ou JSON des données essentielles (DECP) ; 50 Mo au plus."),
        validators=[
            FileExtensionValidator(
                ["xml", "json"], message=_("Seuls les fichiers .xml et .json sont acceptés.")
            )
        ],
        widget=forms.FileInput(attrs={"accept": ".xml,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Ce fichier pèse %(size)s : 50 Mo au plus."), params={"size": filesizeformat(upload.size)}
            )
        return upload
