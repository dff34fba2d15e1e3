from django.contrib import admin

from hotwash.web.postmortems.models import (
    ContributingFactor,
    FactorCategory,
    FollowUpReview,
    Participant,
    Postmortem,
    SectionRevision,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0


@admin.register(Postmortem)
class PostmortemAdmin(admin.ModelAdmin):
    list_display = ("incident", "status", "facilitator", "published_at")
    list_filter = ("status",)
    inlines = [ParticipantInline]


admin.site.register(FactorCategory)
admin.site.register(ContributingFactor)
admin.site.register(FollowUpReview)
admin.site.register(SectionRevision)
