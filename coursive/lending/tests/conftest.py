import pytest

from coursive.premises.models import Resource


@pytest.fixture
def item(cluster):
    """A sound desk the cluster owns."""
    return Resource.objects.create(
        cluster=cluster,
        kind=Resource.Kind.EQUIPMENT,
        name="Console son Yamaha MG16",
        inventory_number="SON-004",
        condition=Resource.Condition.GOOD,
    )


@pytest.fixture
def member_item(cluster, other_organisation):
    """A camera owned by Studio Grand Angle, lent to the other members."""
    return Resource.objects.create(
        cluster=cluster,
        kind=Resource.Kind.EQUIPMENT,
        name="Caméra Sony FX3",
        owner_organisation=other_organisation,
        condition=Resource.Condition.GOOD,
    )
