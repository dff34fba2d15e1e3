from __future__ import annotations

from django.urls import path

from hotwash.web.reviews.views import meeting, participants, review, team

I = "incidents/<int:pk>/"  # noqa: E741

urlpatterns = [
    path("reviews/", review.queue_page, name="review_queue"),
    path("reviews/facilitators/", review.roster_page, name="facilitator_roster"),
    path("reviews/surveys/", team.survey_trends, name="survey_trends"),
    path(I + "review/", review.review_page, name="review_page"),
    path(I + "review/kind", review.review_kind, name="review_kind"),
    path(I + "review/team", review.review_team, name="review_team"),
    path(I + "review/facilitator", review.review_facilitator, name="review_facilitator"),
    path(I + "review/prep/<str:step>", review.prep_toggle, name="review_prep"),
    path(I + "review/schedule", review.meeting_schedule, name="review_schedule"),
    path(I + "review/agenda", review.agenda_save, name="review_agenda"),
    path(I + "review/invite", review.invitations_send, name="review_invite"),
    path(I + "review/accounts/add", participants.account_add, name="account_add"),
    path(I + "review/accounts/<int:entry_id>/share", participants.account_share, name="account_share"),
    path(I + "review/accounts/<int:entry_id>/delete", participants.account_delete, name="account_delete"),
    path(I + "review/notes/add", participants.note_add, name="note_add"),
    path(I + "survey/", participants.survey_page, name="review_survey"),
    path(I + "meeting/", meeting.meeting_mode, name="meeting_mode"),
    path(I + "meeting/follow/", meeting.meeting_follow, name="meeting_follow"),
    path(I + "meeting/state", meeting.meeting_state_fragment, name="meeting_state"),
    path(I + "meeting/<str:action>", meeting.meeting_control, name="meeting_control"),
    path("retrospectives/", team.retro_list, name="retro_list"),
    path("retrospectives/<int:retro_id>/", team.retro_detail, name="retro_detail"),
    path("retrospectives/<int:retro_id>/<str:what>", team.retro_change, name="retro_change"),
]
