"""The one signal of the library: a team changed anywhere (the profile page, the Django admin, a shell)
reindexes the incidents of that person, whose team is a search filter.

Everything else keeps the index current explicitly through the services (see services.py). A bulk
``Profile.objects.update(team=...)`` sends no signal: run ``hotwash library reindex`` after one.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from hotwash.web.accounts.models import Profile


@receiver(post_init, sender=Profile)
def _remember_team(sender: Any, instance: Profile, **kwargs: Any) -> None:
    instance._library_team = instance.team  # type: ignore[attr-defined]


@receiver(post_save, sender=Profile)
def _team_saved(sender: Any, instance: Profile, created: bool, raw: bool = False, **kwargs: Any) -> None:
    before = "" if created else getattr(instance, "_library_team", None)
    instance._library_team = instance.team  # type: ignore[attr-defined]
    if raw or instance.team == before:
        return
    from hotwash.web.library.services import library_team_changed

    library_team_changed(user=instance.user_id)


@receiver(post_delete, sender=Profile)
def _team_deleted(sender: Any, instance: Profile, **kwargs: Any) -> None:
    if instance.team:
        from hotwash.web.library.services import library_team_changed

        library_team_changed(user=instance.user_id)
