"""Minimizing words about people's actions: just, simply, obviously."""

from __future__ import annotations

from hotwash.core.lint.rules.minimizing.minimizing_word import MinimizingWord

RULES = (MinimizingWord(),)
