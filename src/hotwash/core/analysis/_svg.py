"""Small helpers for building SVG as text (no dependencies)."""

from __future__ import annotations

import re
import textwrap

FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
# Average advance of a character as a share of the font size (DejaVu Sans is wide; erring
# wide keeps text inside its box).
CHAR_EM = 0.6

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def esc(text: str) -> str:
    """Text safe inside an SVG element or a double-quoted attribute."""
    text = _NOT_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def wrap(text: str, chars: int, *, max_lines: int | None = None) -> list[str]:
    """Lines of at most ``chars`` characters (long words are broken); never empty."""
    flat = " ".join(_NOT_XML.sub("", text).split())
    lines = textwrap.wrap(flat, width=max(4, chars), break_long_words=True, break_on_hyphens=True) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, chars - 1)].rstrip() + "\u2026"
    return lines


def text_width(text: str, font_size: float) -> float:
    return len(text) * font_size * CHAR_EM


def f(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text_block(lines: list[str], x: float, y: float, *, size: float, line_height: float,
               anchor: str = "start", attrs: str = "") -> str:
    """A multi-line ``<text>`` whose first baseline is at ``y``."""
    spans = []
    for i, line in enumerate(lines):
        dy = "0" if i == 0 else f(line_height)
        spans.append(f'<tspan x="{f(x)}" dy="{dy}">{esc(line)}</tspan>')
    extra = f" {attrs}" if attrs else ""
    return (f'<text x="{f(x)}" y="{f(y)}" font-size="{f(size)}" text-anchor="{anchor}"{extra}>'
            + "".join(spans) + "</text>")


def svg_document(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{f(width)}" height="{f(height)}" '
        f'viewBox="0 0 {f(width)} {f(height)}" role="img" aria-label="{esc(title)}" '
        f'font-family="{FONT_FAMILY}">\n<title>{esc(title)}</title>\n'
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(body) + "\n</svg>\n"
    )
