"""Technical administration of accounts. People manage their own account, and coordinators their cluster's
members, from the product's pages; this admin is for the instance's operators."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coursive.directory.services import erasure_request_handle

from .models import ApiToken, Cluster, ErasureRequest, Membership, User


def _unique_email(value: str, *, instance: User | None) -> str:
    email = value.strip().lower()
    others = User.objects.filter(email__iexact=email)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ValidationError(_("Un compte existe déjà avec cette adresse e-mail."))
    return email


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        return _unique_email(self.cleaned_data["email"], instance=None)


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _unique_email(self.cleaned_data["email"], instance=self.instance)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cluster", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("full_name",)}),
        (
            _("Droits techniques"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "anonymised_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined", "anonymised_at")
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    inlines = [MembershipInline]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "model", "territory", "contact_email")
    list_filter = ("model",)
    search_fields = ("name", "slug", "territory")
    prepopulated_fields = {"slug": ("name",)}


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "cluster", "role", "organisation")

    def clean(self):
        cleaned = super().clean()
        organisation, cluster = cleaned.get("organisation"), cleaned.get("cluster")
        if organisation is not None and cluster is not None and organisation.cluster_id != cluster.pk:
            self.add_error("organisation", _("Cette structure n'appartient pas à ce pôle."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ("user", "cluster", "role", "organisation")
    list_filter = ("cluster", "role")
    search_fields = ("user__email", "user__full_name", "organisation__legal_name")
    autocomplete_fields = ["user", "cluster", "organisation"]
    list_select_related = ("user", "cluster", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners, who alone see the clear value; here they can only be read or deleted."""

    list_display = ("name", "user", "created_at", "last_used_at")
    search_fields = ("name", "user__email")
    readonly_fields = ("user", "name", "key_hash", "created_at", "last_used_at")
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Read-only, so every decision goes through the service that anonymises; refusals, which need an answer
    to the person, are made by the cluster's coordination from its member pages."""

    list_display = ("requester_email", "status", "created_at", "handled_by", "handled_at")
    list_filter = ("status",)
    search_fields = ("requester_email",)
    readonly_fields = (
        "user",
        "requester_email",
        "reason",
        "status",
        "handled_by",
        "handled_at",
        "answer",
        "created_at",
    )
    actions = ["approve"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The requests and their answers are the proof that the person's rights were respected.
        return False

    @admin.action(description=_("Effacer les données des personnes (demandes en attente)"))
    def approve(self, request, queryset):
        pending = queryset.filter(status=ErasureRequest.Status.PENDING)
        count = 0
        for erasure_request in pending:
            erasure_request_handle(erasure_request=erasure_request, by=request.user, approve=True)
            count += 1
        message = ngettext("%(count)d demande traitée.", "%(count)d demandes traitées.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
