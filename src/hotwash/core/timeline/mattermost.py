"""Mattermost: the bulk export (``mmctl export``: JSON lines ``version``, ``team``, ``channel``,
``user``, ``post``, ``direct_post`` …, alone or as the ``import.jsonl`` of the export zip) and
API responses (``GET /api/v4/channels/{id}/posts``: ``order`` + ``posts`` by id, or a list of
posts). Posts carry ``create_at`` in epoch ms; users are named by username (full names from the
export's ``user`` lines when present); replies are nested and not in order; bot posts may carry
their text in ``props.attachments``. The bulk export streams line by line.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "mattermost"
_API = re.compile(rb'"order"\s*:\s*\[')


def detect(head: bytes) -> bool:
    first = head.lstrip()[:200]
    if re.match(rb'\{\s*"type"\s*:\s*"version"', first):
        return True
    if re.search(rb'"type"\s*:\s*"(?:post|direct_post)"', head) and b'"create_at"' in head:
        return True
    return bool(_API.search(head)) and b'"posts"' in head and b'"create_at"' in head


class _Names:
    def __init__(self) -> None:
        self.users: dict[str, str] = {}

    def add(self, user: dict[str, Any]) -> None:
        username = text_of(user.get("username"))
        full = " ".join(p for p in (text_of(user.get("first_name")), text_of(user.get("last_name"))) if p)
        if username:
            self.users[username] = full or text_of(user.get("nickname")) or username

    def actor(self, post: dict[str, Any]) -> str:
        props = obj(post.get("props"))
        override = text_of(props.get("override_username"))
        if override:
            return override
        user = text_of(post.get("user") or post.get("user_id"))
        return self.users.get(user, user)


def _text(post: dict[str, Any]) -> str:
    text = text_of(post.get("message"))
    if not text.strip():  # integrations post Slack-style attachments
        parts = []
        for att in as_list(dig(post, "props", "attachments")):
            if isinstance(att, dict):
                piece = " ".join(p for p in (text_of(att.get("pretext")), text_of(att.get("title")),
                                             text_of(att.get("text") or att.get("fallback"))) if p)
                if piece:
                    parts.append(piece)
        text = " | ".join(parts)
    files = [text_of(a.get("path") or a.get("name")).replace("\\", "/").rsplit("/", 1)[-1]
             for a in as_list(post.get("attachments")) if isinstance(a, dict)]
    files += [text_of(f.get("name")) for f in as_list(dig(post, "metadata", "files")) if isinstance(f, dict)]
    files = [f for f in files if f]
    if files:
        text += (" " if text else "") + "[shared file: " + ", ".join(files) + "]"
    return text or f"({text_of(post.get('type')) or 'empty post'})"


def _post(post: dict[str, Any], ctx: Context, names: _Names, where: str, channel: str,
          parent: str = "", shown: str = "") -> Iterator[Entry]:
    ctx.report.read += 1
    user = text_of(post.get("user") or post.get("user_id"))
    created = post.get("create_at")
    ident = text_of(post.get("id")) or f"{channel}:{user}:{created}"
    extra: dict[str, object] = {"channel": shown or channel}
    root = parent or text_of(post.get("root_id"))
    if root:
        extra["reply_to"] = root
        extra["reply"] = True
    if post.get("edit_at"):
        extra["edited_at"] = post["edit_at"]
    kind_name = text_of(post.get("type"))
    if kind_name:
        extra["type"] = kind_name
    if dig(post, "props", "from_webhook") == "true" or dig(post, "props", "from_bot") == "true":
        extra["bot"] = True
    entry = ctx.entry(created, where, _text(post), ident, EntryKind.CHAT, actor=names.actor(post), extra=extra)
    if entry:
        yield entry
    for number, reply in enumerate(as_list(post.get("replies")), 1):
        if isinstance(reply, dict):
            yield from _post(reply, ctx, names, f"{where} reply {number}", channel, ident, shown)


def _lines(stream: IO[bytes], ctx: Context) -> Iterator[Entry]:
    names = _Names()
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
        if kind == "user" and isinstance(record.get("user"), dict):
            names.add(record["user"])
        elif kind == "post" and isinstance(record.get("post"), dict):
            post = record["post"]
            channel = f"{text_of(post.get('team'))}/{text_of(post.get('channel'))}".strip("/")
            yield from _post(post, ctx, names, where, channel)
        elif kind == "direct_post" and isinstance(record.get("direct_post"), dict):
            post = record["direct_post"]
            members = sorted(text_of(m) for m in as_list(post.get("channel_members")))
            shown = "dm: " + ", ".join(names.users.get(m, m) for m in members)
            yield from _post(post, ctx, names, where, "dm:" + ",".join(members), shown=shown)
        elif number == 1 and kind is None:
            raise ctx.fail(where, "not a Mattermost bulk export (no 'type' field)")


def _api(doc: Any, ctx: Context) -> Iterator[Entry]:
    names = _Names()
    if isinstance(doc, dict) and isinstance(doc.get("posts"), dict):
        order = [text_of(i) for i in as_list(doc.get("order"))]
        posts = doc["posts"]
        ids = [i for i in order if i in posts] + [i for i in posts if i not in set(order)]
        items = [posts[i] for i in ids]
    elif isinstance(doc, list):
        items = doc
    else:
        raise ctx.fail("", "not a Mattermost export or posts response")
    for number, post in enumerate(items, 1):
        if isinstance(post, dict) and "create_at" in post:
            if post.get("delete_at"):
                ctx.report.read += 1
                ctx.skip(f"post {number}", "deleted post")
                continue
            yield from _post(post, ctx, names, f"post {number}", text_of(post.get("channel_id")))
        else:
            ctx.skip(f"post {number}", "not a post")


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):  # the export zip: import.jsonl (+ data/ attachments)
        try:
            archive = zipfile.ZipFile(stream)
            member = next((n for n in archive.namelist() if n.endswith(".jsonl") and "__MACOSX" not in n), None)
            if member is None:
                raise ctx.fail("", "no .jsonl file in this Mattermost export zip")
            with archive.open(member) as inner:
                yield from _lines(inner, Context(f"{ctx.name}/{member}", tz, ctx.report, NAME))
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ctx.fail("", f"not a readable zip file ({exc})") from exc
        return
    if _API.search(head) or head.lstrip().startswith(b"["):
        yield from _api(load_json(stream, ctx), ctx)
        return
    yield from _lines(stream, ctx)
