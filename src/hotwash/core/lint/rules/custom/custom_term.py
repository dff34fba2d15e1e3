"""A word or phrase the team listed in its configuration.

What it flags:
    Any term listed under ``terms`` in ``[tool.hotwash.lint]`` (or ``[lint]`` in
    ``.hotwash.toml``), matched as a whole word, case-insensitively: for example "cowboy" or
    "rockstar". A table (``terms = { cowboy = "Describe the change instead." }``) gives each
    term its own suggestion.

Why it matters:
    Every team has its own loaded words: nicknames for a person's habits, in-jokes that name a
    culprit. Listing them lets the checker catch them before a postmortem is published.

Prefer:
    The suggestion written next to the term in the configuration, or a plain description of
    what was done.

Known false positives:
    Terms are matched as words, with no grammar: a listed term used in a neutral sense is
    flagged too. Suppress it with a reasoned ``hotwash-disable-line`` comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence
from hotwash.core.lint.rule import Rule


class CustomTerm(Rule):
    code = "BL080"
    name = "custom-term"
    family = "custom"
    severity = Severity.WARNING
    message = "“{term}” is on this team's list of terms to avoid."
    trigger = r"(?!x)x"  # never matches until terms are configured
    flags = ("The cowboy deploy went out at 17:55.",)
    passes = ("The deploy went out at 17:55 without a canary.",)
    example_terms: Mapping[str, str | None] = {"cowboy": None}

    def __init__(self, terms: Mapping[str, str | None] | None = None) -> None:
        self.terms = {k.lower(): v for k, v in (terms or {}).items()}
        source = self.trigger
        if self.terms:
            words = sorted(self.terms, key=len, reverse=True)
            source = r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b"
        self._own = re.compile(source, re.I)
        firsts = {re.findall(r"[a-z]+(?:'[a-z]+)*", t.replace("’", "'"))[:1][0] for t in self.terms
                  if re.search(r"[a-z]", t)}
        self._own_anchor = re.compile("|".join(re.escape(w) for w in sorted(firsts)) or r"(?!x)x")

    @property
    def pattern(self) -> re.Pattern[str]:
        return self._own

    @property
    def anchor_re(self) -> re.Pattern[str]:
        return self._own_anchor

    def check(self, s: Sentence) -> Iterator[Hit]:
        for m in self._own.finditer(s.masked):
            term = m.group()
            key = " ".join(term.lower().split())
            yield Hit(m.start() + s.start, m.end() + s.start, self.message.format(term=term),
                      self.terms.get(key) or "Describe what was done, without the loaded word.")
