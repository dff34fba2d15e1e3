"""The postmortem as Markdown, in exactly the structure of the practice's template.

``render_markdown`` writes the template (``# Post-Mortem: Title``, the bold header lines, the
sections and tables in the template's order); ``parse_markdown`` reads it back, tolerant of
variants. What the template has no place for is written so that it reads naturally and parses
back exactly:

- header lines after ``**Duration**``: ``**Time zone**`` (always), then ``**Started**``,
  ``**Detected**``, ``**Mitigated**``, ``**Resolved**``, ``**Services**``, ``**Tags**`` when set;
- ``## Impact`` after the executive summary, and ``## What Went Wrong``, ``## What Was
  Confusing``, ``## Where We Got Lucky`` after what went well, each only when not empty;
- in the timeline table: the source and kind as ``<sub>slack · chat</sub>`` after the event,
  a key decision as ``**Key decision:**`` before the decision, an assumption that proved wrong
  as ``_(assumption later proved wrong)_`` after the information available;
- in the action table: priority and status as ``<sub>p1 · in_progress</sub>`` after the action;
- a trigger factor as ``(trigger)`` after its description.

Times are shown in the document's zone: ``HH:MM`` when every timeline row falls on the
incident date, ``YYYY-MM-DD HH:MM`` otherwise. Seconds are kept: when any timeline row has
seconds, every row is written ``HH:MM:SS`` (one width for the column); a header time gets
``:SS`` when it has seconds. The parser reads both forms.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from hotwash.core.document._parse import ImportResult, parse_markdown
from hotwash.core.document._text import (
    KEY_DECISION_MARK,
    TAG_SEPARATOR,
    TRIGGER_MARK,
    WRONG_ASSUMPTION_MARK,
    aware,
    body_render,
    cell_render,
    format_stamp,
    is_placeholder_row,
    local,
    one_line,
    participants_render,
    zone,
)
from hotwash.core.document.model import (
    ActionRow,
    Factor,
    PostmortemDoc,
    TimelineRow,
)
from hotwash.core.model import EntryKind, format_duration

__all__ = ["ImportResult", "parse_markdown", "render_markdown"]

TIMELINE_HEADER = "| Time | Event | Information Available | Decision/Action Taken |"
TIMELINE_SEPARATOR = "|------|-------|----------------------|----------------------|"
ACTIONS_HEADER = "| Action | Owner | Due Date | Success Metric |"
ACTIONS_SEPARATOR = "|--------|-------|----------|----------------|"

# Role markers the parser reads after a factor (``(trigger)``, ``[trigger]``, ``*(enabling)*``...).
_ROLE_MARKER = re.compile(r"(?:\*\*|\*|_)?(?<!\\)[(\[](trigger|enabling(?: condition)?)[)\]](?:\*\*|\*|_)?\s*$",
                          re.IGNORECASE)


def render_markdown(doc: PostmortemDoc) -> str:
    """The document in the template's structure, ending with one newline."""
    tz = zone(doc.timezone)
    out: list[str] = [f"# Post-Mortem: {one_line(doc.title)}".rstrip()]
    out += _header_lines(doc, tz)
    out.append("")
    _section(out, "Executive Summary", body_render(doc.executive_summary), always=True)
    _section(out, "Impact", body_render(doc.impact), always=False)
    _section(out, "Timeline of Events", _timeline_lines(doc, tz), always=True)
    _section(out, "Contributing Factors", _factor_lines(doc), always=True)
    _section(out, "What Went Well", body_render(doc.what_went_well), always=True)
    _section(out, "What Went Wrong", body_render(doc.what_went_wrong), always=False)
    _section(out, "What Was Confusing", body_render(doc.what_was_confusing), always=False)
    _section(out, "Where We Got Lucky", body_render(doc.where_we_got_lucky), always=False)
    learnings = [one_line(s) for s in doc.key_learnings]
    _section(out, "Key Learnings", [f"{i}. {s}" for i, s in enumerate((s for s in learnings if s), 1)],
             always=True)
    _section(out, "Action Items", _action_lines(doc.actions), always=True)
    _section(out, "Follow-Up Review", _follow_up_lines(doc), always=True)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _section(out: list[str], heading: str, lines: list[str], *, always: bool) -> None:
    if not lines and not always:
        return
    out.append(f"## {heading}")
    out += lines
    out.append("")


