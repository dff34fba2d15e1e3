"""A tiny HTTP layer for tracker clients: an injectable transport and one error mapping.

A transport is any callable ``(HttpRequest) -> HttpResponse``. It returns HTTP error statuses as
responses and raises ``OSError`` (``URLError``, ``TimeoutError``…) when the server cannot be reached.
:func:`urllib_transport` is the real one (stdlib only); tests pass a replaying transport
(:mod:`hotwash.core.trackers.replay`). :func:`call_json` turns every failure into a
:class:`~hotwash.core.errors.TrackerError` with a clear message and a ``retryable`` flag.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from hotwash.core.errors import TrackerError

USER_AGENT = "hotwash (+https://github.com/hotwash/hotwash)"
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


Transport = Callable[[HttpRequest], HttpResponse]


class UrllibTransport:
    """The real transport, with :mod:`urllib.request`; HTTP errors come back as responses.

    ``opener`` defaults to ``urllib.request.build_opener()`` (honours ``HTTPS_PROXY``); pass one with
    extra handlers (proxy, client certificates, or a fake handler in tests).
    """

    def __init__(self, opener: urllib.request.OpenerDirector | None = None) -> None:
        self.opener = opener

    def __call__(self, request: HttpRequest) -> HttpResponse:
        opener = self.opener or urllib.request.build_opener()
        req = urllib.request.Request(request.url, data=request.body, headers=dict(request.headers),
                                     method=request.method)
        try:
            with opener.open(req, timeout=request.timeout) as resp:  # scheme checked by check_base_url
                status = resp.status if resp.status is not None else 200
                return HttpResponse(status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as err:
            headers = dict(err.headers.items()) if err.headers is not None else {}
            return HttpResponse(err.code, headers, err.read() or b"")


urllib_transport: Transport = UrllibTransport()


def check_base_url(url: str, setting: str) -> str:
    """An ``http(s)://host[/path]`` base URL without a trailing slash, or a non-retryable error."""
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise TrackerError(f"{setting} must be an http(s) URL, not {url!r}", retryable=False)
    return url.strip().rstrip("/")


def _snippet(body: bytes, limit: int = 120) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\n", " ")
    return text[:limit] + ("…" if len(text) > limit else "")


def _retry_after(response: HttpResponse) -> int | None:
    value = response.header("Retry-After")
    if value and value.strip().isdigit():
        return int(value.strip())
    return None


ErrorText = Callable[[object], str]


def call_json(transport: Transport, request: HttpRequest, *, tracker: str,
              error_text: ErrorText, expect: tuple[int, ...] = (200, 201)) -> object:
    """Send ``request`` and return the decoded JSON body, or raise :class:`TrackerError`.

    ``error_text`` extracts the server's own explanation from a decoded error body.
    """
    host = urllib.parse.urlsplit(request.url).netloc
    try:
        response = transport(request)
    except TrackerError:
        raise
    except (OSError, ValueError) as err:  # URLError, TimeoutError, ConnectionError, ssl errors
        reason = getattr(err, "reason", None) or err
        raise TrackerError(f"{tracker} could not be reached at {host}: {reason}; it will be retried",
                           retryable=True, tracker=tracker) from err
    status = response.status
    if status in expect:
        if not response.body.strip():
            return {}
        try:
            return json.loads(response.body)
        except ValueError:
            raise TrackerError(
                f"{tracker} answered HTTP {status} with something that is not JSON "
                f"({response.header('Content-Type') or 'no content type'}): {_snippet(response.body)!r}; "
                "a proxy or login page may be in the way; it will be retried",
                retryable=True, status=status, tracker=tracker) from None
    detail = ""
    try:
        detail = error_text(json.loads(response.body)) if response.body.strip() else ""
    except ValueError:
        detail = _snippet(response.body)
    detail = f": {detail}" if detail else ""
    rate_limited = status == 429 or (status == 403 and (response.header("X-RateLimit-Remaining") == "0"
                                                         or response.header("Retry-After") is not None))
    if rate_limited:
        raise TrackerError(f"{tracker} rate limit reached (HTTP {status}){detail}; it will be retried later",
                           retryable=True, status=status, tracker=tracker, retry_after=_retry_after(response))
    if status in RETRYABLE_STATUSES or status >= 500:
        raise TrackerError(f"{tracker} had a server error (HTTP {status}){detail}; it will be retried",
                           retryable=True, status=status, tracker=tracker, retry_after=_retry_after(response))
    if status == 401:
        raise TrackerError(f"{tracker} refused the credentials (HTTP 401){detail}; check the user and token "
                           "in the integration settings", retryable=False, status=status, tracker=tracker)
    if status == 403:
        raise TrackerError(f"{tracker} denied access (HTTP 403){detail}; the token lacks a permission",
                           retryable=False, status=status, tracker=tracker)
    if status == 404:
        raise TrackerError(f"{tracker} has no such resource or the token cannot see it (HTTP 404){detail}",
                           retryable=False, status=status, tracker=tracker)
    raise TrackerError(f"{tracker} refused the request (HTTP {status}){detail}",
                       retryable=False, status=status, tracker=tracker)


def json_request(method: str, url: str, headers: Mapping[str, str], payload: object | None = None,
                 timeout: float = 10.0) -> HttpRequest:
    all_headers = {"User-Agent": USER_AGENT, **headers}
    body = None
    if payload is not None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    return HttpRequest(method, url, all_headers, body, timeout)
