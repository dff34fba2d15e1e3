"""Demo data for the learning library: earlier published postmortems, built through the services.

Six postmortems on different services and dates, so that the library, search, recurrence
suggestions and the digest have something real to show:

- a look-alike of the main demo incident (a connection limit on payments-db reached after a
  configuration change), with two action items never done and one fix shown not to work;
- one that started on today's date in an earlier year ("this week in past incidents");
- one published a few days ago (a new publication in the digest);
- two DNS incidents confirmed as a recurrence of each other, the earlier with an item still open.

Loaded once (keyed by title); publication dates are set to when each review really ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotwash.web.actions.services import action_item_add, action_item_update
from hotwash.web.followthrough.services import followup_complete, followups_schedule, verdict_record
from hotwash.web.incidents.models import Incident
from hotwash.web.incidents.services import incident_create
from hotwash.web.library.services import incident_index, recurrence_decide
from hotwash.web.postmortems import analysis_services as analysis
from hotwash.web.postmortems import services as pm
from hotwash.web.postmortems.models import Postmortem
from hotwash.web.timeline.services import timeline_entry_add

UTC = dt_timezone.utc


@dataclass
class Action:
    text: str
    owner: str
    due_days: int  # after the incident
    metric: str
    status: str = "open"  # open, done, wont_do
    verdict: str = ""  # for a done item: worked, partly, did_not
    verdict_note: str = ""


@dataclass
class Past:
    title: str
    severity: str
    started: datetime
    services: list[str]
    tags: list[str]
    impact: str
    sections: dict[str, str]
    timeline: list[tuple[int, str, str, str, str]]  # minutes, event, information, decision, kind
    factors: list[tuple[str, str, str]]  # category, role, description
    actions: list[Action]
    published_after_days: int = 9
    minutes: tuple[int, int, int] = (4, 35, 60)  # detected, mitigated, resolved after the start
    participants: list[tuple[str, str, bool]] = field(default_factory=list)  # name, role, consents to be named


def _on_this_day(years: int) -> datetime:
    """Today's date ``years`` earlier, at 07:40 UTC (28 February for a 29 February)."""
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = date(today.year - years, 2, 28)
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7, minutes=40)


LOOKALIKE_TITLE = "Checkout timeouts when payments-db reached its connection limit"
DNS_EARLIER_TITLE = "Internal lookups failed after a resolver configuration push"
DNS_LATER_TITLE = "DNS resolution failures after a zone file change"


