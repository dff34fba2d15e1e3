"""Writes for accounts: users, profiles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from hotwash.core.errors import NotFound, ValidationError
from hotwash.web.accounts.models import ApiToken, Profile
from hotwash.web.types import Actor

TOKEN_PREFIX = "hw_"


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def user_create(*, username: str, password: str, email: str = "", is_staff: bool = False,
                timezone_name: str = "UTC", first_name: str = "", last_name: str = "") -> Actor:
    username = username.strip()
    if not username:
        raise ValidationError("a username is required", field="username")
    if len(password) < 8:
        raise ValidationError("the password needs at least 8 characters", field="password")
    _check_zone(timezone_name)
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, email=email, is_staff=is_staff,
                is_superuser=is_staff, first_name=first_name, last_name=last_name,
            )
            Profile.objects.create(user=user, timezone=timezone_name)
    except IntegrityError as exc:
        raise ValidationError(f"a user named {username!r} already exists", field="username") from exc
    return user


def _check_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"unknown time zone {name!r} (use an IANA name like Europe/Berlin)",
                              field="timezone") from exc


def profile_update(*, user: Actor, timezone_name: str, team: str = "") -> Profile:
    _check_zone(timezone_name)
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.timezone = timezone_name
    profile.team = team.strip()[:100]
    profile.save()  # a changed team reindexes that person's incidents (hotwash.web.library.signals)
    return profile


def api_token_create(*, user: Actor, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns the stored token and the raw secret (shown once)."""
    name = name.strip() or "token"
    if len(name) > 100:
        raise ValidationError("at most 100 characters", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], digest=token_digest(raw))
    return token, raw


def api_token_revoke(*, user: Actor, token_id: int) -> None:
    updated = ApiToken.objects.filter(user=user, id=token_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if not updated:
        raise NotFound("no such active token", field="token")


def api_token_authenticate(*, raw: str) -> Actor | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(digest=token_digest(raw), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
