"""Team-specific terms from the configuration (``terms = [...]``)."""

from __future__ import annotations

from hotwash.core.lint.rules.custom.custom_term import CustomTerm

RULES = (CustomTerm(),)
