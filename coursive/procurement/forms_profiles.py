"""Forms of the capability-profile pages. They turn what a member typed into lists and numbers and hand them
to a service, which checks them again against the nomenclatures; its refusals come back onto the fields."""

import itertools
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import FrenchDecimalField, ServiceErrorsMixin
from coursive.core.geo import DEPARTEMENTS, REGIONS
from coursive.directory.models import Organisation

from .models import CapabilityProfile, Notice
from .profile_selectors import cpv_codes_labelled

_LIST_SEPARATORS = re.compile(r"[\s,;]+")
# A code shown with its label reads « 79822500 — Services de conception graphique »: the label is dropped.
_LABEL_SEPARATOR = "—"


def _split(text: str) -> list[str]:
    return [part for part in _LIST_SEPARATORS.split(text) if part]


def _region_of(code: str) -> str:
    return REGIONS[DEPARTEMENTS[code].region_code]


class CapabilityProfileForm(ServiceErrorsMixin, forms.Form):
    cpv_codes = forms.CharField(
        label=_("Codes CPV"),
        required=False,
        help_text=_(
            "Un code par ligne ou séparés par des virgules, à n'importe quel niveau : 79822500 pour la "
            "conception graphique, 79800000 pour toute l'impression."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false"}),
    )
    keywords = forms.CharField(
        label=_("Savoir-faire et mots-clés"),
        required=False,
        help_text=_("Ce que vous savez faire, avec les mots des acheteurs : ils servent au rapprochement."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    departements = forms.MultipleChoiceField(
        label=_("Zone d'intervention"),
        required=False,
        help_text=_("Aucun département coché : vous intervenez dans toute la France."),
        widget=forms.CheckboxSelectMultiple,
    )
    annual_turnover = FrenchDecimalField(
        label=_("Chiffre d'affaires annuel (€ HT)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Celui du dernier exercice clos ; les acheteurs peuvent exiger un minimum."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    headcount = forms.IntegerField(label=_("Effectif"), required=False, min_value=0)
    certifications = forms.CharField(
        label=_("Certifications et labels"),
        required=False,
        help_text=_("Séparés par des virgules, par exemple : Qualiopi, ISO 14001."),
    )
    is_insertion = forms.BooleanField(
        label=_("Structure d'insertion par l'activité économique (SIAE)"), required=False
    )
    is_disability = forms.BooleanField(label=_("Entreprise adaptée ou ESAT"), required=False)

    def __init__(self, data=None, *, profile: CapabilityProfile | None = None):
        super().__init__(data, initial=self._initial(profile) if profile else None)
        codes = sorted(DEPARTEMENTS, key=lambda code: (_region_of(code), code))
        self.fields["departements"].choices = [(code, f"{code} {DEPARTEMENTS[code].name}") for code in codes]

    @staticmethod
    def _initial(profile: CapabilityProfile) -> dict:
        codes = cpv_codes_labelled(profile.cpv_codes)
        return {
            "cpv_codes": "\n".join(f"{item.code} {_LABEL_SEPARATOR} {item.label}" for item in codes),
            "keywords": profile.keywords,
            "departements": profile.departements,
            "annual_turnover": profile.annual_turnover,
            "headcount": profile.headcount,
            "certifications": ", ".join(profile.certifications),
            "is_insertion": profile.is_insertion,
            "is_disability": profile.is_disability,
        }

    def clean_cpv_codes(self) -> list[str]:
        lines = self.cleaned_data["cpv_codes"].splitlines()
        return [code for line in lines for code in _split(line.split(_LABEL_SEPARATOR)[0])]

    def clean_certifications(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["certifications"].split(",") if name.strip()]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        lists = ("cpv_codes", "departements", "certifications")
        return {
            "fields": {name: value for name, value in data.items() if name not in lists},
            **{name: data[name] for name in lists},
        }

    def departement_groups(self) -> list[tuple[str, list]]:
        """The département checkboxes, one group per région."""
        options = self["departements"].subwidgets
        by_region = itertools.groupby(options, key=lambda option: _region_of(option.data["value"]))
        return [(region, list(group)) for region, group in by_region]


def with_code_added(data, code: str):
    """The posted profile with one more CPV code: a suggestion's button adds it to what is being typed."""
    data = data.copy()
    data["cpv_codes"] = f"{data.get('cpv_codes', '').rstrip()}\n{code}".strip()
    return data


class DecpSearchForm(forms.Form):
    decp = forms.CharField(
        label=_("Rechercher le marché parmi les données essentielles (DECP)"),
        required=False,
        max_length=200,
        help_text=_("Des mots de l'objet ou le nom de l'acheteur, ou l'identifiant du marché."),
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )


class ReferenceForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Objet du marché"),
        required=False,
        max_length=500,
        help_text=_("Laissez vide pour reprendre celui du marché choisi parmi les données essentielles."),
    )
    buyer_name = forms.CharField(label=_("Acheteur"), required=False, max_length=300)
    year = forms.IntegerField(label=_("Année"), required=False)
    amount = FrenchDecimalField(
        label=_("Montant (€ HT)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notice = forms.TypedChoiceField(
        label=_("Donnée essentielle (DECP) correspondante"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *, contracts: list[Notice], reference=None):
        initial = None
        if reference is not None:
            initial = {name: getattr(reference, name) for name in ("title", "buyer_name", "year", "amount")}
            initial["notice"] = reference.notice_id
        super().__init__(data, initial=initial)
        self.fields["notice"].choices = [
            ("", _("Aucune")),
            *((item.pk, _contract_label(item)) for item in contracts),
        ]

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        return {"notice_id": data.pop("notice"), "fields": data}


def _contract_label(notice: Notice) -> str:
    parts = [notice.title, notice.buyer_name, str(notice.published_on.year) if notice.published_on else ""]
    return " — ".join(part for part in parts if part) + f" ({notice.official_id})"


class OrganisationChoiceForm(forms.Form):
    """The coordination looks at any member's opportunities."""

    organisation = forms.ModelChoiceField(
        label=_("Structure"), queryset=Organisation.objects.none(), empty_label=_("Choisissez une structure")
    )

    def __init__(self, *, cluster, initial: dict):
        super().__init__(initial=initial)
        self.fields["organisation"].queryset = Organisation.objects.for_cluster(cluster).for_directory()
