"""Reading a Markdown postmortem written in (a variant of) the template.

Tolerant: headings are matched case-insensitively with common aliases ("Lessons Learned" is
"Key Learnings"), sections may be missing or in any order, tables may have their columns in
another order or extra columns. What cannot be placed is listed in ``unplaced`` with its line
number, never silently dropped; assumptions are listed in ``warnings``. A ``ValidationError``
is raised only when the text is not a postmortem at all.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from hotwash.core.document._text import (
    HEADING,
    KEY_DECISION_MARK,
    TAG_SEPARATOR,
    WRONG_ASSUMPTION_MARK,
    body_parse,
    cell_parse,
    fence_states,
    is_placeholder_row,
    is_separator_row,
    parse_date,
    parse_duration,
    parse_stamp,
    participants_parse,
    split_list,
    split_row,
    zone,
)
from hotwash.core.document.model import (
    ActionRow,
    Factor,
    FollowUp,
    Participant,
    PostmortemDoc,
    TimelineRow,
)
from hotwash.core.errors import ValidationError
from hotwash.core.model import DEFAULT_FACTOR_CATEGORIES, ActionStatus, EntryKind, FactorRole


@dataclass
class ImportResult:
    doc: PostmortemDoc
    unplaced: list[str] = field(default_factory=list)  # "line 12: text that found no place"
    warnings: list[str] = field(default_factory=list)  # "line 3: assumed ..."


Line = tuple[int, str]  # (1-based line number, text)

_TITLE = re.compile(r"^post[\s_-]*mortem\b\s*(?:[:\-\u2013\u2014]\s*)?(.*)$", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z /_-]{0,30}?)(?::\s*(?:\*\*|__)|(?:\*\*|__)?\s*:)\s*(.*)$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])(?:\s+(.*)|\s*)$")
# The bracketed prompts of the template itself, skipped when a team imports it half filled in.
_PLACEHOLDER = re.compile(r"^\[(?:list |primary insight|secondary insight|additional learnings|date |name\]|"
                          r"2-3 sentence|incident title|critical/high/medium/low\]|how long incident lasted\])",
                          re.IGNORECASE)
# Tags the renderer writes after a space (or alone in the cell): "event <sub>slack · chat</sub>".
_SUB_TAGS = re.compile(r"(?:^| )<sub>((?:(?!<sub>).)*)</sub>$")
_TRIGGER = re.compile(r"\s*(?:\*\*|\*|_)?(?<!\\)[(\[](trigger|enabling(?: condition)?)[)\]](?:\*\*|\*|_)?\s*$",
                      re.IGNORECASE)
_CHECKBOX = re.compile(r"^\[( |x|X)\]\s*(.*)$")


_HEADER_KEYS = {
    "date": "date", "incident date": "date", "date of incident": "date",
    "facilitator": "facilitator", "facilitated by": "facilitator",
    "participants": "participants", "attendees": "participants",
    "severity": "severity", "sev": "severity",
    "duration": "duration",
    "time zone": "timezone", "timezone": "timezone", "tz": "timezone", "zone": "timezone",
    "started": "started", "start": "started", "start time": "started", "began": "started",
    "detected": "detected", "detection": "detected", "mitigated": "mitigated", "mitigation": "mitigated",
    "resolved": "resolved", "resolution": "resolved",
    "services": "services", "service": "services", "affected services": "services",
    "tags": "tags", "labels": "tags",
}

_SECTIONS = {
    "executive summary": "summary", "summary": "summary", "overview": "summary", "tl;dr": "summary",
    "tldr": "summary",
    "impact": "impact", "customer impact": "impact",
    "timeline of events": "timeline", "timeline": "timeline",
    "contributing factors": "factors", "root causes": "factors", "root cause": "factors",
    "causes": "factors", "contributing causes": "factors", "root cause analysis": "factors",
    "what went well": "well", "went well": "well",
    "what went wrong": "wrong", "what didn't go well": "wrong", "what did not go well": "wrong",
    "what went poorly": "wrong",
    "what was confusing": "confusing", "confusing": "confusing",
    "where we got lucky": "lucky", "where we were lucky": "lucky", "lucky": "lucky",
    "key learnings": "learnings", "learnings": "learnings", "lessons learned": "learnings",
    "lessons": "learnings", "key insights": "learnings",
    "action items": "actions", "actions": "actions", "action plan": "actions", "next steps": "actions",
    "follow up review": "follow_up", "follow up": "follow_up", "followup review": "follow_up",
    "followup": "follow_up",
}

_TIMELINE_COLUMNS = {
    "time": "time", "timestamp": "time", "when": "time", "time utc": "time",
    "event": "event", "what happened": "event", "description": "event",
    "information available": "info", "information": "info", "info": "info", "what we knew": "info",
    "context": "info",
    "decision/action taken": "decision", "decision / action taken": "decision", "decision": "decision",
    "action taken": "decision", "action": "decision", "decision/action": "decision",
    "source": "source", "kind": "kind", "type": "kind",
}

_ACTION_COLUMNS = {
    "action": "action", "action item": "action", "item": "action", "task": "action", "what": "action",
    "owner": "owner", "assignee": "owner", "who": "owner",
    "due date": "due", "due": "due", "deadline": "due", "when": "due",
    "success metric": "metric", "metric": "metric", "success criteria": "metric", "measure": "metric",
    "priority": "priority", "status": "status",
}

_NO_DATE = {"", "tbd", "tba", "-", "\u2014", "n/a", "na", "?", "...", "\u2026", "none"}


def _norm(text: str) -> str:
    s = re.sub(r"^\d+[.)]\s*", "", text.strip().lower())
    s = s.replace("-", " ").replace("\u2019", "'").rstrip(":").strip()
    s = re.sub(r"[*_`]", "", s)
    return re.sub(r"\s+", " ", s)


def parse_markdown(text: str) -> ImportResult:
    """A :class:`PostmortemDoc` from Markdown in the template's structure (see module doc)."""
    return _Parser(text).run()


