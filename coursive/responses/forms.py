"""Forms of the workspace. They read what the team typed; the services check it again and apply the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from coursive.core.forms import DateInput, FrenchDecimalField
from coursive.directory.models import Organisation

from .models import GroupementForm, ParticipantRole, ResponseStatus


class EurosField(FrenchDecimalField):
    """An amount as French people write it: « 120 000 » or « 1 500,50 »."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, min_value=0, **kwargs)


class OrganisationChoiceField(forms.ModelChoiceField):
    """Lists organisations of partner clusters with their cluster's name, so nobody picks the wrong one."""

    def __init__(self, *, home_cluster_id: int, **kwargs):
        self.home_cluster_id = home_cluster_id
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        if obj.cluster_id == self.home_cluster_id:
            return f"{obj.display_name} ({obj.commune})"
        return f"{obj.display_name} ({obj.commune}) — {obj.cluster.name}"


class InviteForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[
            (ParticipantRole.COTRAITANT, ParticipantRole.COTRAITANT.label),
            (ParticipantRole.SOUS_TRAITANT, ParticipantRole.SOUS_TRAITANT.label),
        ],
    )

    def __init__(self, *args, organisations, home_cluster_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "organisation": OrganisationChoiceField(
                label=_("Structure à inviter"), queryset=organisations, home_cluster_id=home_cluster_id
            ),
            **self.fields,
        }


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("decline", _("Décliner"))])
    reason = forms.CharField(label=_("Motif du refus"), required=False, max_length=2000)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=ParticipantRole.choices)


class GroupementFormForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Forme du groupement"),
        choices=[("", _("Pas encore choisie")), *GroupementForm.choices],
        required=False,
    )
    uses_dume = forms.BooleanField(
        label=_("Candidature par DUME (remplace le DC1 et les DC2)"), required=False
    )


class ShareForm(forms.Form):
    work = forms.CharField(label=_("Prestations exécutées"), required=False, max_length=2000)
    amount = EurosField(label=_("Prix HT (€)"), required=False)

    def __init__(self, *args, participants, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"] = forms.ModelChoiceField(label=_("Membre"), queryset=participants)
        self.fields["lot"] = forms.ModelChoiceField(label=_("Lot"), queryset=lots, required=False)


class ChecklistAddForm(forms.Form):
    label = forms.CharField(label=_("Pièce à produire"), max_length=300)
    due_on = forms.DateField(label=_("À rendre le"), required=False, widget=DateInput())

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = forms.ModelChoiceField(
            label=_("Responsable"), queryset=participants, required=False
        )


class ChecklistUpdateForm(ChecklistAddForm):
    label = None
    done = forms.BooleanField(label=_("Fait"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Étape"), choices=ResponseStatus.choices)
    awarded_amount = EurosField(label=_("Montant attribué HT (€)"), required=False)
    outcome_on = forms.DateField(label=_("Résultat connu le"), required=False, widget=DateInput())
    outcome_notes = forms.CharField(
        label=_("Motifs du résultat"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes de l'équipe"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


VAT_CHOICES = [
    ("20.00", _("20 %")),
    ("10.00", _("10 %")),
    ("5.50", _("5,5 %")),
    ("2.10", _("2,1 %")),
    ("0.00", _("0 % (franchise en base ou exonération)")),
]


class SubcontractorForm(forms.Form):
    """The fields of a DC4 the records cannot know. The amount has no floor here: the service refuses a
    nil or negative amount with its own message."""

    name = forms.CharField(label=_("Dénomination du sous-traitant"), max_length=200)
    siret = forms.CharField(label=_("SIRET"), max_length=20)
    address = forms.CharField(label=_("Adresse"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    work = forms.CharField(
        label=_("Prestations sous-traitées"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount_excl_vat = FrenchDecimalField(label=_("Montant HT (€)"), max_digits=14, decimal_places=2)
    vat_rate = forms.TypedChoiceField(
        label=_("Taux de TVA"), choices=VAT_CHOICES, coerce=Decimal, initial="20.00"
    )
    accepted_at_bid = forms.BooleanField(
        label=_("Présenté dans l'offre (acceptation demandée dès le dépôt)"), required=False, initial=True
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"] = forms.ModelChoiceField(label=_("Lot"), queryset=lots, required=False)
