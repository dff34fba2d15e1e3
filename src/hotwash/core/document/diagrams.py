"""The document's diagrams, built from a :class:`PostmortemDoc` in one call each."""

from __future__ import annotations

from hotwash.core.analysis.fishbone import fishbone_svg
from hotwash.core.analysis.visual_timeline import TimelinePoint, timeline_svg
from hotwash.core.document._text import one_line
from hotwash.core.document.model import PostmortemDoc

__all__ = ["fishbone_for", "timeline_for"]


def fishbone_for(doc: PostmortemDoc) -> str:
    """The fishbone of the document's factors, the title as the problem."""
    return fishbone_svg(one_line(doc.title) or "Incident", doc.factors_by_category())


def timeline_for(doc: PostmortemDoc, *, width: float = 1100.0) -> str:
    """The visual timeline: sources as lanes, key decisions as key moments."""
    points = [TimelinePoint(r.time, one_line(r.event), one_line(r.source) or r.kind or "manual", r.key_decision)
              for r in doc.timeline]
    return timeline_svg(points, doc.started, doc.detected, doc.mitigated, doc.resolved, doc.timezone or "UTC",
                        width=width, title=f"Timeline: {one_line(doc.title)}" if one_line(doc.title) else "Timeline")
