"""Single-root-cause framing."""

from __future__ import annotations

from hotwash.core.lint.rules.rootcause.single_root_cause import SingleRootCause
from hotwash.core.lint.rules.rootcause.the_root_cause import TheRootCause

RULES = (SingleRootCause(), TheRootCause())
