"""The fishbone and the visual timeline of a postmortem, as SVG (reads only)."""

from __future__ import annotations

from hotwash.core.analysis.fishbone import fishbone_svg
from hotwash.core.analysis.visual_timeline import TimelinePoint, timeline_svg
from hotwash.web.postmortems.document import postmortem_document
from hotwash.web.postmortems.models import Postmortem


def fishbone_for(postmortem: Postmortem) -> str:
    doc = postmortem_document(postmortem)
    return fishbone_svg(postmortem.incident.title, doc.factors_by_category())


def timeline_svg_for(postmortem: Postmortem) -> str:
    incident = postmortem.incident
    rows = [TimelinePoint(e.time, e.event, e.source if e.source != "manual" else e.kind, e.key_decision)
            for e in incident.timeline.filter(hidden=False).order_by("time", "id")]
    return timeline_svg(rows, incident.started_at, incident.detected_at, incident.mitigated_at,
                        incident.resolved_at, incident.timezone, title=f"{incident.ref} timeline")
