"""URLs of the board (actions app views) and of follow-through: reviews, calendars."""

from __future__ import annotations

from django.urls import path

from hotwash.web.actions import views as action_views
from hotwash.web.followthrough import views

urlpatterns = [
    path("actions/", action_views.action_board, name="action_board"),
    path("actions/export.csv", action_views.action_board_csv, name="action_board_csv"),
    path("actions/<int:item_id>.ics", action_views.action_ics, name="action_ics"),
    path("incidents/<int:pk>/actions/<int:item_id>/tracker", action_views.action_tracker, name="action_tracker"),
    path("followups/<int:review_id>/", views.review_block, name="followup_block"),
    path("followups/<int:review_id>.ics", views.review_ics, name="followup_ics"),
    path("followups/<int:review_id>/check", views.review_check, name="followup_check"),
    path("followups/<int:review_id>/notes", views.review_notes, name="followup_notes"),
    path("followups/<int:review_id>/complete", views.review_complete, name="followup_complete"),
    path("followups/<int:review_id>/verdicts/<int:item_id>", views.review_verdict, name="followup_verdict"),
    path("calendar/rotate", views.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
