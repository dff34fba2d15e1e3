"""A realistic demo incident with a complete postmortem, built through the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.contrib.auth import get_user_model
from django.db import transaction

from hotwash.web.accounts.models import Profile
from hotwash.web.accounts.services import user_create
from hotwash.web.actions.services import action_item_add
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import incident_create
from hotwash.web.postmortems import analysis_services as analysis
from hotwash.web.postmortems import services as pm
from hotwash.web.timeline.services import timeline_entry_add

DEMO_USER = "demo"
DEMO_PASSWORD = "hotwash-demo"
DEMO_TITLE = "Checkout errors after a connection-pool configuration change"

UTC = dt_timezone.utc


def _user(username: str, first: str, last: str, password: str, *, staff: bool = False):  # type: ignore[no-untyped-def]
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=password, first_name=first, last_name=last,
                           is_staff=staff, email=f"{username}@example.com", timezone_name="Europe/Berlin")
    Profile.objects.get_or_create(user=user)
    return user


@transaction.atomic
def load_demo() -> Incident:
    """Create the demo users and incident once; return the incident (existing or new)."""
    demo = _user(DEMO_USER, "Demo", "User", DEMO_PASSWORD, staff=True)
    if demo.password and not demo.check_password(DEMO_PASSWORD):
        demo.set_password(DEMO_PASSWORD)
        demo.save()
    facilitator = _user("priya", "Priya", "Raman", DEMO_PASSWORD)
    _user("marco", "Marco", "Silva", DEMO_PASSWORD)
    existing = Incident.objects.filter(title=DEMO_TITLE).first()
    if existing:
        _load_library_demo()  # added later than the main incident: a demo database from before gets it too
        return existing

    t0 = datetime(2026, 10, 14, 12, 20, tzinfo=UTC)
    incident = incident_create(
        user=demo, title=DEMO_TITLE, severity="high", status="resolved",
        started_at=t0, detected_at=t0 + timedelta(minutes=3), mitigated_at=t0 + timedelta(minutes=41),
        resolved_at=t0 + timedelta(minutes=58), timezone_name="Europe/Berlin",
        services=["checkout-api", "payments-db"], tags=["database", "config-change"],
        customer_impact="About 15% of checkout attempts failed with HTTP 500 for 38 minutes; "
                        "roughly 2,300 orders were retried by customers, 180 abandoned.",
        escalated=True)
    postmortem = incident.postmortem
    pm.postmortem_facilitator_set(postmortem=postmortem, facilitator=facilitator)
    pm.participant_add(postmortem=postmortem, name="Marco Silva", role="on-call engineer", involved=True)
    pm.participant_add(postmortem=postmortem, name="Dana Okafor", role="incident commander", involved=True)
    pm.participant_add(postmortem=postmortem, name="Priya Raman", role="facilitator", involved=False,
                       user=facilitator)

    entries = [
        (0, "Release 2026.10.14-2 of checkout-api rolled out to all pods", "Deploy pipeline green; canary stage "
         "is skipped for config-only changes", "", "deploy", False, True),
        (3, "Alert fired: checkout-api 5xx rate above 5%", "Error rate at 15%; latency p99 at 4.8 s",
         "On-call acknowledged and opened the incident channel", "alert", True, False),
        (6, "Checked recent deployments", "Release went out at 12:20 UTC; diff showed only a config change",
         "Suspected the release but judged a config-only change low risk", "chat", True, True),
        (12, "Database dashboards showed connections at the pool limit", "payments-db at 500/500 connections",
         "Paged the database team", "chat", False, False),
        (19, "Incident escalated to High; incident commander joined", "Errors steady at 12–15%",
         "Split investigation: app config and database", "status", False, False),
        (31, "Found pool size raised from 20 to 80 per pod in the release", "40 pods × 80 = 3,200 potential "
         "connections against a 500 limit", "Decided to roll back the release", "chat", True, False),
        (41, "Rollback completed; error rate back under 0.5%", "Dashboards recovered within 2 minutes",
         "Kept the incident open to watch the evening peak", "deploy", True, False),
        (58, "Incident resolved after the peak passed cleanly", "No errors for 15 minutes", "Closed the incident",
         "status", False, False),
    ]
    for minutes, event, info, decision, kind, is_key, wrong in entries:
        timeline_entry_add(incident=incident, user=demo, time=t0 + timedelta(minutes=minutes), event=event,
                           information_available=info, decision_action=decision, kind=kind,
                           key_decision=is_key, wrong_assumption=wrong)

    sections = {
        "executive_summary": (
            "For 38 minutes about 15% of checkout requests failed because a configuration release raised the "
            "database connection pool per pod, and together the pods asked for more connections than "
            "payments-db allows. Config-only releases skipped the canary stage, so the change reached every "
            "pod at once. We learned that pool sizes are a shared budget without an owner."),
        "what_went_well": "- The 5xx alert fired within 3 minutes of the release.\n"
                          "- Rolling back was one command and took under 10 minutes.\n"
                          "- The incident channel kept a clear record of decisions.",
        "what_went_wrong": "- The deploy pipeline treats config-only releases as low risk and skips the canary.\n"
                           "- Nothing checks the total connection budget against the database limit.\n"
                           "- The database team was paged 9 minutes after the alert.",
        "what_was_confusing": "- Errors looked like a database fault, so the first 20 minutes focused on the "
                              "database rather than the release.\n- The diff said *config only*, which read as safe.",
        "where_we_got_lucky": "- The incident happened before the evening peak; at peak traffic the pool "
                              "exhaustion would have taken checkout down entirely.",
        "key_learnings": "1. Connection pool sizes are a shared budget across services and need one owner.\n"
                         "2. Configuration changes carry as much risk as code and need the same rollout stages.\n"
                         "3. Dashboards that show saturation next to limits shorten diagnosis.",
    }
    for key, text in sections.items():
        pm.postmortem_section_update(postmortem=postmortem, section=key, text=text, base_version=0, user=demo)

    factors = [
        ("technical", "trigger", "Release raised the per-pod connection pool from 20 to 80."),
        ("technical", "enabling", "payments-db has a hard limit of 500 connections and no pooler in front of it."),
        ("process", "enabling", "Config-only releases skip the canary stage of the deploy pipeline."),
        ("process", "enabling", "No review step checks resource budgets shared between services."),
        ("communication", "enabling", "The database team was not in the incident channel until paged 9 minutes in."),
        ("environmental", "enabling", "Quarter-end freeze pressure pushed several changes into one release window."),
    ]
    for category, role, description in factors:
        analysis.factor_add(postmortem=postmortem, category=category, role=role, description=description)

    due = t0.date()
    actions = [
        ("Put PgBouncer in front of payments-db and cap connections per service", "Database team", 21,
         "Connections stay under 60% of the limit at peak", 3, 2, "prevent"),
        ("Run config-only releases through the canary stage", "Delivery team", 14,
         "100% of config releases pass canary in the pipeline report", 3, 1, "prevent"),
        ("Alert when any database is above 80% of its connection limit", "SRE", 10,
         "Alert fires within 60 s in a game-day test", 2, 1, "detect"),
        ("Add the connection budget to the service template's review checklist", "Platform team", 30,
         "Every new service declares its pool size in review", 2, 1, "process"),
    ]
    for text, owner, days, metric, impact, effort, kind in actions:
        action_item_add(postmortem=postmortem, action=text, owner=owner, due_date=due + timedelta(days=days),
                        success_metric=metric, impact=impact, effort=effort, type=kind)
    analysis.followup_add(postmortem=postmortem, scheduled_for=due + timedelta(days=21),
                          focus="Review action item progress and measure improvement effectiveness")

    from hotwash.web.reviews.demo import load_review_demo  # running the review (issue 7)

    load_review_demo(incident)

    from hotwash.web.followthrough.demo import load_followthrough_demo  # action follow-through (issue 6)

    load_followthrough_demo(incident)

    from hotwash.web.reviews.demo import load_review_history_demo  # survey answers: needs the incident above

    load_review_history_demo()
    _load_library_demo()
    return incident


def _load_library_demo() -> None:
    from hotwash.web.library.demo import load_library_demo  # earlier published postmortems (issue 8)

    load_library_demo()
