"""The postmortem as PDF: the printable HTML page laid out by WeasyPrint.

WeasyPrint needs the Pango system libraries (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``); it
is imported only when a PDF is asked for, so the rest of the core works without them.
"""

from __future__ import annotations

from hotwash.core.document.html import render_html
from hotwash.core.document.model import PostmortemDoc

__all__ = ["render_pdf"]


def render_pdf(doc: PostmortemDoc, *, fishbone_svg: str | None = None, timeline_svg: str | None = None) -> bytes:
    """PDF bytes of :func:`hotwash.core.document.html.render_html` for ``doc``."""
    import weasyprint  # lazily: heavy, and needs system libraries

    html = render_html(doc, fishbone_svg=fishbone_svg, timeline_svg=timeline_svg)
    pdf = weasyprint.HTML(string=html, base_url=None).write_pdf()
    return bytes(pdf) if pdf is not None else b""
