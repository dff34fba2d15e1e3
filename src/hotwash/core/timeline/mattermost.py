"""Mattermost bulk export (JSON lines: ``version``, ``team``, ``channel``, ``user``, ``post``,
``direct_post`` …). Posts carry ``create_at`` in epoch ms, users by username, replies nested
(not in order). Streams line by line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, text_of

NAME = "mattermost"


def detect(head: bytes) -> bool:
    first = head.lstrip()[:200]
    return first.startswith(b'{"type":"version"') or first.startswith(b'{"type": "version"') or (
        b'"type":"post"' in head or b'"type": "post"' in head or b'"direct_post"' in head) and b'"create_at"' in head


def _post(post: dict[str, Any], ctx: Context, where: str, channel: str, parent: str = "") -> Iterator[Entry]:
    ctx.report.read += 1
    user = text_of(post.get("user"))
    created = post.get("create_at")
    ident = f"{channel}:{user}:{created}"
    extra: dict[str, object] = {"channel": channel}
    if parent:
        extra["reply_to"] = parent
        extra["reply"] = True
    if post.get("edit_at"):
        extra["edited_at"] = post["edit_at"]
    files = [text_of(a.get("path")) for a in as_list(post.get("attachments")) if isinstance(a, dict)]
    text = text_of(post.get("message"))
    if files:
        text += " [shared file: " + ", ".join(files) + "]"
    entry = ctx.entry(created, where, text, ident, EntryKind.CHAT, actor=user, extra=extra)
    if entry:
        yield entry
    for number, reply in enumerate(as_list(post.get("replies")), 1):
        if isinstance(reply, dict):
            yield from _post(reply, ctx, f"{where} reply {number}", channel, ident)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            ctx.report.read += 1
            ctx.skip(where, f"invalid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            ctx.skip(where, "not an object")
            continue
        kind = record.get("type")
        if kind == "post" and isinstance(record.get("post"), dict):
            post = record["post"]
            channel = f"{text_of(post.get('team'))}/{text_of(post.get('channel'))}".strip("/")
            yield from _post(post, ctx, where, channel)
        elif kind == "direct_post" and isinstance(record.get("direct_post"), dict):
            post = record["direct_post"]
            members = [text_of(m) for m in as_list(post.get("channel_members"))]
            yield from _post(post, ctx, where, "dm:" + ",".join(sorted(members)))
        elif number == 1 and kind != "version" and kind is None:
            raise ctx.fail(where, "not a Mattermost bulk export (no 'type' field)")
