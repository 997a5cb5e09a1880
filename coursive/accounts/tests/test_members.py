import html
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from coursive.accounts.models import Membership, Role, User
from coursive.accounts.services import member_invite
from coursive.accounts.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une-phrase-de-passe-toute-neuve-2026"


def url(name: str, cluster, **kwargs) -> str:
    return reverse(f"members:{name}", kwargs={"cluster_slug": cluster.slug, **kwargs})


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def membership_of(user, cluster) -> Membership:
    return Membership.objects.get(user=user, cluster=cluster)


def invite(client, cluster, **data):
    fields = {
        "email": "nouvelle@mouette.fr",
        "full_name": "Nina Velle",
        "role": Role.BUYER,
        "organisation": "",
    }
    return client.post(url("invite", cluster), {**fields, **data})


# Who may open the member pages


def test_coordinator_sees_every_membership_of_the_cluster(
    client, cluster, coordinator, member_admin, buyer, stranger
):
    client.force_login(coordinator)

    response = client.get(url("list", cluster))

    assert response.status_code == 200
    assert {member.user for member in response.context["members"]} == {coordinator, member_admin, buyer}
    assert buyer.email in page_text(response)
    assert stranger.email not in page_text(response)


def test_member_list_filters_by_role(client, cluster, coordinator, member_admin, buyer):
    client.force_login(coordinator)

    response = client.get(url("list", cluster), {"role": Role.BUYER})

    assert [member.user for member in response.context["members"]] == [buyer]


def test_member_admin_lists_only_the_people_of_their_organisation(
    client, cluster, member_admin, member_staff, outsider_admin, buyer
):
    client.force_login(member_admin)

    response = client.get(url("list", cluster))

    assert response.status_code == 200
    assert {member.user for member in response.context["members"]} == {member_admin, member_staff}
    assert outsider_admin.email not in page_text(response)


@pytest.mark.parametrize("role_fixture", ["member_staff", "buyer", "resident"])
def test_other_roles_are_refused_the_member_pages(client, cluster, role_fixture, request):
    client.force_login(request.getfixturevalue(role_fixture))

    responses = [client.get(url("list", cluster)), client.get(url("invite", cluster))]

    assert [response.status_code for response in responses] == [403, 403]


def test_member_pages_of_another_cluster_answer_not_found(client, cluster, coordinator, stranger):
    client.force_login(stranger)
    target = membership_of(coordinator, cluster)

    responses = [
        client.get(url("list", cluster)),
        client.get(url("invite", cluster)),
        client.get(url("edit", cluster, membership_id=target.pk)),
        client.post(url("revoke", cluster, membership_id=target.pk)),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert Membership.objects.filter(pk=target.pk).exists()


def test_member_pages_send_anonymous_visitors_to_login(client, cluster, coordinator):
    target = membership_of(coordinator, cluster)

    responses = [
        client.get(url("list", cluster)),
        invite(client, cluster),
        client.post(url("revoke", cluster, membership_id=target.pk)),
    ]

    assert all(response.status_code == 302 for response in responses)
    assert all(response.url.startswith(reverse("accounts:login")) for response in responses)
    assert Membership.objects.filter(pk=target.pk).exists()
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()


# Inviting


def test_invite_creates_the_account_and_role_and_mails_a_link_to_choose_a_password(
    client, cluster, coordinator, own_organisation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, cluster, role=Role.MEMBER_STAFF, organisation=own_organisation.pk)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@mouette.fr")
    assert (user.full_name, user.has_usable_password()) == ("Nina Velle", False)
    membership = membership_of(user, cluster)
    assert (membership.role, membership.organisation) == (Role.MEMBER_STAFF, own_organisation)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@mouette.fr"]
    assert cluster.name in mail.outbox[0].subject
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_invite_of_an_existing_account_adds_the_role_and_mails_a_login_link(
    client, cluster, coordinator, stranger, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, cluster, email=stranger.email.upper(), full_name="Ignoré")

    assert membership_of(stranger, cluster).role == Role.BUYER
    assert User.objects.filter(email__iexact=stranger.email).count() == 1
    stranger.refresh_from_db()
    assert stranger.has_usable_password()
    assert "/compte/connexion/" in mail.outbox[0].body
    assert "mot-de-passe/nouveau" not in mail.outbox[0].body


def test_invite_of_someone_already_in_the_cluster_is_refused_on_the_email(
    client, cluster, coordinator, buyer
):
    client.force_login(coordinator)

    response = invite(client, cluster, email=buyer.email, role=Role.COORDINATOR)

    assert "a déjà un rôle dans ce pôle" in response.context["form"].errors["email"][0]
    assert membership_of(buyer, cluster).role == Role.BUYER
    assert mail.outbox == []


def test_invite_with_a_member_role_but_no_organisation_writes_nothing(
    client, cluster, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, cluster, role=Role.MEMBER_ADMIN, organisation="")

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Ce rôle agit pour une structure membre : choisissez-la."
    ]
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()
    assert mail.outbox == []


def test_invite_with_an_organisation_of_another_cluster_is_refused(
    client, cluster, coordinator, foreign_organisation
):
    client.force_login(coordinator)

    response = invite(client, cluster, role=Role.MEMBER_STAFF, organisation=foreign_organisation.pk)

    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()


def test_invite_service_refuses_an_organisation_of_another_cluster(
    cluster, coordinator, foreign_organisation
):
    with pytest.raises(ValidationError) as error:
        member_invite(
            cluster=cluster,
            email="nouvelle@mouette.fr",
            full_name="Nina Velle",
            role=Role.MEMBER_STAFF,
            organisation=foreign_organisation,
            invited_by=coordinator,
            base_url="https://coursive.example",
        )

    assert "organisation" in error.value.message_dict
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()


