import factory

from coursive.accounts.tests.factories import ClusterFactory
from coursive.core import geo
from coursive.core.text import search_document
from coursive.directory.demo import luhn_complete
from coursive.directory.models import HeadcountBand, LegalForm, NafCode, Organisation, Person, TurnoverBand


def valid_siret(n: int) -> str:
    siren = luhn_complete(f"{80000000 + n:08d}")
    return luhn_complete(f"{siren}{n % 10000:04d}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    cluster = factory.SubFactory(ClusterFactory)
    legal_name = factory.Sequence(lambda n: f"Atelier Créatif {n}")
    siret = factory.Sequence(valid_siret)
    legal_form = LegalForm.ASSOCIATION
    naf = factory.LazyFunction(lambda: NafCode.objects.get(code="90.01Z"))
    street = "12 rue de la Liberté"
    postcode = "21000"
    commune = "Dijon"
    departement = factory.LazyAttribute(lambda o: geo.departement_for_postcode(o.postcode))
    region = factory.LazyAttribute(lambda o: geo.region_for_departement(o.departement))
    headcount_band = HeadcountBand.FROM_3
    turnover_band = TurnoverBand.FROM_100K
    description = "Compagnie de théâtre et ateliers de pratique artistique."
    search_text = factory.LazyAttribute(lambda o: search_document(o.legal_name, o.description, o.commune))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    cluster = factory.SelfAttribute("organisation.cluster")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"contact{n}@structure.fr")
