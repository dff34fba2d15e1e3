"""Slack workspace exports (a zip or an unpacked folder: ``users.json``, ``channels.json`` and
one folder per channel of ``YYYY-MM-DD.json`` day files), single day files, slackdump API
dumps (``{channel_id, messages}``) and single message events.

``ts`` stays a string (it is the message key; a float loses its last digit). Names come from
``users.json`` (or the message's ``user_profile``); mention, channel and link markup is
rendered readable. Thread replies keep ``thread_ts``; ``thread_broadcast`` copies and
re-exported messages collapse on channel+ts; deleted thread parents (tombstones) and
deletion events are skipped; ``message_changed`` events update the original message.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "slack"
_DAY_FILE = re.compile(r"(?:^|/)([^/]+)/(\d{4}-\d\d-\d\d)\.json$")
_MARKUP = re.compile(r"<([^<>]+)>")
_SKIP_SUBTYPES = {"message_deleted", "tombstone"}


def detect(head: bytes) -> bool:
    if head.startswith(b"PK\x03\x04"):
        return b"users.json" in head or b"channels.json" in head or re.search(rb"/\d{4}-\d\d-\d\d\.json", head) is not None
    return bool(re.search(rb'"ts"\s*:\s*"\d{9,10}\.\d{6}"', head)) and (
        b'"type": "message"' in head or b'"type":"message"' in head or b'"user"' in head or b'"text"' in head)


class Names:
    """User and channel ids → readable names."""

    def __init__(self) -> None:
        self.users: dict[str, str] = {}
        self.channels: dict[str, str] = {}  # id → name
        self.channel_ids: dict[str, str] = {}  # name → id
        self.dm_members: dict[str, list[str]] = {}
        self.bots: dict[str, str] = {}  # bot id → name, from "added an integration: <…|github>"

    def add_users(self, users: Iterable[Any]) -> None:
        for user in users:
            if isinstance(user, dict) and user.get("id"):
                profile = obj(user.get("profile"))
                self.users[user["id"]] = (text_of(user.get("real_name")) or text_of(profile.get("real_name"))
                                          or text_of(profile.get("display_name")) or text_of(user.get("name"))
                                          or user["id"])

    def add_channels(self, channels: Iterable[Any]) -> None:
        for channel in channels:
            if isinstance(channel, dict) and channel.get("id"):
                name = text_of(channel.get("name")) or channel["id"]
                self.channels[channel["id"]] = name
                self.channel_ids[name] = channel["id"]

    def name_dms(self, dms: Iterable[Any]) -> None:
        """Direct messages (``dms.json``) have members, not names: ``dm: Alice Ng, Bob Ruiz``."""
        for dm in dms:
            if isinstance(dm, dict) and dm.get("id") and not dm.get("name"):
                self.dm_members[dm["id"]] = [text_of(m) for m in as_list(dm.get("members"))]

    def channel(self, channel_id: str) -> str:
        members = self.dm_members.get(channel_id)
        if members:
            return "dm: " + ", ".join(self.users.get(m, m) for m in members)
        return self.channels.get(channel_id, "")

    def learn(self, message: dict[str, Any]) -> None:
        """Newer exports put the author's profile on each message: a name when users.json is missing."""
        user = text_of(message.get("user"))
        if user and user not in self.users:
            profile = obj(message.get("user_profile"))
            name = text_of(profile.get("real_name") or profile.get("display_name") or profile.get("name"))
            if name:
                self.users[user] = name

    def render(self, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            inner = m.group(1)
            target, _, label = inner.partition("|")
            if target.startswith("@"):
                return "@" + (label or self.users.get(target[1:], target[1:]))
            if target.startswith("#"):
                return "#" + (label or self.channels.get(target[1:], target[1:]))
            if target.startswith("!"):
                word = target[1:].split("^")[0]
                if word == "subteam":
                    return label or "@team"
                if word == "date":
                    return label or inner
                return label or f"@{word}"
            address = target.removeprefix("mailto:").removeprefix("tel:")
            if label and label not in (target, address):
                return f"{label} ({address})"
            return address
        return html.unescape(_MARKUP.sub(one, text))


def _attachment_text(message: dict[str, Any], blocks: bool) -> str:
    """Attachments' text; Block Kit blocks only when asked (they repeat ``text`` when it is set)."""
    parts = []
    for att in as_list(message.get("attachments")):
        if isinstance(att, dict):
            piece = text_of(att.get("pretext") or att.get("title") or att.get("fallback"))
            body = text_of(att.get("text"))
            if body and body not in piece:
                piece = f"{piece} {body}".strip()
            fields = [f"{text_of(f.get('title'))}: {text_of(f.get('value'))}" for f in as_list(att.get("fields"))
                      if isinstance(f, dict) and f.get("value")]
            if fields:
                piece = f"{piece} ({'; '.join(fields)})".strip()
            if not piece:  # newer attachments carry Block Kit blocks only
                piece = " | ".join(_blocks_text(as_list(att.get("blocks"))))
            if piece:
                parts.append(piece)
    if not parts and blocks:
        parts = _blocks_text(as_list(message.get("blocks")))
    return " | ".join(parts)


def _blocks_text(blocks: list[Any]) -> list[str]:
    parts = []
    for block in blocks:
        text = dig(block, "text", "text") if isinstance(dig(block, "text"), dict) else None
        fields = _rich_text(as_list(dig(block, "fields")))
        if text:
            parts.append(text_of(text) + (f" ({' '.join(fields.split())})" if fields else ""))
        elif dig(block, "type") in ("rich_text", "context", "section"):
            rich = _rich_text(as_list(dig(block, "elements")) + as_list(dig(block, "fields")))
            if rich:
                parts.append(rich)
    return parts


def _rich_text(elements: list[Any]) -> str:
    """Block Kit rich text as Slack markup (``<@U1>``, ``<url|label>``) for ``Names.render``."""
    out = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind == "text" or kind in ("mrkdwn", "plain_text"):
            out.append(text_of(element.get("text")))
        elif kind == "user":
            out.append(f"<@{text_of(element.get('user_id'))}>")
        elif kind == "channel":
            out.append(f"<#{text_of(element.get('channel_id'))}>")
        elif kind == "usergroup":
            out.append(f"<!subteam^{text_of(element.get('usergroup_id'))}>")
        elif kind == "broadcast":
            out.append(f"<!{text_of(element.get('range'))}>")
        elif kind == "link":
            url = text_of(element.get("url"))
            label = text_of(element.get("text"))
            out.append(f"<{url}|{label}>" if label else f"<{url}>")
        elif kind == "emoji":
            out.append(f":{text_of(element.get('name'))}:")
        elif isinstance(element.get("elements"), list):
            inner = _rich_text(element["elements"])
            out.append(inner + ("\n" if kind in ("rich_text_section", "rich_text_preformatted",
                                                  "rich_text_quote") else " "))
    return "".join(out).strip()


def _files(message: dict[str, Any]) -> list[str]:
    files = list(as_list(message.get("files")))
    if isinstance(message.get("file"), dict):
        files.append(message["file"])
    names = [text_of(f.get("title") or f.get("name")) for f in files if isinstance(f, dict)]
    return [n for n in names if n] or (["(file removed)"] if files else [])


class _Reader:
    def __init__(self, ctx: Context, names: Names) -> None:
        self.ctx = ctx
        self.names = names
        self.seen: set[str] = set()

    def actor(self, message: dict[str, Any]) -> str:
        # a file_comment (2016-era exports) names its author only in ``comment.user``
        user = text_of(message.get("user")) or text_of(dig(message, "comment", "user"))
        if user and user in self.names.users:
            return self.names.users[user]
        profile = obj(message.get("user_profile"))
        name = text_of(profile.get("real_name") or profile.get("display_name"))
        if name:
            return name
        bot = text_of(message.get("bot_id"))
        return (text_of(message.get("username")) or text_of(dig(message, "bot_profile", "name"))
                or user or self.names.bots.get(bot, bot))

    def messages(self, messages: Iterable[Any], channel: str, where: str) -> Iterator[Entry]:
        channel_id = self.names.channel_ids.get(channel, channel)
        for number, message in enumerate(messages, 1):
            at = f"{where} message {number}"
            if not isinstance(message, dict):
                self.ctx.skip(at, "not a message object")
                continue
            entry = self.message(message, channel_id, channel, at)
            if entry is not None:
                yield entry

    def message(self, message: dict[str, Any], channel_id: str, channel: str, at: str) -> Entry | None:
        self.ctx.report.read += 1
        subtype = text_of(message.get("subtype"))
        edited_at = ""
        if subtype == "message_changed" and isinstance(message.get("message"), dict):
            edited_at = text_of(message.get("ts"))
            message = {**message["message"], "edited": message["message"].get("edited") or {"ts": edited_at}}
            subtype = text_of(message.get("subtype"))
        elif subtype == "message_replied" and isinstance(message.get("message"), dict):
            message = message["message"]  # an event about a thread parent: the parent itself
            subtype = text_of(message.get("subtype"))
        if subtype in _SKIP_SUBTYPES:
            self.ctx.skip(at, f"deleted message ({subtype})")
            return None
        ts = text_of(message.get("ts"))
        if not ts:
            self.ctx.skip(at, "message without ts")
            return None
        channel_id = text_of(message.get("channel")) or channel_id
        channel = (self.names.channel(channel_id) or channel or text_of(message.get("channel_name"))
                   or channel_id)
        key = f"{channel_id}:{ts}"
        if key in self.seen and not edited_at:
            self.ctx.report.note("duplicate messages (thread broadcasts or repeated exports) were merged")
            return None
        self.seen.add(key)
        text = self.names.render(text_of(message.get("text")))
        attached = self.names.render(_attachment_text(message, blocks=not text.strip()))
        if attached and attached not in text:
            text = f"{text} {attached}".strip()
        files = _files(message)
        if files:
            text = (text + " " if text else "") + "[shared file: " + ", ".join(files) + "]"
        if subtype in ("bot_add", "bot_enable") and message.get("bot_id"):
            label = re.search(r"\|([^<>|]+)>", text_of(message.get("text")))
            if label:
                self.names.bots[text_of(message["bot_id"])] = label.group(1)
        actor = self.actor(message)
        if subtype == "me_message":
            text = f"_{actor} {text}_"
        thread_ts = text_of(message.get("thread_ts"))
        edited = obj(message.get("edited"))
        extra: dict[str, object] = {"channel": channel, "ts": ts}
        if subtype:
            extra["subtype"] = subtype
        if thread_ts:
            extra["thread_ts"] = thread_ts
            if thread_ts != ts:
                extra["reply"] = True
        if edited:
            extra["edited_at"] = text_of(edited.get("ts"))
        if subtype == "bot_message" or message.get("bot_id"):
            extra["bot"] = True
        return self.ctx.entry(ts, at, text or f"({subtype or 'empty message'})", key, EntryKind.CHAT,
                              actor=actor, extra=extra)


def _load(raw: bytes, ctx: Context, where: str) -> Any:
    return load_json(io.BytesIO(raw), Context(where, ctx.tz, ctx.report, NAME))


def _junk(path: str) -> bool:
    """macOS resource forks and hidden files that zipping a folder on a Mac adds."""
    return any(part == "__MACOSX" or part.startswith(".") for part in path.split("/"))


def _read_tree(files: dict[str, bytes] | None, listing: list[str], get: Any, ctx: Context,
               channels: set[str] | None) -> Iterator[Entry]:
    names = Names()
    listing = [p for p in listing if not _junk(p)]
    days = sorted((m.group(1), m.group(2), p) for p in listing if (m := _DAY_FILE.search(p)))
    if not days:
        raise ctx.fail("", "no channel day files (channel/YYYY-MM-DD.json) in this Slack export")
    # users.json & co. sit next to the channel folders (an export zipped with its folder, or
    # several exports in one zip: the folder of the first day file)
    root = days[0][2].rsplit("/", 2)[0] + "/" if days[0][2].count("/") >= 2 else ""
    top = {p[len(root):]: p for p in listing if p.startswith(root) and p.endswith(".json")
           and "/" not in p[len(root):]}
    for key in ("users.json", "org_users.json"):
        if key in top:
            names.add_users(as_list(_load(get(top[key]), ctx, f"{ctx.name}/{key}")))
    for key in ("channels.json", "groups.json", "mpims.json", "dms.json"):
        if key in top:
            names.add_channels(as_list(_load(get(top[key]), ctx, f"{ctx.name}/{key}")))
    if "dms.json" in top:
        names.name_dms(as_list(_load(get(top["dms.json"]), ctx, f"{ctx.name}/dms.json")))
    reader = _Reader(ctx, names)
    wanted = {c.lstrip("#") for c in channels} if channels else None
    chosen = [(channel, path) for channel, _day, path in days
              if wanted is None or channel in wanted or names.channel_ids.get(channel) in wanted]
    if wanted is not None and not chosen:
        known = sorted({channel for channel, _day, _path in days})
        raise ctx.fail("", f"no channel named {', '.join(sorted(wanted))} in this export "
                           f"(it has: {', '.join(known[:20])})")
    cached: dict[str, Any] = {}
    if "users.json" not in top:  # names from the messages' own profiles, before any is rendered
        for _channel, path in chosen:
            cached[path] = _load(get(path), ctx, f"{ctx.name}/{path}")
            for message in as_list(cached[path]):
                if isinstance(message, dict):
                    names.learn(message)
    for channel, path in chosen:
        doc = cached.pop(path) if path in cached else _load(get(path), ctx, f"{ctx.name}/{path}")
        yield from reader.messages(as_list(doc), channel, path)


def read_path(path: str | Path, *, tz: tzinfo | None = None, name: str = "", report: ReadReport | None = None,
              channels: set[str] | None = None) -> Iterator[Entry]:
    """A Slack export as a folder or zip file; ``channels`` limits it to some channel names or ids."""
    path = Path(path)
    ctx = Context(name or path.name, tz, report, NAME)
    if path.is_dir():
        listing = [p.relative_to(path).as_posix() for p in path.rglob("*.json")]
        yield from _read_tree(None, listing, lambda p: (path / p).read_bytes(), ctx, channels)
        return
    with path.open("rb") as stream:
        yield from read(stream, tz=tz, name=name or path.name, report=ctx.report, channels=channels)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "", report: ReadReport | None = None,
         channels: set[str] | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    head = stream.read(4)
    stream.seek(0)
    if head == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(stream)
            listing = [i.filename for i in archive.infolist() if not i.is_dir()]
            yield from _read_tree(None, listing, archive.read, ctx, channels)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ctx.fail("", f"not a readable zip file ({exc})") from exc
        return
    doc = load_json(stream, ctx)
    reader = _Reader(ctx, Names())
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
        channel = text_of(doc.get("name")) or text_of(doc.get("channel_id"))
        reader.names.channel_ids[channel] = text_of(doc.get("channel_id")) or channel
        flat: list[Any] = []
        for message in doc["messages"]:
            flat.append(message)
            flat.extend(as_list(dig(message, "slackdump_thread_replies")))
        yield from reader.messages(flat, channel, "")
    elif isinstance(doc, dict) and doc.get("ts"):
        yield from reader.messages([doc], text_of(doc.get("channel")), "")
    elif isinstance(doc, list):
        channel = Path(name).parent.name if "/" in name else ""
        yield from reader.messages(doc, channel, "")
    else:
        raise ctx.fail("", "not a Slack export, day file or message")


__all__ = ["NAME", "Names", "detect", "read", "read_path"]
