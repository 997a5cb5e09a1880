"""Input forms of the account and member pages. They only check input; the services do the writing."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from coursive.directory.models import MembershipStatus, Organisation

from .models import Membership, Role, User


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail. AuthenticationForm passes the request to authenticate(), which django-axes needs to
    count failures per address."""

    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect."),
    }

    def clean_username(self) -> str:
        # Accounts store their e-mail in lower case; people type it as they like.
        return self.cleaned_data["username"].strip().lower()


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Also answers people invited by a coordinator who lost the e-mail before choosing a password: their
    account has no usable password yet, which Django's form takes for a disabled account. Disabled and
    anonymised accounts are inactive, so they still get nothing."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Nom complet"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Elle sert à vous connecter et à recevoir les e-mails de Coursive."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous rappeler son usage, par exemple « Tableur de suivi »."),
    )


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _organisation_field(queryset) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Structure"),
        queryset=queryset,
        required=False,
        empty_label=_("— Aucune —"),
        help_text=_("Obligatoire pour les administrateurs et salariés d'une structure membre."),
    )


def _cluster_organisations(cluster):
    return Organisation.objects.for_cluster(cluster).exclude(membership_status=MembershipStatus.FORMER)


class MemberInviteForm(forms.Form):
    """A coordinator may give any role; a member admin only the staff role of their own organisation."""

    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(
        label=_("Nom complet"),
        max_length=150,
        help_text=_("Utilisé seulement si la personne n'a pas encore de compte."),
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)

    def __init__(self, *args, manager: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        if manager.role == Role.COORDINATOR:
            self.fields["organisation"] = _organisation_field(_cluster_organisations(manager.cluster))
            return
        self.fields["role"].choices = [(Role.MEMBER_STAFF.value, Role.MEMBER_STAFF.label)]
        own = Organisation.objects.filter(pk=manager.organisation_id)
        self.fields["organisation"] = _organisation_field(own)
        self.fields["organisation"].empty_label = None
        self.fields["organisation"].initial = manager.organisation_id


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(_cluster_organisations(cluster))


class RoleFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"), choices=[("", _("Tous les rôles")), *Role.choices], required=False
    )


class ErasureDecisionForm(forms.Form):
    APPROVE = "approve"
    REFUSE = "refuse"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Effacer")), (REFUSE, _("Refuser"))])
    answer = forms.CharField(
        label=_("Réponse à la personne"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obligatoire en cas de refus : indiquez-en la raison (par exemple une obligation légale)."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REFUSE and not cleaned.get("answer", "").strip():
            self.add_error("answer", _("Expliquez à la personne pourquoi sa demande est refusée."))
        return cleaned

    @property
    def approved(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
