"""Account pages (login, passwords, profile, API tokens, personal data) and the cluster's member pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.directory.services import erasure_request_handle, personal_data_export

from . import services
from .access import (
    access_erasure_request,
    access_membership,
    cluster_view,
    require_can_grant,
    require_coordinator,
    require_member_manager,
)
from .forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    ErasureDecisionForm,
    ErasureRequestForm,
    InvitationAwarePasswordResetForm,
    MemberInviteForm,
    MemberRoleForm,
    ProfileForm,
    RoleFilterForm,
)
from .models import Role
from .selectors import (
    api_tokens_of_user,
    cluster_members,
    erasure_request_latest,
    erasure_requests_pending,
    memberships_of_user,
)

ACCOUNT = {"nav_section": "account"}
MEMBERS = {"nav_section": "members"}

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
    extra_context=ACCOUNT,
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html", extra_context=ACCOUNT
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    form_class=InvitationAwarePasswordResetForm,
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link came to the account's mailbox, so its owner is the one typing: the login lock set off by
        # failed attempts (perhaps someone else's) no longer protects anything.
        services.login_lock_lift(user=form.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def _render_profile(request, **overrides):
    """The profile page; a view handling one of its forms passes that form, bound, to show its errors."""
    user = request.user
    context = {
        **ACCOUNT,
        "memberships": memberships_of_user(user=user),
        "tokens": api_tokens_of_user(user=user),
        "erasure_request": erasure_request_latest(user=user),
        "profile_form": ProfileForm(initial={"full_name": user.full_name, "email": user.email}),
        "token_form": ApiTokenForm(),
        "erasure_form": ErasureRequestForm(),
        **overrides,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_GET
def profile(request):
    return _render_profile(request)


@login_required
@require_POST
def profile_update(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.user_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vos informations ont été enregistrées."))
            return redirect("accounts:profile")
    return _render_profile(request, profile_form=form)


@never_cache
@login_required
@require_POST
def token_create(request):
    """Shows the clear value in this response only: it is stored nowhere, not even in the session."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, token_form=form)
    token, raw = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
    return _render_profile(request, new_token=token, new_token_value=raw)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    services.api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("Le jeton a été révoqué : il ne donne plus accès à l'API."))
    return redirect("accounts:profile")


@never_cache
@login_required
@require_GET
def personal_data_download(request):
    response = JsonResponse(
        personal_data_export(user=request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-coursive.json"'
    return response


@login_required
@require_POST
def erasure_request_create(request):
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, erasure_form=form)
    services.erasure_request_create(user=request.user, reason=form.cleaned_data["reason"])
    messages.success(
        request, _("Votre demande d'effacement a été transmise : elle sera traitée sous un mois.")
    )
    return redirect("accounts:profile")


@cluster_view
@require_GET
def members_list(request, membership):
    require_member_manager(membership)
    filters = RoleFilterForm(request.GET)
    role = filters.cleaned_data["role"] if filters.is_valid() else ""
    own_only = None if membership.role == Role.COORDINATOR else membership.organisation
    members = cluster_members(cluster=membership.cluster, role=role, organisation=own_only)
    context = {**MEMBERS, "members": members, "filters": filters}
    return render(request, "accounts/members/list.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def member_invite(request, membership):
    require_member_manager(membership)
    form = MemberInviteForm(request.POST or None, manager=membership)
    if request.method == "POST" and form.is_valid() and _invite(request, membership, form):
        messages.success(request, _("Le rôle a été donné et la personne prévenue par e-mail."))
        return redirect("members:list", cluster_slug=membership.cluster.slug)
    return render(request, "accounts/members/invite.html", {**MEMBERS, "form": form})


def _invite(request, membership, form) -> bool:
    data = form.cleaned_data
    require_can_grant(membership, data["role"], data["organisation"])
    try:
        services.member_invite(
            cluster=membership.cluster,
            invited_by=request.user,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            **data,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@cluster_view
@require_http_methods(["GET", "POST"])
def member_edit(request, membership, membership_id: int):
    require_coordinator(membership)
    target = access_membership(membership, membership_id)
    initial = {"role": target.role, "organisation": target.organisation_id}
    form = MemberRoleForm(request.POST or None, initial=initial, cluster=membership.cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_role_change(membership=target, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le rôle de %(name)s a été modifié.") % {"name": target.user})
            return redirect("members:list", cluster_slug=membership.cluster.slug)
    context = {**MEMBERS, "form": form, "target": target}
    return render(request, "accounts/members/edit.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def member_revoke(request, membership, membership_id: int):
    target = access_membership(membership, membership_id)
    if request.method == "POST":
        try:
            services.member_revoke(membership=target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s n'a plus de rôle dans le pôle.") % {"name": target.user})
        return redirect("members:list", cluster_slug=membership.cluster.slug)
    return render(request, "accounts/members/revoke.html", {**MEMBERS, "target": target})


@cluster_view
@require_GET
def erasure_requests(request, membership):
    require_coordinator(membership)
    pending = erasure_requests_pending(cluster=membership.cluster)
    return render(request, "accounts/members/erasure_list.html", {**MEMBERS, "requests": pending})


@cluster_view
@require_http_methods(["GET", "POST"])
def erasure_request_decide(request, membership, request_id: int):
    erasure_request = access_erasure_request(membership, request_id)
    form = ErasureDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _erasure_decided(request, form, erasure_request):
        done = (
            _("Les données de la personne ont été effacées.")
            if form.approved
            else _("La demande a été refusée.")
        )
        messages.success(request, done)
        return redirect("members:erasure_requests", cluster_slug=membership.cluster.slug)
    context = {**MEMBERS, "form": form, "erasure_request": erasure_request}
    return render(request, "accounts/members/erasure_decide.html", context)


def _erasure_decided(request, form, erasure_request) -> bool:
    """Applies the decision; a refusal by the rules (the last coordinator, say) goes back onto the form."""
    try:
        erasure_request_handle(
            erasure_request=erasure_request,
            by=request.user,
            approve=form.approved,
            answer=form.cleaned_data["answer"].strip(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
