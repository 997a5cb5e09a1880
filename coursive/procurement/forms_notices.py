"""The search form of the notice list. It reads the query string into filters, then, once the facets are
counted, shows each choice with how many notices it gives. A value that is not offered is dropped, not
refused: a stale link still shows notices."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core import geo
from coursive.core.money import format_euros

from .models import CONTRACT_TYPE_CHOICES, SOURCE_CHOICES, NoticeStatus
from .notice_selectors import (
    KIND_GROUP_LABELS,
    RESERVED_LABELS,
    SORT_OPEN_FIRST,
    SORT_RECENT,
    VALUE_THRESHOLDS,
    FacetOption,
    NoticeFilters,
)

_DIVISION = re.compile(r"[0-9]{2}")
# Filled from the facets once counted, so their choices are not known when the query string is read.
DYNAMIC_FACETS = ("division", "departement", "procedure")


def _select(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select)


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200, widget=forms.SearchInput)
    kind = forms.ChoiceField(
        label=_("Type d'avis"), required=False, choices=[("", _("Tous")), *KIND_GROUP_LABELS.items()]
    )
    status = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous")), *NoticeStatus.choices]
    )
    contract_type = forms.ChoiceField(
        label=_("Type de marché"), required=False, choices=[("", _("Tous")), *CONTRACT_TYPE_CHOICES]
    )
    division = _select(_("Domaine (division CPV)"))
    departement = _select(_("Département d'exécution"))
    procedure = _select(_("Procédure"))
    reserved = forms.ChoiceField(
        label=_("Marché réservé"), required=False, choices=[("", _("Tous")), *RESERVED_LABELS.items()]
    )
    social_clause = forms.BooleanField(label=_("Avec clause sociale"), required=False)
    min_value = forms.TypedChoiceField(
        label=_("Montant minimal"),
        help_text=_("Valeur estimée ou, pour un marché attribué, montant attribué (HT)."),
        required=False,
        coerce=Decimal,
        empty_value=None,
        choices=[("", _("Tous")), *((str(amount), str(amount)) for amount in VALUE_THRESHOLDS)],
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Toutes")), *SOURCE_CHOICES]
    )
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            (SORT_OPEN_FIRST, _("Appels ouverts d'abord")),
            (SORT_RECENT, _("Publication la plus récente")),
        ],
    )

    def __init__(self, data):
        super().__init__(data)
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})

    def clean_division(self) -> str:
        division = self.cleaned_data["division"]
        return division if _DIVISION.fullmatch(division) else ""

    def clean_departement(self) -> str:
        departement = self.cleaned_data["departement"]
        return departement if departement in geo.DEPARTEMENTS else ""

    def filters(self) -> NoticeFilters:
        self.is_valid()
        data = self.cleaned_data
        return NoticeFilters(
            query=data.get("q", ""),
            kind=data.get("kind", ""),
            status=data.get("status", ""),
            contract_type=data.get("contract_type", ""),
            division=data.get("division", ""),
            departement=data.get("departement", ""),
            procedure=data.get("procedure", ""),
            reserved=data.get("reserved", ""),
            social_clause=data.get("social_clause", False),
            min_value=data.get("min_value"),
            source=data.get("source", ""),
            sort=data.get("sort", SORT_OPEN_FIRST),
        )

    def show_counts(self, facets: dict[str, list[FacetOption]]) -> None:
        """Writes each facet's counts into its choices; a dynamic facet offers only the values some notice
        has, and the one chosen."""
        for name, options in facets.items():
            field = self.fields[name]
            if name == "social_clause":
                # The bound field took its label when the form was validated.
                self[name].label = f"{field.label} ({options[0].count})"
                continue
            labels = {option.value: self._label(name, option) for option in options}
            if name in DYNAMIC_FACETS:
                field.widget.choices = [("", _("Tous")), *self._with_chosen(name, labels).items()]
            else:
                field.choices = [(value, labels.get(value, label)) for value, label in field.choices]

    def _label(self, name: str, option: FacetOption) -> str:
        label = (
            _("%(amount)s et plus") % {"amount": format_euros(option.value, 0)}
            if name == "min_value"
            else option.label
        )
        return f"{label} ({option.count})"

    def _with_chosen(self, name: str, labels: dict[str, str]) -> dict[str, str]:
        chosen = self.cleaned_data.get(name, "")
        return labels if not chosen or chosen in labels else {chosen: f"{chosen} (0)", **labels}
