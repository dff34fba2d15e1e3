"""``{% review_card incident %}``: the review summary shown on the postmortem page (reads only)."""

from __future__ import annotations

from typing import Any

from django import template

from hotwash.core.errors import HotwashError
from hotwash.web.reviews.models import Review
from hotwash.web.reviews.selectors.policy import meeting_due, policy_from_settings, review_decision

register = template.Library()


@register.inclusion_tag("reviews/_card_body.html")
def review_card(incident: Any) -> dict[str, Any]:
    review = Review.objects.filter(postmortem__incident=incident).first()
    try:
        policy = policy_from_settings()
        if review is not None and review.kind_overridden:
            kind, reasons = review.kind, ["chosen by hand"]
        else:
            decision = review_decision(incident, policy)
            kind, reasons = decision.kind, list(decision.reasons)
        due = meeting_due(incident, policy)
    except HotwashError as exc:
        kind, reasons, due = "formal", [f"review policy setting is wrong: {exc}"], None
    return {"incident": incident, "review": review, "kind": kind, "reasons": reasons, "due": due}
