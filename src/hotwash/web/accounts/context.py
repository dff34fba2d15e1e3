from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from hotwash import __version__


def hotwash_context(request: HttpRequest) -> dict[str, object]:
    return {"hotwash_version": __version__, "viewer_tz": timezone.get_current_timezone_name()}
