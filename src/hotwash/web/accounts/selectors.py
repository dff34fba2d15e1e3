from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import QuerySet

from hotwash.web.accounts.models import ApiToken, Profile
from hotwash.web.types import Actor


def user_timezone(*, user: Actor) -> str:
    profile = Profile.objects.filter(user=user).only("timezone").first()
    return profile.timezone if profile else "UTC"


def api_token_list(*, user: Actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def user_list() -> QuerySet[AbstractUser]:
    return get_user_model().objects.filter(is_active=True).order_by("username")


def display_name(user: Actor | None) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username
