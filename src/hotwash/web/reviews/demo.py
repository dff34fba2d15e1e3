"""Demo data for running a review: a facilitator roster, a booked meeting and a team retrospective."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotwash.web.incidents.models import Incident


def load_review_demo(incident: Incident) -> None:
    from hotwash.web.actions.services import action_item_add
    from hotwash.web.reviews.services import retro, review

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["priya", "marco", "demo"])}
    for name in ("priya", "marco"):
        if name in users:
            review.facilitator_join(user=users[name])
    item = review.review_ensure(postmortem=incident.postmortem)
    review.review_team_set(review=item, team="Payments")
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    review.meeting_schedule(review=item, at=start, minutes=80, place="https://meet.example.org/payments-review",
                            user=users.get("demo"))
    for step in ("gather_artifacts", "draft_timeline"):
        review.prep_step_set(review=item, step=step, done=True, user=users.get("demo"))
    board = retro.retrospective_create(team="Payments", held_on=timezone.localdate() - timedelta(days=14),
                                       user=users.get("demo"), title="Sprint 42 retrospective")
    for column, text in (("went_well", "On-call handovers were written down every day"),
                         ("could_improve", "Release notes for config-only changes are often empty"),
                         ("puzzling", "Why does the nightly batch job page at 03:00 twice a month?")):
        retro.retro_item_add(retrospective=board, column=column, text=text)
    action_item_add(retrospective=board, action="Add a release-notes template for config-only changes",
                    owner="Marco Silva", owner_user=users.get("marco"), type="process", impact=2, effort=1,
                    due_date=timezone.localdate() + timedelta(days=14),
                    success_metric="Every config-only release this month has notes")
