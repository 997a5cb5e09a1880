"""Technical administration: reading and fixing records. Business writes go through the pages and services."""

from django.contrib import admin

from .models import CoworkingPlan, DayUse, IndexValue, Lease, RentCall, RentGrid, RentReduction, RentRevision


class RentReductionInline(admin.TabularInline):
    model = RentReduction
    extra = 0


@admin.register(RentGrid)
class RentGridAdmin(admin.ModelAdmin):
    list_display = ("name", "cluster", "valid_from", "rate_per_m2", "charges_per_m2", "is_published")
    list_filter = ("cluster", "is_published")
    inlines = [RentReductionInline]


@admin.register(IndexValue)
class IndexValueAdmin(admin.ModelAdmin):
    list_display = ("kind", "year", "quarter", "value", "cluster", "published_on")
    list_filter = ("cluster", "kind")


class RentRevisionInline(admin.TabularInline):
    model = RentRevision
    extra = 0
    readonly_fields = (
        "effective_on",
        "previous_rent",
        "new_rent",
        "reference_index",
        "new_index",
        "uncapped_rent",
        "cap_note",
        "created_by",
    )


@admin.register(Lease)
class LeaseAdmin(admin.ModelAdmin):
    list_display = ("resource", "organisation", "cluster", "starts_on", "ends_on", "monthly_rent")
    list_filter = ("cluster",)
    search_fields = ("organisation__legal_name", "resource__name")
    readonly_fields = ("grid_rent", "initial_rent", "monthly_rent", "reference_index")
    inlines = [RentRevisionInline]


@admin.register(CoworkingPlan)
class CoworkingPlanAdmin(admin.ModelAdmin):
    list_display = ("organisation", "kind", "price", "starts_on", "ends_on", "cluster")
    list_filter = ("cluster", "kind")


@admin.register(DayUse)
class DayUseAdmin(admin.ModelAdmin):
    list_display = ("plan", "day", "person_name", "booking")


@admin.register(RentCall)
class RentCallAdmin(admin.ModelAdmin):
    list_display = ("label", "organisation", "month", "total_excl_tax", "total_incl_tax", "invoice")
    list_filter = ("cluster", "month")
    readonly_fields = ("invoice",)
