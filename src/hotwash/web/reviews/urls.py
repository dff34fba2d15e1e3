from __future__ import annotations

from django.urls import path

from hotwash.web.reviews.views import meeting, participants, retro, review, team

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
    path("retrospectives/", retro.retro_list, name="retro_list"),
    path("retrospectives/<int:retro_id>/", retro.retro_detail, name="retro_detail"),
    path("retrospectives/<int:retro_id>/actions/", retro.retro_actions_block, name="retro_actions_block"),
    path("retrospectives/<int:retro_id>/actions/add", retro.retro_action_add, name="retro_action_add"),
    path("retrospectives/<int:retro_id>/actions/<int:item_id>/update", retro.retro_action_update,
         name="retro_action_update"),
    path("retrospectives/<int:retro_id>/actions/<int:item_id>/delete", retro.retro_action_delete,
         name="retro_action_delete"),
    path("retrospectives/<int:retro_id>/actions/<int:item_id>/verdict", retro.retro_action_verdict,
         name="retro_action_verdict"),
    path("retrospectives/<int:retro_id>/actions/<int:item_id>/tracker", retro.retro_action_tracker,
         name="retro_action_tracker"),
    path("retrospectives/<int:retro_id>/<str:what>", retro.retro_change, name="retro_change"),
]
