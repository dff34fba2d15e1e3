"""Judgement words: verdicts on people's character or care."""

from __future__ import annotations

from hotwash.core.lint.rules.judgement.judgement_idiom import JudgementIdiom
from hotwash.core.lint.rules.judgement.judgement_word import JudgementWord

RULES = (JudgementWord(), JudgementIdiom())
