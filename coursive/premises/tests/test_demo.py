import pytest
from django.core.management import call_command

from coursive.premises.models import Booking, HygieneLog, Resource

pytestmark = pytest.mark.django_db


def test_the_demo_building_loads_once_for_both_demo_clusters():
    call_command("demo_load", stdout=None)
    call_command("demo_premises")
    counts = (Resource.objects.count(), Booking.objects.count(), HygieneLog.objects.count())
    call_command("demo_premises")
    assert (Resource.objects.count(), Booking.objects.count(), HygieneLog.objects.count()) == counts
    assert set(Resource.objects.values_list("cluster__slug", flat=True)) == {"dijon", "saint-etienne"}
    kinds = set(Resource.objects.filter(cluster__slug="dijon").values_list("kind", flat=True))
    assert kinds == {"office", "coworking_desk", "meeting_room", "studio", "kitchen", "vehicle", "equipment"}
    assert Resource.objects.filter(owner_organisation__isnull=False).exists()
    assert Booking.objects.filter(owner_share_excl_tax__gt=0).exists()
