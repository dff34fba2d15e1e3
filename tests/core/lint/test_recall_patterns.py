"""Patterns added on 2026-12-07 from the misses on blame_heldout and blame_fresh.

Each pattern has sentences it must flag (with the rule that should do it) and near misses with the
same words that it must leave alone: a system as the subject, "we" or "me" owning it, or the words
used about something other than a person.
"""

from __future__ import annotations

import pytest

from hotwash.core.lint import check


def codes(text: str) -> set[str]:
    return {f.code for f in check(text)}


FLAGGED = [
    # a person found to be the root cause
    ("The root cause was identified as a developer executing a test suite in an old terminal.", "BL003"),
    ("The cause was found to be an engineer running the script against production.", "BL003"),
    # culpability placed on people; "it's on <team>"
    ("There's some culpability for the customers who push every update straight to prod.", "BL003"),
    ("The operator was clearly culpable.", "BL003"),
    ("It's on the database team for never testing the restore path.", "BL003"),
    ("Honestly, that's on the release manager.", "BL003"),
    # one person's particular mistake
    ("Bet that guy won't make that mistake again.", "BL003"),
    ("HBO Max blames message on intern", "BL003"),
    ("Compounding the error, the employee then clicked yes when the prompt appeared.", "BL003"),
    ("The mistakes made by the on-call engineer added an hour to the outage.", "BL003"),
    # a person who destroyed production
    ("I dropped prod!", "BL001"),
    ("The intern wiped the production database on his first day.", "BL001"),
    ("An admin truncated the production tables by accident.", "BL001"),
    # the wrong object, past a path or a command line
    ("The engineer ran rm -rf /var/opt/gitlab/postgresql/data on the primary instead of the replica.", "BL005"),
    # idioms that judge a person
    ("The on-call engineer sat on the page for half an hour.", "BL021"),
    ("Whoever wrote this cron job clearly never heard of timezones.", "BL021"),
    ("The reviewer obviously didn't read the diff.", "BL021"),
    ("This is what happens when you let juniors deploy on a Friday.", "BL021"),
    ("This is what happens when management hires contractors for the on-call.", "BL021"),
    ("Priya pushed the config straight to production and went home.", "BL021"),
    # "for some reason" before a person's own act
    ("Unfortunately, for some reason I used the values from the other server.", "BL021"),
    ("The engineer, for whatever reason, restarted the primary first.", "BL021"),
    ("For whatever reason that we don't understand, the employee deployed to every region.", "BL021"),
    # shipped and left; an outage caused by not following the procedures
    ("A programmer deploys the code on a Friday afternoon and leaves for the weekend.", "BL021"),
    ("Bob merged the change and went home.", "BL021"),
    ("The debacle was caused by not following industry-standard procedures.", "BL021"),
    ("The contractor was let go for not following the change process.", "BL021"),
]

NOT_FLAGGED = [
    # the cause is a thing, even next to a person word
    "The root cause was identified as a developer tool that cached stale credentials.",
    "The root cause was found to be a retry loop in the client.",
    "The cause was determined to be a race between two deploys.",
    # culpability with no person; "on" without a person, or owned by "me" / "us"
    "Legal culpability for the breach is still being assessed.",
    "It's on the roadmap for the platform team next quarter.",
    "It's on the dashboard under the storage panel.",
    "That's on me: I wrote the runbook step that skipped the check.",
    "It's on us to make the restore path testable.",
    # mistakes in general or about the future of everyone
    "Anyone can make that mistake again while the prompt looks the same on both hosts.",
    "Nobody will make that mistake again once the guard is in place.",
    "The user's error message did not say which field was invalid.",
    "Compounding the error, the retry storm doubled the load on the primary.",
    "Mistakes made by the parser were logged at debug level.",
    # destructive work done by a system, by "we", or not on production
    "We dropped the production table after the migration, as planned.",
    "The cleanup job wiped the production bucket because its prefix filter was empty.",
    "The intern dropped the staging table.",
    "The packet loss dropped production throughput by half.",
    # the wrong object chosen by a job, past a path
    "The cleanup job ran rm -rf /var/opt/gitlab/data on the primary instead of the replica.",
    "The engineer ran rm -rf /var/opt/gitlab/data on the replica, as the runbook says.",
    # the idiom words about systems
    "The job sat on the queue for an hour because the worker pool was full.",
    "The fix sat on the release branch until Monday.",
    "The alert clearly never fired: the threshold was above the peak.",
    "The runbook obviously never tested the restore path on the new cluster.",
    "This is what happens when you let the queue grow without a bound.",
    "This is what happens when the cache is cold: every request goes to the database.",
    "The pipeline deployed the change straight to production because the canary stage was disabled.",
    "We pushed the hotfix straight to production to stop the data loss.",
    "Traffic went straight to production once the feature flag flipped.",
    "For some reason the cache was not invalidated after the deploy.",
    "For some reason I got no page, because the rotation had not been updated.",
    "The scheduler, for some reason, skipped the 02:00 run.",
    "For some reason, the on-call's phone stayed silent.",
    "The on-call handed over to the next shift and went home.",
    "The deploy bot shipped the build and the team went home at six.",
    "The linter rejects commits not following the naming rules.",
    "Following the runbook, the on-call failed over to the secondary.",
]


@pytest.mark.parametrize(("text", "code"), FLAGGED)
def test_the_pattern_is_flagged_by_its_rule(text: str, code: str) -> None:
    assert code in codes(text), f"{code} missing for {text!r}: {codes(text)}"


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_the_near_miss_is_not_flagged(text: str) -> None:
    assert codes(text) == set(), f"{text!r} flagged: {codes(text)}"
