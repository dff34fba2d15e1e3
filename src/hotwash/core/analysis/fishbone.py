"""An Ishikawa (fishbone) diagram of the contributing factors, as SVG.

The problem is the head on the right; each category is a bone, alternately above and below the
spine; each factor is a wrapped label attached to its bone. The canvas grows with the number
and length of factors so that nothing overlaps. Trigger factors are bold, dark red and marked
with a filled dot (enabling conditions have a hollow one), so the difference survives a
black-and-white print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotwash.core.analysis._svg import f, svg_document, text_block, text_width, wrap

__all__ = ["fishbone_svg", "svg_to_png"]

FACTOR_SIZE = 13.0
FACTOR_LINE = 16.0
WRAP_CHOICES = (32, 42, 54, 68)  # characters per factor line, tried in order
FACTOR_GAP = 10.0
LABEL_SIZE = 14.0
LABEL_LINE = 17.0
LABEL_CHARS = 22
HEAD_SIZE = 15.0
HEAD_LINE = 19.0
HEAD_CHARS = 24
SLANT = 0.42  # horizontal run of a bone per unit of height
MARGIN = 24.0
COLUMN_GAP = 36.0
SPINE_CLEARANCE = 22.0  # between the spine and the nearest factor

INK = "#1f2933"
BONE = "#52606d"
TRIGGER = "#b42318"
MUTED = "#7b8794"


@dataclass
class _Item:
    lines: list[str]
    trigger: bool
    width: float
    height: float


@dataclass
class _Bone:
    label: str
    label_lines: list[str]
    items: list[_Item]
    top: bool

    @property
    def height(self) -> float:
        return sum(i.height for i in self.items) or FACTOR_LINE + FACTOR_GAP


def _item(text: str, role: str, chars: int) -> _Item:
    trigger = role.strip().lower() == "trigger"
    lines = wrap(text or "(no description)", chars)
    width = max(text_width(line, FACTOR_SIZE) for line in lines) * (1.08 if trigger else 1.0)
    return _Item(lines, trigger, width, len(lines) * FACTOR_LINE + FACTOR_GAP)


def fishbone_svg(problem: str, factors_by_category: dict[str, list[tuple[str, str]]]) -> str:
    """The diagram for ``{category label: [(factor text, "trigger"|"enabling"), ...]}``.

    Labels wrap at 32 characters; when the bones get tall (many or long factors), wider lines
    are used so that the diagram keeps a landscape shape that fits a printed page.
    """
    for chars in WRAP_CHOICES:
        bones = [
            _Bone(label, wrap(label or "Other", LABEL_CHARS, max_lines=3),
                  [_item(text, role, chars) for text, role in items], top=(i % 2 == 0))
            for i, (label, items) in enumerate(factors_by_category.items())
        ]
        width, height = _layout_size(bones, problem)
        if width >= 1.35 * height:
            break
    return _draw(problem, bones)


def _layout_size(bones: list[_Bone], problem: str) -> tuple[float, float]:
    svg = _draw(problem, bones)
    m = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    assert m is not None
    return float(m.group(1)), float(m.group(2))


def _draw(problem: str, bones: list[_Bone]) -> str:
    head_lines = wrap(problem or "Problem", HEAD_CHARS, max_lines=8)
    head_w = max(180.0, max(text_width(line, HEAD_SIZE) for line in head_lines) + 28)
    head_h = max(64.0, len(head_lines) * HEAD_LINE + 26)
    label_h = max([len(b.label_lines) * LABEL_LINE + 14 for b in bones] or [0])

    top_h = max([b.height for b in bones if b.top] or [0.0]) + SPINE_CLEARANCE
    bottom_h = max([b.height for b in bones if not b.top] or [0.0]) + SPINE_CLEARANCE
    spine_y = MARGIN + label_h + top_h
    spine_y = max(spine_y, MARGIN + head_h / 2)

    # Columns from the head leftwards: column c holds bones 2c (top) and 2c+1 (bottom).
    columns = [bones[i : i + 2] for i in range(0, len(bones), 2)]
    extents: list[float] = []
    for col in columns:
        extent = 0.0
        for bone in col:
            d = SPINE_CLEARANCE
            for item in _ordered(bone):
                extent = max(extent, SLANT * (d + item.height) + 14 + item.width)
                d += item.height
            label_w = max(text_width(line, LABEL_SIZE) for line in bone.label_lines) + 20
            extent = max(extent, SLANT * (bone.height + SPINE_CLEARANCE) + label_w / 2)
        extents.append(extent)
    body_w = sum(extents) + COLUMN_GAP * max(0, len(columns) - 1) + 40
    width = MARGIN + max(body_w, 160.0) + 30 + head_w + MARGIN
    legend_y = spine_y + bottom_h + (label_h if any(not b.top for b in bones) else 0) + 28
    height = max(legend_y + 30, spine_y + head_h / 2 + MARGIN)

    head_x = width - MARGIN - head_w
    out: list[str] = [
        f'<line x1="{f(MARGIN)}" y1="{f(spine_y)}" x2="{f(head_x)}" y2="{f(spine_y)}" '
        f'stroke="{INK}" stroke-width="4"/>',
        f'<polygon points="{f(head_x)},{f(spine_y)} {f(head_x - 16)},{f(spine_y - 9)} '
        f'{f(head_x - 16)},{f(spine_y + 9)}" fill="{INK}"/>',
        f'<g class="problem"><rect x="{f(head_x)}" y="{f(spine_y - head_h / 2)}" width="{f(head_w)}" '
        f'height="{f(head_h)}" rx="8" fill="#fdf2f0" stroke="{TRIGGER}" stroke-width="2"/>',
        text_block(head_lines, head_x + head_w / 2,
                   spine_y - (len(head_lines) - 1) * HEAD_LINE / 2 + HEAD_SIZE * 0.35,
                   size=HEAD_SIZE, line_height=HEAD_LINE, anchor="middle",
                   attrs=f'font-weight="bold" fill="{INK}"') + "</g>",
    ]
    x_spine = head_x - 40
    for col, extent in zip(columns, extents, strict=True):
        for bone in col:
            out.append(_draw_bone(bone, x_spine, spine_y))
        x_spine -= extent + COLUMN_GAP
    if not bones:
        out.append(text_block(["No contributing factors recorded yet"], MARGIN + 10, spine_y - 12,
                              size=FACTOR_SIZE, line_height=FACTOR_LINE, attrs=f'fill="{MUTED}" font-style="italic"'))
    out.append(_legend(MARGIN, legend_y))
    return svg_document(width, height, f"Fishbone diagram: {problem}", out)


def _ordered(bone: _Bone) -> list[_Item]:
    """Items from the spine outwards, so that the list reads top to bottom on both sides."""
    return list(reversed(bone.items)) if bone.top else list(bone.items)


def _draw_bone(bone: _Bone, x: float, spine_y: float) -> str:
    sign = -1.0 if bone.top else 1.0
    length = bone.height + SPINE_CLEARANCE
    end_x, end_y = x - SLANT * length, spine_y + sign * length
    parts = [f'<g class="bone"><line x1="{f(x)}" y1="{f(spine_y)}" x2="{f(end_x)}" y2="{f(end_y)}" '
             f'stroke="{BONE}" stroke-width="2.5"/>']
    label_w = max(text_width(line, LABEL_SIZE) for line in bone.label_lines) + 20
    label_h = len(bone.label_lines) * LABEL_LINE + 10
    box_y = end_y - label_h if bone.top else end_y
    parts.append(
        f'<g class="category"><rect x="{f(end_x - label_w / 2)}" y="{f(box_y)}" width="{f(label_w)}" '
        f'height="{f(label_h)}" rx="5" fill="#e4e7eb" stroke="{BONE}"/>'
        + text_block(bone.label_lines, end_x, box_y + 5 + LABEL_SIZE, size=LABEL_SIZE, line_height=LABEL_LINE,
                     anchor="middle", attrs=f'font-weight="bold" fill="{INK}"') + "</g>"
    )
    if not bone.items:
        y = spine_y + sign * (SPINE_CLEARANCE + FACTOR_LINE / 2)
        parts.append(text_block(["(none yet)"], x - SLANT * (SPINE_CLEARANCE + FACTOR_LINE / 2) - 10,
                                y + FACTOR_SIZE * 0.35, size=FACTOR_SIZE - 1, line_height=FACTOR_LINE,
                                anchor="end", attrs=f'fill="{MUTED}" font-style="italic"'))
    d = SPINE_CLEARANCE
    for item in _ordered(bone):
        mid = d + item.height / 2
        ay = spine_y + sign * mid
        ax = x - SLANT * mid
        colour = TRIGGER if item.trigger else INK
        weight = ' font-weight="bold"' if item.trigger else ""
        first_baseline = ay - (len(item.lines) - 1) * FACTOR_LINE / 2 + FACTOR_SIZE * 0.35
        # The text's right edge clears the bone at the block's far end (the bone slants away).
        right = x - SLANT * (d + item.height - FACTOR_GAP / 2) - 10
        marker = (f'<circle cx="{f(ax)}" cy="{f(ay)}" r="4.5" fill="{TRIGGER}"/>' if item.trigger else
                  f'<circle cx="{f(ax)}" cy="{f(ay)}" r="4" fill="#ffffff" stroke="{BONE}" stroke-width="1.5"/>')
        role = "trigger" if item.trigger else "enabling"
        parts.append(
            f'<g class="factor {role}"><line x1="{f(right + 4)}" y1="{f(ay)}" x2="{f(ax)}" y2="{f(ay)}" '
            f'stroke="{colour}" stroke-width="1.5"/>{marker}'
            + text_block(item.lines, right, first_baseline, size=FACTOR_SIZE, line_height=FACTOR_LINE,
                         anchor="end", attrs=f'fill="{colour}"{weight}') + "</g>"
        )
        d += item.height
    parts.append("</g>")
    return "".join(parts)


def _legend(x: float, y: float) -> str:
    return (
        f'<g class="legend" font-size="12" fill="{INK}">'
        f'<circle cx="{f(x + 6)}" cy="{f(y - 4)}" r="4.5" fill="{TRIGGER}"/>'
        f'<text x="{f(x + 16)}" y="{f(y)}" fill="{TRIGGER}" font-weight="bold">Trigger (proximate cause)</text>'
        f'<circle cx="{f(x + 206)}" cy="{f(y - 4)}" r="4" fill="#ffffff" stroke="{BONE}" stroke-width="1.5"/>'
        f'<text x="{f(x + 216)}" y="{f(y)}">Enabling condition</text></g>'
    )


def svg_to_png(svg: str, *, scale: float = 2.0, max_pixels: int = 60_000_000) -> bytes:
    """Rasterise an SVG (ours) to PNG with CairoSVG; needs the system library libcairo2."""
    import cairosvg  # lazily: only exports need it

    width, height = _size(svg)
    if width * height * scale * scale > max_pixels:
        scale = max(0.25, (max_pixels / max(1.0, width * height)) ** 0.5)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    return bytes(png)


def _size(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (float(m.group(1)), float(m.group(2))) if m else (1000.0, 1000.0)
