from collections.abc import Callable

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any cluster's size; an unbounded offset could overflow the database's integer.
MAX_OFFSET = 1_000_000


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset pages whose size and position are both bounded, so no request can ask for everything.

    `shape`, when given, turns the page's queryset into the items answered, for example plain dicts that
    the response schema validates faster than model instances."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="Nombre d'éléments par page",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre d'éléments à sauter")

    def __init__(self, *, shape: Callable | None = None, **kwargs) -> None:
        super().__init__(max_limit=settings.NINJA_PAGINATION_MAX_LIMIT, **kwargs)
        self.shape = shape

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.shape is not None:
            page[self.items_attribute] = self.shape(page[self.items_attribute])
        return page
