import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from stdnum.fr import siret

from coursive.accounts.models import ApiToken, Cluster, Membership, Role, User
from coursive.core import geo
from coursive.directory.demo_data import DEMO_PASSWORD
from coursive.directory.models import NafCode, Organisation, Person, Tag

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "clusters": Cluster.objects.count(),
        "organisations": Organisation.objects.count(),
        "history": Organisation.history.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "tags": Tag.objects.count(),
        "tokens": ApiToken.objects.count(),
    }


def test_demo_load_twice_changes_nothing():
    call_command("demo_load")
    first = _counts()
    call_command("demo_load")
    assert _counts() == first
    assert first["clusters"] == 2
    assert first["organisations"] == 30


def test_demo_load_restores_an_edited_demo_record():
    call_command("demo_load")
    Organisation.objects.filter(legal_name="Studio Grand Angle").update(commune="Paris", postcode="75011")
    call_command("demo_load")
    studio = Organisation.objects.get(legal_name="Studio Grand Angle")
    assert (studio.commune, studio.postcode, studio.departement) == ("Talant", "21240", "21")


def test_demo_organisations_have_valid_identifiers_and_real_places():
    call_command("demo_load")
    organisations = list(Organisation.objects.all())
    assert all(siret.is_valid(organisation.siret) for organisation in organisations)
    assert len({organisation.siret for organisation in organisations}) == len(organisations)
    naf_codes = {organisation.naf_id for organisation in organisations}
    assert NafCode.objects.filter(code__in=naf_codes).count() == len(naf_codes)
    by_cluster = {(o.cluster.slug, geo.departement_for_postcode(o.postcode)) for o in organisations}
    assert by_cluster == {("dijon", "21"), ("saint-etienne", "42")}


def test_demo_organisations_are_searchable_and_located():
    call_command("demo_load")
    mouette = Organisation.objects.get(legal_name="Compagnie La Mouette")
    assert (mouette.departement, mouette.region) == ("21", "27")
    assert " theatr" in mouette.search_text
    assert mouette.skills.count() == 4
    assert 2 <= mouette.people.count() <= 4


def test_demo_uses_only_reserved_example_domains():
    call_command("demo_load")
    emails = [*User.objects.values_list("email", flat=True), *Person.objects.values_list("email", flat=True)]
    websites = Organisation.objects.values_list("website", flat=True)
    assert all(email.endswith(".example") for email in emails)
    assert all(website.endswith(".example") for website in websites)


def test_every_role_has_a_demo_login_in_each_cluster():
    call_command("demo_load")
    for cluster in Cluster.objects.all():
        roles = set(Membership.objects.filter(cluster=cluster).values_list("role", flat=True))
        assert roles == set(Role.values)


def test_one_demo_login_coordinates_both_clusters():
    call_command("demo_load")
    coordinators = Membership.objects.filter(role=Role.COORDINATOR).values_list("user__email", flat=True)
    assert sorted(coordinators).count("sylvie.chapuis@reseau-ptce.example") == 2


def test_a_demo_login_authenticates_with_the_demo_password():
    call_command("demo_load")
    request = RequestFactory().post("/compte/connexion/")
    user = authenticate(
        request, username="julien.pernot@compagnie-la-mouette.example", password=DEMO_PASSWORD
    )
    assert user is not None
    assert user.memberships.get().organisation.legal_name == "Compagnie La Mouette"
    assert user.people.get().organisation.legal_name == "Compagnie La Mouette"


def test_demo_load_resets_a_changed_demo_password():
    call_command("demo_load")
    user = User.objects.get(email="thomas.lambert@courriel.example")
    user.set_password("autre-mot-de-passe")
    user.save()
    call_command("demo_load")
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_demo_load_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo_load")
    assert Cluster.objects.count() == 0


def test_demo_logins_prints_every_login_the_password_and_the_address(capsys, monkeypatch):
    call_command("demo_load")
    monkeypatch.setenv("PORT", "8042")
    call_command("demo_logins")
    output = capsys.readouterr().out
    assert "julien.pernot@compagnie-la-mouette.example" in output
    assert "Réseau ESS Furan" in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8042/" in output
    assert output.count("sylvie.chapuis@reseau-ptce.example") == 2


def test_demo_logins_without_demo_says_how_to_load_it(capsys):
    call_command("demo_logins")
    assert "demo_load" in capsys.readouterr().out
