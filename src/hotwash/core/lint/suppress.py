"""Suppression comments and the two rules that keep them honest."""

from __future__ import annotations

from collections.abc import Iterator

from hotwash.core.lint.finding import Hit, Severity
from hotwash.core.lint.grammar import Sentence
from hotwash.core.lint.rule import Rule


class SuppressionWithoutReason(Rule):
    """A ``hotwash-disable`` comment that gives no reason.

    What it flags:
        ``<!-- hotwash-disable BL001 -->`` (and ``-line``/``-file`` variants) without a reason
        after a colon. The suppression still applies, but this finding takes its place, with
        error severity, so a reason-less waiver cannot get a postmortem published.

    Why it matters:
        A waiver is a decision that reviewers and readers should be able to check. "Quoting
        the customer's ticket" or "the name is a service, not a person" takes seconds to write
        and keeps the waiver honest.

    Prefer:
        ``<!-- hotwash-disable BL001: "Bob" is the name of our deploy bot -->``

    Known false positives:
        None known: the comment syntax is exact.
    """

    code = "BL090"
    name = "suppression-without-reason"
    family = "meta"
    severity = Severity.ERROR
    message = "This suppression gives no reason; write one after a colon."
    suggestion = "<!-- hotwash-disable BL001: why this sentence is fine -->"
    trigger = r"(?!x)x"
    flags = ("<!-- hotwash-disable BL001 -->\nBob broke the build.",)
    passes = ("<!-- hotwash-disable BL001: Bob is the name of our deploy bot -->\nBob broke the build.",)

    def check(self, s: Sentence) -> Iterator[Hit]:
        return iter(())  # reported by the engine, which reads the comments


class UnknownSuppressedCode(Rule):
    """A ``hotwash-disable`` comment naming no existing rule.

    What it flags:
        Suppression comments whose codes match no rule (``BL999``, ``BX001``) or that list no
        code at all.

    Why it matters:
        A typo in a waiver silently waives nothing, and the author believes the sentence was
        accepted on purpose.

    Prefer:
        The exact code printed by ``hotwash lint`` (``hotwash rules`` lists them all).

    Known false positives:
        A prefix that matches no rule yet (reserved for a future family) is reported too.
    """

    code = "BL091"
    name = "unknown-suppressed-code"
    family = "meta"
    severity = Severity.WARNING
    message = "This suppression names no known rule: {codes}."
    trigger = r"(?!x)x"
    flags = ("<!-- hotwash-disable BL999: typo -->\nThe deploy went out.",)
    passes = ("<!-- hotwash-disable BL0: quoting the customer -->\nThe deploy went out.",)

    def check(self, s: Sentence) -> Iterator[Hit]:
        return iter(())
