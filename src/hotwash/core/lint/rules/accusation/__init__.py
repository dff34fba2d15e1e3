"""Accusatory questions and second-person blame."""

from __future__ import annotations

from hotwash.core.lint.rules.accusation.accusatory_question import AccusatoryQuestion
from hotwash.core.lint.rules.accusation.second_person import SecondPersonBlame

RULES = (AccusatoryQuestion(), SecondPersonBlame())
