"""The context of the postmortem page and of each of its blocks (used by several apps' views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from hotwash.core.actions import ActionCheck, action_warnings
from hotwash.core.analysis.whys import check_chain
from hotwash.core.model import ActionStatus, ActionType, EntryKind
from hotwash.web.accounts.selectors import user_list
from hotwash.web.actions.selectors import action_items_for
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import SECTIONS, Postmortem
from hotwash.web.postmortems.quality import participant_names
from hotwash.web.postmortems.selectors import factor_categories, factors_by_category, postmortem_for
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


def section_context(postmortem: Postmortem, key: str, **state: Any) -> dict[str, Any]:
    """A section as its block shows it; `state` is how: mode ("edit", "amend", "conflict"), error, mine,
    conflict_message, text (what was typed)."""
    return {"key": key, "label": SECTIONS[key], "text": getattr(postmortem, key),
            "version": postmortem.section_version(key), "hint": SECTION_HINTS.get(key, ""), **state}


def whys_context(postmortem: Postmortem) -> dict[str, Any]:
    names = participant_names(postmortem)
    chains = [(chain, check_chain(chain.answers, names) if chain.answers else None)
              for chain in postmortem.why_chains.all()]
    return {"chains": chains, "categories": factor_categories()}


def _action_warnings(actions: list[Any]) -> list[str]:
    checks = [ActionCheck(title=a.action, owner=a.owner, due=a.due_date, success_metric=a.success_metric)
              for a in actions if a.status != "wont_do"]
    return action_warnings(checks)


def page_context(request: HttpRequest, incident: Incident, *, section_state: dict[str, Any] | None = None,
                 **extra: Any) -> dict[str, Any]:
    """The whole page; `section_state` puts one section in a mode (its "key" and what section_context takes)."""
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
    if section_state:
        state = dict(section_state)
        key = state.pop("key")
        context["sections"][key] = section_context(postmortem, key, **state)
    context.update(extra)
    return context


def plain_post(request: HttpRequest) -> bool:
    """A form sent by a browser without JavaScript (no HX-Request header): it gets a whole page back."""
    return request.method == "POST" and not getattr(request, "htmx", False)


def back_to_page(request: HttpRequest, incident: Incident, anchor: str, *, error: str = "",
                 query: str = "") -> HttpResponse:
    """Back to the postmortem page at `anchor` after a form sent without JavaScript; an error is a message."""
    if error:
        messages.error(request, error)
    return redirect(reverse("incident_detail", args=[incident.pk]) + (f"?{query}" if query else "") + f"#{anchor}")


def render_page(request: HttpRequest, incident: Incident, *, status: int = 200, **extra: Any) -> HttpResponse:
    """The whole page after a form sent without JavaScript that has more to show than a redirect would."""
    state = extra.get("section_state") or {}
    if state.get("mode") == "conflict":  # the answer to a POST cannot scroll to the section: say where it is
        messages.warning(request, format_html('{}. Your text is not saved yet: <a href="#section-{}">compare and '
                                              'choose</a>.', state.get("conflict_message", ""), state["key"]))
    elif state.get("error"):
        messages.error(request, format_html('{} <a href="#section-{}">Back to your text</a>.', state["error"],
                                            state["key"]))
    context = page_context(request, incident, nav="incidents", **extra)
    # The 5 Whys block is on the whole page only (the swapped blocks do not show it).
    context = {**whys_context(context["postmortem"]), **context}
    return render(request, "postmortems/detail.html", context, status=status)


# What a block shows only while the page is open in a browser with JavaScript (a details element left open).
_UI_STATE = {"add_open", "import_open", "unmatched_open"}


def render_block(request: HttpRequest, incident: Incident, block: str, *, status: int = 200,
                 **extra: Any) -> HttpResponse:
    """The block, for HTMX to swap in. A form sent without JavaScript gets the whole page instead: back to
    the block when there is nothing more to show (an error as a message on top), else the page with it."""
    if request.method != "POST" or getattr(request, "htmx", False):
        return render(request, BLOCKS[block], page_context(request, incident, **extra), status=status)
    error = extra.pop("error", "")  # every block shows its own "error": on the whole page it is a message
    if not set(extra) - _UI_STATE:
        return back_to_page(request, incident, f"block-{block}", error=error)
    if error:
        messages.error(request, error)
    return render_page(request, incident, status=status, **extra)
