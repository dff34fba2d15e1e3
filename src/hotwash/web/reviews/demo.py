"""Demo data for running a review, built through the services.

- :func:`load_review_demo` (the main incident): a facilitator roster, a meeting booked in two days with
  part of the preparation done, two private accounts (one entry shared to the timeline with its author's
  consent), an anonymous note, and a past team retrospective with two shared action items (one done).
- :func:`load_review_history_demo` (after the follow-through demo's earlier incident exists): that
  incident's review was held weeks ago, with three anonymous survey answers, so the results and the
  team's results over time show.

Both run once, when ``load_demo`` creates the demo; each also checks for its own rows first.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotwash.web.incidents.models import Incident

T0 = datetime(2026, 10, 14, 12, 20, tzinfo=UTC)  # the main demo incident's start (hotwash.web.demo)

# (author, minutes after T0, what they saw, what they knew, what they did, shared to the timeline)
ACCOUNTS: tuple[tuple[str, int, str, str, str, bool], ...] = (
    ("marco", 3, "The pager showed checkout-api 5xx above 5%.",
     "A release had gone out three minutes earlier.", "Acknowledged the page and opened the incident channel.",
     False),
    ("marco", 6, "The release diff listed only checkout-api configuration values.",
     "Config-only releases skip the canary stage, and a pool setting had not caused trouble before.",
     "Kept the release in place and looked at the database dashboards first.", True),
    ("marco", 12, "The payments-db connection graph was flat at 500.",
     "The hard limit of 500 connections on payments-db was new to me.",
     "Paged the database team.", False),
    ("dana", 19, "Two lines of investigation in the channel: application config and the database.",
     "Nobody had connected the new pool size to the connection limit yet.",
     "Asked for a comparison of the pool settings in the last two releases.", False),
    ("dana", 41, "The error rate dropped under 0.5% two minutes after the rollback.",
     "The evening peak was about an hour away.", "Kept the incident open until the peak had passed.", False),
)
NOTE = ("The pool change passed code review. The reviewers could not see the payments-db connection limit "
        "anywhere in the diff; could the meeting look at how limits like that reach a review?")
RETRO_ITEMS = (
    ("went_well", "On-call handovers were written down every day"),
    ("went_well", "The new dashboard for queue depth answered most questions during the sale"),
    ("could_improve", "Release notes for config-only changes are often empty"),
    ("could_improve", "Pages for the nightly batch job arrive at 03:00 with no runbook link"),
    ("puzzling", "Why does the nightly batch job page at 03:00 twice a month?"),
)
# the earlier incident's review: facilitated by marco, answered by three of the four people in the room
SURVEY = (
    ("marco", {"blameless": 5, "voice": 4, "time": 4},
     "The timeline phase ran long, but the questions stayed on what people knew at each step."),
    ("dana", {"blameless": 4, "voice": 5, "time": 3},
     "I could explain why the retries looked safe at the time. Systems analysis felt rushed at the end."),
    ("priya", {"blameless": 5, "voice": 4, "time": 4}, "Having the connection graphs on screen helped a lot."),
)
PHASE_MINUTES = (5, 34, 24, 16, 4)  # how long each phase of the agenda really took: opening … closing


def _demo_users() -> dict[str, Any]:
    """The demo accounts, adding Dana Okafor (the main incident's incident commander) when missing."""
    from hotwash.web.accounts.services import user_create
    from hotwash.web.demo import DEMO_PASSWORD

    User = get_user_model()
    if not User.objects.filter(username="dana").exists():
        user_create(username="dana", password=DEMO_PASSWORD, first_name="Dana", last_name="Okafor",
                    email="dana@example.com", timezone_name="Europe/Berlin")
    return {u.username: u for u in User.objects.filter(username__in=["priya", "marco", "dana", "demo"])}


def _working_hours(when: datetime) -> datetime:
    """10:00 in the demo team's zone (Europe/Berlin) on that day, moved to Monday from a weekend."""
    local = when.astimezone(ZoneInfo("Europe/Berlin"))
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.replace(hour=10, minute=0, second=0, microsecond=0)


def load_review_demo(incident: Incident) -> None:
    from hotwash.web.reviews.models import AccountEntry
    from hotwash.web.reviews.services import review

    users = _demo_users()
    for name in ("priya", "marco"):
        if name in users:
            review.facilitator_join(user=users[name])
    item = review.review_ensure(postmortem=incident.postmortem)
    review.review_team_set(review=item, team="Payments")
    start = _working_hours(timezone.now() + timedelta(days=2))
    review.meeting_schedule(review=item, at=start, minutes=80, place="https://meet.example.org/payments-review",
                            user=users.get("demo"))
    for step in ("gather_artifacts", "draft_timeline"):
        review.prep_step_set(review=item, step=step, done=True, user=users.get("demo"))
    if not AccountEntry.objects.filter(review=item).exists():
        _accounts_and_note(item, users)
    _retrospective(users)


def _accounts_and_note(item: Any, users: dict[str, Any]) -> None:
    from hotwash.web.reviews.services import participants

    for author, minutes, saw, knew, did, shared in ACCOUNTS:
        if author not in users:
            continue
        entry = participants.account_entry_add(review=item, author=users[author], time=T0 + timedelta(minutes=minutes),
                                               saw=saw, knew=knew, did=did)
        if shared:  # the author's consent: on the timeline with their name
            participants.account_entry_share(entry=entry, user=users[author], attributed=True)
    participants.anonymous_note_add(review=item, text=NOTE)


def _retrospective(users: dict[str, Any]) -> None:
    from hotwash.web.actions.services import action_item_add, action_item_update
    from hotwash.web.reviews.models import Retrospective
    from hotwash.web.reviews.services import retro

    title = "Sprint 42 retrospective"
    if Retrospective.objects.filter(team="Payments", title=title).exists():
        return
    today = timezone.localdate()
    board = retro.retrospective_create(team="Payments", held_on=today - timedelta(days=14), user=users.get("demo"),
                                       title=title, facilitator=users.get("priya"), follow_up_on=today)
    for column, text in RETRO_ITEMS:
        retro.retro_item_add(retrospective=board, column=column, text=text)
    action_item_add(retrospective=board, action="Add a release-notes template for config-only changes",
                    owner="Marco Silva", owner_user=users.get("marco"), type="process", impact=2, effort=1,
                    due_date=today + timedelta(days=14),
                    success_metric="Every config-only release this month has notes")
    done = action_item_add(retrospective=board, action="Link the batch job runbook from its pager alert",
                           owner="Priya Raman", owner_user=users.get("priya"), type="detect", impact=2, effort=1,
                           due_date=today - timedelta(days=4),
                           success_metric="Every batch job page carries a runbook link")
    action_item_update(item=done, data={"status": "done"})


def load_review_history_demo() -> None:
    """The follow-through demo's earlier incident gets a held review meeting and three survey answers."""
    from hotwash.web.followthrough.demo import EARLIER_TITLE
    from hotwash.web.postmortems.services import participant_add, postmortem_section_update
    from hotwash.web.reviews.models import PrepCheck, SurveyAnswer
    from hotwash.web.reviews.services import meeting, participants, review

    earlier = Incident.objects.filter(title=EARLIER_TITLE).select_related("postmortem").first()
    if earlier is None or SurveyAnswer.objects.filter(review__postmortem__incident=earlier).exists():
        return
    users = _demo_users()
    postmortem = earlier.postmortem
    for name, role, user in (("Dana Okafor", "on-call engineer", users.get("dana")),
                             ("Priya Raman", "database engineer", users.get("priya")),
                             ("Demo User", "incident commander", users.get("demo"))):
        participant_add(postmortem=postmortem, name=name, role=role, involved=True, user=user)
    for section, text in (
            ("executive_summary", "For 25 minutes payment retries held most payments-db connections, and new "
                                  "payments waited for a free connection until they timed out. Retries had no "
                                  "backoff, so every timeout added load."),
            ("key_learnings", "1. Retries are load: they need a budget and a backoff.\n"
                              "2. Connections against the limit belong on the first dashboard on-call opens.")):
        postmortem_section_update(postmortem=postmortem, section=section, text=text, base_version=0,
                                  user=users.get("demo"))
    item = review.review_ensure(postmortem=postmortem)
    review.review_team_set(review=item, team="Payments")
    if "marco" in users:
        review.facilitator_choose(review=item, user=users["marco"])
    start = datetime.combine(earlier.started_at.date() + timedelta(days=6), time(13, 0), tzinfo=UTC)
    review.meeting_schedule(review=item, at=start, minutes=80, place="Room 3 and https://meet.example.org/payments",
                            user=users.get("demo"))
    for step in ("gather_artifacts", "draft_timeline", "identify_participants", "share_agenda"):
        review.prep_step_set(review=item, step=step, done=True, user=users.get("demo"))
    PrepCheck.objects.filter(review=item).update(done_at=start - timedelta(days=2))  # prepared before the meeting
    now = start
    meeting.meeting_advance(review=item, action="start", now=now)
    for index, minutes in enumerate(PHASE_MINUTES):
        now += timedelta(minutes=minutes)
        meeting.meeting_advance(review=item, action="next" if index < len(PHASE_MINUTES) - 1 else "end", now=now)
    for offset, (name, scores, comment) in enumerate(SURVEY):
        if name in users:
            participants.survey_answer_submit(review=item, user=users[name], scores=scores, comment=comment,
                                              now=now + timedelta(hours=1 + offset), tz=UTC)  # the same day
