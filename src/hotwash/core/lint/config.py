"""Configuration: ``[tool.hotwash.lint]`` in ``pyproject.toml`` or ``[lint]`` in ``.hotwash.toml``.

::

    [tool.hotwash.lint]
    select = ["BL"]              # code prefixes to run (default: every default rule)
    ignore = ["BL04"]            # code prefixes to skip (the longest matching prefix wins)
    severity = { BL010 = "error", BL05 = "info" }
    names = ["Alice Smith", "bob"]   # participants: strengthens detection of people as subjects
    terms = ["cowboy", "rockstar"]   # or a table: { cowboy = "Describe the change instead." }

Files are found by walking up from the checked file (or the working directory): the first
``.hotwash.toml``, or the first ``pyproject.toml`` that has a ``[tool.hotwash.lint]`` table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hotwash.core.errors import LintError
from hotwash.core.lint.finding import Severity

_CODE_PREFIX = re.compile(r"^BL\d{0,3}$")
KEYS = ("select", "ignore", "severity", "names", "terms")


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    terms: Mapping[str, str | None] = field(default_factory=dict)
    source: Path | None = None

    def enabled(self, code: str, *, default_enabled: bool = True) -> bool:
        if not default_enabled:
            return code in self.select and code not in self.ignore
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1 if self.select else 0)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select >= 0 and best_select > best_ignore

    def severity_for(self, code: str, default: str) -> str:
        best = ""
        for prefix in self.severity:
            if code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return self.severity[best] if best else default


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for d in (here, *here.parents):
        dot = d / ".hotwash.toml"
        if dot.is_file():
            return dot
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                if "hotwash" in py.read_text(encoding="utf-8") and _section(_read(py), py) is not None:
                    return py
            except (OSError, UnicodeDecodeError):
                continue
    return None


def load_config(path: Path | str | None = None, *, start: Path | None = None,
                known_codes: tuple[str, ...] | None = None) -> LintConfig:
    """Read the configuration from ``path``, or from the nearest file found from ``start``.

    Raises :class:`LintError` naming the file and the key when something is wrong.
    """
    if path is None:
        found = find_config(start)
        if found is None:
            return LintConfig()
        path = found
    path = Path(path)
    if not path.is_file():
        raise LintError("configuration file not found", where=str(path))
    data = _read(path)
    section = _section(data, path)
    if section is None:
        return LintConfig(source=path)
    prefix = "tool.hotwash.lint" if path.name == "pyproject.toml" else "lint"
    return parse_config(section, where=str(path), prefix=prefix, known_codes=known_codes, source=path)


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: `hotwash lint` starts faster without one

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise LintError(f"invalid TOML: {exc}", where=str(path)) from exc
    except OSError as exc:
        raise LintError(f"cannot read: {exc.strerror}", where=str(path)) from exc


def _section(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("hotwash", {}).get("lint")
    else:
        section = data.get("lint", data.get("tool", {}).get("hotwash", {}).get("lint"))
    if section is None:
        return None
    if not isinstance(section, dict):
        raise LintError("must be a table", where=str(path), field="lint")
    return section


def parse_config(section: Mapping[str, Any], *, where: str = "<config>", prefix: str = "lint",
                 known_codes: tuple[str, ...] | None = None, source: Path | None = None) -> LintConfig:
    def err(key: str, msg: str) -> LintError:
        return LintError(msg, where=where, field=f"{prefix}.{key}")

    def codes(key: str) -> tuple[str, ...]:
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise err(key, "must be a list of rule codes or prefixes, like [\"BL0\", \"BL020\"]")
        out = tuple(v.strip().upper() for v in value)
        for v in out:
            _check_code(v, key)
        return out

    def _check_code(v: str, key: str) -> None:
        if not _CODE_PREFIX.match(v):
            raise err(key, f"{v!r} is not a rule code or prefix (like \"BL001\" or \"BL0\")")
        if known_codes is not None and not any(c.startswith(v) for c in known_codes):
            raise err(key, f"{v!r} matches no rule")

    for key in section:
        if key.replace("-", "_") not in KEYS:
            raise err(key, f"unknown key (expected one of: {', '.join(KEYS)})")
    select, ignore = codes("select"), codes("ignore")
    sev_raw = section.get("severity", {})
    if not isinstance(sev_raw, dict):
        raise err("severity", "must be a table of code = \"error\" | \"warning\" | \"info\"")
    severity: dict[str, str] = {}
    for code, value in sev_raw.items():
        key = f"severity.{code}"
        _check_code(str(code).upper(), key)
        if value not in {s.value for s in Severity}:
            raise err(key, f"{value!r} is not a severity (error, warning or info)")
        severity[str(code).upper()] = str(value)
    names_raw = section.get("names", [])
    if not isinstance(names_raw, list) or not all(isinstance(n, str) and n.strip() for n in names_raw):
        raise err("names", "must be a list of non-empty strings")
    terms_raw = section.get("terms", [])
    terms: dict[str, str | None] = {}
    if isinstance(terms_raw, list) and all(isinstance(t, str) and t.strip() for t in terms_raw):
        terms = {t.strip(): None for t in terms_raw}
    elif isinstance(terms_raw, dict) and all(isinstance(k, str) and k.strip() and isinstance(v, str)
                                             for k, v in terms_raw.items()):
        terms = {k.strip(): v for k, v in terms_raw.items()}
    else:
        raise err("terms", "must be a list of words or a table of word = \"suggestion\"")
    return LintConfig(select=select, ignore=ignore, severity=severity,
                      names=tuple(n.strip() for n in names_raw), terms=terms, source=source)
