"""Reading the files to check, with a clear message for every kind of bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hotwash.core.errors import LintError

#: Larger inputs are refused: postmortems are kilobytes, and a 50 MB file is almost always a log
#: or a dump passed by mistake.
MAX_BYTES = 10 * 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def expand(paths: list[str]) -> Iterator[str]:
    """Paths as given, with directories replaced by the Markdown files under them (sorted)."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.suffix.lower() in MARKDOWN_SUFFIXES and f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not found:
                yield p  # reported as "no Markdown files" by read_source
            for f in found:
                yield str(f)
        else:
            yield p


def decode(data: bytes, where: str) -> str:
    if len(data) > MAX_BYTES:
        raise LintError(f"file is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)",
                        where=where)
    if b"\x00" in data[:8192]:
        raise LintError("binary file, not text", where=where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LintError(f"not valid UTF-8 (byte {exc.start}, line {line})", where=where) from exc
    return text.replace("\r\n", "\n")


def read_source(path: str) -> str:
    """The text of ``path``; :class:`LintError` with a one-line reason when it cannot be checked."""
    p = Path(path)
    try:
        if p.is_dir():
            raise LintError("directory has no Markdown files", where=path)
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LintError(f"file is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)",
                            where=path)
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise LintError("no such file", where=path) from exc
    except PermissionError as exc:
        raise LintError("permission denied", where=path) from exc
    except IsADirectoryError as exc:  # pragma: no cover - is_dir() above
        raise LintError("is a directory", where=path) from exc
    except OSError as exc:
        raise LintError(f"cannot read ({exc.strerror})", where=path) from exc
    return decode(data, path)
