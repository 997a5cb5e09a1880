"""Technical administration. Bookings are written through the services (pages and API), which enforce the
rules; here they are read-only so nobody bypasses them."""

from django.contrib import admin

from .models import (
    Booking,
    BookingFeedToken,
    Closure,
    CommissionRate,
    Feature,
    HygieneLog,
    OpeningHours,
    Qualification,
    QualificationGrant,
    Resource,
    ResourcePhoto,
    WaitingListEntry,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class PhotoInline(admin.TabularInline):
    model = ResourcePhoto
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cluster", "owner_organisation", "capacity", "is_active"]
    list_filter = ["cluster", "kind", "is_active"]
    search_fields = ["name", "inventory_number", "serial_number"]
    inlines = [OpeningHoursInline, PhotoInline]
    filter_horizontal = ["features"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["resource", "starts_at", "ends_at", "status", "kind", "organisation", "amount_excl_tax"]
    list_filter = ["cluster", "status", "kind"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register([Feature, Qualification, QualificationGrant, CommissionRate, Closure, HygieneLog])
admin.site.register([WaitingListEntry, BookingFeedToken])
