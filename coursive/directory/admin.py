"""Technical administration of the directory. Organisations are saved through the directory services, which
derive the département, region and search text and record who changed what in the history."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import NafCode, Organisation, Person, Skill, Tag
from .services import (
    ORGANISATION_FIELDS,
    organisation_anonymise_people,
    organisation_create,
    organisation_update,
    person_anonymise,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("legal_name", "trade_name", "siret", "cluster", "commune", "membership_status")
    list_filter = ("cluster", "membership_status", "legal_form", "ess_status")
    search_fields = ("legal_name", "trade_name", "siret", "commune")
    autocomplete_fields = ["naf", "skills", "tags"]
    list_select_related = ("cluster",)
    actions = ["anonymise_people"]

    def get_readonly_fields(self, request, obj=None):
        # Moving an organisation to another cluster would break its members' roles and its history there.
        return ("cluster",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in ORGANISATION_FIELDS}
        related = {
            "skills": list(form.cleaned_data.get("skills", [])),
            "tag_names": [tag.name for tag in form.cleaned_data.get("tags", [])],
        }
        if change:
            organisation_update(organisation=obj, by=request.user, fields=fields, **related)
            return
        created = organisation_create(cluster=obj.cluster, by=request.user, fields=fields, **related)
        # The admin goes on with its own instance (change message, redirect): point it at the saved row.
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # Skills and tags were saved by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Anonymiser les personnes (anciens membres seulement)"))
    def anonymise_people(self, request, queryset):
        total = 0
        for organisation in queryset:
            try:
                total += organisation_anonymise_people(organisation=organisation)
            except ValidationError as error:
                self.message_user(request, f"{organisation} : {' '.join(error.messages)}", messages.ERROR)
        message = ngettext("%(count)d personne anonymisée.", "%(count)d personnes anonymisées.", total)
        self.message_user(request, message % {"count": total}, messages.SUCCESS)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "organisation", "cluster", "email", "anonymised_at")
    list_filter = ("cluster", "is_public_contact")
    search_fields = ("last_name", "first_name", "email", "organisation__legal_name")
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ("organisation", "cluster")
    actions = ["anonymise"]

    def get_readonly_fields(self, request, obj=None):
        return ("cluster", "anonymised_at") if obj is not None else ("anonymised_at",)

    def save_model(self, request, obj, form, change):
        # A person always lives in their organisation's cluster.
        if obj.organisation is not None:
            obj.cluster = obj.organisation.cluster
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Anonymiser les personnes sélectionnées"))
    def anonymise(self, request, queryset):
        people = list(queryset.filter(anonymised_at__isnull=True))
        for person in people:
            person_anonymise(person=person)
        message = ngettext("%(count)d personne anonymisée.", "%(count)d personnes anonymisées.", len(people))
        self.message_user(request, message % {"count": len(people)}, messages.SUCCESS)


@admin.register(NafCode)
class NafCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "label")
    search_fields = ("code", "label")


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "family", "slug")
    list_filter = ("family",)
    search_fields = ("name", "family", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
