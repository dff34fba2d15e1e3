"""What ``hotwash lint`` and ``hotwash rules`` do, without Typer.

``hotwash.cli.main.run`` calls :func:`main` directly for these two commands (pre-commit runs
``hotwash lint`` on every commit, and Typer's start-up would be most of its time); the Typer
commands in ``hotwash.cli.lint`` route here too, so both ways behave the same.

Exit status: 0 clean, 1 findings, 2 usage errors (a bad option, a bad configuration, or a file
that could not be checked; the other files are still checked and reported).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotwash.core.lint import Finding, LintConfig


FORMATS = ("text", "json", "sarif", "github")


def _lint_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hotwash lint",
        description="Check postmortem text for blame: people as causes, hindsight, judgement words. "
                    "Exit status: 0 clean, 1 findings, 2 usage errors or files that could not be checked.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="Markdown or text files, directories (their *.md files), or - for standard input")
    p.add_argument("--format", "-f", dest="output_format", choices=FORMATS, default="text",
                   help="output format (default: text)")
    p.add_argument("--name", "-n", action="append", default=[], metavar="NAME",
                   help="a participant's name; strengthens detection of people as subjects (repeatable)")
    p.add_argument("--config", dest="config_file", type=Path, metavar="FILE",
                   help="a pyproject.toml or .hotwash.toml to use instead of the nearest one")
    return p


def main(argv: list[str]) -> int:
    """``hotwash lint ...`` / ``hotwash rules ...`` without going through Typer (the fast path)."""
    command, rest = (argv[0], argv[1:]) if argv else ("lint", [])
    return rules_main(rest) if command == "rules" else lint_main(rest)


def lint_main(argv: list[str]) -> int:
    from hotwash.core.errors import LintError
    from hotwash.core.lint import all_codes_cached, check, load_config
    from hotwash.core.lint.files import decode, expand, read_source

    try:
        args = _lint_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    paths: list[str] = args.paths
    if not paths:
        _err("give at least one PATH (or - for standard input)")
        return 2
    codes = all_codes_cached()
    fixed: LintConfig | None = None
    configs: dict[Path, LintConfig] = {}
    try:
        if args.config_file is not None:
            fixed = load_config(args.config_file, known_codes=codes)
    except LintError as exc:
        _err(str(exc))
        return 2
    results: dict[str, list[Finding]] = {}
    errors: dict[str, str] = {}
    for path in expand(paths):
        try:
            if path == "-":
                text = decode(sys.stdin.buffer.read(), "-")
                cfg = fixed or _config_for(Path.cwd(), configs, codes)
            else:
                text = read_source(path)
                cfg = fixed or _config_for(Path(path).resolve().parent, configs, codes)
        except LintError as exc:
            errors[path] = exc.message if exc.where == path else str(exc)
            continue
        results[path] = check(text, config=cfg, names=args.name)
    total = sum(len(f) for f in results.values())
    fmt = args.output_format
    if fmt == "text":
        _print_text(results, errors)
    else:
        from hotwash.core.lint import active_rules, report

        if fmt == "json":
            print(report.to_json(results, errors))
        elif fmt == "sarif":
            from hotwash import __version__

            rules = active_rules(fixed or _config_for(Path.cwd(), configs, codes))
            print(report.to_sarif(results, rules, version=str(__version__), errors=errors))
        else:
            out = report.to_github(results, errors)
            if out:
                print(out)
    if errors:
        return 2
    return 1 if total else 0


def _config_for(directory: Path, cache: dict[Path, LintConfig], codes: tuple[str, ...]) -> LintConfig:
    from hotwash.core.errors import LintError
    from hotwash.core.lint import load_config

    if directory not in cache:
        try:
            cache[directory] = load_config(start=directory, known_codes=codes)
        except LintError as exc:
            # a broken configuration is reported once per file it would apply to
            raise LintError(f"configuration: {exc}", where=str(directory)) from exc
    return cache[directory]


def _err(message: str) -> None:
    sys.stderr.write(f"hotwash lint: {message}\n")


def _print_text(results: dict[str, list[Finding]], errors: dict[str, str]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    colours = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    counts = {"error": 0, "warning": 0, "info": 0}
    for path, findings in results.items():
        for f in findings:
            counts[f.severity] += 1
            head = Text()
            head.append(f"{path}:{f.line}:{f.column}: ", style="bold")
            head.append(f"{f.code} ", style=colours[f.severity])
            head.append(f"[{f.severity}] {f.name}: ", style=colours[f.severity])
            head.append(f.message)
            console.print(head)
            sentence = Text("    " + f.sentence)
            span = " ".join(f.text.split())
            at = f.sentence.find(span) if span else -1
            if at >= 0:
                sentence.stylize("underline " + colours[f.severity], 4 + at, 4 + at + len(span))
            console.print(sentence)
            if at >= 0:
                console.print(Text(" " * (4 + at) + "^" * max(1, len(span)), style=colours[f.severity]))
            if f.suggestion:
                console.print(Text("    suggestion: ", style="green").append(f.suggestion, style="default"))
            if f.replacement is not None:
                shown = f"“{f.replacement}”" if f.replacement else "(delete it)"
                console.print(Text(f"    fix: replace “{f.text}” with {shown}", style="green"))
    errors_console = Console(stderr=True, highlight=False, soft_wrap=True)
    for path, message in errors.items():
        errors_console.print(Text(f"{path}: ", style="bold").append(f"error: {message}", style="bold red"))
    total = sum(counts.values())
    checked = len(results)
    if total or errors:
        parts = [f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items() if n]
        summary = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
        summary += f" in {checked} file{'s' if checked != 1 else ''}"
        if errors:
            summary += f"; {len(errors)} file{'s' if len(errors) != 1 else ''} could not be checked"
        console.print(Text(summary, style="bold"))
    else:
        console.print(Text(f"{checked} file{'s' if checked != 1 else ''} checked: no blame found.", style="green"))


def rules_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hotwash rules",
                                     description="List the language-checker rules, or print one rule's docs.")
    parser.add_argument("code", nargs="?", help="a rule code (BL001) or name (person-as-cause)")
    try:
        code = parser.parse_args(argv).code
    except SystemExit as exc:
        return int(exc.code or 0)
    from rich.console import Console

    from hotwash.core.errors import LintError
    from hotwash.core.lint import all_rules, get_rule
    from hotwash.core.lint.docs import rule_markdown

    console = Console(highlight=False, soft_wrap=True)
    if code is None:
        from rich.table import Table

        table = Table(show_header=True, header_style="bold", box=None)
        for col in ("code", "name", "family", "severity", "summary"):
            table.add_column(col)
        for r in all_rules():
            sev = r.severity.value + ("" if r.default_enabled else " (opt-in)")
            table.add_row(r.code, r.name, r.family, sev, r.summary)
        console.print(table)
        return 0
    try:
        rule = get_rule(code)
    except LintError as exc:
        _err(str(exc))
        return 2
    if console.is_terminal:
        from rich.markdown import Markdown

        console.print(Markdown(rule_markdown(rule)))
    else:
        print(rule_markdown(rule), end="")
    return 0
