"""The incident on a time axis, as SVG: sources as lanes, key moments, phase markers.

- one lane per source (alertmanager, slack, deploys...), in order of first appearance;
- every entry is a dot in its lane; dots closer than a few pixels are merged into one
  cluster dot with a count, so ~200 entries stay readable;
- key moments are drawn as numbered red diamonds and listed under the chart with their time
  and text (when there are few entries, every entry is numbered and listed);
- started / detected / mitigated / resolved are vertical lines, and the time to detect,
  mitigate and resolve (from the start) are brackets above the lanes.

Colours are chosen to stay distinguishable in greyscale print (markers also differ by dash).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hotwash.core.analysis._svg import esc, f, svg_document, text_block, text_width, wrap
from hotwash.core.errors import ValidationError
from hotwash.core.model import durations, format_duration

__all__ = ["TimelinePoint", "timeline_svg"]


class TimelinePoint(NamedTuple):
    time: datetime
    text: str
    lane: str  # usually the source
    key: bool = False


MARGIN = 20.0
GUTTER = 130.0  # lane names
LANE_H = 30.0
BADGE_R = 9.0
BADGE_ROW = 21.0
CLUSTER_PX = 7.0
LIST_ALL_BELOW = 40  # with at most this many entries, every entry is numbered and listed
FONT = 12.0
INK = "#1f2933"
MUTED = "#7b8794"
KEY = "#b42318"
LANE_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b7280", "#000000")
PHASES = (  # label, colour, dash
    ("Started", "#52606d", "2,3"),
    ("Detected", "#d55e00", "6,3"),
    ("Mitigated", "#0072b2", "10,3"),
    ("Resolved", "#009e73", ""),
)
_XOf = Callable[[datetime], float]
_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)


@dataclass
class _Point:
    time: datetime
    text: str
    lane: int
    key: bool
    number: int = 0  # position in the list under the chart, 0 when not listed


def _zone(tz: str | tzinfo) -> tzinfo:
    if not isinstance(tz, str):
        return tz
    if not tz or tz.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"unknown time zone {tz!r}", field="timezone") from exc


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def timeline_svg(
    rows: Sequence[TimelinePoint | tuple[datetime, str, str, bool]],
    started: datetime | None = None,
    detected: datetime | None = None,
    mitigated: datetime | None = None,
    resolved: datetime | None = None,
    tz: str | tzinfo = "UTC",
    *,
    width: float = 1100.0,
    title: str = "Timeline",
) -> str:
    """The chart for ``rows`` of ``(time, text, lane, key)``, times shown in ``tz``."""
    zone = _zone(tz)
    lanes: list[str] = []
    points: list[_Point] = []
    for row in sorted(rows, key=lambda r: _aware(r[0])):
        time, text, lane, key = _aware(row[0]), row[1], (row[2] or "other").strip() or "other", bool(row[3])
        if lane not in lanes:
            lanes.append(lane)
        points.append(_Point(time, text, lanes.index(lane), key))
    phases = [(label, colour, dash, _aware(t)) for (label, colour, dash), t in
              zip(PHASES, (started, detected, mitigated, resolved), strict=True) if t is not None]
    moments = [p.time for p in points] + [t for *_, t in phases]
    if not moments:
        body = [text_block(["No timeline entries yet"], MARGIN, MARGIN + 20, size=FONT + 1, line_height=16,
                           attrs=f'fill="{MUTED}" font-style="italic"')]
        return svg_document(width, 60, title, body)

    listed = [p for p in points if p.key or len(points) <= LIST_ALL_BELOW]
    for n, p in enumerate(listed, 1):
        p.number = n

    lo, hi = min(moments), max(moments)
    span = max((hi - lo).total_seconds(), 600.0)
    pad = span * 0.03
    t0, t1 = lo - timedelta(seconds=pad), lo + timedelta(seconds=span + pad)
    plot_l, plot_r = MARGIN + GUTTER, width - MARGIN

    def x_of(t: datetime) -> float:
        return plot_l + (t - t0).total_seconds() / (t1 - t0).total_seconds() * (plot_r - plot_l)

    out: list[str] = []
    y = MARGIN
    out.append(text_block([title], MARGIN, y + 14, size=15, line_height=18, attrs=f'font-weight="bold" fill="{INK}"'))
    y += 28
    y = _brackets(out, started, detected, mitigated, resolved, x_of, y)
    y = _phase_labels(out, phases, zone, x_of, y, width - MARGIN)

    # Badge rows per lane: numbered points that would overlap move to the next row.
    badge_rows: list[list[list[float]]] = [[] for _ in lanes]
    placement: dict[int, int] = {}
    for i, p in enumerate(points):
        if not p.number:
            continue
        x = x_of(p.time)
        rows_of_lane = badge_rows[p.lane]
        for r, used in enumerate(rows_of_lane):
            if all(abs(x - u) >= 2 * BADGE_R + 3 for u in used):
                used.append(x)
                placement[i] = r
                break
        else:
            rows_of_lane.append([x])
            placement[i] = len(rows_of_lane) - 1
    lane_tops: list[float] = []
    lanes_top = y
    for li, lane in enumerate(lanes):
        h = LANE_H + len(badge_rows[li]) * BADGE_ROW
        lane_tops.append(y)
        fill = "#f5f7fa" if li % 2 == 0 else "#ffffff"
        out.append(f'<rect x="{f(MARGIN)}" y="{f(y)}" width="{f(width - 2 * MARGIN)}" height="{f(h)}" fill="{fill}"/>')
        label = wrap(lane, 17, max_lines=2)
        out.append(text_block(label, MARGIN + 6, y + h - LANE_H / 2 + 4 - (len(label) - 1) * 7, size=FONT,
                              line_height=14, attrs=f'fill="{LANE_COLOURS[li % len(LANE_COLOURS)]}" font-weight="bold"'))
        y += h
    lanes_bottom = y

    for _name, colour, dash, t in phases:
        x = x_of(t)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line class="phase" x1="{f(x)}" y1="{f(lanes_top - 4)}" x2="{f(x)}" y2="{f(lanes_bottom)}" '
                   f'stroke="{colour}" stroke-width="2"{dash_attr}/>')

    _points(out, points, lanes, lane_tops, badge_rows, placement, x_of, zone)
    y = _axis(out, t0, t1, zone, x_of, plot_l, plot_r, lanes_bottom)
    y = _legend(out, y + 6, bool(listed) and any(p.key for p in points))
    y = _list(out, listed, lanes, zone, width, y + 8)
    return svg_document(width, y + MARGIN, title, out)


def _brackets(out: list[str], started: datetime | None, detected: datetime | None,
              mitigated: datetime | None, resolved: datetime | None, x_of: _XOf, y: float) -> float:
    if started is None:
        return y
    d = durations(_aware(started), _aware(detected) if detected else None, _aware(mitigated) if mitigated else None,
                  _aware(resolved) if resolved else None)
    for name, delta, end, (_, colour, _) in (
        ("Time to detect", d.to_detect, detected, PHASES[1]),
        ("Time to mitigate", d.to_mitigate, mitigated, PHASES[2]),
        ("Time to resolve", d.to_resolve, resolved, PHASES[3]),
    ):
        if delta is None or end is None:
            continue
        x1, x2 = x_of(_aware(started)), x_of(_aware(end))
        short = {"Time to detect": "TTD", "Time to mitigate": "TTM", "Time to resolve": "TTR"}[name]
        label = f"{short} {format_duration(delta)}"
        long_label = f"{name} ({short}) {format_duration(delta)}"
        text = long_label if text_width(long_label, FONT) < abs(x2 - x1) - 8 else label
        out.append(
            f'<g class="duration"><path d="M{f(x1)},{f(y + 16)} V{f(y + 10)} H{f(x2)} V{f(y + 16)}" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>'
            + text_block([text], max(x1, x2) + 6 if abs(x2 - x1) < text_width(text, FONT) + 8 else (x1 + x2) / 2,
                         y + 7 if abs(x2 - x1) >= text_width(text, FONT) + 8 else y + 15, size=FONT,
                         line_height=14,
                         anchor="middle" if abs(x2 - x1) >= text_width(text, FONT) + 8 else "start",
                         attrs=f'fill="{colour}" font-weight="bold"') + "</g>"
        )
        y += 24
    return y + 4


def _phase_labels(out: list[str], phases: list[tuple[str, str, str, datetime]], zone: tzinfo,
                  x_of: _XOf, y: float, right_edge: float) -> float:
    rows: list[float] = []  # right edge of the last label per row
    placed: list[tuple[int, str]] = []
    for label, colour, _, t in phases:
        text = f"{label} {t.astimezone(zone):%H:%M}"
        w = text_width(text, FONT - 1)
        x = min(max(x_of(t), MARGIN + w / 2), right_edge - w / 2)  # keep the label on the canvas
        row = next((r for r, right in enumerate(rows) if x - w / 2 > right + 6), None)
        if row is None:
            rows.append(0.0)
            row = len(rows) - 1
        rows[row] = x + w / 2
        placed.append((row, text))
        out.append(text_block([text], x, y + 12 + row * 15, size=FONT - 1, line_height=14, anchor="middle",
                              attrs=f'class="phase-label" fill="{colour}" font-weight="bold"'))
    return y + 16 + len(rows) * 15 if phases else y


def _points(out: list[str], points: list[_Point], lanes: list[str], lane_tops: list[float],
            badge_rows: list[list[list[float]]], placement: dict[int, int], x_of: _XOf, zone: tzinfo) -> None:
    # Plain points: clustered per lane.
    for li in range(len(lanes)):
        colour = LANE_COLOURS[li % len(LANE_COLOURS)]
        cy = lane_tops[li] + len(badge_rows[li]) * BADGE_ROW + LANE_H / 2
        cluster: list[_Point] = []
        for p in [p for p in points if p.lane == li and not p.key]:
            if cluster and x_of(p.time) - x_of(cluster[0].time) > CLUSTER_PX:
                out.append(_cluster(cluster, x_of, cy, colour, zone))
                cluster = []
            cluster.append(p)
        if cluster:
            out.append(_cluster(cluster, x_of, cy, colour, zone))
    # Numbered points: a badge above the point, key moments as red diamonds.
    for i, p in enumerate(points):
        li = p.lane
        cy = lane_tops[li] + len(badge_rows[li]) * BADGE_ROW + LANE_H / 2
        x = x_of(p.time)
        tip = esc(f"{p.time.astimezone(zone):%Y-%m-%d %H:%M} {lanes[li]}: {p.text}")
        parts = []
        if p.key:
            s = 7.0
            parts.append(f'<polygon points="{f(x)},{f(cy - s)} {f(x + s)},{f(cy)} {f(x)},{f(cy + s)} {f(x - s)},{f(cy)}" '
                         f'fill="{KEY}" stroke="#ffffff" stroke-width="1"/>')
        if p.number:
            by = lane_tops[li] + placement[i] * BADGE_ROW + BADGE_R + 3
            fill, ink = (KEY, "#ffffff") if p.key else ("#ffffff", INK)
            parts.append(f'<line x1="{f(x)}" y1="{f(by + BADGE_R)}" x2="{f(x)}" y2="{f(cy - 6)}" stroke="{MUTED}" '
                         f'stroke-width="1"/><circle cx="{f(x)}" cy="{f(by)}" r="{f(BADGE_R)}" fill="{fill}" '
                         f'stroke="{KEY if p.key else INK}" stroke-width="1.2"/>'
                         + text_block([str(p.number)], x, by + 3.5, size=9.5 if p.number < 100 else 8, line_height=10,
                                      anchor="middle", attrs=f'fill="{ink}" font-weight="bold"'))
        if parts:
            cls = "entry key" if p.key else "entry"
            out.append(f'<g class="{cls}"><title>{tip}</title>{"".join(parts)}</g>')


def _cluster(cluster: list[_Point], x_of: _XOf, cy: float, colour: str, zone: tzinfo) -> str:
    xs = [x_of(p.time) for p in cluster]
    x = sum(xs) / len(xs)
    n = len(cluster)
    r = min(10.0, 3.5 + 1.3 * math.sqrt(n - 1))
    first, last = cluster[0].time.astimezone(zone), cluster[-1].time.astimezone(zone)
    head = [f"{p.time.astimezone(zone):%H:%M} {p.text}" for p in cluster[:5]]
    more = [f"... and {n - 5} more"] if n > 5 else []
    tip = esc("\n".join(([f"{n} entries {first:%H:%M}\u2013{last:%H:%M}"] if n > 1 else []) + head + more))
    count = (text_block([str(n)], x, cy + r + 10, size=9, line_height=10, anchor="middle", attrs=f'fill="{MUTED}"')
             if n >= 3 else "")
    return (f'<g class="entry{" cluster" if n > 1 else ""}" data-count="{n}"><title>{tip}</title>'
            f'<circle cx="{f(x)}" cy="{f(cy)}" r="{f(r)}" fill="{colour}" fill-opacity="0.75"/>{count}</g>')


def _axis(out: list[str], t0: datetime, t1: datetime, zone: tzinfo, x_of: _XOf, plot_l: float, plot_r: float,
          y: float) -> float:
    out.append(f'<line x1="{f(plot_l)}" y1="{f(y)}" x2="{f(plot_r)}" y2="{f(y)}" stroke="{INK}" stroke-width="1.5"/>')
    span = (t1 - t0).total_seconds()
    max_ticks = max(2, int((plot_r - plot_l) / 80))
    step = next((s for s in _STEPS if span / s <= max_ticks), _STEPS[-1])
    local0 = t0.astimezone(zone)
    midnight = local0.replace(hour=0, minute=0, second=0, microsecond=0)
    k = math.ceil((local0 - midnight).total_seconds() / step)
    last_day = None
    while True:
        tick = (midnight + timedelta(seconds=k * step)).astimezone(UTC)
        if tick > t1:
            break
        x = x_of(tick)
        loc = tick.astimezone(zone)
        label = f"{loc:%H:%M}" if step < 86400 else f"{loc:%d %b}"
        out.append(f'<line x1="{f(x)}" y1="{f(y)}" x2="{f(x)}" y2="{f(y + 5)}" stroke="{INK}"/>')
        lines = [label]
        if step < 86400 and loc.date() != last_day:
            lines.append(f"{loc:%a %d %b}")
            last_day = loc.date()
        out.append(text_block(lines, x, y + 17, size=FONT - 1, line_height=13, anchor="middle", attrs=f'fill="{INK}"'))
        k += 1
    zone_name = str(zone) if str(zone) != "UTC" else "UTC"
    out.append(text_block([f"times in {zone_name}"], plot_l - 8, y + 17, size=FONT - 2, line_height=12,
                          anchor="end", attrs=f'fill="{MUTED}"'))
    return y + 40


def _legend(out: list[str], y: float, has_key: bool) -> float:
    x = MARGIN
    parts = [f'<g class="legend" font-size="{f(FONT - 1)}" fill="{INK}">']
    if has_key:
        parts.append(f'<polygon points="{f(x + 6)},{f(y - 10)} {f(x + 12)},{f(y - 4)} {f(x + 6)},{f(y + 2)} '
                     f'{f(x)},{f(y - 4)}" fill="{KEY}"/><text x="{f(x + 18)}" y="{f(y)}">Key moment</text>')
        x += 110
    parts.append(f'<circle cx="{f(x + 6)}" cy="{f(y - 4)}" r="5" fill="{LANE_COLOURS[0]}" fill-opacity="0.75"/>'
                 f'<text x="{f(x + 16)}" y="{f(y)}">Entry (bigger: several entries close together)</text>')
    x += 330
    for label, colour, dash in PHASES:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{f(x)}" y1="{f(y - 4)}" x2="{f(x + 22)}" y2="{f(y - 4)}" stroke="{colour}" '
                     f'stroke-width="2"{dash_attr}/><text x="{f(x + 27)}" y="{f(y)}">{label}</text>')
        x += 100
    parts.append("</g>")
    out.append("".join(parts))
    return y + 8


def _list(out: list[str], listed: list[_Point], lanes: list[str], zone: tzinfo, width: float, y: float) -> float:
    if not listed:
        return y
    columns = 2 if width >= 900 and len(listed) > 6 else 1
    col_w = (width - 2 * MARGIN - 24 * (columns - 1)) / columns
    chars = max(20, int((col_w - 30) / (FONT * 0.6)))
    blocks = []
    for p in listed:
        head = f"{p.time.astimezone(zone):%H:%M} \u00b7 {lanes[p.lane]} \u2014 "
        lines = wrap(head + p.text, chars, max_lines=4)
        blocks.append((p, lines, len(lines) * 15 + 6))
    total = sum(h for *_, h in blocks)
    split, acc = len(blocks), 0.0
    if columns == 2:
        for i, (*_, h) in enumerate(blocks):
            if acc + h / 2 > total / 2:
                split = i
                break
            acc += h
    out.append(f'<g class="key-list"><line x1="{f(MARGIN)}" y1="{f(y)}" x2="{f(width - MARGIN)}" y2="{f(y)}" '
               f'stroke="#cbd2d9"/>')
    bottom = y
    for c, chunk in enumerate((blocks[:split], blocks[split:])):
        cy = y + 14
        x = MARGIN + c * (col_w + 24)
        for p, lines, h in chunk:
            fill, ink = (KEY, "#ffffff") if p.key else ("#ffffff", INK)
            out.append(f'<circle cx="{f(x + BADGE_R)}" cy="{f(cy + 2)}" r="{f(BADGE_R)}" fill="{fill}" '
                       f'stroke="{KEY if p.key else INK}" stroke-width="1.2"/>'
                       + text_block([str(p.number)], x + BADGE_R, cy + 5.5, size=9.5 if p.number < 100 else 8,
                                    line_height=10, anchor="middle", attrs=f'fill="{ink}" font-weight="bold"')
                       + text_block(lines, x + 2 * BADGE_R + 8, cy + 6, size=FONT, line_height=15,
                                    attrs=f'fill="{INK}"' + (' font-weight="bold"' if p.key else "")))
            cy += h
        bottom = max(bottom, cy)
    out.append("</g>")
    return bottom
