from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any cluster's size; an unbounded offset could overflow the database's integer.
MAX_OFFSET = 1_000_000


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset pages whose size and position are both bounded, so no request can ask for everything."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="Nombre d'éléments par page",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre d'éléments à sauter")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=settings.NINJA_PAGINATION_MAX_LIMIT, **kwargs)