@dataclass
class _Section:
    heading: str
    line: int
    lines: list[Line]
    level: int


class _Parser:
    def __init__(self, text: str) -> None:
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = text.split("\n")
        self.result = ImportResult(PostmortemDoc(title=""))
        self.doc = self.result.doc
        self.tz: tzinfo = zone("UTC")
        self.column_tz: tzinfo | None = None  # a zone named in the timeline's Time header
        self.factor_sections = 0
        self._unplaced: list[tuple[int, str]] = []
        self._warnings: list[tuple[int, str]] = []

    def unplaced(self, line: int, text: str) -> None:
        self._unplaced.append((line, text))

    def warn(self, line: int, text: str) -> None:
        self._warnings.append((line, text))

    # --- structure -------------------------------------------------------------------------

    def run(self) -> ImportResult:
        if not any(line.strip() for line in self.lines):
            raise ValidationError("the document is empty", where="line 1")
        preamble: list[Line] = []
        sections: list[_Section] = []
        title_seen = False
        for number, (line, inside) in enumerate(fence_states(self.lines), 1):
            m = None if inside else HEADING.match(line)
            if m and len(m.group(1)) <= 2:
                heading = (m.group(2) or "").strip()
                level = len(m.group(1))
                if level == 1 and not title_seen:
                    title_seen = True
                    self._title(heading, number)
                    sections.append(_Section("", number, [], 0))  # the header block
                    continue
                sections.append(_Section(heading, number, [], level))
                continue
            if sections:
                sections[-1].lines.append((number, line))
            else:
                preamble.append((number, line))
        known = [s for s in sections if s.level and _norm(s.heading) in _SECTIONS]
        if not title_seen and not known:
            raise ValidationError(
                "not a postmortem: no '# Post-Mortem: <title>' heading and no section of the template",
                where="line 1",
            )
        if not title_seen:
            self.warn(1, "no '# Post-Mortem: <title>' heading; the title is empty")
        for number, line in preamble:
            if line.strip():
                self.unplaced(number, line.strip())
        header = next((s for s in sections if s.level == 0), None)
        if header is not None:
            self._header(header.lines)
        seen: set[str] = set()
        for s in sections:
            if s.level == 0:
                continue
            kind = _SECTIONS.get(_norm(s.heading))
            if kind is None:
                body = body_parse([text for _, text in s.lines])
                self.unplaced(s.line, f"{'#' * s.level} {s.heading}" + (f"\n{body}" if body else ""))
                continue
            if kind in seen:
                self.warn(s.line, f"a second '{s.heading}' section; its content is added to the first")
            seen.add(kind)
            self._section(kind, s)
        if "follow_up" not in seen:
            self.doc.follow_up = FollowUp()
        self.result.unplaced = [f"line {n}: {t}" for n, t in sorted(self._unplaced, key=lambda e: e[0])]
        self.result.warnings = [f"line {n}: {t}" for n, t in sorted(self._warnings, key=lambda e: e[0])]
        return self.result

    def _title(self, heading: str, number: int) -> None:
        m = _TITLE.match(heading)
        if m:
            self.doc.title = m.group(1).strip()
        else:
            self.doc.title = heading
            self.warn(number, "the title heading does not start with 'Post-Mortem:'")

    def _section(self, kind: str, s: _Section) -> None:
        free: dict[str, Callable[[str], None]] = {
            "summary": lambda t: setattr(self.doc, "executive_summary", _add(self.doc.executive_summary, t)),
            "impact": lambda t: setattr(self.doc, "impact", _add(self.doc.impact, t)),
            "well": lambda t: setattr(self.doc, "what_went_well", _add(self.doc.what_went_well, t)),
            "wrong": lambda t: setattr(self.doc, "what_went_wrong", _add(self.doc.what_went_wrong, t)),
            "confusing": lambda t: setattr(self.doc, "what_was_confusing", _add(self.doc.what_was_confusing, t)),
            "lucky": lambda t: setattr(self.doc, "where_we_got_lucky", _add(self.doc.where_we_got_lucky, t)),
        }
        if kind in free:
            free[kind](body_parse([text for _, text in s.lines]))
        elif kind == "timeline":
            self._timeline(s)
        elif kind == "factors":
            self._factors(s)
        elif kind == "learnings":
            self._learnings(s)
        elif kind == "actions":
            self._actions(s)
        else:
            self._follow_up(s)

    # --- header ----------------------------------------------------------------------------

    def _header(self, lines: list[Line]) -> None:
        values: dict[str, tuple[int, str]] = {}
        for number, line in lines:
            if not line.strip():
                continue
            m = _HEADER_FIELD.match(line)
            key = _HEADER_KEYS.get(_norm(m.group(1))) if m else None
            if m is None or key is None:
                self.unplaced(number, line.strip())
                continue
            value = m.group(2).strip()
            if _PLACEHOLDER.match(value):
                self.warn(number, f"template placeholder skipped: {value}")
                value = ""
            values[key] = (number, value)
        if "timezone" in values:
            number, name = values["timezone"]
            try:
                self.tz = zone(name)
                self.doc.timezone = name or "UTC"
            except ValidationError:
                self.warn(number, f"unknown time zone {name!r}; times are read as UTC")
        else:
            self.warn(lines[0][0] if lines else 1, "no time zone line; times are read as UTC")
        if "date" in values:
            number, text = values["date"]
            self.doc.incident_date = parse_date(text)
            if self.doc.incident_date is None and text:
                self._not_a(number, text, "date")
        for key in ("facilitator", "severity"):
            if key in values:
                setattr(self.doc, key, values[key][1])
        if "participants" in values:
            self.doc.participants = [Participant(n, r, i) for n, r, i in participants_parse(values["participants"][1])]
        if "duration" in values:
            number, text = values["duration"]
            self.doc.duration = parse_duration(text)
            if self.doc.duration is None and text:
                self._not_a(number, text, "duration")
        for key in ("started", "detected", "mitigated", "resolved"):
            if key in values:
                number, text = values[key]
                stamp = parse_stamp(text, self.tz, self.doc.incident_date)
                if stamp is None:
                    if text:
                        self._not_a(number, text, f"{key} time")
                    continue
                setattr(self.doc, key, stamp[0])
        for key in ("services", "tags"):
            if key in values:
                setattr(self.doc, key, split_list(values[key][1]))

    def _not_a(self, number: int, text: str, what: str) -> None:
        if text.strip().lower() in _NO_DATE or text.strip().startswith("["):
            return
        self.unplaced(number, f"{text} (not a readable {what})")

    # --- timeline --------------------------------------------------------------------------

    def _table(self, s: _Section, columns: dict[str, str], default: list[str], *,
               list_field: str | None = None) -> list[tuple[int, dict[str, str]]]:
        """Rows of the section's table as ``{field: cell}``; other lines are unplaced.

        With ``list_field``, list items (``- text``) are rows too, their text in that field.
        """
        rows: list[tuple[int, dict[str, str]]] = []
        mapping: list[str | None] | None = None
        pending_header: tuple[int, list[str]] | None = None
        for number, line in s.lines:
            cells = split_row(line)
            if cells is None:
                item = _LIST_ITEM.match(line)
                if item and list_field is not None:
                    rows.append((number, {list_field: (item.group(1) or "").strip(), "__list__": "1"}))
                elif line.strip():
                    self.unplaced(number, line.strip())
                continue
            if is_separator_row(cells):
                if pending_header is not None:
                    mapping = self._mapping(pending_header, columns)
                    pending_header = None
                continue
            if mapping is None and pending_header is None:
                pending_header = (number, cells)
                continue
            if pending_header is not None:  # a first row without a separator: it was data
                mapping = list(default)
                rows.append(self._cells(pending_header[0], pending_header[1], mapping))
                pending_header = None
            assert mapping is not None
            rows.append(self._cells(number, cells, mapping))
        if pending_header is not None:
            rows.append(self._cells(pending_header[0], pending_header[1], list(default)))
        return rows

    def _mapping(self, header: tuple[int, list[str]], columns: dict[str, str]) -> list[str | None]:
        number, cells = header
        mapping: list[str | None] = []
        for cell in cells:
            name = re.sub(r"\s*\(.*\)$", "", _norm(cell_parse(cell)))
            key = columns.get(name)
            if key is None or key in mapping:
                self.warn(number, f"column '{cell.strip()}' is not part of the template; its cells are unplaced")
                key = None
            mapping.append(key)
            zone_hint = re.search(r"\(([^)]+)\)\s*$", cell_parse(cell))
            if key == "time" and zone_hint:
                with contextlib.suppress(ValidationError):
                    self.column_tz = zone(zone_hint.group(1).strip())
        return mapping

    def _cells(self, number: int, cells: list[str], mapping: list[str] | list[str | None]) -> tuple[int, dict[str, str]]:
        row: dict[str, str] = {}
        for i, raw in enumerate(cells):
            key = mapping[i] if i < len(mapping) else None
            text = cell_parse(raw)
            if key is None:
                if text:
                    self.unplaced(number, f"extra cell: {text}")
                continue
            row[key] = text
        return number, row

    def _timeline(self, s: _Section) -> None:
        self.column_tz = None
        rows = self._table(s, _TIMELINE_COLUMNS, ["time", "event", "info", "decision"])
        tz = self.column_tz or self.tz
        previous: datetime | None = None
        day = self.doc.incident_date or (self.doc.started.astimezone(tz).date() if self.doc.started else None)
        for number, row in rows:
            if is_placeholder_row(row.values()):
                continue
            stamp = parse_stamp(row.get("time", ""), tz, day)
            if stamp is None:
                self.unplaced(number, "timeline row without a readable time: "
                              + " | ".join(v for v in row.values() if v))
                continue
            moment, dated = stamp
            if dated:
                day = moment.astimezone(tz).date()
            elif previous is not None and moment < previous - timedelta(hours=6):
                while moment < previous:
                    moment += timedelta(days=1)
                day = moment.date()
                self.warn(number, f"{row.get('time')} is before the previous row; read as the next day")
            previous = moment
            self.doc.timeline.append(_timeline_row(moment, row))

    # --- contributing factors --------------------------------------------------------------

    def _factors(self, s: _Section) -> None:
        categories: list[tuple[str, str]] = [] if self.factor_sections == 0 else list(self.doc.categories)
        self.factor_sections += 1
        current: str | None = None
        items: list[tuple[str, str]] = []  # (category key, raw item text)
        in_item = False
        for number, line in s.lines:
            m = HEADING.match(line)
            if m and len(m.group(1)) >= 3:
                label = re.sub(r"\s+factors$", "", (m.group(2) or "").strip(), flags=re.IGNORECASE) or "Other"
                current = _category_key(label, categories)
                if current not in [k for k, _ in categories]:
                    categories.append((current, label))
                in_item = False
                continue
            item = _LIST_ITEM.match(line)
            text = (item.group(1) or "").strip() if item else line.strip()
            if item and current is None:
                self.unplaced(number, f"factor outside a category heading: {text}")
                in_item = False
            elif item and _PLACEHOLDER.match(text):
                self.warn(number, f"template placeholder skipped: {text}")
                in_item = False
            elif item and current is not None:
                items.append((current, text))
                in_item = True
            elif text and in_item and line.startswith((" ", "\t")):
                key, raw = items[-1]
                items[-1] = (key, f"{raw} {text}")
            elif text:
                self.unplaced(number, text)
                in_item = False
            else:
                in_item = False
        self.doc.factors += [_factor(key, raw) for key, raw in items]
        # A Contributing Factors section without category headings has no categories; without
        # the section at all, the document keeps the default four.
        self.doc.categories = categories

    # --- learnings, actions, follow-up -----------------------------------------------------

    def _learnings(self, s: _Section) -> None:
        previous_blank = True
        for number, line in s.lines:
            if not line.strip():
                previous_blank = True
                continue
            item = _LIST_ITEM.match(line)
            if item:
                text = (item.group(1) or "").strip()
                if _PLACEHOLDER.match(text):
                    self.warn(number, f"template placeholder skipped: {text}")
                else:
                    self.doc.key_learnings.append(text)
            elif not previous_blank and self.doc.key_learnings:
                self.doc.key_learnings[-1] = f"{self.doc.key_learnings[-1]} {line.strip()}".strip()
            else:
                self.doc.key_learnings.append(line.strip())
            previous_blank = False

    def _actions(self, s: _Section) -> None:
        for number, row in self._table(s, _ACTION_COLUMNS, ["action", "owner", "due", "metric"],
                                        list_field="action"):
            if is_placeholder_row(v for k, v in row.items() if k != "__list__"):
                continue
            action = ActionRow(action=row.get("action", ""), owner=row.get("owner", ""),
                               success_metric=row.get("metric", ""))
            if "__list__" in row:
                box = _CHECKBOX.match(action.action)
                if box:
                    action.action = box.group(2)
                    action.status = ActionStatus.DONE.value if box.group(1) in "xX" else action.status
            tags = _SUB_TAGS.search(action.action)
            if tags:
                parsed = _action_tags(tags.group(1))
                if parsed is not None:
                    action.action = action.action[: tags.start()]
                    action.priority, action.status = parsed[0], parsed[1] or action.status
            action.priority = row.get("priority", action.priority).strip() or action.priority
            if row.get("status"):
                action.status = _status(row["status"]) or action.status
            due = row.get("due", "").strip()
            if due:
                action.due_date = parse_date(due)
                if action.due_date is None:
                    self._not_a(number, due, "due date")
            self.doc.actions.append(action)

    def _follow_up(self, s: _Section) -> None:
        follow = FollowUp(focus="")
        for number, line in s.lines:
            if not line.strip():
                continue
            m = _HEADER_FIELD.match(line)
            key = _norm(m.group(1)) if m else ""
            if m and key in ("scheduled for", "scheduled", "date", "when"):
                follow.scheduled_for = parse_date(m.group(2))
                if follow.scheduled_for is None and m.group(2).strip():
                    self._not_a(number, m.group(2), "date")
            elif m and key == "focus":
                follow.focus = m.group(2).strip()
            else:
                self.unplaced(number, line.strip())
        self.doc.follow_up = follow


