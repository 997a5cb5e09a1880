"""Forms of the directory pages. They check what a member typed and hand clean values to a service, which
checks the whole record again and saves it; a service's refusal comes back onto the fields it names."""

import itertools
import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coursive.accounts.models import Cluster
from coursive.core import forms as core_forms
from coursive.directory.access import MEMBERSHIP_STATUS_FIELDS

from .models import LegalForm, MembershipStatus, NafCode, Organisation, Person, Skill
from .selectors import DirectoryFilters
from .validators import normalise_siret, validate_naf_format, validate_postcode, validate_rna, validate_siret

DEFAULT_PER_PAGE = 24
MAX_PER_PAGE = 100
TAG_MAX_LENGTH = 60
_NAF_WITHOUT_DOT = re.compile(r"^\d{4}[A-Z]$")


class DirectoryFilterForm(forms.Form):
    """The search box and filters of the directory; a value no longer offered is dropped, not refused."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200, widget=forms.SearchInput)
    skill = forms.ChoiceField(label=_("Compétence"), required=False)
    naf = forms.ChoiceField(label=_("Activité (code NAF)"), required=False)
    legal_form = forms.ChoiceField(
        label=_("Forme juridique"), required=False, choices=[("", _("Toutes")), *LegalForm.choices]
    )
    departement = forms.ChoiceField(label=_("Département"), required=False)
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Membres et partenaires")), *MembershipStatus.choices],
    )
    per_page = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, facets: Mapping[str, list[tuple[str, str]]]):
        """`facets` may be lazy: the choices are only read to render a field or check a value picked in it."""
        super().__init__(data)
        self.fields["skill"].choices = lambda: [("", _("Toutes")), *facets["skills"]]
        self.fields["naf"].choices = lambda: [("", _("Toutes")), *facets["naf_codes"]]
        self.fields["departement"].choices = lambda: [("", _("Tous")), *facets["departements"]]
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})

    def clean_per_page(self) -> int:
        return min(max(self.cleaned_data["per_page"] or DEFAULT_PER_PAGE, 1), MAX_PER_PAGE)

    def filters(self) -> DirectoryFilters:
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            query=data.get("q", ""),
            skill=data.get("skill", ""),
            naf=data.get("naf", ""),
            legal_form=data.get("legal_form", ""),
            departement=data.get("departement", ""),
            status=data.get("status", ""),
        )

    def page_size(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("per_page") or DEFAULT_PER_PAGE


class ServiceForm(core_forms.ServiceForm):
    """A plain form whose fields mirror some of a model's. It never saves: `service_arguments()` hands its
    clean values to a service, and `add_service_error()` shows the service's refusal."""

    model: type
    widgets: dict = {}

    def __init__(self, data=None, *, instance=None, model_fields: tuple[str, ...]):
        self.model_fields = model_fields
        super().__init__(data, initial=self.initial_from(instance) if instance is not None else None)
        self.fields.update(forms.fields_for_model(self.model, fields=model_fields, widgets=self.widgets))

    def initial_from(self, instance) -> dict:
        return {name: getattr(instance, name) for name in self.model_fields}

    def service_arguments(self) -> dict:
        return {"fields": {name: self.cleaned_data[name] for name in self.model_fields}}


class SkillsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Skill.objects.order_by("family", "name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            **kwargs,
        )


ORGANISATION_FIELDSETS = (
    (
        _("Identité"),
        (
            "legal_name",
            "trade_name",
            "siret",
            "legal_form",
            "rna_number",
            "naf",
            "ess_status",
            "esus_approved",
            "esus_valid_until",
        ),
    ),
    (_("Adresse"), ("street", "postcode", "commune")),
    (_("Taille"), ("headcount_band", "turnover_band")),
    (_("Contact"), ("website", "email", "phone")),
    (_("Présentation"), ("description", "tags")),
    (_("Statut dans le pôle"), ("membership_status", "member_since", "member_until")),
)
STATUS_FIELDS = MEMBERSHIP_STATUS_FIELDS
ORGANISATION_MODEL_FIELDS = tuple(
    name
    for _legend, names in ORGANISATION_FIELDSETS
    for name in names
    if name not in {"siret", "naf", "tags", *STATUS_FIELDS}
)


