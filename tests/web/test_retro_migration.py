"""The data migration: each retrospective's own RetroAction row becomes a shared ActionItem (and back)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0003_retrospective_items"), ("reviews", "0001_initial")]
AFTER = [("actions", "0004_retro_actions_copied"), ("reviews", "0002_retro_actions_moved")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_retro_actions_become_shared_action_items_and_the_old_table_goes():
    old = _migrate(BEFORE)
    try:
        User = old.get_model("auth", "User")
        Retrospective = old.get_model("reviews", "Retrospective")
        RetroAction = old.get_model("reviews", "RetroAction")
        marco = User.objects.create(username="marco", first_name="Marco", last_name="Silva")
        User.objects.create(username="ana", first_name="Ana", last_name="Lee")
        User.objects.create(username="ana2", first_name="Ana", last_name="Lee")
        retro = Retrospective.objects.create(team="Payments", held_on=date(2026, 3, 1))
        done_at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        RetroAction.objects.create(retrospective=retro, action="Release-notes template", owner="Marco Silva",
                                   due_date=date(2026, 3, 15), success_metric="Every release has notes",
                                   done=True, completed_at=done_at)
        RetroAction.objects.create(retrospective=retro, action="Move the batch job", owner="Ana Lee")
        RetroAction.objects.create(retrospective=retro, action="Rotate the facilitator", owner="MARCO")

        new = _migrate(AFTER)
        ActionItem = new.get_model("actions", "ActionItem")
        rows = {a.action: a for a in ActionItem.objects.all()}
        assert set(rows) == {"Release-notes template", "Move the batch job", "Rotate the facilitator"}
        notes = rows["Release-notes template"]
        assert (notes.retrospective_id, notes.postmortem_id) == (retro.pk, None)
        assert (notes.status, notes.completed_at, notes.due_date) == ("done", done_at, date(2026, 3, 15))
        assert (notes.owner, notes.owner_user_id, notes.success_metric) == ("Marco Silva", marco.pk,
                                                                           "Every release has notes")
        assert (notes.priority, notes.impact, notes.effort, notes.version) == ("p2", 2, 2, 1)
        batch = rows["Move the batch job"]
        assert (batch.status, batch.completed_at, batch.due_date) == ("open", None, None)
        assert batch.owner_user_id is None  # two users are called Ana Lee: nobody is guessed
        assert rows["Rotate the facilitator"].owner_user_id == marco.pk  # the username, any case
        assert "reviews_retroaction" not in connection.introspection.table_names()

        back = _migrate(BEFORE)  # and back: the rows return to RetroAction
        restored = {a.action: a for a in back.get_model("reviews", "RetroAction").objects.all()}
        assert restored["Release-notes template"].done and not restored["Move the batch job"].done
        assert not back.get_model("actions", "ActionItem").objects.exists()
    finally:  # back to the latest schema (not just AFTER): later migrations' columns are needed by later tests
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
