"""Forms of the group-purchasing pages. They read numbers as French people write them (« 1 250,5 ») and
hand plain values to the services, which check them again; the services' refusals come back onto the
fields."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import THOUSANDS_SPACES, FrenchDecimalField, ServiceErrorsMixin
from coursive.directory.validators import normalise_siret, validate_siret

from .models import Campaign, Supplier
from .services import CAMPAIGN_FIELDS, SUPPLIER_FIELDS

_TIER_LINE = re.compile(r"^(?P<quantity>[^:;=]+)[:;=](?P<price>.+)$")


def parse_decimal(text: str) -> Decimal:
    value = Decimal(THOUSANDS_SPACES.sub("", text).replace(",", ".").removesuffix("€"))
    if not value.is_finite():
        raise InvalidOperation
    return value


class SupplierForm(ServiceErrorsMixin, forms.ModelForm):
    # Wider than the 14 digits kept, so a SIRET copied with its spaces (« 123 456 789 00012 ») is accepted.
    siret = forms.CharField(label=_("SIRET"), max_length=20, help_text=_("14 chiffres, espaces acceptés."))

    class Meta:
        model = Supplier
        fields = sorted(SUPPLIER_FIELDS)

    field_order = ["name", "siret", "postcode", "commune", "is_ess", "labels", "email", "website"]

    def clean_siret(self) -> str:
        siret = normalise_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def validate_unique(self):
        """The service checks the SIRET with a message naming the cluster."""


class CampaignForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = sorted(CAMPAIGN_FIELDS)
        widgets = {
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "delivery_address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "deadline": _("Heure de Paris. Les structures déclarent et modifient leurs besoins jusque-là."),
            "weight_local": _(
                "Fournisseur dans le département d'un membre du pôle ou un département limitrophe."
            ),
            "weight_recycled": _("Compté au prorata du pourcentage de contenu recyclé de l'offre."),
        }

    field_order = [
        "title",
        "item",
        "description",
        "nature",
        "unit",
        "vat_rate",
        "deadline",
        "delivery_address",
        "weight_local",
        "weight_ess",
        "weight_label",
        "weight_recycled",
    ]

    def _post_clean(self):
        """The service validates the campaign, with the deadline rules only it knows."""


class OfferForm(ServiceErrorsMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Fournisseur"), queryset=Supplier.objects.none())
    product = forms.CharField(label=_("Référence proposée"), max_length=200, required=False)
    tiers = forms.CharField(
        label=_("Paliers de prix (quantité totale : prix unitaire HT)"),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Un palier par ligne, par exemple « 50 : 4,20 » puis « 200 : 3,80 ». Le premier palier est le "
            "minimum de commande du fournisseur."
        ),
    )
    recycled_percent = forms.IntegerField(
        label=_("Contenu recyclé (%)"), min_value=0, max_value=100, initial=0
    )
    delivery_fee = FrenchDecimalField(
        label=_("Frais de livraison HT par commande (€)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        initial=Decimal(0),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notes = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Délai de livraison, validité de l'offre, conditions de paiement…"),
    )

    def __init__(self, *args, cluster, offer=None, **kwargs):
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "supplier": offer.supplier_id,
                "product": offer.product,
                "recycled_percent": offer.recycled_percent,
                "delivery_fee": offer.delivery_fee,
                "notes": offer.notes,
                "tiers": "\n".join(
                    f"{_plain(t.min_quantity)} : {_plain(t.unit_price)}".replace(".", ",")
                    for t in offer.tiers.all()
                ),
            }
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.for_cluster(cluster)

    def clean_tiers(self) -> list[tuple[Decimal, Decimal]]:
        tiers = []
        for position, line in enumerate(
            filter(None, map(str.strip, self.cleaned_data["tiers"].splitlines())), 1
        ):
            match = _TIER_LINE.match(line)
            try:
                tiers.append((parse_decimal(match["quantity"]), parse_decimal(match["price"])))
            except (TypeError, InvalidOperation) as error:
                raise ValidationError(
                    _("Ligne %(n)d : écrivez « quantité : prix », par exemple « 200 : 3,80 ».")
                    % {"n": position}
                ) from error
        return tiers

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "supplier": data["supplier"],
            "tiers": data["tiers"],
            "fields": {name: data[name] for name in ("product", "recycled_percent", "delivery_fee", "notes")},
        }


def _plain(value: Decimal) -> str:
    """A decimal without its trailing zeros, never in exponent form."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class NeedForm(ServiceErrorsMixin, forms.Form):
    quantity = FrenchDecimalField(
        label=_("Quantité"),
        max_digits=14,
        decimal_places=3,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    max_unit_price = FrenchDecimalField(
        label=_("Prix unitaire HT maximum accepté (€, facultatif)"),
        required=False,
        max_digits=12,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Au-delà de ce prix, votre besoin sort de la commande et vous n'êtes pas facturé."),
    )


class CloseForm(ServiceErrorsMixin, forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offre retenue"),
        queryset=None,
        required=False,
        empty_label=_("Choix automatique (meilleur score parmi les offres possibles)"),
    )
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire si vous retenez une autre offre que le choix automatique ; montré aux structures."
        ),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = campaign.offers.select_related("supplier")
