"""Technical administration: reading and fixing records. Business writes go through the pages and services."""

from django.contrib import admin

from .models import DamagePhoto, DamageReport, Loan, MaintenanceRecord


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ("resource", "organisation", "borrower_name", "checked_out_at", "due_on", "checked_in_at")
    list_filter = ("cluster",)
    search_fields = ("resource__name", "organisation__legal_name", "borrower_name")


class DamagePhotoInline(admin.TabularInline):
    model = DamagePhoto
    extra = 0


@admin.register(DamageReport)
class DamageReportAdmin(admin.ModelAdmin):
    list_display = ("resource", "status", "cost_estimate", "created_at")
    list_filter = ("cluster", "status")
    inlines = [DamagePhotoInline]


@admin.register(MaintenanceRecord)
class MaintenanceRecordAdmin(admin.ModelAdmin):
    list_display = ("resource", "kind", "started_on", "completed_on", "next_due_on", "cost")
    list_filter = ("cluster", "kind")
