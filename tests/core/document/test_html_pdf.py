from __future__ import annotations

import base64
import re

import pytest

from hotwash.core.analysis.fishbone import fishbone_svg
from hotwash.core.analysis.visual_timeline import timeline_svg
from hotwash.core.document.html import render_html
from hotwash.core.document.model import PostmortemDoc
from hotwash.core.document.pdf import render_pdf


@pytest.fixture
def diagrams(sample_doc):
    d = sample_doc
    return {
        "fishbone_svg": fishbone_svg(d.title, d.factors_by_category()),
        "timeline_svg": timeline_svg([(r.time, r.event, r.source, r.key_decision) for r in d.timeline],
                                     d.started, d.detected, d.mitigated, d.resolved, d.timezone),
    }


def test_the_page_has_the_templates_sections_in_order(sample_doc):
    html = render_html(sample_doc)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == ["Executive Summary", "Impact", "Timeline of Events", "Contributing Factors", "What Went Well",
                        "What Went Wrong", "What Was Confusing", "Where We Got Lucky", "Key Learnings",
                        "Action Items", "Follow-Up Review"]
    assert "<h1>Post-Mortem: Checkout errors after the 14:20 release</h1>" in html


def test_the_page_is_standalone_with_print_styles_and_no_external_assets(sample_doc, diagrams):
    html = render_html(sample_doc, **diagrams)
    assert "@media print" in html and "@page" in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assert "<link" not in html and "<script" not in html


def test_the_diagrams_are_embedded_as_data_images(sample_doc, diagrams):
    html = render_html(sample_doc, **diagrams)
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == 2
    assert base64.b64decode(images[1]).decode() == diagrams["fishbone_svg"]
    assert 'href="#diagram-fishbone"' in html


def test_user_markdown_is_rendered_and_sanitised():
    doc = PostmortemDoc(
        title="<b>x</b>",
        executive_summary="**bold** <script>alert(1)</script> [a](javascript:alert(1)) <img src=x onerror=alert(1)>",
        key_learnings=["Use `feature flags`"],
    )
    html = render_html(doc)
    assert "<strong>bold</strong>" in html
    body = html.split("</style>")[1]
    assert "<script>" not in body and "<img src=x" not in body and 'href="javascript:' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<title>Post-Mortem: &lt;b&gt;x&lt;/b&gt;</title>" in html
    assert "<li>Use <code>feature flags</code></li>" in html


def test_key_decisions_wrong_assumptions_and_triggers_are_marked(sample_doc):
    html = render_html(sample_doc)
    assert html.count('<tr class="key-decision">') == 2
    assert "assumption later proved wrong" in html
    assert '<li class="trigger">Payment client timeout lowered from 30s to 3s in the release' in html


def test_times_are_shown_in_the_documents_zone(sample_doc):
    html = render_html(sample_doc)
    assert '<td class="time">14:23</td>' in html
    assert "<dt>Started</dt><dd>2024-08-01 14:20</dd>" in html


def test_empty_sections_say_so():
    html = render_html(PostmortemDoc(title="Empty"))
    assert "No timeline entries." in html and "No action items." in html and "None identified." in html


def test_the_pdf_is_a_pdf(sample_doc, diagrams):
    pdf = render_pdf(sample_doc, **diagrams)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 10_000


def test_the_diagram_helpers_build_both_diagrams_from_a_document(sample_doc):
    from hotwash.core.document.diagrams import fishbone_for, timeline_for

    fishbone = fishbone_for(sample_doc)
    timeline = timeline_for(sample_doc)
    assert fishbone.count('class="factor ') == len(sample_doc.factors)
    assert "Checked recent deployments" in timeline and "Resolved 15:25" in timeline
    assert render_html(sample_doc, fishbone_svg=fishbone, timeline_svg=timeline).count("data:image/svg+xml") == 2


def test_the_html_timeline_and_header_keep_seconds_like_the_markdown(sample_doc):
    from datetime import timedelta

    sample_doc.timeline[0].time += timedelta(seconds=7)
    sample_doc.started += timedelta(seconds=30)
    html = render_html(sample_doc)
    assert '<td class="time">14:23:07</td>' in html and '<td class="time">14:25:00</td>' in html
    assert "<dd>2024-08-01 14:20:30</dd>" in html
