"""The postmortem as one standalone, printable HTML page.

Same sections and order as the Markdown template. Inline CSS with print styles, no external
assets: the diagrams are embedded as ``data:`` images, so the file can be mailed, attached to a
ticket or printed as it is. Markdown sections are rendered with markdown-it-py (raw HTML off)
and then sanitised with nh3, so text written by users can never inject markup.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape

import nh3
from markdown_it import MarkdownIt

from hotwash.core.document._text import aware, one_line, split_lines, zone
from hotwash.core.document.markdown import header_stamp, timeline_stamp
from hotwash.core.document.model import PostmortemDoc, TimelineRow
from hotwash.core.model import EntryKind, format_duration

__all__ = ["render_html", "markdown_to_html"]

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#cbd2d9; --soft:#f5f7fa; --trigger:#b42318; --key:#fff4e5; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff;
  font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .75rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: var(--soft); }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.key-decision td { background: var(--key); }
tr.key-decision td:first-child { box-shadow: inset 4px 0 0 #d55e00; }
.tag { display: inline-block; font-size: .75rem; padding: 0 .35rem; border-radius: .6rem;
  border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.tag.trigger { border-color: var(--trigger); color: var(--trigger); font-weight: bold; }
.tag.key { border-color: #d55e00; color: #9a3412; font-weight: bold; }
.tag.wrong { border-color: #7c3aed; color: #5b21b6; }
li.trigger { font-weight: bold; }
.empty { color: var(--muted); font-style: italic; }
figure { margin: .75rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
p.see { color: var(--muted); font-size: .9rem; }
figcaption { color: var(--muted); font-size: .85rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@page { size: A4; margin: 16mm 14mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  tr, li, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  figure.wide { page: wide; break-before: page; }
  #diagrams > h2 { display: none; }
  p.see { display: none; }
  figure.wide img { border: none; max-height: 165mm; }
  a { color: inherit; text-decoration: none; }
}
"""


def markdown_to_html(text: str) -> str:
    """A Markdown section as sanitised HTML."""
    return nh3.clean(_MD.render(text))


def _inline(text: str) -> str:
    """A table cell: inline Markdown per line, lines joined by ``<br>``, sanitised."""
    lines = [line.strip() for line in split_lines(text)]
    return nh3.clean("<br>".join(_MD.renderInline(line) for line in lines if line))


