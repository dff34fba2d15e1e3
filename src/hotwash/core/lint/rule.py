"""The shape every rule module follows.

A rule is a class with a stable ``code`` (``BL001``), a kebab-case ``name``, a ``family``, a
default ``severity``, a ``trigger`` regular expression (a cheap prefilter: the rule only looks at
sentences where it matches), a docstring with four fixed sections, and its own ``flags`` and
``passes`` example sentences, which the test-suite runs.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from typing import ClassVar, cast

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence
from hotwash.core.lint.prefilter import lowercase_of

SECTIONS = ("What it flags", "Why it matters", "Prefer", "Known false positives")
_SECTION = re.compile(r"^(" + "|".join(SECTIONS) + r"):[ \t]*$", re.M)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]
    suggestion: ClassVar[str | None] = None
    trigger: ClassVar[str]
    #: Words (a regex matched against whole lowercase words) of which every trigger match contains
    #: at least one. The engine looks a sentence over with the rule only when one is present.
    anchors: ClassVar[str] = r"(?!x)x"
    flags: ClassVar[tuple[str, ...]] = ()
    passes: ClassVar[tuple[str, ...]] = ()
    #: Names of participants the examples assume (passed as ``names=`` when they run).
    example_names: ClassVar[tuple[str, ...]] = ()
    #: Opt-in rules run only when selected by their full code.
    default_enabled: ClassVar[bool] = True

    _pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            type(self)._pattern = re.compile(self.trigger, re.I)
        assert self._pattern is not None
        return self._pattern

    _anchor_re: re.Pattern[str] | None = None

    @property
    def anchor_re(self) -> re.Pattern[str]:
        if self._anchor_re is None:
            type(self)._anchor_re = re.compile(self.anchors)
        assert self._anchor_re is not None
        return self._anchor_re

    def check(self, s: Sentence) -> Iterator[Hit]:  # pragma: no cover - overridden by every rule
        raise NotImplementedError

    def matches(self, s: Sentence) -> Iterator[re.Match[str]]:
        """Trigger matches in the sentence's prose (quotes and code already blanked).

        Where the lowercased sentence can be searched without ``re.I`` (see ``prefilter``), it
        finds where the matches start, and the caseless trigger is only matched there: the same
        matches, without the caseless search over the whole sentence."""
        low = s.lowered
        fast = lowercase_of(self.pattern) if low is not None else None
        if fast is None or low is None:
            return self.pattern.finditer(s.masked)
        match = self.pattern.match
        found = [match(s.masked, m.start()) for m in fast.finditer(low)]
        if None in found:  # pragma: no cover - the two searches agree (tests/core/lint/test_prefilter.py)
            return self.pattern.finditer(s.masked)
        return iter(cast(list[re.Match[str]], found))

    # --- documentation ---

    @property
    def doc(self) -> str:
        """The rule's documentation: the class docstring, or the docstring of its module."""
        raw = type(self).__doc__
        if not raw:
            module = sys.modules.get(type(self).__module__)
            raw = module.__doc__ if module is not None else ""
        return inspect.cleandoc(raw or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    @property
    def sections(self) -> dict[str, str]:
        doc = self.doc
        parts = _SECTION.split(doc)
        out: dict[str, str] = {}
        for i in range(1, len(parts) - 1, 2):
            out[parts[i]] = inspect.cleandoc(parts[i + 1]).strip()
        return out

    @property
    def why(self) -> str:
        return " ".join(self.sections.get("Why it matters", "").split())

    def __repr__(self) -> str:
        return f"<{self.code} {self.name}>"
