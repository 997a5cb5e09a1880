import pytest
from django.core.exceptions import ValidationError

from coursive.accounts.models import ErasureRequest, Role
from coursive.accounts.services import erasure_request_create, membership_grant, user_create
from coursive.directory.models import MembershipStatus, Organisation, Person, Skill
from coursive.directory.selectors import DirectoryFilters, organisation_history, organisation_search
from coursive.directory.services import (
    erasure_request_handle,
    organisation_anonymise_people,
    organisation_create,
    organisation_update,
    person_create,
    personal_data_export,
)
from coursive.directory.tests.factories import PersonFactory, valid_siret


def organisation_fields(**overrides):
    fields = {
        "legal_name": "Théâtre de la Toison d'Or",
        "siret": valid_siret(4242),
        "legal_form": "association",
        "naf_id": "90.01Z",
        "street": "3 place du Théâtre",
        "postcode": "21000",
        "commune": "Dijon",
        "headcount_band": "02",
        "turnover_band": "100k-250k",
        "description": "Créations théâtrales et ateliers d'écriture.",
    }
    return fields | overrides


def test_creating_an_organisation_derives_departement_region_and_search_text(cluster, coordinator):
    skill = Skill.objects.get(slug="mise-en-scene")

    organisation = organisation_create(
        cluster=cluster,
        by=coordinator,
        fields=organisation_fields(),
        skills=[skill],
        tag_names=["Jeune public"],
    )

    organisation.refresh_from_db()
    assert (organisation.departement, organisation.region) == ("21", "27")
    assert organisation.vat_number.startswith("FR") and organisation.vat_number.endswith(organisation.siren)
    assert list(organisation.skills.all()) == [skill]
    assert [tag.name for tag in organisation.tags.all()] == ["jeune public"]
    assert " theatr" in organisation.search_text


def test_an_invalid_siret_is_refused_on_its_field_and_nothing_is_written(cluster, coordinator):
    with pytest.raises(ValidationError) as error:
        organisation_create(
            cluster=cluster, by=coordinator, fields=organisation_fields(siret="12345678901234")
        )

    assert "siret" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_an_unknown_naf_code_is_refused_on_its_field(cluster, coordinator):
    with pytest.raises(ValidationError) as error:
        organisation_create(cluster=cluster, by=coordinator, fields=organisation_fields(naf_id="99.99Z"))

    assert "naf" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_a_siret_is_unique_within_a_cluster_but_not_across_clusters(cluster, other_cluster, coordinator):
    organisation_create(cluster=cluster, by=coordinator, fields=organisation_fields())

    with pytest.raises(ValidationError):
        organisation_create(cluster=cluster, by=coordinator, fields=organisation_fields(legal_name="Copie"))
    organisation_create(cluster=other_cluster, by=coordinator, fields=organisation_fields())

    assert Organisation.objects.filter(siret=organisation_fields()["siret"]).count() == 2


def test_an_unknown_field_is_refused(own_organisation, coordinator):
    with pytest.raises(ValidationError) as error:
        organisation_update(organisation=own_organisation, by=coordinator, fields={"cluster_id": 99})

    assert "cluster_id" in error.value.message_dict


def test_a_failed_update_leaves_the_record_unchanged(own_organisation, coordinator):
    with pytest.raises(ValidationError):
        organisation_update(
            organisation=own_organisation,
            by=coordinator,
            fields={"legal_name": "Nouveau", "postcode": "99999"},
        )

    own_organisation.refresh_from_db()
    assert own_organisation.legal_name == "Compagnie La Mouette"


def test_membership_end_before_start_is_refused(own_organisation, coordinator):
    with pytest.raises(ValidationError) as error:
        organisation_update(
            organisation=own_organisation,
            by=coordinator,
            fields={"member_since": "2024-01-01", "member_until": "2023-01-01"},
        )

    assert "member_until" in error.value.message_dict


def test_the_history_records_who_changed_which_fields(cluster, coordinator, member_admin):
    organisation = organisation_create(cluster=cluster, by=coordinator, fields=organisation_fields())

    organisation_update(
        organisation=organisation, by=member_admin, fields={"website": "https://toison.example"}
    )

    latest, creation = organisation_history(organisation=organisation)
    assert latest["record"].history_user == member_admin
    assert latest["changed_fields"] == ["website"]
    assert creation["record"].history_user == coordinator


def test_search_ignores_accents_case_and_word_endings(cluster, coordinator, other_cluster):
    organisation_create(cluster=cluster, by=coordinator, fields=organisation_fields())
    organisation_create(cluster=other_cluster, by=coordinator, fields=organisation_fields())

    found = organisation_search(cluster=cluster, filters=DirectoryFilters(query="THEATRES dijon"))

    assert [organisation.cluster for organisation in found] == [cluster]


def test_former_members_leave_the_directory_unless_asked_for(own_organisation, other_organisation, cluster):
    other_organisation.membership_status = MembershipStatus.FORMER
    other_organisation.save()

    listed = organisation_search(cluster=cluster, filters=DirectoryFilters())
    former = organisation_search(cluster=cluster, filters=DirectoryFilters(status=MembershipStatus.FORMER))

    assert list(listed) == [own_organisation]
    assert list(former) == [other_organisation]


