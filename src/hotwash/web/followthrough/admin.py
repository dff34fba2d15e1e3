from django.contrib import admin

from hotwash.web.followthrough.models import ActionVerdict, CalendarFeed, SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("key", "channel", "status", "recipient", "attempts", "claimed_at", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("key", "recipient")


@admin.register(ActionVerdict)
class ActionVerdictAdmin(admin.ModelAdmin):
    list_display = ("action", "verdict", "reopened", "created_at")
    list_filter = ("verdict",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "created_at", "rotated_at", "last_fetched_at")
    exclude = ("secret",)
