"""Forms of the lending pages. They only shape input; every rule is checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import DateInput, ServiceForm
from coursive.directory.models import Organisation

from .models import Condition, DamageReport, MaintenanceRecord

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": 0}


class CheckOutForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        label=_("Structure qui emprunte"), queryset=Organisation.objects.none()
    )
    borrower_name = forms.CharField(label=_("Personne qui emporte le matériel"), max_length=150)
    due_on = forms.DateField(label=_("Retour prévu le"), widget=DateInput)
    condition = forms.ChoiceField(label=_("État au départ"), choices=Condition.choices)
    notes = forms.CharField(
        label=_("Remarques au départ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Accessoires fournis, rayures déjà présentes, niveau de charge…"),
    )

    def __init__(self, data=None, *, cluster, initial=None):
        super().__init__(data, initial=initial)
        self.fields["organisation"].queryset = Organisation.objects.for_cluster(cluster).for_directory()


class CheckInForm(ServiceForm):
    condition = forms.ChoiceField(label=_("État au retour"), choices=Condition.choices)
    notes = forms.CharField(
        label=_("Remarques au retour"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    damage_description = forms.CharField(
        label=_("Dégâts constatés"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Rempli, un constat de dégâts est ouvert pour ce prêt."),
    )
    cost_estimate = forms.DecimalField(label=_("Coût estimé des dégâts (€ HT)"), required=False, **MONEY)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.ImageField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(PhotosField, self).clean(file, initial) for file in files]


class DamageForm(ServiceForm):
    description = forms.CharField(label=_("Description des dégâts"), widget=forms.Textarea(attrs={"rows": 4}))
    cost_estimate = forms.DecimalField(label=_("Coût estimé (€ HT)"), required=False, **MONEY)
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/*"}),
        help_text=_("Six photos au plus, 8 Mo chacune."),
    )


class DamageUpdateForm(ServiceForm):
    status = forms.ChoiceField(label=_("Suite"), choices=DamageReport.Status.choices)
    cost_estimate = forms.DecimalField(label=_("Coût estimé (€ HT)"), required=False, **MONEY)
    resolution = forms.CharField(
        label=_("Décision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MaintenanceForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Nature"), choices=MaintenanceRecord.Kind.choices)
    description = forms.CharField(label=_("Travaux"), widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Début"), widget=DateInput)
    completed_on = forms.DateField(
        label=_("Fin"),
        required=False,
        widget=DateInput,
        help_text=_("Vide : le matériel est immobilisé jusqu'à la fin."),
    )
    provider = forms.CharField(label=_("Intervenant"), required=False, max_length=150)
    cost = forms.DecimalField(label=_("Coût (€ HT)"), required=False, **MONEY)
    next_due_on = forms.DateField(label=_("Prochaine échéance"), required=False, widget=DateInput)


class MaintenanceCompleteForm(ServiceForm):
    completed_on = forms.DateField(label=_("Terminée le"), widget=DateInput)
    cost = forms.DecimalField(label=_("Coût (€ HT)"), required=False, **MONEY)
    next_due_on = forms.DateField(label=_("Prochaine échéance"), required=False, widget=DateInput)
    condition = forms.ChoiceField(
        label=_("État après l'intervention"), choices=[("", "—"), *Condition.choices], required=False
    )
