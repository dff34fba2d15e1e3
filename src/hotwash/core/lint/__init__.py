"""The blameless-language checker.

>>> from hotwash.core.lint import check
>>> [f.code for f in check("Bob broke the build.")]
['BL001']
"""

from __future__ import annotations

from hotwash.core.lint.config import LintConfig, find_config, load_config, parse_config
from hotwash.core.lint.engine import active_rules, check
from hotwash.core.lint.finding import Finding, Severity
from hotwash.core.lint.registry import all_codes as all_codes_cached
from hotwash.core.lint.registry import all_rules, get_rule
from hotwash.core.lint.rule import Rule

__all__ = ["Finding", "LintConfig", "Rule", "Severity", "active_rules", "all_codes_cached", "all_rules", "check", "find_config",
           "get_rule", "load_config", "parse_config"]
