"""The postmortem document: a plain model, Markdown in the template's format, HTML and PDF."""

from __future__ import annotations

from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)

__all__ = ["ActionRow", "Factor", "FollowUp", "Participant", "PostmortemDoc", "TimelineRow"]
