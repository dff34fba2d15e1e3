"""Which characters of a Markdown (or plain text) document are the author's own prose.

:func:`mask` returns a copy of the text of the same length in which everything that is not the
author's narration is replaced by spaces (line breaks are kept, so offsets, lines and columns
stay valid): fenced and indented code, inline code, block quotes (quoted chat and logs), HTML
comments and tags, link targets and URLs, YAML front matter, and text inside quotation marks
("...", “...”, ‘...’ and short '...').

One kind of quotation stays: reported speech, a quoted sentence of four or more words that
starts with a capital letter, ends with its own punctuation and either opens the sentence or
comes with a verb of saying ("It was a mistake on his part," the spokesman said). :func:`mask_quotes`
returns its spans too, so the engine can report what it finds there as information (the words
are someone else's) instead of a blocking finding. Quoted terms, fragments and examples
("human error", “the on-call ignored the page”, prefer "What did you see?" over "Why did you do
that?") stay blanked.

:func:`directives` reads the suppression comments::

    <!-- hotwash-disable BL001: the quote is the customer's words -->       (the next line)
    some text  <!-- hotwash-disable-line BL020, BL021: reason -->           (this line)
    <!-- hotwash-disable-file BL05: we use "root cause" as a heading -->     (the whole file)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_BLOCKQUOTE = re.compile(r"[ ]{0,3}>")

# quotations: closed within the paragraph, or running to its end when never closed
_DOUBLE_QUOTE = re.compile(r"\"[^\"\n]*(?:\n(?![ \t]*\n)[^\"\n]*)*\"?")
_CURLY_QUOTE = re.compile(r"“[^”\n]*(?:\n(?![ \t]*\n)[^”\n]*)*”?")

# Each pattern with the strings one of which every match contains: a pattern whose strings are
# all absent from the text is skipped (a scan of the whole text saved). Patterns that can start
# with a literal begin with it, so that the regex engine jumps from one occurrence to the next:
# "`(?:`(?:`)?)?" is "`{1,3}", and "'(?<![\w']')" is "(?<![\w'])'".
_INLINE: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"<!--.*?-->", re.S), ("<!--",)),
    (re.compile(r"(`(?:`(?:`)?)?)(?!`).+?(?<!`)\1(?!`)"), ("`",)),
    (re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"), ("](",)),          # link target: ](url "title")
    (re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*\S.*$", re.M), ("]:",)),       # reference definition
    (re.compile(r"<https?://[^>\s]+>|https?://[^\s)>\]]+|www\.[^\s)>\]]+"), ("http", "www.")),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ("<",)),  # HTML tags
    (_DOUBLE_QUOTE, ("\"",)),
    (_CURLY_QUOTE, ("“",)),
    (re.compile(r"‘[^’\n]{1,120}’(?![A-Za-z])"), ("‘",)),
    (re.compile(r"'(?<![\w']')(?=[^\s'])[^'\n]{1,60}(?<=[^\s'])'(?![\w])"), ("'",)),
    (re.compile(r"«[^»\n]*»?|„[^“”\n]*[“”]?"), ("«", "„")),
]


def _blank(s: str) -> str:
    if "\n" not in s:
        return " " * len(s)
    return "\n".join([" " * len(part) for part in s.split("\n")])


def _blank_match(m: re.Match[str]) -> str:
    return _blank(m.group())


_SPEECH_END = re.compile(r"[.!?,…]+[\s\"”]*$")
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")


_SAYING = (r"(?:said|says|say|told|tells|wrote|writes|added|adds|asked|asks|tweeted|posted|explained|explains|"
           r"insisted|insists|stated|states|noted|notes|replied|replies|claimed|claims|admitted|admits|"
           r"confirmed|confirms|reported|reports|announced|announces|continued|continues|warned|warns|"
           r"argued|argues|recalled|recalls|according\s+to|went\s+on)")
_SAID_BEFORE = re.compile(r"(?:\b" + _SAYING + r"\b[^\"“”\n]{0,20}|:\s*)$", re.I)
_SAID_AFTER = re.compile(r"^[^.!?\n\"“”]{0,50}\b" + _SAYING + r"\b", re.I)
_OPENS = re.compile(r"(?:^|[.!?]|\n\s*(?:[-*+]|\d+[.)])?)\s*$")


def _is_speech(m: re.Match[str]) -> bool:
    """Reported speech: a quoted full sentence (capital first letter, four or more words, its own end
    punctuation, or left open to the end of the paragraph as multi-paragraph speech is) that opens
    its sentence or comes with a verb of saying. A quoted example ("prefer X over Y") is not speech."""
    quoted = m.group()
    body = quoted.strip("\"“” \t\n")
    if not body[:1].isupper() or len(_WORDS.findall(body)) < 4:
        return False
    closed = quoted.rstrip().endswith(("\"", "”")) and len(quoted.rstrip()) > 1
    if closed and _SPEECH_END.search(body) is None:
        return False
    before = m.string[max(0, m.start() - 40):m.start()]
    after = m.string[m.end():m.end() + 60]
    return bool(_OPENS.search(before) or _SAID_BEFORE.search(before) or _SAID_AFTER.search(after))


def mask(text: str) -> str:
    """The author's prose of ``text``, everything else blanked (same length as ``text``)."""
    return mask_quotes(text)[0]


