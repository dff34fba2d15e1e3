from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": "not found"}, status=404)
    # An address that matches no URL pattern carries the resolver's list of every pattern it tried: never show it.
    message = "" if exception is None or isinstance(exception, Resolver404) else str(exception)
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": "internal error; the details are in the server log"}, status=500)
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
