"""The saved-search form. It splits what a member typed into lists and hands them to the service, which
checks every value (CPV codes against the nomenclature, départements, amounts) and names the fields at fault."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import ServiceErrorsMixin

from .models import Procedure, SavedSearch

_SEPARATORS = re.compile(r"[\s,;]+")


def _split(text: str) -> list[str]:
    return [item for item in _SEPARATORS.split(text or "") if item]


class SavedSearchForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom de la recherche"),
        max_length=120,
        help_text=_("Pour la reconnaître dans les alertes, par exemple : Communication des collectivités."),
    )
    cpv_codes = forms.CharField(
        label=_("Codes CPV"),
        required=False,
        help_text=_(
            "Séparés par des virgules. Un code vaut pour tous ceux qui sont en dessous : 79800000 couvre "
            "les services d'impression et tous leurs codes en 798."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    keywords = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=300,
        help_text=_("Tous les mots doivent figurer dans l'avis ; les accents et le pluriel ne comptent pas."),
    )
    departements = forms.CharField(
        label=_("Départements"),
        required=False,
        help_text=_("Codes séparés par des virgules, par exemple : 21, 71, 2A. Vide : toute la France."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    min_value = forms.DecimalField(
        label=_("Valeur estimée minimale (€ HT)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Les avis qui n'indiquent pas de valeur sont toujours signalés."),
    )
    procedures = forms.MultipleChoiceField(
        label=_("Procédures"),
        required=False,
        choices=Procedure.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune cochée : toutes les procédures."),
    )
    include_awarded = forms.BooleanField(
        label=_("Signaler aussi les marchés attribués du dernier mois"), required=False
    )
    is_active = forms.BooleanField(label=_("Recherche active"), required=False, initial=True)

    def __init__(self, data=None, *, instance: SavedSearch | None = None):
        super().__init__(data, initial=self._initial_from(instance) if instance else None)

    @staticmethod
    def _initial_from(saved_search: SavedSearch) -> dict:
        return {
            "name": saved_search.name,
            "cpv_codes": ", ".join(saved_search.cpv_codes),
            "keywords": saved_search.keywords,
            "departements": ", ".join(saved_search.departements),
            "min_value": saved_search.min_value,
            "procedures": saved_search.procedures,
            "include_awarded": saved_search.include_awarded,
            "is_active": saved_search.is_active,
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name] for name in ("name", "keywords", "min_value", "include_awarded", "is_active")
        }
        fields |= {
            "cpv_codes": _split(data["cpv_codes"]),
            "departements": _split(data["departements"]),
            "procedures": data["procedures"],
        }
        return {"fields": fields}
