"""Machine-readable reports: JSON, SARIF 2.1.0 and GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hotwash.core.lint.finding import Finding
from hotwash.core.lint.rule import Rule

_orjson: Any
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library does the same job
    _orjson = None

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def to_json(results: Mapping[str, Sequence[Finding]], errors: Mapping[str, str] | None = None) -> str:
    """One compact JSON object (UTF-8 text, no spaces between items): ``files`` with their findings,
    and ``errors``."""
    out = {
        "files": [{"path": path, "findings": [f.to_dict() for f in findings]} for path, findings in results.items()],
        "errors": [{"path": p, "message": m} for p, m in (errors or {}).items()],
    }
    if _orjson is not None:
        try:  # ten times faster on a large report; refuses only strings that are not valid Unicode
            return str(_orjson.dumps(out).decode())
        except TypeError:  # a path with an undecodable byte (surrogate escape)
            pass
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def to_sarif(results: Mapping[str, Sequence[Finding]], rules: Sequence[Rule], *, version: str = "0",
             errors: Mapping[str, str] | None = None) -> str:
    index = {r.code: i for i, r in enumerate(rules)}
    sarif_rules = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.why},
        "help": {"text": r.sections.get("Prefer", ""), "markdown": r.sections.get("Prefer", "")},
        "helpUri": f"https://hotwash.invalid/docs/rules/{r.code}.md",
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]},
        "properties": {"family": r.family, "tags": ["blameless", r.family]},
    } for r in rules]
    results_out = []
    for path, findings in results.items():
        for f in findings:
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            res: dict[str, object] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(path)},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line or f.line, "endColumn": max(f.end_column, f.column + 1),
                               "snippet": {"text": f.text}},
                }}],
            }
            if f.code in index:
                res["ruleIndex"] = index[f.code]
            if f.replacement is not None:
                res["fixes"] = [{"description": {"text": f.suggestion or "Apply the rewrite"},
                                 "artifactChanges": [{"artifactLocation": {"uri": _uri(path)}, "replacements": [{
                                     "deletedRegion": {"startLine": f.line, "startColumn": f.column,
                                                       "endLine": f.end_line or f.line,
                                                       "endColumn": max(f.end_column, f.column + 1)},
                                     "insertedContent": {"text": f.replacement}}]}]}]
            results_out.append(res)
    notifications = [{"level": "error", "message": {"text": f"{p}: {m}"}} for p, m in (errors or {}).items()]
    run: dict[str, object] = {
        "tool": {"driver": {"name": "hotwash-lint", "version": version,
                            "informationUri": "https://hotwash.invalid/docs/lint.md", "rules": sarif_rules}},
        "results": results_out,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)


def to_github(results: Mapping[str, Sequence[Finding]], errors: Mapping[str, str] | None = None) -> str:
    lines = []
    for path, findings in results.items():
        for f in findings:
            msg = f"{f.code} {f.message}" + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} file={_prop(path)},line={f.line},col={f.column},"
                         f"endLine={f.end_line or f.line},endColumn={f.end_column},title={_prop(f.code + ' ' + f.name)}"
                         f"::{_data(msg)}")
    for p, m in (errors or {}).items():
        lines.append(f"::error file={_prop(p)}::{_data(m)}")
    return "\n".join(lines)


def _uri(path: str) -> str:
    return "stdin" if path == "-" else path.replace("\\", "/")


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")