def test_member_admin_invites_staff_for_their_own_organisation(
    client, cluster, member_admin, own_organisation, django_capture_on_commit_callbacks
):
    client.force_login(member_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, cluster, role=Role.MEMBER_STAFF, organisation=own_organisation.pk)

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle@mouette.fr")
    assert (membership.role, membership.organisation) == (Role.MEMBER_STAFF, own_organisation)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MEMBER_ADMIN, Role.BUYER])
def test_member_admin_cannot_give_another_role(client, cluster, member_admin, own_organisation, role):
    client.force_login(member_admin)

    response = invite(client, cluster, role=role, organisation=own_organisation.pk)

    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()


def test_member_admin_cannot_give_a_role_in_another_organisation(
    client, cluster, member_admin, other_organisation
):
    client.force_login(member_admin)

    response = invite(client, cluster, role=Role.MEMBER_STAFF, organisation=other_organisation.pk)

    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="nouvelle@mouette.fr").exists()


# Changing roles


def test_coordinator_changes_a_role(client, cluster, coordinator, buyer, own_organisation):
    client.force_login(coordinator)
    target = membership_of(buyer, cluster)

    response = client.post(
        url("edit", cluster, membership_id=target.pk),
        {"role": Role.MEMBER_ADMIN, "organisation": own_organisation.pk},
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.organisation) == (Role.MEMBER_ADMIN, own_organisation)


def test_member_admin_cannot_change_roles(client, cluster, member_admin, member_staff):
    client.force_login(member_admin)
    target = membership_of(member_staff, cluster)

    response = client.post(url("edit", cluster, membership_id=target.pk), {"role": Role.COORDINATOR})

    assert response.status_code == 403
    assert membership_of(member_staff, cluster).role == Role.MEMBER_STAFF


def test_the_last_coordinator_cannot_step_down(client, cluster, coordinator):
    client.force_login(coordinator)
    own = membership_of(coordinator, cluster)

    response = client.post(url("edit", cluster, membership_id=own.pk), {"role": Role.BUYER})

    assert "dernière personne à coordonner" in response.context["form"].errors["role"][0]
    assert membership_of(coordinator, cluster).role == Role.COORDINATOR


def test_a_coordinator_may_step_down_when_another_remains(client, cluster, coordinator):
    MembershipFactory(cluster=cluster, role=Role.COORDINATOR)
    client.force_login(coordinator)
    own = membership_of(coordinator, cluster)

    client.post(url("edit", cluster, membership_id=own.pk), {"role": Role.BUYER})

    assert membership_of(coordinator, cluster).role == Role.BUYER


# Revoking


def test_coordinator_revokes_a_role_after_confirming(client, cluster, coordinator, buyer):
    client.force_login(coordinator)
    target = membership_of(buyer, cluster)

    confirmation = client.get(url("revoke", cluster, membership_id=target.pk))
    response = client.post(url("revoke", cluster, membership_id=target.pk))

    assert confirmation.status_code == 200
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert User.objects.filter(pk=buyer.pk).exists()


def test_the_last_coordinator_cannot_revoke_themselves(client, cluster, coordinator):
    client.force_login(coordinator)
    own = membership_of(coordinator, cluster)

    response = client.post(url("revoke", cluster, membership_id=own.pk), follow=True)

    assert "dernière personne à coordonner" in page_text(response)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_member_admin_revokes_staff_of_their_organisation(client, cluster, member_admin, member_staff):
    client.force_login(member_admin)
    target = membership_of(member_staff, cluster)

    response = client.post(url("revoke", cluster, membership_id=target.pk))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()


def test_member_admin_cannot_revoke_a_fellow_admin(client, cluster, member_admin, own_organisation):
    colleague = MembershipFactory(cluster=cluster, role=Role.MEMBER_ADMIN, organisation=own_organisation)
    client.force_login(member_admin)

    response = client.post(url("revoke", cluster, membership_id=colleague.pk))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=colleague.pk).exists()


def test_member_admin_cannot_reach_people_of_other_organisations(
    client, cluster, member_admin, outsider_admin, other_organisation, buyer
):
    other_staff = MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=other_organisation)
    client.force_login(member_admin)
    targets = [other_staff, membership_of(outsider_admin, cluster), membership_of(buyer, cluster)]

    responses = [client.post(url("revoke", cluster, membership_id=target.pk)) for target in targets]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert Membership.objects.filter(pk__in=[target.pk for target in targets]).count() == 3


def test_staff_cannot_revoke_anyone(client, cluster, member_staff, own_organisation):
    colleague = MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=own_organisation)
    client.force_login(member_staff)

    response = client.post(url("revoke", cluster, membership_id=colleague.pk))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=colleague.pk).exists()


def test_a_revoked_person_loses_access_to_the_cluster(client, cluster, coordinator, member_admin):
    client.force_login(coordinator)
    client.post(url("revoke", cluster, membership_id=membership_of(member_admin, cluster).pk))
    client.force_login(member_admin)

    response = client.get(url("list", cluster))

    assert response.status_code == 404


def test_revoking_someone_from_another_cluster_by_id_answers_not_found(
    client, cluster, coordinator, stranger
):
    client.force_login(coordinator)
    foreign = Membership.objects.get(user=stranger)

    response = client.post(url("revoke", cluster, membership_id=foreign.pk))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
