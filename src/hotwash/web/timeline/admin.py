from django.contrib import admin

from hotwash.web.timeline.models import TimelineEntry


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ("incident", "time", "kind", "source", "event")
    list_filter = ("kind", "source")
    search_fields = ("event", "actor")
