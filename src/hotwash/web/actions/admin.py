from django.contrib import admin

from hotwash.web.actions.models import ActionItem


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("action", "source_label", "owner", "due_date", "priority", "status")
    list_filter = ("status", "priority", "type", ("retrospective", admin.EmptyFieldListFilter))
    list_select_related = ("postmortem__incident", "retrospective")
    search_fields = ("action", "owner")
    raw_id_fields = ("postmortem", "retrospective", "owner_user")

    @admin.display(description="From")
    def source_label(self, obj: ActionItem) -> str:
        return obj.source_label
