from __future__ import annotations

import zoneinfo
from datetime import tzinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone

from hotwash.web.accounts.models import ApiToken, Profile
from hotwash.web.types import Actor


def user_timezone(*, user: Actor) -> str:
    profile = Profile.objects.filter(user=user).only("timezone").first()
    return profile.timezone if profile else "UTC"


def zone_of(user: Actor | None, *, default: tzinfo | None = None) -> tzinfo:
    """The zone a user's days are counted in: their profile's, else ``default`` (the server's zone,
    ``HOTWASH_TIME_ZONE``). Reads ``user.profile``: select it with the user to save a query."""
    fallback = default or timezone.get_default_timezone()
    if user is None:
        return fallback
    try:
        name = user.profile.timezone  # type: ignore[union-attr]
    except ObjectDoesNotExist:
        return fallback
    try:
        return zoneinfo.ZoneInfo(name) if name else fallback
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return fallback


def api_token_list(*, user: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def user_list() -> QuerySet[AbstractUser]:
    return get_user_model().objects.filter(is_active=True).order_by("username")


def display_name(user: Actor | None) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username