def _past() -> list[Past]:
    recent = timezone.now() - timedelta(days=12)
    recent = recent.replace(hour=13, minute=5, second=0, microsecond=0)
    return [
        Past(
            title=LOOKALIKE_TITLE, severity="high", started=datetime(2025, 6, 17, 18, 10, tzinfo=UTC),
            services=["checkout-api", "payments-db"], tags=["database", "config-change"],
            impact="For 52 minutes about 8% of checkout requests timed out after 30 seconds; "
                   "around 900 orders were retried by customers.",
            sections={
                "executive_summary": (
                    "During the summer sale, autoscaling added 30 checkout-api pods. A configuration change a week "
                    "earlier had raised the connection pool to 20 per pod, so the new pods asked payments-db for "
                    "more connections than its limit of 300. Checkout requests waited for a connection and timed "
                    "out. Lowering the pool size and restarting the pods restored service."),
                "what_went_well": "- The checkout latency alert fired within 4 minutes.\n"
                                  "- The database team joined the incident channel quickly.",
                "what_went_wrong": "- Connection pool sizes are set per service; nobody sees the total.\n"
                                   "- The pool change looked harmless at normal traffic and was reviewed as such.",
                "what_was_confusing": "- Timeouts looked like slow queries, so the first half hour went to "
                                      "query plans.",
                "where_we_got_lucky": "- The sale peak had passed when the limit was reached.",
                "key_learnings": "1. Connections to a shared database are a budget that needs an owner.\n"
                                 "2. Autoscaling multiplies per-pod settings; reviews need the fleet-wide total.",
            },
            timeline=[
                (0, "Autoscaling added 30 checkout-api pods for the sale traffic", "Traffic at 2.4× a normal "
                 "evening", "", "deploy"),
                (4, "Alert fired: checkout p99 latency above 10 s", "Timeouts at the 30 s client limit",
                 "On-call opened the incident channel", "alert"),
                (27, "Database dashboard showed 300 of 300 connections in use", "Pool errors in the checkout "
                 "logs", "Paged the database team", "chat"),
                (35, "Pool size lowered to 8 per pod and pods restarted", "Connections fell to 180",
                 "Watched the error rate for the rest of the peak", "deploy"),
                (60, "Incident resolved", "No timeouts for 20 minutes", "Closed the incident", "status"),
            ],
            factors=[
                ("technical", "trigger", "Autoscaling added pods, each opening a pool of 20 connections."),
                ("technical", "enabling", "payments-db allows 300 connections and has no pooler in front."),
                ("process", "enabling", "Reviews of pool sizes look at one pod, not the fleet-wide total."),
            ],
            actions=[
                Action("Put a connection pooler in front of payments-db", "Database team", 45,
                       "Connections stay under 60% of the limit during the sale peak"),
                Action("Alert when a database is above 80% of its connection limit", "SRE", 30,
                       "The alert fires within 60 s in a game-day test"),
                Action("Raise the payments-db connection limit from 300 to 500", "Database team", 7,
                       "No pool errors at 2× normal traffic", status="done", verdict="did_not",
                       verdict_note="A load test at 2.5× traffic reached the new limit of 500 within 10 minutes."),
                Action("Write down the connection budget of every service using payments-db", "Payments team", 21,
                       "The budget page lists every service and its pool size", status="done"),
            ],
            participants=[("Marco Silva", "on-call engineer", False), ("Dana Okafor", "incident commander", True)],
        ),
        Past(
            title="Search results went stale after the index rebuild stalled", severity="medium",
            started=_on_this_day(2), services=["search-api"], tags=["latency", "kubernetes"],
            impact="For about 5 hours search results missed products added that day; "
                   "no errors were shown to customers.",
            sections={
                "executive_summary": (
                    "The nightly search index rebuild stopped half way when its node was drained for a kernel "
                    "upgrade, and the job had no retry. Search kept serving the previous index, so products "
                    "added that day did not appear for about five hours. A manual rebuild fixed it."),
                "what_went_well": "- Serving the previous index kept search available.\n"
                                  "- The manual rebuild took 40 minutes and ran without surprises.",
                "what_went_wrong": "- The rebuild job has no retry and no alert on its age.",
                "what_was_confusing": "- The job showed as *succeeded* because the drain ended the pod cleanly.",
                "where_we_got_lucky": "- It was a quiet weekday with few new products.",
                "key_learnings": "1. A batch job's success needs a freshness check, not only an exit code.\n"
                                 "2. Node drains and nightly jobs share the same window.",
            },
            timeline=[
                (0, "Node drained for a kernel upgrade; index rebuild pod ended", "Job status: succeeded", "",
                 "deploy"),
                (290, "Merchandising reported new products missing from search", "Index age 29 hours",
                 "On-call started a manual rebuild", "chat"),
                (335, "Manual rebuild finished and the new index went live", "New products found", "",
                 "deploy"),
            ],
            factors=[
                ("technical", "trigger", "The node drain ended the rebuild pod half way through."),
                ("technical", "enabling", "The rebuild job has no retry and reports a clean stop as success."),
                ("process", "enabling", "The maintenance window for node upgrades overlaps the nightly jobs."),
            ],
            actions=[
                Action("Alert when the search index is older than 26 hours", "Search team", 14,
                       "Alert fires in a test with a paused rebuild", status="done", verdict="worked",
                       verdict_note="Fired twice since, both times within 10 minutes of the threshold."),
                Action("Retry the rebuild job from its last checkpoint", "Search team", 30,
                       "A drained rebuild finishes without a person stepping in", status="done"),
            ],
            minutes=(290, 335, 340), published_after_days=6,
        ),
        Past(
            title="TLS certificate expired on the partner API gateway", severity="critical",
            started=datetime(2024, 3, 9, 0, 2, tzinfo=UTC), services=["api-gateway"], tags=["tls", "security"],
            impact="Partner integrations could not connect for 47 minutes; 14 partners saw failed orders.",
            sections={
                "executive_summary": (
                    "The certificate of the partner API gateway expired at midnight UTC and every TLS handshake "
                    "failed. Renewal was a manual task tracked in a calendar that moved with a team change. "
                    "Installing a new certificate restored traffic after 47 minutes."),
                "what_went_well": "- Partner error alerts fired within 2 minutes.\n"
                                  "- The security team issued a new certificate in 20 minutes.",
                "what_went_wrong": "- Certificate renewal depended on a calendar reminder.",
                "what_was_confusing": "- Clients reported *connection reset*, which first pointed at the network.",
                "where_we_got_lucky": "- The expiry fell on a Saturday night with low partner traffic.",
                "key_learnings": "1. Anything that expires needs automated renewal and an alert well before.\n"
                                 "2. Reminders tied to a team calendar do not survive re-organisation.",
            },
            timeline=[
                (0, "Gateway certificate expired", "Handshake failures at 100%", "", "alert"),
                (2, "Alert fired: partner API error rate above 50%", "TLS errors in the gateway logs",
                 "On-call paged the security team", "alert"),
                (25, "New certificate issued", "", "Installed on both gateway nodes", "deploy"),
                (47, "Traffic recovered on all partner connections", "Error rate under 0.1%", "", "status"),
            ],
            factors=[
                ("technical", "trigger", "The gateway certificate reached its expiry date."),
                ("process", "enabling", "Renewal was manual and tracked in a team calendar."),
                ("communication", "enabling", "The calendar moved during a team change without a handover."),
            ],
            actions=[
                Action("Renew gateway certificates automatically with ACME", "Security team", 30,
                       "All gateway certificates renew 30 days before expiry", status="done", verdict="worked",
                       verdict_note="Renewed automatically in January and again in April."),
                Action("Alert 21 days before any certificate expires", "SRE", 14,
                       "Alert seen in a test with a short-lived certificate", status="done"),
            ],
            minutes=(2, 25, 47), participants=[("Amara Chen", "security engineer", True)],
        ),
        Past(
            title=DNS_EARLIER_TITLE, severity="high", started=datetime(2023, 8, 22, 9, 15, tzinfo=UTC),
            services=["dns"], tags=["dns", "config-change"],
            impact="Internal services could not resolve each other for 24 minutes; order processing paused.",
            sections={
                "executive_summary": (
                    "A resolver configuration push removed the forwarder for internal zones. Services could not "
                    "resolve internal names and retried until their queues filled. Rolling the configuration back "
                    "restored lookups after 24 minutes."),
                "what_went_well": "- The rollback was one command.",
                "what_went_wrong": "- The configuration push went to every resolver at once.",
                "what_was_confusing": "- Cached answers kept some services working, which hid the scope.",
                "where_we_got_lucky": "- The push happened during office hours with the DNS owner online.",
                "key_learnings": "1. Resolver changes need a staged rollout like any deploy.",
            },
            timeline=[
                (0, "Resolver configuration pushed to all resolvers", "", "", "deploy"),
                (6, "Alert fired: order queue depth rising", "SERVFAIL for internal names", "", "alert"),
                (24, "Resolver configuration rolled back", "Lookups recovered", "", "deploy"),
            ],
            factors=[
                ("technical", "trigger", "The pushed configuration had no forwarder for internal zones."),
                ("process", "enabling", "Resolver changes went to every resolver at the same time."),
            ],
            actions=[
                Action("Roll out resolver changes to one resolver first, then the rest", "Network team", 30,
                       "Every resolver change in the pipeline has a canary stage"),
                Action("Test internal name lookups before a resolver change goes live", "Network team", 21,
                       "The pipeline blocks a change that breaks an internal lookup", status="done"),
            ],
            minutes=(6, 24, 30),
        ),
        Past(
            title=DNS_LATER_TITLE, severity="high", started=datetime(2025, 2, 4, 15, 30, tzinfo=UTC),
            services=["dns"], tags=["dns", "config-change"],
            impact="About 20% of lookups for the payments domain failed for 31 minutes.",
            sections={
                "executive_summary": (
                    "A zone file change added a record with a missing trailing dot, which made the payments "
                    "domain resolve to a name that did not exist. Resolvers cached the negative answers, so the "
                    "fix took effect only as caches expired. The change went to every resolver at once, as in "
                    "2023."),
                "what_went_well": "- The zone validation log pointed at the right record quickly.",
                "what_went_wrong": "- The resolver canary stage from 2023 was still open.",
                "what_was_confusing": "- Only some clients failed, depending on which resolver answered.",
                "where_we_got_lucky": "- Negative caching was set to 5 minutes, not an hour.",
                "key_learnings": "1. A recurrence is the best reason to finish an old action item.",
            },
            timeline=[
                (0, "Zone file change deployed", "", "", "deploy"),
                (5, "Alert fired: payments lookups failing", "SERVFAIL and NXDOMAIN in resolver logs", "",
                 "alert"),
                (19, "Zone change rolled back", "", "Waited for negative caches to expire", "deploy"),
                (31, "Lookups recovered everywhere", "", "", "status"),
            ],
            factors=[
                ("technical", "trigger", "A record without a trailing dot pointed at a name that does not exist."),
                ("process", "enabling", "Zone changes go to every resolver at the same time."),
            ],
            actions=[
                Action("Lint zone files for relative names before deploy", "Network team", 14,
                       "The pipeline rejects a record without a trailing dot", status="done"),
            ],
            minutes=(5, 19, 31),
        ),
        Past(
            title="Order confirmation e-mails delayed by Kafka consumer lag", severity="medium",
            started=recent, services=["notifications", "kafka"], tags=["queue"],
            impact="Order confirmation e-mails arrived up to 3 hours late; no e-mails were lost.",
            sections={
                "executive_summary": (
                    "A partition rebalance after a broker restart left the notification consumers on a slow "
                    "retry schedule. Consumer lag grew to 3 hours before the lag alert's threshold was reached. "
                    "Restarting the consumers cleared the backlog in 40 minutes."),
                "what_went_well": "- No messages were lost; the backlog drained in order.",
                "what_went_wrong": "- The lag alert counts messages, not minutes, and night traffic is low.",
                "what_was_confusing": "- The consumer group showed as healthy while it was not reading.",
                "where_we_got_lucky": "- It happened at night, when few orders are placed.",
                "key_learnings": "1. Alert on the age of the oldest unread message, not on a message count.",
            },
            timeline=[
                (0, "Broker restarted for patching; partitions rebalanced", "", "", "deploy"),
                (170, "Alert fired: notification consumer lag above 50,000", "Oldest message 2 h 50 min old",
                 "On-call restarted the consumers", "alert"),
                (215, "Backlog drained", "Lag under 100 messages", "", "status"),
            ],
            factors=[
                ("technical", "trigger", "The rebalance left consumers on a slow retry schedule."),
                ("technical", "enabling", "The lag alert uses a message count that night traffic rarely reaches."),
            ],
            actions=[
                Action("Alert on consumer lag in minutes for every consumer group", "SRE", 14,
                       "The alert fires after 10 minutes of lag in a test"),
            ],
            minutes=(170, 175, 215), published_after_days=9,
        ),
    ]


