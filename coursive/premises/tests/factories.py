from datetime import time
from decimal import Decimal

import factory

from coursive.accounts.tests.factories import ClusterFactory
from coursive.premises.models import Feature, OpeningHours, Qualification, Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    """A meeting room open Monday to Saturday, 8:00 to 20:00, at 20 € an hour for members."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    kind = Resource.Kind.MEETING_ROOM
    name = factory.Sequence(lambda n: f"Salle {n}")
    capacity = 10
    location = "Rez-de-chaussée"
    min_duration_minutes = 30
    max_duration_minutes = 600
    horizon_days = 365
    member_hour_price = Decimal("20.00")
    member_half_day_price = Decimal("60.00")
    member_day_price = Decimal("100.00")
    external_hour_price = Decimal("35.00")
    external_half_day_price = Decimal("110.00")
    external_day_price = Decimal("190.00")

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        spans = extracted or [(day, time(8), time(20)) for day in range(6)]
        OpeningHours.objects.bulk_create(
            OpeningHours(resource=self, weekday=day, opens_at=opens, closes_at=closes)
            for day, opens, closes in spans
        )


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature

    cluster = factory.SubFactory(ClusterFactory)
    name = factory.Sequence(lambda n: f"Équipement {n}")
    slug = factory.Sequence(lambda n: f"equipement-{n}")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    cluster = factory.SubFactory(ClusterFactory)
    name = "Console son"
