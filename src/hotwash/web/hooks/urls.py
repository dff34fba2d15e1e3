from __future__ import annotations

from django.urls import path

from hotwash.web.hooks import views

urlpatterns = [
    path("<str:integration>", views.receive, name="hook_receive"),
]
