"""Forms of the premises pages. They read and clean input; the rules live in the services."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coursive.accounts.models import Membership
from coursive.core.forms import DateInput, ServiceErrorsMixin
from coursive.directory.models import Organisation

from .availability import PARTS_OF_DAY
from .calendar import WeeklySpan, format_weekly_hours, parse_weekly_hours
from .models import Feature, HygieneLog, Qualification, Resource

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 300}, format="%Y-%m-%dT%H:%M")
PART_LABELS = {
    "morning": gettext_lazy("Matin (8 h - 12 h 30)"),
    "afternoon": gettext_lazy("Après-midi (13 h 30 - 18 h)"),
    "evening": gettext_lazy("Soirée (18 h - 22 h)"),
    "day": gettext_lazy("Toute la journée"),
}
DURATIONS = [
    (30, gettext_lazy("30 minutes")),
    (60, gettext_lazy("1 heure")),
    (120, gettext_lazy("2 heures")),
    (180, gettext_lazy("3 heures")),
    (240, gettext_lazy("4 heures")),
    (480, gettext_lazy("8 heures")),
]


class SlotForm(ServiceErrorsMixin, forms.Form):
    starts_at = forms.DateTimeField(label=gettext_lazy("Début"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=gettext_lazy("Fin"), widget=DATETIME_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise ValidationError(_("La fin doit être postérieure au début."))
        return data


class BookingForm(SlotForm):
    title = forms.CharField(label=gettext_lazy("Objet"), max_length=200, required=False)
    attendees = forms.IntegerField(label=gettext_lazy("Participants"), min_value=1, initial=1)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.is_coordinator:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=gettext_lazy("Pour la structure"),
                queryset=Organisation.objects.for_cluster(membership.cluster).order_by("legal_name"),
                required=False,
                help_text=gettext_lazy("Vide : usage du pôle, sans frais, ou client extérieur ci-dessous."),
            )
            self.fields["customer_name"] = forms.CharField(
                label=gettext_lazy("Client extérieur"), max_length=200, required=False
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {name: data[name] for name in ("starts_at", "ends_at", "title", "attendees")}
        if "organisation" in self.fields:
            arguments |= {"organisation": data["organisation"], "customer_name": data["customer_name"]}
        return arguments


def _dates(text: str) -> list[date]:
    try:
        return [
            date.fromisoformat(part.strip()) for part in text.replace(";", ",").split(",") if part.strip()
        ]
    except ValueError as error:
        raise ValidationError(
            _("Dates exclues : écrivez-les au format AAAA-MM-JJ, séparées par des virgules.")
        ) from error


class RecurringBookingForm(BookingForm):
    rule = forms.CharField(
        label=gettext_lazy("Règle de récurrence (RFC 5545)"),
        max_length=500,
        help_text=gettext_lazy(
            "Par exemple FREQ=WEEKLY;BYDAY=TU;COUNT=10 (dix mardis) ou FREQ=WEEKLY;INTERVAL=2;UNTIL=20270630 "
            "(un mardi sur deux jusqu'au 30 juin). La première date est celle du début ci-dessus."
        ),
    )
    exdates = forms.CharField(
        label=gettext_lazy("Dates exclues"),
        required=False,
        help_text=gettext_lazy("Jours sans réunion, au format AAAA-MM-JJ, séparés par des virgules."),
    )

    def clean_exdates(self):
        return _dates(self.cleaned_data["exdates"])

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments.pop("customer_name", None)
        return arguments | {"rule": self.cleaned_data["rule"], "exdates": self.cleaned_data["exdates"]}


class SearchForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Jour"), widget=DateInput)
    part = forms.ChoiceField(
        label=gettext_lazy("Moment"),
        choices=[(key, PART_LABELS[key]) for key in PARTS_OF_DAY],
        initial="afternoon",
    )
    capacity = forms.IntegerField(label=gettext_lazy("Nombre de personnes"), min_value=1, initial=1)
    duration = forms.TypedChoiceField(
        label=gettext_lazy("Durée souhaitée"), choices=DURATIONS, coerce=int, initial=60
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    features = forms.MultipleChoiceField(
        label=gettext_lazy("Avec"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tous")), *Resource.Kind.choices]
        self.fields["features"].choices = list(
            Feature.objects.for_cluster(cluster).values_list("slug", "name")
        )

    def duration_delta(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["duration"])


class MaintenanceForm(SlotForm):
    title = forms.CharField(label=gettext_lazy("Intervention"), max_length=200)


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Motif (envoyé au demandeur)"), max_length=300, required=False)


class HygieneLogForm(forms.ModelForm):
    class Meta:
        model = HygieneLog
        fields = [
            "surfaces_cleaned",
            "equipment_cleaned",
            "floor_cleaned",
            "bins_emptied",
            "fridge_emptied",
            "fridge_temperature",
            "freezer_temperature",
            "remarks",
        ]

    def clean_fridge_temperature(self):
        value = self.cleaned_data["fridge_temperature"]
        if not -5 <= value <= 25:
            raise ValidationError(_("Une température de réfrigérateur se relève entre -5 et 25 °C."))
        return value


class GrantForm(ServiceErrorsMixin, forms.Form):
    qualification = forms.ModelChoiceField(
        label=gettext_lazy("Habilitation"), queryset=Qualification.objects.none()
    )
    membership = forms.ModelChoiceField(label=gettext_lazy("Personne"), queryset=Membership.objects.none())
    valid_until = forms.DateField(label=gettext_lazy("Valable jusqu'au"), required=False, widget=DateInput)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = Qualification.objects.for_cluster(cluster)
        self.fields["membership"].queryset = (
            Membership.objects.filter(cluster=cluster)
            .select_related("user", "organisation")
            .order_by("user__full_name")
        )
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.full_name} — {m.get_role_display()}"
        )


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["name", "description"]


class ResourceForm(forms.ModelForm):
    hours = forms.CharField(
        label=gettext_lazy("Horaires d'ouverture"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Une ligne par groupe de jours, par exemple « lun-ven 08:00-12:30, 13:30-20:00 » et « sam 09:00-13:00 ». "
            "Vide : accessible à toute heure (véhicules, matériel)."
        ),
    )

    class Meta:
        model = Resource
        fields = [
            "kind",
            "name",
            "description",
            "owner_organisation",
            "is_active",
            "capacity",
            "location",
            "postcode",
            "surface_m2",
            "accessibility_notes",
            "included",
            "features",
            "inventory_number",
            "serial_number",
            "value",
            "condition",
            "open_to_member_admins",
            "open_to_member_staff",
            "open_to_residents",
            "open_to_external",
            "required_qualification",
            "closed_on_public_holidays",
            "min_duration_minutes",
            "max_duration_minutes",
            "slot_minutes",
            "horizon_days",
            "lead_time_hours",
            "needs_approval",
            "free_cancellation_hours",
            "late_cancellation_percent",
            "member_hour_price",
            "member_half_day_price",
            "member_day_price",
            "external_hour_price",
            "external_half_day_price",
            "external_day_price",
            "vat_rate",
            "deposit",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "included": forms.Textarea(attrs={"rows": 2}),
            "features": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.for_cluster(cluster)
        self.fields["features"].queryset = Feature.objects.for_cluster(cluster)
        self.fields["required_qualification"].queryset = Qualification.objects.for_cluster(cluster)
        if self.instance.pk:
            self.fields["hours"].initial = format_weekly_hours(
                [_span(h) for h in self.instance.opening_hours.all()]
            )

    def clean_hours(self):
        try:
            return parse_weekly_hours(self.cleaned_data["hours"])
        except ValueError as error:
            raise ValidationError(
                _("Ligne d'horaires illisible : « %(line)s ». Exemple : lun-ven 08:00-20:00.")
                % {"line": error}
            ) from error


def _span(hours) -> WeeklySpan:
    return WeeklySpan(hours.weekday, hours.opens_at, hours.closes_at)


class ClosureForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=gettext_lazy("Ressource"),
        queryset=Resource.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tout le bâtiment"),
    )
    starts_on = forms.DateField(label=gettext_lazy("Du"), widget=DateInput)
    ends_on = forms.DateField(label=gettext_lazy("Au (inclus)"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=200)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.for_cluster(cluster)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(_("La fin de la fermeture doit suivre son début."))
        return data


class CommissionForm(forms.Form):
    rate_percent = forms.DecimalField(
        label=gettext_lazy("Commission (%)"), min_value=0, max_value=100, decimal_places=2, max_digits=5
    )
    valid_from = forms.DateField(label=gettext_lazy("Applicable à partir du"), widget=DateInput)
    note = forms.CharField(label=gettext_lazy("Décision"), max_length=200, required=False)


class PhotoForm(forms.Form):
    image = forms.ImageField(label=gettext_lazy("Photo (JPEG ou PNG, 5 Mo au plus)"))
    caption = forms.CharField(label=gettext_lazy("Légende (texte alternatif)"), max_length=200)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > 5 * 1024 * 1024:
            raise ValidationError(_("Cette photo dépasse 5 Mo."))
        return image
