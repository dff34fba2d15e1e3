"""Render a postmortem as Markdown, standalone HTML or PDF (reads only)."""

from __future__ import annotations

from dataclasses import dataclass

from hotwash.core.document.markdown import render_markdown
from hotwash.core.errors import ValidationError
from hotwash.web.postmortems.document import postmortem_document
from hotwash.web.postmortems.models import Postmortem

FORMATS = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@dataclass
class Rendered:
    content: bytes
    content_type: str
    filename: str


def _svgs(postmortem: Postmortem) -> tuple[str | None, str | None]:
    from hotwash.web.postmortems.diagrams import fishbone_for, timeline_svg_for

    return fishbone_for(postmortem), timeline_svg_for(postmortem)


def postmortem_export(*, postmortem: Postmortem, fmt: str) -> Rendered:
    if fmt not in FORMATS:
        raise ValidationError(f"unknown format {fmt!r} (md, html or pdf)", field="format")
    doc = postmortem_document(postmortem)
    name = f"{postmortem.incident.ref.lower()}-postmortem.{fmt}"
    if fmt == "md":
        return Rendered(render_markdown(doc).encode(), FORMATS[fmt], name)
    fishbone, timeline = _svgs(postmortem)
    if fmt == "html":
        from hotwash.core.document.html import render_html

        return Rendered(render_html(doc, fishbone_svg=fishbone, timeline_svg=timeline).encode(), FORMATS[fmt], name)
    from hotwash.core.document.pdf import render_pdf

    return Rendered(render_pdf(doc, fishbone_svg=fishbone, timeline_svg=timeline), FORMATS[fmt], name)
