"""Blame attribution: a person, role or team named as the cause of the failure."""

from __future__ import annotations

from hotwash.core.lint.rules.attribution.human_error import HumanError
from hotwash.core.lint.rules.attribution.nobody_noticed import NobodyNoticed
from hotwash.core.lint.rules.attribution.person_as_cause import PersonAsCause
from hotwash.core.lint.rules.attribution.person_at_fault import PersonAtFault
from hotwash.core.lint.rules.attribution.person_erred import PersonErred
from hotwash.core.lint.rules.attribution.person_omission import PersonOmission

RULES = (PersonAsCause(), HumanError(), PersonAtFault(), PersonOmission(), PersonErred(), NobodyNoticed())
