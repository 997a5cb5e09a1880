import pytest
from django.contrib import admin
from django.urls import reverse

from coursive.accounts.models import ErasureRequest, User
from coursive.accounts.services import erasure_request_create
from coursive.accounts.tests.factories import UserFactory
from coursive.directory.models import (
    EssStatus,
    HeadcountBand,
    LegalForm,
    MembershipStatus,
    Organisation,
    TurnoverBand,
)
from coursive.directory.tests.factories import PersonFactory, valid_siret

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


# The roles inline of the user form posts an empty formset.
NO_MEMBERSHIPS = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_account_and_directory_model_has_working_admin_pages(client, operator, own_organisation):
    PersonFactory(organisation=own_organisation)
    models = [model for model in admin.site._registry if model._meta.app_label in {"accounts", "directory"}]

    pages = {model.__name__: client.get(admin_url(model, "changelist")).status_code for model in models}

    assert set(pages) >= {
        "User",
        "Cluster",
        "Membership",
        "ApiToken",
        "ErasureRequest",
        "Organisation",
        "Person",
    }
    assert set(pages.values()) == {200}


def test_admin_is_closed_to_people_without_staff_access(client, coordinator):
    client.force_login(coordinator)

    response = client.get(admin_url(User, "changelist"))

    assert response.status_code == 302


def test_admin_creates_a_user_with_a_lower_case_email(client, operator):
    response = client.post(
        admin_url(User, "add"),
        {
            "email": "Nouvelle@Mouette.fr",
            "full_name": "Nina Velle",
            "usable_password": "true",
            "password1": "Une-phrase-de-passe-2026",
            "password2": "Une-phrase-de-passe-2026",
            **NO_MEMBERSHIPS,
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@mouette.fr").full_name == "Nina Velle"


def test_admin_refuses_an_email_already_taken_whatever_its_case(client, operator):
    UserFactory(email="claire@mouette.fr")

    response = client.post(
        admin_url(User, "add"),
        {"email": "CLAIRE@mouette.fr", "full_name": "Doublon", "usable_password": "false", **NO_MEMBERSHIPS},
    )

    assert response.context["adminform"].form.errors["email"] == [
        "Un compte existe déjà avec cette adresse e-mail."
    ]
    assert User.objects.filter(email__iexact="claire@mouette.fr").count() == 1


def test_organisation_saved_in_the_admin_goes_through_the_directory_service(
    client, operator, own_organisation
):
    form = client.get(admin_url(Organisation, "change", own_organisation.pk)).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        naf=own_organisation.naf_id,
        skills=[],
        tags=[],
        postcode="42000",
        commune="Saint-Étienne",
        description="Marionnettes géantes.",
    )

    response = client.post(admin_url(Organisation, "change", own_organisation.pk), data)

    assert response.status_code == 302
    own_organisation.refresh_from_db()
    assert own_organisation.departement == "42"
    assert " marionnet" in own_organisation.search_text
    assert own_organisation.history.latest("history_date").history_user == operator


def test_admin_action_approves_an_erasure_request(client, operator):
    person = UserFactory(email="partante@mouette.fr")
    erasure_request = erasure_request_create(user=person)

    client.post(
        admin_url(ErasureRequest, "changelist"),
        {"action": "approve", "_selected_action": [erasure_request.pk]},
    )

    erasure_request.refresh_from_db()
    person.refresh_from_db()
    assert erasure_request.status == ErasureRequest.Status.DONE
    assert person.anonymised_at is not None


def test_organisation_created_in_the_admin_goes_through_the_directory_service(client, operator, cluster):
    data = {
        "cluster": cluster.pk,
        "legal_name": "Compagnie Nouvelle",
        "siret": valid_siret(4242),
        "legal_form": LegalForm.ASSOCIATION,
        "ess_status": EssStatus.BY_RIGHT,
        "naf": "90.01Z",
        "street": "3 place du Théâtre",
        "postcode": "21000",
        "commune": "Dijon",
        "headcount_band": HeadcountBand.FROM_3,
        "turnover_band": TurnoverBand.FROM_100K,
        "membership_status": MembershipStatus.MEMBER,
    }

    response = client.post(admin_url(Organisation, "add"), data)

    organisation = Organisation.objects.get(legal_name="Compagnie Nouvelle")
    assert response.status_code == 302
    assert response.url == admin_url(Organisation, "changelist")
    assert (organisation.cluster, organisation.departement, organisation.region) == (cluster, "21", "27")
    assert " compagn" in organisation.search_text
    assert organisation.history.get().history_user == operator
