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