def render_html(doc: PostmortemDoc, *, fishbone_svg: str | None = None, timeline_svg: str | None = None) -> str:
    """The page for ``doc``, with the diagrams when given (as produced by hotwash.core.analysis)."""
    title = f"Post-Mortem: {one_line(doc.title)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="hotwash">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head>",
        '<body><main class="postmortem">',
        f"<header><h1>{escape(title)}</h1>{_meta(doc)}</header>",
        _section("Executive Summary", _free(doc.executive_summary)),
    ]
    if doc.impact.strip():
        parts.append(_section("Impact", _free(doc.impact)))
    parts.append(_section("Timeline of Events", _see(timeline_svg, "timeline", "the timeline by source")
                          + _timeline(doc)))
    parts.append(_section("Contributing Factors", _see(fishbone_svg, "fishbone", "the fishbone diagram")
                          + _factors(doc)))
    parts.append(_section("What Went Well", _free(doc.what_went_well)))
    for heading, text in (("What Went Wrong", doc.what_went_wrong), ("What Was Confusing", doc.what_was_confusing),
                          ("Where We Got Lucky", doc.where_we_got_lucky)):
        if text.strip():
            parts.append(_section(heading, _free(text)))
    learnings = [one_line(s) for s in doc.key_learnings if one_line(s)]
    parts.append(_section("Key Learnings", "<ol>" + "".join(f"<li>{_inline(s)}</li>" for s in learnings) + "</ol>"
                          if learnings else _empty()))
    parts.append(_section("Action Items", _actions(doc)))
    parts.append(_section("Follow-Up Review", (
        f"<p><strong>Scheduled for</strong>: {escape(_date(doc.follow_up.scheduled_for)) or _empty('not scheduled')}"
        f"<br><strong>Focus</strong>: {_inline(doc.follow_up.focus)}</p>")))
    if timeline_svg or fishbone_svg:
        # At the end, each on its own landscape page in print, so that large diagrams stay legible
        # without breaking the flow of the text.
        parts.append('<section id="diagrams"><h2>Diagrams</h2>'
                     + _figure(timeline_svg, "Timeline by source", "timeline")
                     + _figure(fishbone_svg, "Contributing factors (fishbone diagram)", "fishbone") + "</section>")
    parts.append("<footer>Blameless postmortem: people acted reasonably on the information they had; "
                 "this document is about the system, not about who did what.</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _section(heading: str, body: str) -> str:
    slug = heading.lower().replace(" ", "-")
    return f'<section id="{slug}"><h2>{escape(heading)}</h2>{body}</section>'


def _empty(text: str = "Nothing recorded.") -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _free(text: str) -> str:
    return markdown_to_html(text) if text.strip() else _empty()


def _date(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def _meta(doc: PostmortemDoc) -> str:
    tz = zone(doc.timezone)
    people = []
    for p in doc.participants:
        if not one_line(p.name):
            continue
        notes = [escape(one_line(p.role))] if one_line(p.role) else []
        if p.involved:
            notes.append("involved")
        people.append(escape(one_line(p.name)) + (f" <span class=\"tag\">{', '.join(notes)}</span>" if notes else ""))
    rows = [
        ("Date", escape(_date(doc.incident_date))),
        ("Facilitator", escape(one_line(doc.facilitator))),
        ("Participants", ", ".join(people)),
        ("Severity", escape(one_line(doc.severity))),
        ("Duration", escape(format_duration(doc.effective_duration()))),
    ]
    for label, moment in (("Started", doc.started), ("Detected", doc.detected), ("Mitigated", doc.mitigated),
                          ("Resolved", doc.resolved)):
        if moment is not None:
            rows.append((label, escape(header_stamp(moment, tz))))
    rows.append(("Time zone", escape(doc.timezone or "UTC")))
    if doc.services:
        rows.append(("Services", escape(", ".join(one_line(s) for s in doc.services))))
    if doc.tags:
        rows.append(("Tags", escape(", ".join(one_line(s) for s in doc.tags))))
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v or '&#8212;'}</dd>" for k, v in rows) + "</dl>"


def _see(svg: str | None, name: str, what: str) -> str:
    return f'<p class="see">See <a href="#diagram-{name}">{escape(what)}</a> under Diagrams.</p>' if svg else ""


def _figure(svg: str | None, caption: str, name: str) -> str:
    if not svg:
        return ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure class="wide {name}" id="diagram-{name}"><img alt="{escape(caption)}" src="data:image/svg+xml;base64,{data}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _timeline(doc: PostmortemDoc) -> str:
    if not doc.timeline:
        return _empty("No timeline entries.")
    rows = []
    for row in sorted(doc.timeline, key=lambda r: aware(r.time)):
        tr = _KEY_ROW if row.key_decision else "<tr>"
        wrong = _WRONG_TAG if row.wrong_assumption else ""
        key = _KEY_TAG if row.key_decision else ""
        rows.append(
            f'{tr}<td class="time">{escape(timeline_stamp(doc, row.time))}</td>'
            f"<td>{_inline(row.event)}{_source(row)}</td>"
            f"<td>{_inline(row.information_available)}{wrong}</td>"
            f"<td>{key}{_inline(row.decision_action)}</td></tr>"
        )
    return ("<table class=\"timeline\"><thead><tr><th>Time</th><th>Event</th><th>Information Available</th>"
            "<th>Decision/Action Taken</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


_KEY_ROW = '<tr class="key-decision">'
_WRONG_TAG = ' <span class="tag wrong">assumption later proved wrong</span>'
_KEY_TAG = '<span class="tag key">key decision</span> '


def _source(row: TimelineRow) -> str:
    tags = [one_line(row.source)] if one_line(row.source) else []
    if row.kind and row.kind != EntryKind.MANUAL.value:
        tags.append(one_line(row.kind))
    return f' <span class="tag">{escape(" · ".join(tags))}</span>' if tags else ""


def _factors(doc: PostmortemDoc) -> str:
    out = []
    for label, items in doc.factors_by_category().items():
        out.append(f"<h3>{escape(one_line(label) or 'Other')} Factors</h3>")
        if not items:
            out.append(_empty("None identified."))
            continue
        lis = []
        for text, role in items:
            trigger = role == "trigger"
            tag = ' <span class="tag trigger">trigger</span>' if trigger else ""
            li = '<li class="trigger">' if trigger else "<li>"
            lis.append(f"{li}{_inline(text)}{tag}</li>")
        out.append("<ul>" + "".join(lis) + "</ul>")
    return "".join(out)


def _actions(doc: PostmortemDoc) -> str:
    if not doc.actions:
        return _empty("No action items.")
    rows = []
    for a in doc.actions:
        tags = [t for t in (one_line(a.priority).upper(), "" if a.status == "open" else a.status.replace("_", " "))
                if t]
        tag_html = "".join(f' <span class="tag">{escape(t)}</span>' for t in tags)
        rows.append(f"<tr><td>{_inline(a.action)}{tag_html}</td><td>{_inline(a.owner)}</td>"
                    f'<td class="time">{escape(_date(a.due_date))}</td><td>{_inline(a.success_metric)}</td></tr>')
    return ("<table class=\"actions\"><thead><tr><th>Action</th><th>Owner</th><th>Due Date</th>"
            "<th>Success Metric</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