def _fmt_date(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def _header_lines(doc: PostmortemDoc, tz: tzinfo) -> list[str]:
    duration = doc.effective_duration()
    fields: list[tuple[str, str]] = [
        ("Date", _fmt_date(doc.incident_date)),
        ("Facilitator", one_line(doc.facilitator)),
        ("Participants", participants_render((p.name, p.role, p.involved) for p in doc.participants)),
        ("Severity", one_line(doc.severity)),
        ("Duration", format_duration(duration)),
        ("Time zone", doc.timezone or "UTC"),
    ]
    for label, moment in (("Started", doc.started), ("Detected", doc.detected),
                          ("Mitigated", doc.mitigated), ("Resolved", doc.resolved)):
        if moment is not None:
            fields.append((label, header_stamp(moment, tz)))
    for label, items in (("Services", doc.services), ("Tags", doc.tags)):
        cleaned = [one_line(i).replace(",", " ").replace(";", " ") for i in items]
        cleaned = [" ".join(c.split()) for c in cleaned if c.strip()]
        if cleaned:
            fields.append((label, ", ".join(cleaned)))
    lines = [f"**{label}**: {value}".rstrip() for label, value in fields]
    # Markdown hard line breaks, as in the template: two spaces on all lines but the last.
    return [line + "  " for line in lines[:-1]] + lines[-1:]


def _timeline_with_dates(doc: PostmortemDoc, tz: tzinfo) -> bool:
    days = {local(row.time, tz).date() for row in doc.timeline}
    return len(days) > 1 or (bool(days) and days != {doc.incident_date})


def _timeline_with_seconds(doc: PostmortemDoc, tz: tzinfo) -> bool:
    return any(local(row.time, tz).second for row in doc.timeline)


def header_stamp(moment: datetime, tz: tzinfo) -> str:
    """A header time (``**Started**`` ...): ``YYYY-MM-DD HH:MM``, with ``:SS`` when it has seconds."""
    return format_stamp(moment, tz, with_date=True, with_seconds=bool(local(moment, tz).second))


def _timeline_lines(doc: PostmortemDoc, tz: tzinfo) -> list[str]:
    with_date, with_seconds = _timeline_with_dates(doc, tz), _timeline_with_seconds(doc, tz)
    lines = [TIMELINE_HEADER, TIMELINE_SEPARATOR]
    for row in sorted(doc.timeline, key=lambda r: aware(r.time)):
        lines.append(_row([format_stamp(row.time, tz, with_date=with_date, with_seconds=with_seconds), _event_cell(row),
                           _information_cell(row), _decision_cell(row)]))
    return lines


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _event_cell(row: TimelineRow) -> str:
    tags = [one_line(row.source).replace("<", "&lt;")] if one_line(row.source) else []
    if row.kind and row.kind != EntryKind.MANUAL.value:
        tags.append(one_line(row.kind))
    return _join(cell_render(row.event), f"<sub>{cell_render(TAG_SEPARATOR.join(tags))}</sub>" if tags else "")


def _information_cell(row: TimelineRow) -> str:
    return _join(cell_render(row.information_available), WRONG_ASSUMPTION_MARK if row.wrong_assumption else "")


def _decision_cell(row: TimelineRow) -> str:
    return _join(KEY_DECISION_MARK if row.key_decision else "", cell_render(row.decision_action))


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip()


def _factor_lines(doc: PostmortemDoc) -> list[str]:
    """``### <Label> Factors`` per category, in the document's order, then unknown categories."""
    groups: dict[str, tuple[str, list[Factor]]] = {}
    by_key: dict[str, str] = {}
    for key, label in doc.categories:
        text = one_line(label) or one_line(key) or "Other"
        norm = text.casefold()
        groups.setdefault(norm, (text, []))
        by_key.setdefault(key, norm)
    for f in doc.factors:
        if f.category not in by_key:
            text = one_line(doc.category_label(f.category)) or "Other"
            groups.setdefault(text.casefold(), (text, []))
            by_key[f.category] = text.casefold()
        groups[by_key[f.category]][1].append(f)
    lines: list[str] = []
    for text, factors in groups.values():
        if lines:
            lines.append("")
        lines.append(f"### {text} Factors")
        for f in factors:
            item = one_line(f.description)
            marker = _ROLE_MARKER.search(item)
            if marker:  # a description ending like a role marker: escape its bracket
                at = marker.start(1) - 1
                item = item[:at] + "\\" + item[at:]
            if f.is_trigger:
                item = _join(item, TRIGGER_MARK)
            lines.append(f"- {item}".rstrip())
    return lines


def _action_lines(actions: list[ActionRow]) -> list[str]:
    lines = [ACTIONS_HEADER, ACTIONS_SEPARATOR]
    for a in actions:
        tags = [t for t in (one_line(a.priority), "" if a.status == "open" else one_line(a.status)) if t]
        action = cell_render(a.action)
        if tags:
            action = _join(action, f"<sub>{cell_render(TAG_SEPARATOR.join(tags))}</sub>")
        cells = [action, cell_render(a.owner), _fmt_date(a.due_date), cell_render(a.success_metric)]
        if not is_placeholder_row(cells):  # the parser skips those, as in the template's "..." row
            lines.append(_row(cells))
    return lines


def _follow_up_lines(doc: PostmortemDoc) -> list[str]:
    return [
        f"**Scheduled for**: {_fmt_date(doc.follow_up.scheduled_for)}".rstrip() + "  ",
        f"**Focus**: {one_line(doc.follow_up.focus)}".rstrip(),
    ]


def timeline_stamp(doc: PostmortemDoc, moment: datetime) -> str:
    """How the document shows ``moment`` in its timeline (for other renderers)."""
    tz = zone(doc.timezone)
    return format_stamp(moment, tz, with_date=_timeline_with_dates(doc, tz),
                        with_seconds=_timeline_with_seconds(doc, tz))

