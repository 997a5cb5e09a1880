"""Technical administration: the list of documents with their dates, read-only (the files are private to
each organisation and the coordination, and are reached through the vault)."""

from django.contrib import admin

from .models import AdministrativeDocument


@admin.register(AdministrativeDocument)
class AdministrativeDocumentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "issued_on", "expires_on", "cluster"]
    list_filter = ["cluster", "kind"]
    search_fields = ["organisation__legal_name"]
    exclude = ["file"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
