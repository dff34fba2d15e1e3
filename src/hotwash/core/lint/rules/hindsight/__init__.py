"""Hindsight and counterfactuals: judging past actions by what is known now."""

from __future__ import annotations

from hotwash.core.lint.rules.hindsight.could_have import CouldHave
from hotwash.core.lint.rules.hindsight.counterfactual_if import CounterfactualIf
from hotwash.core.lint.rules.hindsight.should_have import ShouldHave

RULES = (ShouldHave(), CouldHave(), CounterfactualIf())
