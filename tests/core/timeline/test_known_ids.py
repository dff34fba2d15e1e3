"""De-duplication against a stored timeline: ids in the form an earlier version gave count as the
current id of the same thing (GitHub pushes: ``push:<after sha>`` → ``push:<repo>:<ref>:<b12>..<a12>``)."""

from __future__ import annotations

from hotwash.core.timeline.merge import KnownIds

AFTER = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
BEFORE = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
NEW = f"push:Codertocat/Hello-World:refs/heads/main:{BEFORE[:12]}..{AFTER[:12]}"


def test_a_push_stored_with_the_old_id_is_known_under_the_new_one() -> None:
    known = KnownIds([("github", f"push:{AFTER}"), ("csv", "row-1")])
    assert ("github", NEW) in known
    assert ("csv", "row-1") in known and ("github", f"push:{AFTER}") in known
    assert ("github", NEW.replace(AFTER[:12], "f" * 12)) not in known
    assert ("pagerduty", NEW) not in known  # only GitHub's ids had the earlier form


def test_new_ids_stay_exact() -> None:
    known = KnownIds([("github", NEW)])
    other_branch = f"push:Codertocat/Hello-World:refs/heads/release:{BEFORE[:12]}..{AFTER[:12]}"
    assert ("github", NEW) in known and ("github", other_branch) not in known
    known.add(("github", "push:" + "0" * 40))  # a deleted branch in the old form: no commit to match on
    deleted = f"push:Codertocat/Hello-World:refs/heads/gone:{BEFORE[:12]}..{'0' * 12}"
    assert ("github", deleted) not in known


def test_a_kubernetes_event_stored_with_its_count_is_known_as_first_and_last() -> None:
    # events were ``<uid>:<count>`` (one entry at the last occurrence) before ``<uid>:first`` / ``<uid>:last``
    known = KnownIds([("kubernetes", "0f3c-uid:3"), ("kubernetes", "table:9a8b7c6d5e4f3a2b:12")])
    assert ("kubernetes", "0f3c-uid:first") in known and ("kubernetes", "0f3c-uid:last") in known
    assert ("kubernetes", "table:9a8b7c6d5e4f3a2b:first") in known
    assert ("kubernetes", "other-uid:first") not in known
    assert ("kubernetes", "0f3c-uid:4") not in known  # old ids among themselves stay exact
    assert ("csv", "0f3c-uid:first") not in KnownIds([("csv", "0f3c-uid:3")])  # only Kubernetes had that form
    assert ("kubernetes", "0f3c-uid:first") not in KnownIds([("kubernetes", "0f3c-uid:last")])
