from decimal import Decimal

import pytest

from .factories import CampaignFactory, NeedFactory, OfferFactory, with_tiers


@pytest.fixture
def campaign(cluster):
    """An open campaign with one offer: 4,20 € from 10 units, 3,80 € from 100."""
    campaign = CampaignFactory(cluster=cluster)
    with_tiers(OfferFactory(campaign=campaign), ("10", "4.20"), ("100", "3.80"))
    return campaign


@pytest.fixture
def outsider_need(campaign, other_organisation):
    """77 units needed by Studio Grand Angle, the other organisation of the cluster."""
    return NeedFactory(campaign=campaign, organisation=other_organisation, quantity=Decimal(77))
