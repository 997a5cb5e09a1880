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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api_headers():
    """Headers carrying a fresh API token of the given user."""
    from coursive.accounts.services import api_token_create

    def headers_for(user) -> dict[str, str]:
        _token, raw = api_token_create(user=user, name="tests")
        return {"Authorization": f"Bearer {raw}"}

    return headers_for
