"""A postmortem as a shareable document: Markdown (the template's structure) or HTML, redacted.

Redaction for sharing outside the team (see :mod:`hotwash.core.redact`): participants who did
not consent to be named become their roles everywhere in the text (and facilitator, owners,
timeline actors); optionally e-mails, IP addresses and internal host names are masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

from hotwash.core.document.html import render_html
from hotwash.core.document.markdown import render_markdown
from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)
from hotwash.core.redact import RedactionOptions, redact, role_label
from hotwash.web.actions.models import ActionItem
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.document import local_day
from hotwash.web.postmortems.models import FactorCategory, Postmortem

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


@dataclass(frozen=True)
class ExportOptions:
    redact_names: bool = True
    masks: RedactionOptions = field(default_factory=lambda: RedactionOptions(
        internal_domains=tuple(getattr(settings, "HOTWASH_INTERNAL_DOMAINS", ()))))

    @classmethod
    def none(cls) -> ExportOptions:
        return cls(redact_names=False, masks=RedactionOptions(mask_emails=False, mask_ips=False, mask_hosts=False))


def name_map(postmortem: Postmortem) -> dict[str, str]:
    """Name → role for every participant who did not consent to be named (user names included)."""
    names: dict[str, str] = {}
    for index, p in enumerate(postmortem.participants.select_related("user").order_by("id")):
        if p.consent_to_name:
            continue
        label = role_label(p.role, index)
        names[p.name] = label
        if p.user is not None:
            full = p.user.get_full_name()
            if full:
                names.setdefault(full, label)
            names.setdefault(p.user.get_username(), label)
    if postmortem.facilitator is not None:
        consented = postmortem.participants.filter(user=postmortem.facilitator, consent_to_name=True).exists()
        if not consented:
            for name in (postmortem.facilitator.get_full_name(), postmortem.facilitator.get_username()):
                if name:
                    names.setdefault(name, "the facilitator")
    return names


def build_document(incident: Incident, options: ExportOptions | None = None) -> PostmortemDoc:
    """The postmortem of ``incident`` as a :class:`PostmortemDoc`, redacted as ``options`` say."""
    options = options or ExportOptions()
    pm = Postmortem.objects.select_related("facilitator").get(incident=incident)
    names = name_map(pm) if options.redact_names else {}

    def r(text: str) -> str:
        return redact(text or "", names=names, options=options.masks)

    facilitator = ""
    if pm.facilitator is not None:
        facilitator = r(pm.facilitator.get_full_name() or pm.facilitator.get_username())
    # A person named by their role is not followed by the role again ("the on-call engineer (involved)").
    participants = [Participant(name=r(p.name), involved=p.involved,
                                role="" if names and not p.consent_to_name else p.role)
                    for p in pm.participants.order_by("id")]
    timeline = [TimelineRow(time=e.time, event=r(e.event), information_available=r(e.information_available),
                            decision_action=r(e.decision_action), source=r(e.source), kind=e.kind,
                            key_decision=e.key_decision, wrong_assumption=e.wrong_assumption)
                for e in incident.timeline.filter(hidden=False).order_by("time", "id")]
    factors = [Factor(category=f.category.key, role=f.role, description=r(f.description))
               for f in pm.factors.select_related("category")]
    actions = [ActionRow(action=r(a.action), owner=r(a.owner), due_date=a.due_date,
                         success_metric=r(a.success_metric), priority=a.priority, status=a.status)
               for a in ActionItem.objects.filter(postmortem=pm)]
    followup = pm.followups.order_by("scheduled_for").first()
    learnings = [line.strip().lstrip("-*0123456789.) ").strip() for line in r(pm.key_learnings).splitlines()]
    started = incident.started_at
    return PostmortemDoc(
        title=r(incident.title), incident_date=local_day(started, incident.timezone),  # where it happened
        facilitator=facilitator,
        participants=participants, severity=incident.severity.label, started=started,
        detected=incident.detected_at, mitigated=incident.mitigated_at, resolved=incident.resolved_at,
        timezone=incident.timezone, executive_summary=r(pm.executive_summary), timeline=timeline,
        factors=factors, categories=[(c.key, c.label) for c in FactorCategory.objects.all()],
        what_went_well=r(pm.what_went_well), what_went_wrong=r(pm.what_went_wrong),
        what_was_confusing=r(pm.what_was_confusing), where_we_got_lucky=r(pm.where_we_got_lucky),
        key_learnings=[line for line in learnings if line], actions=actions,
        follow_up=FollowUp(scheduled_for=followup.scheduled_for if followup else None,
                           **({"focus": r(followup.focus)} if followup and followup.focus else {})),
        services=sorted(s.name for s in incident.services.all()), tags=sorted(t.name for t in incident.tags.all()),
        impact=r(incident.customer_impact))


def markdown_html(text: str) -> str:
    """Markdown (a section's text) as sanitised HTML."""
    return nh3.clean(_md.render(text or ""))


def export_markdown(incident: Incident, options: ExportOptions | None = None) -> str:
    return render_markdown(build_document(incident, options))


def export_html(incident: Incident, options: ExportOptions | None = None) -> str:
    """A standalone, printable HTML page of the (redacted) postmortem: the document renderer's page
    (tables, factor and status tags, print styles), without diagrams."""
    return render_html(build_document(incident, options))


def document_main(html: str) -> str:
    """The ``<main>`` element of :func:`export_html`'s page, to show inside another page."""
    start = html.index('<main class="postmortem">')
    return html[start:html.rindex("</main>") + len("</main>")]