class OrganisationForm(ServiceForm):
    model = Organisation
    widgets = {
        "esus_valid_until": core_forms.DateInput(),
        "member_since": core_forms.DateInput(),
        "member_until": core_forms.DateInput(),
        "legal_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
        "postcode": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        "commune": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        "website": forms.URLInput(attrs={"autocomplete": "url"}),
    }

    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("Les 14 chiffres de l'établissement, espaces acceptés."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    naf = forms.CharField(
        label=_("Code NAF (APE)"),
        max_length=8,
        help_text=_("Le code de votre avis de situation SIRENE, par exemple 90.01Z."),
        widget=forms.TextInput(attrs={"list": "naf-codes", "autocomplete": "off"}),
    )
    skills = SkillsField(label=_("Compétences"))
    tags = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        help_text=_("Séparés par des virgules, par exemple : jeune public, plein air."),
    )

    def __init__(self, data=None, *, instance=None, can_set_status: bool):
        """Only the coordination sets a membership status and its dates: a member cannot admit itself."""
        status_fields = STATUS_FIELDS if can_set_status else ()
        super().__init__(data, instance=instance, model_fields=ORGANISATION_MODEL_FIELDS + status_fields)
        self.fields["postcode"].validators.append(validate_postcode)
        self.fields["rna_number"].validators.append(validate_rna)
        self.order_fields(name for _legend, names in ORGANISATION_FIELDSETS for name in names)

    def initial_from(self, instance) -> dict:
        initial = {name: getattr(instance, name) for name in (*ORGANISATION_MODEL_FIELDS, *STATUS_FIELDS)}
        return initial | {
            "siret": instance.siret,
            "naf": instance.naf_id,
            "skills": [skill.pk for skill in instance.skills.all()],
            "tags": ", ".join(tag.name for tag in instance.tags.all()),
        }

    def clean_siret(self) -> str:
        siret = normalise_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_naf(self) -> str:
        code = self.cleaned_data["naf"].strip().upper()
        if _NAF_WITHOUT_DOT.match(code):
            code = f"{code[:2]}.{code[2:]}"
        validate_naf_format(code)
        if not NafCode.objects.filter(code=code).exists():
            raise ValidationError(_("Ce code NAF n'existe pas dans la nomenclature NAF rév. 2."))
        return code

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _("Un mot-clé compte au plus %(max)d caractères : « %(tag)s » est trop long."),
                params={"max": TAG_MAX_LENGTH, "tag": too_long[0]},
            )
        return names

    def service_arguments(self) -> dict:
        fields = super().service_arguments()["fields"]
        fields |= {"siret": self.cleaned_data["siret"], "naf_id": self.cleaned_data["naf"]}
        return {
            "fields": fields,
            "skills": list(self.cleaned_data["skills"]),
            "tag_names": self.cleaned_data["tags"],
        }

    def fieldsets(self) -> list[tuple[str, list]]:
        """The form's fields in labelled groups, skills aside: they have their own grouped layout."""
        groups = [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in ORGANISATION_FIELDSETS
        ]
        return [(legend, fields) for legend, fields in groups if fields]

    def skill_groups(self) -> list[tuple[str, list]]:
        """The skill checkboxes, one group per family of the shared vocabulary."""
        options = self["skills"].subwidgets
        by_family = itertools.groupby(options, key=lambda option: option.data["value"].instance.family)
        return [(family, list(group)) for family, group in by_family]

    def naf_codes(self):
        return NafCode.objects.values_list("code", "label")


class PersonForm(ServiceForm):
    model = Person
    widgets = {
        "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    }
    field_order = ("first_name", "last_name", "job_title", "email", "phone", "is_public_contact")

    def __init__(self, data=None, *, instance=None):
        super().__init__(data, instance=instance, model_fields=self.field_order)
        self.order_fields(self.field_order)
        self.fields["is_public_contact"].help_text = _(
            "Ses coordonnées sont alors visibles des acheteurs et des habitants du pôle."
        )


class ClusterForm(ServiceForm):
    model = Cluster
    widgets = {
        "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        "charter": forms.Textarea(attrs={"rows": 10}),
    }
    field_order = (
        "name",
        "model",
        "territory",
        "charter",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
    )

    def __init__(self, data=None, *, instance=None):
        super().__init__(data, instance=instance, model_fields=self.field_order)
        self.order_fields(self.field_order)
