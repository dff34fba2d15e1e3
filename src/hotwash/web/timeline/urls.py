"""Importing artifacts into an incident's timeline (the other timeline routes are in hotwash/web/urls.py)."""

from __future__ import annotations

from django.urls import path

from hotwash.web.timeline import views

I = "incidents/<int:pk>/"  # noqa: E741

urlpatterns = [
    path(I + "timeline/import", views.timeline_import_preview, name="timeline_import_preview"),
    path(I + "timeline/import/<uuid:token>/confirm", views.timeline_import_confirm, name="timeline_import_confirm"),
    path(I + "timeline/import/<uuid:token>/discard", views.timeline_import_discard, name="timeline_import_discard"),
    path(I + "timeline/unmatched-alerts", views.timeline_unmatched_attach, name="timeline_unmatched_attach"),
]