def _add(existing: str, text: str) -> str:
    return f"{existing}\n\n{text}" if existing and text else existing or text


def _timeline_row(moment: datetime, row: dict[str, str]) -> TimelineRow:
    event = row.get("event", "")
    source, kind = row.get("source", "").strip(), row.get("kind", "").strip().lower()
    tags = _SUB_TAGS.search(event)
    if tags and tags.group(1).strip() and "\n" not in tags.group(1):  # the renderer never writes empty tags
        event = event[: tags.start()]
        parts = tags.group(1).split(TAG_SEPARATOR)
        if parts[-1] in {k.value for k in EntryKind}:
            kind = parts.pop()
        source = TAG_SEPARATOR.join(parts)
    info = row.get("info", "")
    wrong = info == WRONG_ASSUMPTION_MARK or info.endswith(" " + WRONG_ASSUMPTION_MARK)
    if wrong:
        info = info[: -len(WRONG_ASSUMPTION_MARK)].rstrip()
    decision = row.get("decision", "")
    key = decision == KEY_DECISION_MARK or decision.startswith(KEY_DECISION_MARK + " ")
    if key:
        decision = decision[len(KEY_DECISION_MARK):].lstrip()
    kinds = {k.value for k in EntryKind}
    return TimelineRow(time=moment, event=event.strip(), information_available=info, decision_action=decision,
                       source=source, kind=kind if kind in kinds else EntryKind.MANUAL.value,
                       key_decision=key, wrong_assumption=wrong)


