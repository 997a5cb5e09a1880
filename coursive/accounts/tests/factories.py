import factory

from coursive.accounts.models import Cluster, Membership, Role, User

DEFAULT_PASSWORD = "mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Pôle culturel n°{n}")
    slug = factory.Sequence(lambda n: f"pole-{n}")
    territory = "Dijon Métropole"
    charter = "Coopérer, mutualiser, entreprendre autrement."
    contact_email = factory.Sequence(lambda n: f"contact{n}@pole.fr")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cluster = factory.SubFactory(ClusterFactory)
    role = Role.RESIDENT
    organisation = None
