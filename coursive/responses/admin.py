"""Technical administration, read-only: every change to a response goes through the workspace's services,
which apply the frozen-composition and mandataire rules."""

from django.contrib import admin

from .models import ChecklistItem, JointResponse, Participant


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = ["organisation", "role", "invitation_status", "decline_reason", "answered_at"]


class ChecklistInline(ReadOnlyInline):
    model = ChecklistItem
    fields = ["label", "owner", "due_on", "done_at"]


@admin.register(JointResponse)
class JointResponseAdmin(admin.ModelAdmin):
    list_display = ["notice", "cluster", "status", "form", "awarded_amount", "created_at"]
    list_filter = ["cluster", "status"]
    search_fields = ["notice__title", "notice__official_id"]
    inlines = [ParticipantInline, ChecklistInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
