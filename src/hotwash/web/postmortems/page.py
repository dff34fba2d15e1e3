"""The context of the postmortem page and of each of its blocks (used by several apps' views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hotwash.core.actions import ActionCheck, action_warnings
from hotwash.core.model import ActionStatus, ActionType, EntryKind
from hotwash.web.accounts.selectors import user_list
from hotwash.web.actions.selectors import action_items_for
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import SECTIONS, Postmortem
from hotwash.web.postmortems.selectors import factors_by_category, postmortem_for
from hotwash.web.timeline.selectors import timeline_for

SECTION_HINTS = {
    "executive_summary": "Two or three sentences: what happened, the impact, and the key learning.",
    "what_went_well": "What worked during the response: detection, tools, people, runbooks.",
    "what_went_wrong": "Where the system, process or tools did not help.",
    "what_was_confusing": "Signals that were misleading, unclear ownership, surprising behaviour.",
    "where_we_got_lucky": "Things that limited the damage by chance rather than by design.",
    "key_learnings": "1. What we learned about our system or processes\n2. …",
}

BLOCKS = {
    "people": "postmortems/_people.html",
    "factors": "postmortems/_factors.html",
    "followups": "postmortems/_followups.html",
    "timeline": "timeline/_block.html",
    "actions": "actions/_block.html",
}


def section_context(postmortem: Postmortem, key: str) -> dict[str, Any]:
    return {"key": key, "label": SECTIONS[key], "text": getattr(postmortem, key),
            "version": postmortem.section_version(key), "hint": SECTION_HINTS.get(key, "")}


def _action_warnings(actions: list[Any]) -> list[str]:
    checks = [ActionCheck(title=a.action, owner=a.owner, due=a.due_date, success_metric=a.success_metric)
              for a in actions if a.status != "wont_do"]
    return action_warnings(checks)


def page_context(request: HttpRequest, incident: Incident, **extra: Any) -> dict[str, Any]:
    postmortem = postmortem_for(incident=incident)
    participants = list(postmortem.participants.all())
    actions = list(action_items_for(postmortem_id=postmortem.pk))
    editable = postmortem.status != "published"
    facilitator_warning = ""
    facilitator = postmortem.facilitator
    if facilitator is not None:
        from hotwash.core.meeting import facilitator_warning as core_facilitator_warning

        names = {facilitator.username.lower(), facilitator.get_full_name().lower()}
        involved = {facilitator.pk for p in participants
                    if p.involved and (p.user_id == facilitator.pk or p.name.lower() in names)}
        facilitator_warning = core_facilitator_warning(
            facilitator.pk, involved, facilitator.get_full_name() or facilitator.username) or ""
    context: dict[str, Any] = {
        "incident": incident, "postmortem": postmortem, "editable": editable,
        "sections": {key: section_context(postmortem, key) for key in SECTIONS},
        "timeline": list(timeline_for(incident=incident)),
        "factors": factors_by_category(postmortem=postmortem),
        "participants": participants, "users": list(user_list()),
        "facilitator_warning": facilitator_warning,
        "actions": actions, "action_warnings": _action_warnings(actions),
        "followups": list(postmortem.followups.all()),
        "kinds": [k.value for k in EntryKind], "draft": {"kind": "manual", "impact": 2, "effort": 2},
        "levels": [(1, "Low"), (2, "Medium"), (3, "High")],
        "action_types": [t.value for t in ActionType],
        "action_statuses": [(s.value, s.value.replace("_", " ").title()) for s in ActionStatus],
    }
    context.update(extra)
    return context


# What a block shows only while the page is open in a browser with JavaScript (a details element left open).
_UI_STATE = {"add_open", "import_open", "unmatched_open"}


def render_block(request: HttpRequest, incident: Incident, block: str, *, status: int = 200,
                 **extra: Any) -> HttpResponse:
    """The block, for HTMX to swap in. A form sent without JavaScript gets the whole page instead: back to
    the block when there is nothing more to show (an error as a message on top), else the page with it."""
    if request.method != "POST" or getattr(request, "htmx", False):
        return render(request, BLOCKS[block], page_context(request, incident, **extra), status=status)
    error = extra.pop("error", "")  # every block shows its own "error": on the whole page it is a message
    if error:
        messages.error(request, error)
    if not set(extra) - _UI_STATE:
        return redirect(reverse("incident_detail", args=[incident.pk]) + f"#block-{block}")
    return render(request, "postmortems/detail.html", page_context(request, incident, nav="incidents", **extra),
                  status=status)
