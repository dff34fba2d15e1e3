"""Copy each retrospective's own actions (reviews.RetroAction) into the shared ActionItem.

``done`` becomes status done (its ``completed_at`` kept), otherwise open; the owner text is kept and,
when it names exactly one active user (username, or first and last name), that user becomes the owner
account so reminders reach them. No due date is invented for an item that had none. Impact and effort
take the defaults (2, 2: priority P2) and the type is *process* (a team's own way of working). Reversible: going back copies retrospective items back into
RetroAction and removes them from ActionItem.
"""

from django.conf import settings
from django.db import migrations

DEFAULT_PRIORITY = "p2"  # hotwash.core.model.priority_from(2, 2), fixed here as migrations must not drift


def _owner_user(User, owner):  # type: ignore[no-untyped-def]
    text = (owner or "").strip()
    if not text:
        return None
    by_name = list(User.objects.filter(is_active=True, username__iexact=text)[:2])
    if len(by_name) == 1:
        return by_name[0]
    parts = text.split()
    if len(parts) >= 2:
        matches = list(User.objects.filter(is_active=True, first_name__iexact=" ".join(parts[:-1]),
                                           last_name__iexact=parts[-1])[:2])
        if len(matches) == 1:
            return matches[0]
    return None


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    RetroAction = apps.get_model("reviews", "RetroAction")
    ActionItem = apps.get_model("actions", "ActionItem")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for old in RetroAction.objects.order_by("id").iterator():
        ActionItem.objects.create(
            retrospective_id=old.retrospective_id, postmortem=None, action=old.action, owner=old.owner[:100],
            owner_user=_owner_user(User, old.owner), due_date=old.due_date, success_metric=old.success_metric,
            impact=2, effort=2, priority=DEFAULT_PRIORITY, type="process",
            status="done" if old.done else "open", completed_at=old.completed_at if old.done else None)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    RetroAction = apps.get_model("reviews", "RetroAction")
    ActionItem = apps.get_model("actions", "ActionItem")
    items = ActionItem.objects.filter(retrospective__isnull=False).order_by("id")
    for item in items.iterator():
        done = item.status == "done"
        RetroAction.objects.create(retrospective_id=item.retrospective_id, action=item.action, owner=item.owner,
                                   due_date=item.due_date, success_metric=item.success_metric, done=done,
                                   completed_at=item.completed_at if done else None)
    items.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0003_retrospective_items"),
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forward, backward)]