def mask_quotes(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Like :func:`mask`, and the (start, end) spans of reported speech left in the prose."""
    out: list[str] = []
    fence: str | None = None
    front = text.startswith(("---\n", "---\r\n"))
    prev_blank = True
    prev_code = False
    in_list = False
    for n, line in enumerate(text.splitlines(keepends=True)):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if front:
            out.append(_blank(line))
            if n > 0 and stripped in ("---", "..."):
                front = False
            continue
        if fence is not None:
            out.append(_blank(line))
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        m = _FENCE.match(body)
        if m:
            fence = m.group(1)
            out.append(_blank(line))
            prev_blank = False
            continue
        if not stripped:
            out.append(line)
            prev_blank = True
            continue
        indent = len(body) - len(body.lstrip(" \t"))
        indented = body.startswith("\t") or indent >= 4
        if indented and (prev_blank or prev_code) and not in_list:
            out.append(_blank(line))
            prev_code = True
            prev_blank = False
            continue
        prev_code = False
        if _BLOCKQUOTE.match(body):
            out.append(_blank(line))
            prev_blank = False
            continue
        if _LIST_ITEM.match(body):
            in_list = True
        elif not indented and prev_blank:
            in_list = False
        out.append(line)
        prev_blank = False
    masked = "".join(out)
    speech: list[tuple[int, int]] = []

    def blank_quote(m: re.Match[str]) -> str:
        if _is_speech(m):
            speech.append(m.span())
            return m.group()
        return _blank(m.group())

    for pattern, needs in _INLINE:
        if not any(n in masked for n in needs):
            continue
        if pattern is _DOUBLE_QUOTE or pattern is _CURLY_QUOTE:
            masked = pattern.sub(blank_quote, masked)
        else:
            masked = pattern.sub(_blank_match, masked)
    speech.sort()
    return masked, speech


# --- suppression comments ----------------------------------------------------------------------

_DIRECTIVE = re.compile(
    r"<!--\s*hotwash-(disable-next-line|disable-line|disable-file|disable)\b(.*?)-->", re.S)


@dataclass(frozen=True, slots=True)
class Directive:
    kind: str  # "line" (the line it is on), "next" (the next non-blank line) or "file"
    codes: tuple[str, ...]
    reason: str
    start: int
    end: int
    line: int  # 1-based line the comment is on
    target_line: int  # 1-based line it applies to (0 for the whole file)


def directives(text: str) -> list[Directive]:
    found: list[Directive] = []
    if "hotwash-disable" not in text:
        return found
    for m in _DIRECTIVE.finditer(text):
        kind_word, rest = m.group(1), m.group(2).strip()
        codes_part, _, reason = rest.partition(":")
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", codes_part.strip()) if c)
        line = text.count("\n", 0, m.start()) + 1
        if kind_word == "disable-line":
            kind, target = "line", line
        elif kind_word == "disable-file":
            kind, target = "file", 0
        else:
            kind, target = "next", _next_content_line(text, m.end(), line)
        found.append(Directive(kind, codes, reason.strip(), m.start(), m.end(), line, target))
    return found


def _next_content_line(text: str, pos: int, line: int) -> int:
    nl = text.find("\n", pos)
    while nl != -1:
        line += 1
        nxt = text.find("\n", nl + 1)
        chunk = text[nl + 1: nxt if nxt != -1 else len(text)]
        if chunk.strip():
            return line
        nl = nxt
    return line + 1
