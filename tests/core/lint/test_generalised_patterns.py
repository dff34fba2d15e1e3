"""Grammatical patterns added so the checker generalises beyond the sentences it was built on.

Each pattern has sentences it must flag (with the rule that should do it) and near misses it must
leave alone: the same words about a system, a negated or hypothetical form, or an argument about
blaming rather than blame.
"""

from __future__ import annotations

import pytest

from hotwash.core.lint import check


def codes(text: str) -> set[str]:
    return {f.code for f in check(text)}


FLAGGED = [
    # a person acting on the wrong object, in any tense, or on one object "instead of" another
    ("An exhausted operator ran the command on the primary instead of the replica.", "BL005"),
    ("Team A provided Team B with the ID of the whole site, rather than the intended app instance.", "BL005"),
    ("The engineer executes the correct command on the wrong server.", "BL005"),
    ("The alarm was caused by an employee pressing the wrong button.", "BL005"),
    ("The outage was caused by an incorrect command entered by a team member.", "BL005"),
    ("Someone removed too much capacity using the playbook.", "BL005"),
    ("The product manager rushed the release out the door.", "BL005"),
    ("The employee confirmed the alert, inadvertently causing a panic.", "BL005"),
    ("The worker who pushed the wrong button was reassigned.", "BL005"),
    # an incident caused, triggered or started by a person
    ("It was a false alarm caused by an employee pressing the wrong button.", "BL001"),
    ("Global DNS downfall started by one engineer trying a quick fix.", "BL001"),
    ("The storage system was knocked offline by a staffer.", "BL001"),
    ("The employee who set off a statewide panic has been reassigned.", "BL001"),
    ("Probably five people were let go, none of them the one who flubbed the command.", "BL001"),
    # fault placed on a person
    ("He's not doing this on purpose; it was a mistake on his part.", "BL003"),
    ("The reality is, he made a fairly simple mistake.", "BL003"),
    ("The loss has been traced to a mistake by a single sysadmin.", "BL003"),
    ("Tom's typo took down checkout for forty minutes.", "BL003"),
    ("BA confirmed that a fat-fingered staffer was the cause of the chaos.", "BL003"),
    ("People are the cause of most security breaches.", "BL003"),
    ("The company confirmed the email went out by mistake and blamed an intern.", "BL003"),
    ("BA blames bank holiday IT outage on technician pulling the plug", "BL003"),
    ("The worker blamed for triggering the false alert has been reassigned.", "BL003"),
    ("The incident was the direct result of Kevin's decision to skip the canary.", "BL003"),
    # human error in other words
    ("The database lost data due to spam attacks and engineering mistakes.", "BL002"),
    # omissions
    ("Team B executed the script without realizing the mistake.", "BL004"),
    ("Someone didn't fulfill their obligations because they had a heavy night.", "BL004"),
    # judgement idioms and words
    ("While it might seem that the worker should be fired, he was reassigned.", "BL021"),
    ("That doesn't mean he shouldn't be fired.", "BL021"),
    ("That would be a sackable offence for a new starter.", "BL021"),
    ("Salesforce threw the engineer under a passing bus.", "BL021"),
    ("No excuses for that at all.", "BL021"),
    ("A bumbling IT contractor shut down the power supply.", "BL020"),
    ("Wonder what happened to the poor slob who did that.", "BL020"),
    ("At the core of this chaos? A botched network configuration.", "BL020"),
    # questions and hindsight
    ("On the other hand why, knowing he is on call, did he go out drinking?", "BL030"),
    ("The official clicked the live alert when they should have clicked the drill.", "BL010"),
    ("Anyone with basic competence would have checked the replica lag first.", "BL011"),
    ("Who provided the wrong information?", "BL005"),
    ("Whoever approved this PR clearly didn't read it.", "BL004"),
    ("The release captain ignored two failed canaries and promoted the build anyway.", "BL004"),
    ("The team acknowledged the page within a minute — but missed that the API was serving an empty database.", "BL004"),
    ("He argues that the real blame should go to the CEO and other higher-ups.", "BL003"),
]

