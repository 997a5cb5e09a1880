"""Technical administration, read-only: campaigns, needs and shares change only through the services, which
check the deadline, the tiers and the invoices; a change made here would bypass them."""

from django.contrib import admin

from .models import Allocation, Campaign, Need, Offer, PriceTier, Supplier


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TierInline(ReadOnlyInline):
    model = PriceTier


class NeedInline(ReadOnlyInline):
    model = Need
    fields = ["organisation", "quantity", "max_unit_price", "updated_at"]


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ["organisation", "quantity", "goods_amount", "delivery_amount", "solo_cost", "invoice"]


@admin.register(Supplier)
class SupplierAdmin(ReadOnlyAdmin):
    list_display = ["name", "siret", "commune", "departement", "is_ess", "cluster"]
    list_filter = ["cluster", "is_ess"]
    search_fields = ["name", "siret"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "cluster", "deadline", "status", "goods_total"]
    list_filter = ["cluster", "status"]
    inlines = [NeedInline, AllocationInline]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["supplier", "campaign", "recycled_percent", "delivery_fee"]
    inlines = [TierInline]
