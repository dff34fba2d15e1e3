"""Markdown as plain words, for search excerpts and list summaries.

:func:`markdown_plain` drops the syntax of the Markdown people write in sections (headings, bullets
and numbers, quotes, emphasis, code spans and fences, links and images, tables, rules, escapes) and
keeps the words, so an excerpt reads as text. Line by line, cheap, no parser: text that only looks
like Markdown (``a * b``, ``snake_case``) is left alone. A heading or list item that does not end with
punctuation gets a ``:`` / ``.``, so words of consecutive lines do not run together once joined.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_END = (".", ":", ";", "!", "?", ",")


def _inline(text: str) -> str:
    codes: list[str] = []
    text = text.replace("\x00", "").replace("\x01", "")  # our placeholders below

    def keep_code(m: re.Match[str]) -> str:  # code spans are literal: no emphasis inside
        codes.append(m.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    text = _ESCAPE.sub(lambda m: f"\x01{ord(m.group(1))}\x01", text)  # escaped: literal, never syntax
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    text = re.sub("\x01(\\d+)\x01", lambda m: chr(int(m.group(1))), text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def _ended(text: str, mark: str) -> str:
    return text if not text or text.endswith(_END) else text + mark


def markdown_plain(text: str) -> str:
    """``text`` without Markdown syntax, one output line per input line (blank lines kept)."""
    if not text:
        return ""
    out: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line)
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            out[-1] = _ended(out[-1], ":")
            out.append("")
            continue
        if _RULE.match(line) or _TABLE_RULE.match(line) or _REFERENCE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            out.append(_ended(_inline(heading.group(1)).strip(), ":"))
            continue
        item = _ITEM.match(line)
        if item:
            out.append(_ended(_inline(line[item.end():]).strip(), "."))
            continue
        if "|" in line and line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.append(_ended("; ".join(_inline(c) for c in cells if c), "."))
            continue
        out.append(_inline(line))
    return "\n".join(out)
