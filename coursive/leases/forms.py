"""Forms of the leases pages. They only shape input; the services check every rule."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import DateInput, MonthInput, ServiceForm
from coursive.directory.models import Organisation
from coursive.invoicing.models import VAT_RATES
from coursive.premises.models import Resource

from .models import CoworkingPlan, IndexKind, IndexValue, Lease, RentReduction, Territory

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
VAT_CHOICES = [(str(rate), f"{rate.normalize():f} %".replace(".", ",")) for rate in VAT_RATES]


def vat_field(**kwargs):
    return forms.TypedChoiceField(
        label=_("Taux de TVA"), choices=VAT_CHOICES, coerce=Decimal, initial="20.00", **kwargs
    )


def _quarters() -> list[tuple[int, str]]:
    """Called when the form is shown, so the labels follow the reader's language."""
    return [(n, gettext("T%(quarter)s") % {"quarter": n}) for n in range(1, 5)]


class GridForm(ServiceForm):
    name = forms.CharField(label=_("Nom"), max_length=150, help_text=_("Par exemple : Grille 2026."))
    valid_from = forms.DateField(label=_("Applicable à partir du"), widget=DateInput)
    rate_per_m2 = forms.DecimalField(label=_("Loyer de base par m² et par mois (€ HT)"), **MONEY)
    charges_per_m2 = forms.DecimalField(label=_("Charges par m² et par mois (€ HT)"), initial=0, **MONEY)
    vat_rate = vat_field(
        help_text=_("La location de bureaux nus est exonérée, sauf option du bailleur pour la TVA.")
    )
    cumulative = forms.BooleanField(
        label=_("Réductions cumulables"),
        required=False,
        help_text=_("Décoché : seule la plus forte réduction à laquelle la structure a droit s'applique."),
    )
    explanation = forms.CharField(
        label=_("Explication publiée"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que couvrent le loyer et les charges, comment la grille a été décidée."),
    )
    is_published = forms.BooleanField(label=_("Publiée aux membres"), required=False, initial=True)


class ReductionForm(ServiceForm):
    label = forms.CharField(label=_("Intitulé"), max_length=150)
    criterion = forms.ChoiceField(label=_("Condition"), choices=RentReduction.Criterion.choices)
    percent = forms.DecimalField(
        label=_("Réduction (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    max_age_years = forms.IntegerField(
        label=_("Âge maximal (années)"),
        required=False,
        min_value=1,
        help_text=_("Jeunes structures seulement."),
    )


class IndexValueForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Indice"), choices=IndexKind.choices)
    year = forms.IntegerField(label=_("Année"), min_value=1990, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Trimestre"), choices=_quarters, coerce=int)
    value = forms.DecimalField(
        label=_("Valeur publiée"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    published_on = forms.DateField(label=_("Publiée le"), required=False, widget=DateInput)
    source_url = forms.URLField(
        label=_("Source"), required=False, help_text=_("L'avis de l'INSEE ou du Journal officiel.")
    )


class LeaseForm(ServiceForm):
    resource = forms.ModelChoiceField(label=_("Bureau"), queryset=Resource.objects.none())
    organisation = forms.ModelChoiceField(label=_("Structure preneuse"), queryset=Organisation.objects.none())
    surface_m2 = forms.DecimalField(
        label=_("Surface louée (m²)"), max_digits=8, decimal_places=2, min_value=0
    )
    tenant_founded_on = forms.DateField(
        label=_("Date de création de la structure"),
        required=False,
        widget=DateInput,
        help_text=_("Celle de l'avis de situation SIRENE ; ouvre la réduction des jeunes structures."),
    )
    starts_on = forms.DateField(label=_("Prise d'effet"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Fin"), required=False, widget=DateInput, help_text=_("Vide : durée indéterminée.")
    )
    monthly_rent = forms.DecimalField(
        label=_("Loyer mensuel (€ HT)"), required=False, help_text=_("Vide : celui de la grille."), **MONEY
    )
    override_reason = forms.CharField(label=_("Motif d'un loyer hors grille"), required=False, max_length=300)
    service_charges = forms.DecimalField(
        label=_("Charges mensuelles (€ HT)"),
        required=False,
        help_text=_("Vide : celles de la grille."),
        **MONEY,
    )
    vat_rate = vat_field()
    deposit = forms.DecimalField(label=_("Dépôt de garantie (€)"), initial=0, **MONEY)
    notice_months = forms.IntegerField(label=_("Préavis (mois)"), min_value=0, max_value=36, initial=3)
    index_kind = forms.ChoiceField(
        label=_("Indice de révision annuelle"),
        required=False,
        choices=[("", _("Pas de révision")), *IndexKind.choices],
    )
    reference_index = forms.ModelChoiceField(
        label=_("Valeur de référence"), required=False, queryset=IndexValue.objects.none()
    )
    territory = forms.ChoiceField(
        label=_("Situation du local"),
        choices=Territory.choices,
        initial=Territory.MAINLAND,
        help_text=Lease._meta.get_field("territory").help_text,
    )
    tenant_is_sme = forms.NullBooleanField(
        label=_("Le preneur est une PME au sens européen"),
        required=False,
        help_text=Lease._meta.get_field("tenant_is_sme").help_text,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, cluster, initial=None):
        super().__init__(data, initial=initial)
        self.fields["resource"].queryset = Resource.objects.filter(cluster=cluster, kind=Resource.Kind.OFFICE)
        self.fields["organisation"].queryset = Organisation.objects.for_cluster(cluster).for_directory()
        self.fields["reference_index"].queryset = IndexValue.objects.for_cluster(cluster)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        return {"resource": data.pop("resource"), "organisation": data.pop("organisation"), "fields": data}


def _sme_help(organisation: Organisation) -> str:
    """The model's criteria, and what the directory knows, which is not enough to decide alone."""
    return _("%(criteria)s L'annuaire indique : %(headcount)s, chiffre d'affaires %(turnover)s.") % {
        "criteria": Lease._meta.get_field("tenant_is_sme").help_text,
        "headcount": organisation.get_headcount_band_display().lower(),
        "turnover": organisation.get_turnover_band_display().lower(),
    }


class RevisionForm(ServiceForm):
    new_index = forms.ModelChoiceField(
        label=_("Nouvelle valeur de l'indice"), queryset=IndexValue.objects.none()
    )
    effective_on = forms.DateField(label=_("Prend effet le"), widget=DateInput)

    reference_index = forms.ModelChoiceField(
        label=_("Valeur de référence (à la signature)"), required=False, queryset=IndexValue.objects.none()
    )
    tenant_is_sme = forms.NullBooleanField(label=_("Le preneur est une PME au sens européen"), required=False)

    def __init__(self, data=None, *, lease, initial=None):
        super().__init__(data, initial=initial)
        values = IndexValue.objects.for_cluster(lease.cluster).filter(kind=lease.index_kind)
        self.fields["new_index"].queryset = values
        if lease.reference_index_id:
            del self.fields["reference_index"]
        else:
            self.fields["reference_index"].queryset = values
        if lease.tenant_is_sme is not None or lease.index_kind != IndexKind.ILC:
            del self.fields["tenant_is_sme"]
        else:
            self.fields["tenant_is_sme"].help_text = _sme_help(lease.organisation)


class TerminateForm(ServiceForm):
    notice_given_on = forms.DateField(label=_("Congé donné le"), widget=DateInput)
    ends_on = forms.DateField(label=_("Dernier jour du bail"), widget=DateInput)


class PlanForm(ServiceForm):
    organisation = forms.ModelChoiceField(label=_("Structure"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Formule"), choices=CoworkingPlan.Kind.choices)
    desks = forms.IntegerField(label=_("Postes"), min_value=1, initial=1)
    days_included = forms.IntegerField(label=_("Journées du carnet"), required=False, min_value=1)
    price = forms.DecimalField(label=_("Prix (€ HT, par mois ou du carnet)"), **MONEY)
    vat_rate = vat_field()
    starts_on = forms.DateField(label=_("Début (achat du carnet)"), widget=DateInput)
    ends_on = forms.DateField(label=_("Fin (validité du carnet)"), required=False, widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def __init__(self, data=None, *, cluster, initial=None):
        super().__init__(data, initial=initial)
        self.fields["organisation"].queryset = Organisation.objects.for_cluster(cluster).for_directory()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        return {"organisation": data.pop("organisation"), "fields": data}


class DayUseForm(ServiceForm):
    day = forms.DateField(label=_("Jour"), widget=DateInput, initial=date.today)
    person_name = forms.CharField(label=_("Personne"), max_length=150)


class MonthForm(forms.Form):
    mois = forms.DateField(
        label=_("Mois"),
        input_formats=["%Y-%m"],
        widget=MonthInput,
    )


class SimulationForm(forms.Form):
    """What the grid in force would give an organisation for a surface, before any lease is signed."""

    surface = forms.DecimalField(
        label=_("Surface (m²)"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    founded_on = forms.DateField(
        label=_("Date de création de la structure"),
        required=False,
        widget=DateInput,
        help_text=_("Pour savoir si la réduction des jeunes structures s'applique."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Structure"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, data=None, *, membership):
        super().__init__(data)
        if membership.is_coordinator:
            self.fields["organisation"].queryset = Organisation.objects.for_cluster(
                membership.cluster
            ).for_directory()
        else:
            del self.fields["organisation"]
