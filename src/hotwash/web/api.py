"""The JSON API at /api/v1 (django-ninja). Every error is JSON with a message and a 4xx status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from hotwash.core.errors import Conflict, HotwashError, NotFound, PermissionDenied, ValidationError
from hotwash.web.accounts.selectors import zone_of
from hotwash.web.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[no-untyped-def]
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
            # The zone middleware ran before the token was read: days ("overdue", "today") are the
            # token owner's, as on the pages (the middleware deactivates it after the response).
            timezone.activate(zone_of(user, default=timezone.get_current_timezone()))
        return user


api = NinjaAPI(title="hotwash API", version="1", urls_namespace="api",
               description="Incidents, postmortems, timelines, contributing factors and action items. "
                           "Authenticate with `Authorization: Bearer <token>` (create one under Settings or "
                           "with `hotwash token create USER`).",
               auth=[TokenAuth(), django_auth])


def _error(request: HttpRequest, status: int, message: str, **extra: object) -> HttpResponse:
    return api.create_response(request, {"error": message, **{k: v for k, v in extra.items() if v is not None}},
                               status=status)


@api.exception_handler(ValidationError)
def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, str(exc), field=exc.field)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return _error(request, 404, exc.message)


@api.exception_handler(Conflict)
def on_conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    current = exc.current if isinstance(exc.current, str | int | float | type(None)) else None
    return _error(request, 409, exc.message, field=exc.field, current_version=exc.current_version,
                  current=current)


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, exc.message)


@api.exception_handler(HotwashError)
def on_domain(request: HttpRequest, exc: HotwashError) -> HttpResponse:
    return _error(request, 400, str(exc), field=exc.field)


@api.exception_handler(NinjaValidationError)
def on_schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        problems.append({"field": ".".join(loc) or None, "message": err.get("msg", "invalid")})
    first = problems[0] if problems else {"field": None, "message": "invalid request"}
    label = f"{first['field']}: " if first["field"] else ""
    return _error(request, 422, f"{label}{first['message']}", field=first["field"], problems=problems)


@api.exception_handler(AuthenticationError)
def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "authentication required: send 'Authorization: Bearer <token>'")


@api.exception_handler(HttpError)
def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


def _register() -> None:
    from hotwash.web.actions.api import router as actions
    from hotwash.web.incidents.api import router as incidents
    from hotwash.web.postmortems.api import router as postmortems
    from hotwash.web.timeline.api import router as timeline

    api.add_router("/", incidents)
    api.add_router("/", postmortems)
    api.add_router("/", timeline)
    api.add_router("/", actions)

    from hotwash.web.followthrough.api import router as followthrough

    api.add_router("/", followthrough)

    from hotwash.web.lint_api import router as language

    api.add_router("/", language)

    from hotwash.web.library.api import router as library

    api.add_router("/", library)

    from hotwash.web.reviews.api import router as reviews

    api.add_router("/", reviews)


_register()
