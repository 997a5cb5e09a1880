"""Technical administration of invoicing: a window on the records, never a way around the services. Invoices,
payments and reminders are read-only here, as accounting records must stay as issued; the pages of the app
are where drafts are edited and documents issued."""

from django.contrib import admin

from .models import Customer, Invoice, InvoiceLine, NumberingCounter, Payment, Reminder, SellerProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "status", "customer", "issue_date", "total_incl_tax", "cluster")
    list_filter = ("cluster", "kind", "status")
    search_fields = ("number", "customer__name")
    list_select_related = ("customer", "cluster")
    inlines = [InvoiceLineInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("invoice", "paid_on", "amount", "method", "cluster")
    list_filter = ("cluster", "method")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("invoice", "recipient", "amount_due", "created_at", "sent_at")


@admin.register(NumberingCounter)
class NumberingCounterAdmin(ReadOnlyAdmin):
    list_display = ("cluster", "series", "last_sequence")


@admin.register(SellerProfile)
class SellerProfileAdmin(ReadOnlyAdmin):
    list_display = ("legal_name", "siret", "vat_regime", "cluster")


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ("name", "siret", "is_professional", "organisation", "cluster")
    list_filter = ("cluster", "is_professional")
    search_fields = ("name", "siret")