def test_people_of_a_current_member_cannot_be_anonymised(own_organisation):
    PersonFactory(organisation=own_organisation)

    with pytest.raises(ValidationError):
        organisation_anonymise_people(organisation=own_organisation)


def test_anonymising_a_former_member_keeps_the_organisation_and_its_history(own_organisation, coordinator):
    person = PersonFactory(
        organisation=own_organisation, first_name="Camille", email="camille@mouette.example"
    )
    organisation_update(organisation=own_organisation, by=coordinator, fields={"membership_status": "former"})

    count = organisation_anonymise_people(organisation=own_organisation)

    person.refresh_from_db()
    assert count == 1
    assert person.first_name != "Camille" and person.email == "" and person.anonymised_at is not None
    assert Organisation.objects.filter(pk=own_organisation.pk).exists()
    assert own_organisation.history.count() >= 1


def test_a_person_belongs_to_the_cluster_of_its_organisation(own_organisation):
    person = person_create(organisation=own_organisation, fields={"first_name": "Inès", "last_name": "Morel"})

    assert person.cluster == own_organisation.cluster


def test_a_person_with_an_invalid_email_is_refused_and_not_written(own_organisation):
    with pytest.raises(ValidationError) as error:
        person_create(
            organisation=own_organisation, fields={"first_name": "A", "last_name": "B", "email": "x@"}
        )

    assert "email" in error.value.message_dict
    assert not Person.objects.exists()


def test_an_email_already_taken_is_refused_on_its_field(db):
    user_create(email="lea@exemple.fr", full_name="Léa")

    with pytest.raises(ValidationError) as error:
        user_create(email="LEA@exemple.fr", full_name="Autre Léa")

    assert "email" in error.value.message_dict


def test_member_roles_need_an_organisation_of_the_same_cluster(cluster, foreign_organisation):
    user = user_create(email="nouveau@exemple.fr", full_name="Nouveau")

    with pytest.raises(ValidationError):
        membership_grant(cluster=cluster, user=user, role=Role.MEMBER_ADMIN)
    with pytest.raises(ValidationError):
        membership_grant(
            cluster=cluster, user=user, role=Role.MEMBER_ADMIN, organisation=foreign_organisation
        )

    assert not user.memberships.exists()


def test_a_user_holds_one_role_per_cluster_and_roles_in_several_clusters(cluster, other_cluster):
    user = user_create(email="multi@exemple.fr", full_name="Multi")

    membership_grant(cluster=cluster, user=user, role=Role.BUYER)
    membership_grant(cluster=cluster, user=user, role=Role.COORDINATOR)
    membership_grant(cluster=other_cluster, user=user, role=Role.RESIDENT)

    roles = dict(user.memberships.values_list("cluster__slug", "role"))
    assert roles == {cluster.slug: Role.COORDINATOR, other_cluster.slug: Role.RESIDENT}


def test_the_personal_data_export_holds_the_user_data_only(member_admin, own_organisation, outsider_admin):
    PersonFactory(organisation=own_organisation, user=member_admin, first_name="Moi")
    PersonFactory(organisation=own_organisation, user=outsider_admin, first_name="Autre")

    export = personal_data_export(user=member_admin)

    assert export["compte"]["email"] == member_admin.email
    assert [person["prenom"] for person in export["fiches_personne"]] == ["Moi"]


def test_an_approved_erasure_anonymises_the_user_and_their_people(
    member_admin, own_organisation, coordinator
):
    person = PersonFactory(organisation=own_organisation, user=member_admin)
    request = erasure_request_create(user=member_admin, reason="Je quitte le pôle.")

    erasure_request_handle(erasure_request=request, by=coordinator, approve=True)

    member_admin.refresh_from_db()
    person.refresh_from_db()
    request.refresh_from_db()
    assert member_admin.anonymised_at is not None and not member_admin.is_active
    assert member_admin.email.endswith("@anonyme.invalid")
    assert person.anonymised_at is not None and person.user is None
    assert request.status == ErasureRequest.Status.DONE
    assert not member_admin.memberships.exists()


def test_an_erasure_request_is_handled_once(member_admin, coordinator):
    request = erasure_request_create(user=member_admin)
    erasure_request_handle(
        erasure_request=request, by=coordinator, approve=False, answer="Obligation comptable."
    )

    with pytest.raises(ValidationError):
        erasure_request_handle(erasure_request=request, by=coordinator, approve=True)


def test_the_last_coordinator_cannot_be_erased_until_someone_else_coordinates(
    coordinator, member_admin, cluster
):
    request = erasure_request_create(user=coordinator)

    with pytest.raises(ValidationError) as error:
        erasure_request_handle(erasure_request=request, by=coordinator, approve=True)

    coordinator.refresh_from_db()
    request.refresh_from_db()
    assert "dernière personne à coordonner" in error.value.messages[0]
    assert coordinator.anonymised_at is None and request.status == ErasureRequest.Status.PENDING
