"""Sentences a reviewer would call blame are flagged; hard neutral sentences are not."""

from __future__ import annotations

import pytest

from hotwash.core.lint import check

BLAME = [
    "Ops neglected to renew the TLS certificate even though the reminder fired twice.",
    "The on-call ignored the page.",
    "Team A gave them the wrong ID.",
    "The outage was caused by human error.",
    "Sergei's blunder took the site down.",
    "If only the reviewer had read the diff.",
    "Had they checked the logs, we would have caught it.",
    "The networking team was sloppy with the change.",
    "The DBA was asleep at the wheel.",
    "Whose fault was it?",
    "You forgot to renew the certificate.",
    "All he had to do was run the script.",
    "The sole cause of the outage was the expired certificate.",
    "Nobody had noticed that the backups were failing.",
]
NEUTRAL = [
    "The health check failed to detect that the process was deadlocked.",
    "Requests failed to complete within the 30-second timeout.",
    "The error rate rose to 38% and 500 errors were returned to clients.",
    "We should add an alert on replication lag.",
    "We are not here to assign fault.",
    "The engineer followed the runbook as written; the runbook was out of date.",
    "One of the inputs to the command was entered incorrectly.",
    "This was our error and not the result of an attack.",
    "The platform is now more resilient to operator error.",
    "Monitoring that would have shown the queue depth ran on the affected cluster.",
    "Everyone makes mistakes.",
    "The culprit was a seemingly innocuous sensor configuration update.",
    "The on-call engineer acknowledged the page at 02:14 and began investigating.",
    "Just before 11:00, latency on the primary climbed to 4 seconds.",
    "Why did the alert not reach the secondary on-call?",
    "Kubernetes ignored the memory limit because the pod spec used the wrong field name.",
]


@pytest.mark.parametrize("text", BLAME)
def test_blame_is_flagged(text: str):
    assert check(text), text


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_wording_is_not_flagged(text: str):
    assert check(text) == [], [f.code for f in check(text)]
