import pytest

from .factories import seller_for


@pytest.fixture
def seller(cluster):
    return seller_for(cluster)
