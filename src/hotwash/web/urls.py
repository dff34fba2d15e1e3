from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from hotwash.web.accounts import views as account_views
from hotwash.web.actions import views as action_views
from hotwash.web.api import api
from hotwash.web.incidents import views as incident_views
from hotwash.web.postmortems import analysis_views as pm_analysis
from hotwash.web.postmortems import language_views as pm_language
from hotwash.web.postmortems import views as pm_views
from hotwash.web.timeline import views as timeline_views

I = "incidents/<int:pk>/"  # noqa: E741

urlpatterns = [
    path("", incident_views.incident_list, name="incident_list"),
    # browsers and feed readers ask for /favicon.ico whatever the page links: send them to the SVG icon
    path("favicon.ico", RedirectView.as_view(url=static("hotwash/favicon.svg"), permanent=True)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", account_views.account_settings, name="account_settings"),
    path("settings/tokens/<int:token_id>/revoke", account_views.token_revoke, name="token_revoke"),
    path("incidents/new", incident_views.incident_create, name="incident_create"),
    path(I, pm_views.incident_detail, name="incident_detail"),
    path(I + "edit", incident_views.incident_edit, name="incident_edit"),
    path(I + "status", pm_views.postmortem_status, name="postmortem_status"),
    path(I + "sections/<str:section>", pm_views.section_view, name="section_view"),
    path(I + "sections/<str:section>/edit", pm_views.section_edit, name="section_edit"),
    path(I + "sections/<str:section>/save", pm_views.section_save, name="section_save"),
    path(I + "sections/<str:section>/history", pm_views.section_history, name="section_history"),
    path(I + "lint", pm_language.lint_text, name="lint_text"),
    path(I + "review-check", pm_language.review_check_view, name="review_check"),
    path(I + "waivers/add", pm_language.waiver_add, name="waiver_add"),
    path(I + "sections/<str:section>/amend", pm_language.amend_form, name="amend_form"),
    path(I + "sections/<str:section>/amend/save", pm_language.amend_save, name="amend_save"),
    path(I + "whys", pm_analysis.whys_block, name="whys_block"),
    path(I + "whys/do", pm_analysis.whys_action, name="whys_action"),
    path(I + "fishbone.<str:fmt>", pm_analysis.fishbone, name="fishbone"),
    path(I + "timeline.svg", pm_analysis.visual_timeline, name="visual_timeline"),
    path(I + "export.<str:fmt>", pm_analysis.export, name="postmortem_export"),
    path("import/", pm_analysis.import_markdown, name="postmortem_import"),
    path(I + "facilitator", pm_views.facilitator_set, name="facilitator_set"),
    path(I + "participants/add", pm_views.participant_add, name="participant_add"),
    path(I + "participants/<int:participant_id>/remove", pm_views.participant_remove, name="participant_remove"),
    path(I + "factors/add", pm_views.factor_add, name="factor_add"),
    path(I + "factors/<int:factor_id>/delete", pm_views.factor_delete, name="factor_delete"),
    path(I + "followups/add", pm_views.followup_add, name="followup_add"),
    path(I + "timeline", timeline_views.timeline_block, name="timeline_block"),
    path(I + "timeline/add", timeline_views.timeline_add, name="timeline_add"),
    path(I + "timeline/<int:entry_id>/update", timeline_views.timeline_update, name="timeline_update"),
    path(I + "timeline/<int:entry_id>/delete", timeline_views.timeline_delete, name="timeline_delete"),
    path(I + "actions", action_views.actions_block, name="actions_block"),
    path(I + "actions/add", action_views.action_add, name="action_add"),
    path(I + "actions/<int:item_id>/update", action_views.action_update, name="action_update"),
    path(I + "actions/<int:item_id>/delete", action_views.action_delete, name="action_delete"),
    path("", include("hotwash.web.reviews.urls")),
    path("", include("hotwash.web.followthrough.urls")),
    path("", include("hotwash.web.library.urls")),
    path("", include("hotwash.web.timeline.urls")),
    path("hooks/", include("hotwash.web.hooks.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "hotwash.web.errors.not_found"
handler500 = "hotwash.web.errors.server_error"
