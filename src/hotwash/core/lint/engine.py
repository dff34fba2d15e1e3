"""The checker: mask non-prose, split sentences, run the rules where their triggers match."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from hotwash.core.lint.config import LintConfig
from hotwash.core.lint.finding import Finding, Hit, Severity
from hotwash.core.lint.grammar import Sentence, split_sentences
from hotwash.core.lint.markdown import Directive, directives, mask_quotes
from hotwash.core.lint.prefilter import rules_by_sentence, trigger_search
from hotwash.core.lint.registry import all_rules
from hotwash.core.lint.rule import Rule
from hotwash.core.lint.rules.custom.custom_term import CustomTerm

_DEFAULT = LintConfig()


def check(text: str, *, config: LintConfig | None = None, names: Sequence[str] = ()) -> list[Finding]:
    """Findings for ``text`` (Markdown or plain text), in document order."""
    config = config or _DEFAULT
    rules = active_rules(config)
    if not text or not rules:
        return []
    masked, speech = mask_quotes(text)
    spans = split_sentences(masked)
    name_set = frozenset(part.lower().lstrip("@") for n in (*names, *config.names) for part in n.split()
                         if len(part) > 1)
    lines = _LineIndex(text)
    wanted = rules_by_sentence(masked, spans, rules)
    found: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    triggered = [trigger_search(rule.pattern) for rule in rules]
    for si in sorted(wanted):
        a, b = spans[si]
        bits = wanted[si]
        sentence = Sentence(text[a:b], masked[a:b], a, name_set)
        low = sentence.lowered
        for n, rule in enumerate(rules):
            if not bits >> n & 1 or not triggered[n](sentence.masked, low):
                continue
            for hit in rule.check(sentence):
                key = (rule.code, hit.start, hit.end)
                if key not in seen:
                    seen.add(key)
                    finding = _finding(rule, hit, text, sentence.text, lines, config)
                    if speech and _quoted(speech, hit.start, hit.end):
                        finding = replace(finding, severity=Severity.INFO.value,
                                          message="In quoted speech: " + finding.message)
                    found.append(finding)
    found = _apply_directives(found, directives(text), text, lines, config)
    found.sort(key=lambda f: (f.start, f.code))
    return found


def _quoted(speech: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether the span lies in reported speech: someone else's words, reported as information."""
    k = bisect_right(speech, (a, 1 << 62)) - 1
    return k >= 0 and speech[k][0] <= a and b <= speech[k][1]


def active_rules(config: LintConfig) -> tuple[Rule, ...]:
    return _active_rules(config.select, config.ignore, tuple(sorted(config.terms.items())))


@lru_cache(maxsize=64)
def _active_rules(select: tuple[str, ...], ignore: tuple[str, ...],
                  terms: tuple[tuple[str, str | None], ...]) -> tuple[Rule, ...]:
    probe = LintConfig(select=select, ignore=ignore)
    out: list[Rule] = []
    for rule in all_rules():
        if not probe.enabled(rule.code, default_enabled=rule.default_enabled):
            continue
        if isinstance(rule, CustomTerm):
            if terms:
                out.append(CustomTerm(dict(terms)))
            continue
        if rule.family == "meta":
            continue
        out.append(rule)
    return tuple(out)


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _finding(rule: Rule, hit: Hit, text: str, sentence: str, lines: _LineIndex, config: LintConfig,
             severity: str | None = None) -> Finding:
    line, col = lines.position(hit.start)
    end_line, end_col = lines.position(hit.end)
    return Finding(
        code=rule.code, name=rule.name, family=rule.family,
        severity=config.severity_for(rule.code, severity or rule.severity.value),
        line=line, column=col, start=hit.start, end=hit.end, text=text[hit.start:hit.end],
        sentence=" ".join(sentence.split()), message=hit.message or rule.message, why=_why(rule),
        suggestion=hit.suggestion or rule.suggestion, replacement=hit.replacement,
        end_line=end_line, end_column=end_col,
    )


_WHY: dict[str, str] = {}


def _why(rule: Rule) -> str:
    if rule.code not in _WHY:
        _WHY[rule.code] = rule.why
    return _WHY[rule.code]


def _apply_directives(found: list[Finding], dirs: list[Directive], text: str, lines: _LineIndex,
                      config: LintConfig) -> list[Finding]:
    if not dirs:
        return found
    from hotwash.core.lint.registry import all_codes, get_rule

    codes = all_codes()
    extra: list[Finding] = []
    for d in dirs:
        sentence = text[d.start:d.end]
        if not d.reason and config.enabled("BL090"):
            rule = get_rule("BL090")
            extra.append(_finding(rule, Hit(d.start, d.end), text, sentence, lines, config))
        unknown = [c for c in d.codes if not any(code.startswith(c) for code in codes)]
        if (unknown or not d.codes) and config.enabled("BL091"):
            rule = get_rule("BL091")
            msg = rule.message.format(codes=", ".join(unknown) or "(no code given)")
            extra.append(_finding(rule, Hit(d.start, d.end, msg), text, sentence, lines, config))

    def suppressed(f: Finding) -> bool:
        for d in dirs:
            if d.kind != "file" and f.line != d.target_line:
                continue
            if any(f.code.startswith(c) for c in d.codes):
                return True
        return False

    return [f for f in found if not suppressed(f)] + extra
