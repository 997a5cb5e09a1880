"""Technical administration. Notices and CPV codes come from official sources and are read-only here:
changing one by hand would be undone by the next import."""

from django.contrib import admin

from .models import Award, AwardWinner, Cpv, ImportRun, Lot, Notice, WatchSharing


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Cpv)
class CpvAdmin(ReadOnlyAdmin):
    list_display = ["code8", "label_fr", "label_en", "level"]
    list_filter = ["level"]
    search_fields = ["code8", "label_fr", "label_en"]


class LotInline(ReadOnlyInline):
    model = Lot
    fields = ["number", "title", "cpv_codes", "estimated_value", "nuts_codes"]


class AwardInline(ReadOnlyInline):
    model = Award
    fields = ["lot_number", "amount", "awarded_on", "tenders_received"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["official_id", "source", "kind", "status", "title", "buyer_name", "published_on"]
    list_filter = ["source", "kind", "status", "contract_type", "reserved_ess", "social_clause"]
    search_fields = ["official_id", "title", "buyer_name", "buyer_siret", "cpv_main"]
    date_hierarchy = "published_on"
    raw_id_fields = ["refers_to"]
    show_full_result_count = False
    inlines = [LotInline, AwardInline]


@admin.register(AwardWinner)
class AwardWinnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "identifier", "identifier_type", "award"]
    search_fields = ["name", "identifier"]
    raw_id_fields = ["award"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "cluster",
        "uploaded_by",
        "status",
        "created",
        "updated",
        "error_count",
        "created_at",
    ]
    list_filter = ["status"]
    raw_id_fields = ["cluster", "uploaded_by"]


@admin.register(WatchSharing)
class WatchSharingAdmin(admin.ModelAdmin):
    list_display = ["cluster", "partner_cluster", "created_by", "created_at"]
    list_select_related = ["cluster", "partner_cluster", "created_by"]