NOT_FLAGGED = [
    # the same shapes about systems, choices between actions, or normal facts
    "The deploy went to the primary instead of the replica.",
    "The on-call rolled back instead of failing over, as the runbook says.",
    "The job deleted too many rows.",
    "The team rushed to restore service.",
    "The failover was started by the on-call at 14:31.",
    "The outage was triggered by a valid customer configuration change.",
    "Latency was caused by users uploading large files.",
    "HBO Max sparked confusion on Thursday night with a test email.",
    "The threshold was set by the on-call last year.",
    # general statements, hypotheticals, arguments about blame
    "Humans make mistakes.",
    "If one person can make a mistake of this magnitude, the process is broken.",
    "They blame the individual rather than the process that allowed the mistake.",
    "Customers demanded repercussions against employees for making mistakes.",
    "The acknowledgement, and the gentle blaming of an intern, amplified the story.",
    "Facebook blamed an error during routine maintenance for the outage.",
    "The cause was a race condition in the scheduler.",
    "Kevin's decision to roll back restored service within minutes.",
    "The report now blames design flaws much more than operator error.",
    "Most operator errors are actually design errors.",
    "The contractors denied that any human error has been identified.",
    "You don't fire someone for the occasional and very human mistake like this.",
    "Almost every serious incident traces back to a system that allowed a normal human mistake to cause damage.",
    "The employee learned a lesson, one they won't forget any time soon.",
    "The engineer should not be fired for a mistake the tooling made easy.",
    "Sleeping through a page is not a sackable offence.",
    "It would be foolish to fire someone over this, unless there was clear negligence.",
    "Why does a dev have to muck around in production manually?",
    "The alert should have fired at 80% disk usage, but its threshold was set to 98%.",
    "That in itself shouldn't have caused a major outage.",
    "When people fear blame, the real causes stay buried.",
    "Operations should have safeguards so that a human does not accidentally delete a site.",
    "The warning was described as someone hitting the wrong button.",
    "It's never a single person who caused a failure.",
    "The intern was new to the project and lacked clear instructions on how to upload the code.",
    "I just wanted to put that out there for everyone who has pushed a button that caused an outage.",
    "Many of those reports include improper accusations of wrongdoing and blaming individuals.",
    "Responsibility for the follow-up goes to the platform team.",
    "Who was on call when the alert fired, and what did the dashboard show?",
]


@pytest.mark.parametrize(("text", "code"), FLAGGED)
def test_the_pattern_is_flagged_by_its_rule(text: str, code: str) -> None:
    assert code in codes(text), text


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_the_near_miss_is_not_flagged(text: str) -> None:
    assert codes(text) == set(), text


def test_reported_speech_is_checked_and_reported_as_information() -> None:
    text = '"It was a mistake on his part and he feels terrible about it," the administrator said.'
    [f] = check(text)
    assert f.code == "BL003" and f.severity == "info" and not f.blocking
    assert f.message.startswith("In quoted speech:")


def test_a_quoted_sentence_that_opens_the_paragraph_is_speech() -> None:
    [f] = check('"We should have anticipated it, given the conditions," Rockwell says.')
    assert f.code == "BL010" and f.severity == "info"


def test_quoted_terms_fragments_and_examples_stay_out_of_the_check() -> None:
    for text in ('The ticket said "Sam broke prod" in the title.',
                 "The customer wrote “the on-call ignored the page” in the survey.",
                 'Prefer "What signals guided that choice?" over "Why did you do that?"',
                 'Counterfactual thinking (i.e., "I/We should have done…") is not productive.',
                 'The outage was blamed on "human error" by the press.'):
        assert check(text) == [], text


def test_narration_around_reported_speech_keeps_its_own_severity() -> None:
    text = 'Bob broke the build, and "I forgot to run the migration script," he said.'
    found = {(f.code, f.severity) for f in check(text)}
    assert ("BL001", "error") in found and ("BL004", "info") in found
