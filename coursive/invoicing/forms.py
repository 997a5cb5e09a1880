"""Forms of the invoicing pages. They only shape input: the services decide and refuse."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import DateInput, ServiceErrorsMixin
from coursive.directory.models import Organisation
from coursive.directory.validators import normalise_siret

from .models import Customer, Nature, PaymentMethod, SellerProfile
from .services import DraftLine

VAT_CHOICES = [
    ("20.00", "20 %"),
    ("10.00", "10 %"),
    ("5.50", "5,5 %"),
    ("2.10", "2,1 %"),
    ("0.00", _("0 % (exonération, mention obligatoire)")),
]


class SellerProfileForm(ServiceErrorsMixin, forms.ModelForm):
    # Wider than the 14 digits kept, so a SIRET typed with spaces reaches the cleaning below.
    siret = forms.CharField(label=_("SIRET"), max_length=20)

    def clean_siret(self) -> str:
        return normalise_siret(self.cleaned_data["siret"])

    class Meta:
        model = SellerProfile
        fields = [
            "legal_name",
            "legal_form",
            "share_capital",
            "siret",
            "vat_number",
            "rcs",
            "rna_number",
            "street",
            "postcode",
            "commune",
            "email",
            "phone",
            "vat_regime",
            "vat_on_debits",
            "payment_terms_days",
            "early_payment_discount",
            "late_penalty_rate",
            "bank_name",
            "iban",
            "bic",
        ]
        widgets = {"late_penalty_rate": forms.NumberInput(attrs={"step": "0.01"})}
        help_texts = {
            "late_penalty_rate": _(
                "Au moins trois fois le taux d'intérêt légal ; à défaut de mention, le taux de la BCE majoré "
                "de 10 points s'applique (C. com. art. L441-10)."
            ),
            "vat_on_debits": _(
                "Pour les prestations de services : la TVA devient exigible à la facturation."
            ),
            "rcs": _("Par exemple « RCS Dijon 912 345 675 » ; laissez vide pour une association."),
        }


class CustomerForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Customer
        fields = [
            "name",
            "is_professional",
            "siret",
            "vat_number",
            "street",
            "postcode",
            "commune",
            "country",
            "delivery_street",
            "delivery_postcode",
            "delivery_commune",
            "email",
        ]
        help_texts = {
            "siret": _("Obligatoire pour un client professionnel établi en France."),
            "delivery_street": _("Si elle diffère de l'adresse de facturation."),
        }


class InvoiceCreateForm(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), required=False, label=_("Structure membre")
    )
    customer = forms.ModelChoiceField(Customer.objects.none(), required=False, label=_("Ou client externe"))

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_cluster(cluster).for_directory()
        self.fields["customer"].queryset = Customer.objects.for_cluster(cluster).filter(
            organisation__isnull=True
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("customer")):
            raise ValidationError(_("Choisissez une structure membre ou un client externe, pas les deux."))
        return data


class DraftForm(ServiceErrorsMixin, forms.Form):
    sale_date = forms.DateField(
        required=False,
        label=_("Date de la vente ou de la prestation"),
        help_text=_("Vide : la date d'émission."),
        widget=DateInput,
    )
    vat_exemption_reason = forms.CharField(
        required=False,
        max_length=200,
        label=_("Mention d'exonération de TVA"),
        help_text=_(
            "Obligatoire pour une ligne à 0 %, par exemple « Exonération de TVA, art. 261 D du CGI »."
        ),
    )
    note = forms.CharField(required=False, label=_("Mention libre"), widget=forms.Textarea(attrs={"rows": 2}))


class LineForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(max_length=300, label=_("Désignation"))
    quantity = forms.DecimalField(max_digits=12, decimal_places=3, label=_("Quantité"), initial=Decimal("1"))
    unit = forms.CharField(max_length=20, label=_("Unité"), initial="unité")
    unit_price_excl_tax = forms.DecimalField(max_digits=14, decimal_places=4, label=_("Prix unitaire HT (€)"))
    vat_rate = forms.ChoiceField(choices=VAT_CHOICES, label=_("Taux de TVA"), initial="20.00")
    nature = forms.ChoiceField(choices=Nature.choices[:2], label=_("Nature"), initial=Nature.SERVICES)

    def draft_line(self) -> DraftLine:
        data = self.cleaned_data
        return DraftLine(
            label=data["label"],
            quantity=data["quantity"],
            unit=data["unit"],
            unit_price_excl_tax=data["unit_price_excl_tax"],
            vat_rate=Decimal(data["vat_rate"]),
            nature=data["nature"],
            source="manual",
        )


class PaymentForm(ServiceErrorsMixin, forms.Form):
    paid_on = forms.DateField(
        label=_("Date du paiement"),
        initial=timezone.localdate,
        widget=DateInput,
    )
    amount = forms.DecimalField(max_digits=14, decimal_places=2, label=_("Montant (€)"))
    method = forms.ChoiceField(choices=PaymentMethod.choices, label=_("Moyen de paiement"))
    reference = forms.CharField(required=False, max_length=100, label=_("Référence"))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Exercice (année civile)"))