def _category_key(label: str, seen: list[tuple[str, str]]) -> str:
    folded = label.casefold()
    for key, known in seen:
        if known.casefold() == folded:
            return key
    for key, known in DEFAULT_FACTOR_CATEGORIES:
        if known.casefold() == folded:
            return key
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "other"
    used = {k for k, _ in seen}
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _factor(category: str, text: str) -> Factor:
    m = _TRIGGER.search(text)
    if m:
        role = FactorRole.TRIGGER.value if m.group(1).lower() == "trigger" else FactorRole.ENABLING.value
        return Factor(category=category, role=role, description=text[: m.start()].strip())
    return Factor(category=category, role=FactorRole.ENABLING.value, description=text.strip())


def _status(text: str) -> str | None:
    s = text.strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
    aliases = {"todo": "open", "to_do": "open", "done": "done", "closed": "done", "complete": "done",
               "completed": "done", "wontdo": "wont_do", "wont_do": "wont_do", "doing": "in_progress"}
    s = aliases.get(s, s)
    return s if s in {v.value for v in ActionStatus} else None


def _action_tags(text: str) -> tuple[str, str] | None:
    parts = text.split(TAG_SEPARATOR)
    statuses = {v.value for v in ActionStatus}
    if len(parts) == 1:
        if re.fullmatch(r"[pP][1-4]", parts[0]):
            return parts[0], ""
        if parts[0] in statuses:
            return "", parts[0]
        return None
    if len(parts) == 2 and re.fullmatch(r"[pP][1-4]", parts[0]) and parts[1] in statuses:
        return parts[0], parts[1]
    return None


__all__ = ["ImportResult", "parse_markdown"]