def _build(spec: Past, author: Any, facilitator: Any) -> Incident:
    t0 = spec.started
    detected, mitigated, resolved = spec.minutes
    incident = incident_create(
        user=author, title=spec.title, severity=spec.severity, status="resolved", started_at=t0,
        detected_at=t0 + timedelta(minutes=detected), mitigated_at=t0 + timedelta(minutes=mitigated),
        resolved_at=t0 + timedelta(minutes=resolved), timezone_name="Europe/Berlin", services=spec.services,
        tags=spec.tags, customer_impact=spec.impact)
    postmortem = incident.postmortem
    pm.postmortem_facilitator_set(postmortem=postmortem, facilitator=facilitator)
    for name, role, consent in spec.participants:
        pm.participant_add(postmortem=postmortem, name=name, role=role, consent_to_name=consent)
    for minutes, event, info, decision, kind in spec.timeline:
        timeline_entry_add(incident=incident, user=author, time=t0 + timedelta(minutes=minutes), event=event,
                           information_available=info, decision_action=decision, kind=kind)
    for key, text in spec.sections.items():
        pm.postmortem_section_update(postmortem=postmortem, section=key, text=text, base_version=0, user=author)
    for category, role, description in spec.factors:
        analysis.factor_add(postmortem=postmortem, category=category, role=role, description=description)
    published_at = t0 + timedelta(days=spec.published_after_days, hours=2)
    reviews = followups_schedule(postmortem=postmortem, published_on=published_at.date())
    items = [(action_item_add(postmortem=postmortem, action=a.text, owner=a.owner,
                              due_date=t0.date() + timedelta(days=a.due_days), success_metric=a.metric), a)
             for a in spec.actions]
    pm.postmortem_status_set(postmortem=postmortem, status="in_review", user=author)
    pm.postmortem_status_set(postmortem=postmortem, status="published", user=author)
    for item, a in items:
        if a.status != "open":
            item = action_item_update(item=item, data={"status": a.status})
        if a.verdict:
            verdict_record(action=item, verdict=a.verdict, note=a.verdict_note, review=reviews[1], user=facilitator)
    today = timezone.localdate()
    for review in reviews:  # the reviews that are due by now took place
        if review.scheduled_for <= today:
            followup_complete(review=review, user=facilitator)
    # The history: published when its review ended, not at demo load time.
    Postmortem.objects.filter(pk=postmortem.pk).update(published_at=published_at)
    incident_index(incident=incident)
    return incident


def load_library_demo() -> list[Incident]:
    """Once: the earlier published postmortems (existing ones are kept; returns all of them)."""
    User = get_user_model()
    author = User.objects.get(username="demo")
    facilitator = User.objects.filter(username="priya").first() or author
    out = []
    for spec in _past():
        existing = Incident.objects.filter(title=spec.title).first()
        out.append(existing or _build(spec, author, facilitator))
    by_title = {i.title: i for i in out}
    recurrence_decide(incident=by_title[DNS_LATER_TITLE], earlier=by_title[DNS_EARLIER_TITLE], state="confirmed",
                      user=facilitator, reasons=["same service dns", "both: resolver change rolled out everywhere"])
    return out
