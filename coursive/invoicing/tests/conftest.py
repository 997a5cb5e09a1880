import pytest

from .factories import seller_for


@pytest.fixture
def seller(cluster):
    return seller_for(cluster)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
