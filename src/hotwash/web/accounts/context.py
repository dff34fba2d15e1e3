from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

import hotwash


def hotwash(request: HttpRequest) -> dict[str, object]:
    return {"hotwash_version": hotwash.__version__, "viewer_tz": timezone.get_current_timezone_name()}
