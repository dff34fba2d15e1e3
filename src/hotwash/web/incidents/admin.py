from django.contrib import admin

from hotwash.web.incidents.models import Incident, Service, SeverityLevel, Tag


@admin.register(SeverityLevel)
class SeverityLevelAdmin(admin.ModelAdmin):
    list_display = ("rank", "key", "label", "description")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "severity", "status", "started_at", "escalated")
    list_filter = ("status", "severity", "escalated")
    search_fields = ("title", "customer_impact")
    filter_horizontal = ("services", "tags")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        from hotwash.web.postmortems.services import postmortem_start

        postmortem_start(incident=obj)  # every incident has its postmortem


admin.site.register(Service)
admin.site.register(Tag)
