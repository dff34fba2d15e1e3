"""Every rule, in code order."""

from __future__ import annotations

from functools import cache

from hotwash.core.errors import LintError
from hotwash.core.lint.rule import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    from hotwash.core.lint.rules import (
        accusation,
        attribution,
        custom,
        hindsight,
        judgement,
        minimizing,
        rootcause,
    )
    from hotwash.core.lint.suppress import SuppressionWithoutReason, UnknownSuppressedCode

    rules: list[Rule] = [*attribution.RULES, *hindsight.RULES, *judgement.RULES, *accusation.RULES,
                         *minimizing.RULES, *rootcause.RULES, *custom.RULES,
                         SuppressionWithoutReason(), UnknownSuppressedCode()]
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code_or_name: str) -> Rule:
    key = code_or_name.strip()
    for rule in all_rules():
        if rule.code == key.upper() or rule.name == key.lower():
            return rule
    raise LintError(f"no rule {code_or_name!r}; `hotwash rules` lists them all")


def all_codes() -> tuple[str, ...]:
    return tuple(r.code for r in all_rules())
