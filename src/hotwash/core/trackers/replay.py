"""Replay recorded HTTP exchanges, in PyGithub's ReplayData format, as a transport.

A recording is a text file of exchanges separated by a blank line; each exchange is ten lines:
scheme, method, host, port (``None``), path with query, request headers (a Python dict literal),
request body (``None`` or the JSON text), status, response headers (a list of 2-tuples), and the
response body on one line. The transport answers the requests in order and fails loudly
(:class:`ReplayMismatch`) when a request differs from the recording, so tests replay exactly what
a real tracker saw and said, without a network.
"""

from __future__ import annotations

import ast
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hotwash.core.trackers.http import HttpRequest, HttpResponse

_LINES = 10


class ReplayMismatch(AssertionError):
    """A request that is not the next recorded one."""


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    request_headers: Mapping[str, str]
    request_body: str | None
    status: int
    response_headers: Mapping[str, str]
    response_body: str


def parse_replay(text: str) -> list[Exchange]:
    """Exchanges of a PyGithub ReplayData recording."""
    lines = text.replace("\r\n", "\n").split("\n")
    exchanges: list[Exchange] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        chunk = lines[i:i + _LINES]
        if len(chunk) < _LINES:
            raise ValueError(f"line {i + 1}: an exchange has {_LINES} lines, found {len(chunk)}")
        scheme, method, host, port, path, req_headers, req_body, status, resp_headers, resp_body = chunk
        netloc = host if port.strip() in ("None", "") else f"{host}:{port.strip()}"
        headers = ast.literal_eval(req_headers)
        pairs = ast.literal_eval(resp_headers)
        if not isinstance(headers, dict) or not isinstance(pairs, list):
            raise ValueError(f"line {i + 6}: headers are a dict (request) and a list of pairs (response)")
        exchanges.append(Exchange(
            method.strip(), f"{scheme.strip()}://{netloc}{path}", {str(k): str(v) for k, v in headers.items()},
            None if req_body == "None" else req_body, int(status), {str(k): str(v) for k, v in pairs},
            resp_body))
        i += _LINES
    return exchanges


def _same_body(recorded: str | None, sent: bytes | None) -> bool:
    if recorded is None:
        return True  # not recorded: not checked
    if sent is None:
        return False
    try:
        return bool(json.loads(recorded) == json.loads(sent))
    except ValueError:
        return recorded.encode() == sent


@dataclass
class ReplayTransport:
    """A transport answering from recorded exchanges, in order. ``sent`` keeps the requests made."""

    exchanges: list[Exchange]
    sent: list[HttpRequest] = field(default_factory=list)

    @classmethod
    def from_file(cls, path: str | Path) -> ReplayTransport:
        return cls(parse_replay(Path(path).read_text(encoding="utf-8")))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        index = len(self.sent)
        self.sent.append(request)
        if index >= len(self.exchanges):
            raise ReplayMismatch(f"unexpected request {request.method} {request.url}: the recording has "
                                 f"{len(self.exchanges)} exchanges")
        exchange = self.exchanges[index]
        want = urllib.parse.urlsplit(exchange.url)
        got = urllib.parse.urlsplit(request.url)
        same_query = urllib.parse.parse_qs(want.query) == urllib.parse.parse_qs(got.query)
        if (exchange.method != request.method or (want.scheme, want.netloc, want.path)
                != (got.scheme, got.netloc, got.path) or not same_query):
            raise ReplayMismatch(f"exchange {index + 1}: expected {exchange.method} {exchange.url}, "
                                 f"got {request.method} {request.url}")
        if not _same_body(exchange.request_body, request.body):
            raise ReplayMismatch(f"exchange {index + 1}: the request body differs from the recording:\n"
                                 f"recorded {exchange.request_body}\nsent     {request.body!r}")
        return HttpResponse(exchange.status, dict(exchange.response_headers),
                            exchange.response_body.encode("utf-8"))

    @property
    def finished(self) -> bool:
        return len(self.sent) == len(self.exchanges)
