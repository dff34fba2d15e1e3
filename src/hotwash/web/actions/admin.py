from django.contrib import admin

from hotwash.web.actions.models import ActionItem


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("action", "owner", "due_date", "priority", "status")
    list_filter = ("status", "priority", "type")
    search_fields = ("action", "owner")
