from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from coursive.accounts.tests.factories import ClusterFactory
from coursive.directory.tests.factories import valid_siret
from coursive.purchasing.models import Campaign, Need, Offer, PriceTier, Supplier


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Papeterie Coopérative {n}")
    siret = factory.Sequence(lambda n: valid_siret(5000 + n))
    postcode = "21000"
    commune = "Dijon"
    departement = "21"
    is_ess = True
    labels = "Ecolabel européen, FSC Recyclé"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    cluster = factory.SubFactory(ClusterFactory)
    title = "Papier recyclé 2027"
    item = "Papier d'impression A4 80 g recyclé"
    unit = "ramette"
    vat_rate = Decimal("20.00")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    campaign = factory.SubFactory(CampaignFactory)
    supplier = factory.SubFactory(SupplierFactory, cluster=factory.SelfAttribute("..campaign.cluster"))
    product = "Ramette A4 80 g 100 % recyclée"
    recycled_percent = 100


def with_tiers(offer: Offer, *tiers: tuple[str, str]) -> Offer:
    PriceTier.objects.bulk_create(
        PriceTier(offer=offer, min_quantity=Decimal(q), unit_price=Decimal(p)) for q, p in tiers
    )
    return offer


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    campaign = factory.SubFactory(CampaignFactory)
    quantity = Decimal(10)
