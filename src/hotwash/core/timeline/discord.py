"""Discord: DiscordChatExporter JSON (``guild``, ``channel``, ``messages[]`` with ISO
``timestamp`` in the exporter's local offset and variable fractional digits; snowflake ids as
strings; system messages, replies, forwards, stickers), raw Discord API message lists
(``channel_id``, ``author.username``, ``<@id>`` mentions resolved from ``mentions``) and the
``messages.json`` of a Discord data package (``Timestamp``, ``Contents``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "discord"
_API = re.compile(rb'"channel_id"\s*:\s*"\d+"')
_PACKAGE = re.compile(rb'"Contents"\s*:')
_SYSTEM = {"RecipientAdd": "added a member", "RecipientRemove": "removed a member", "Call": "started a call",
           "ChannelNameChange": "renamed the channel", "ChannelIconChange": "changed the channel icon",
           "ChannelPinnedMessage": "pinned a message", "GuildMemberJoin": "joined the server",
           "ThreadCreated": "started a thread", 1: "added a member", 2: "removed a member", 3: "started a call",
           4: "renamed the channel", 6: "pinned a message", 7: "joined the server", 18: "started a thread"}
_MENTION = re.compile(r"<(@!?|@&|#)([\w-]+)>")


def detect(head: bytes) -> bool:
    if b'"guild"' in head and b'"channel"' in head and (b'"messages"' in head or b'"exportedAt"' in head):
        return True
    if head.lstrip().startswith(b"[") and _API.search(head) and b'"author"' in head and b'"timestamp"' in head:
        return True
    return head.lstrip().startswith(b"[") and bool(_PACKAGE.search(head)) and b'"Timestamp"' in head


def _name(user: dict[str, Any]) -> str:
    return text_of(user.get("nickname") or user.get("global_name") or user.get("name") or user.get("username"))


def _content(message: dict[str, Any], people: dict[str, str]) -> str:
    """The text with mentions named, plus attachments, embeds, stickers and forwarded text."""
    names = {**people, **{text_of(m.get("id")): _name(m) for m in as_list(message.get("mentions"))
                          if isinstance(m, dict)}}
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(2), m.group(2)) if m.group(1).startswith("@")
                        else "#" + m.group(2), text_of(message.get("content")))
    snapshots = as_list(message.get("message_snapshots"))
    forwarded = dig(message, "forwardedMessage", "content") or (dig(snapshots[0], "message", "content")
                                                                if snapshots else "")
    if isinstance(forwarded, str) and forwarded:
        text += f" [forwarded: {forwarded}]"
    files = [text_of(a.get("fileName") or a.get("filename") or a.get("url")).replace("\\", "/").rsplit("/", 1)[-1]
             for a in as_list(message.get("attachments")) if isinstance(a, dict)]
    if files:
        text += " [shared file: " + ", ".join(f for f in files if f) + "]"
    for embed in as_list(message.get("embeds")):
        title = text_of(dig(embed, "title") or dig(embed, "description"))
        if title:
            text += f" [{title}]"
    stickers = [text_of(s.get("name")) for s in as_list(message.get("stickers") or message.get("sticker_items"))
                if isinstance(s, dict)]
    if stickers and not text.strip():
        text = "[sticker: " + ", ".join(stickers) + "]"
    return text.strip()


def _message(message: dict[str, Any], ctx: Context, where: str, channel_id: str, extra: dict[str, object],
             people: dict[str, str]) -> Entry | None:
    ctx.report.read += 1
    author = obj(message.get("author"))
    actor = _name(author)
    text = _content(message, people)
    mtype = message.get("type")
    kind_name = text_of(mtype) if mtype not in (None, "") else "Default"
    if not text:
        text = _SYSTEM.get(mtype, f"({kind_name})") if isinstance(mtype, str | int) else "(empty message)"
    extra = {**extra, "type": kind_name}
    edited = message.get("timestampEdited") or message.get("edited_timestamp")
    if edited:
        extra["edited_at"] = edited
    ref = message.get("reference") or message.get("message_reference")
    if isinstance(ref, dict) and (ref.get("messageId") or ref.get("message_id")):
        extra["reply_to"] = text_of(ref.get("messageId") or ref.get("message_id"))
        if text_of(ref.get("type")) != "Forward":
            extra["reply"] = True
    if author.get("isBot") or author.get("bot"):
        extra["bot"] = True
    channel_id = channel_id or text_of(message.get("channel_id"))
    return ctx.entry(message.get("timestamp"), where, text, f"{channel_id}:{message.get('id')}", EntryKind.CHAT,
                     actor=actor, extra=extra)


def _package(item: dict[str, Any], ctx: Context, where: str, channel: str) -> Entry | None:
    ctx.report.read += 1
    text = text_of(item.get("Contents"))
    files = text_of(item.get("Attachments"))
    if files:
        text += f" [shared file: {files}]"
    return ctx.entry(item.get("Timestamp"), where, text or "(empty message)", f"{channel}:{item.get('ID')}",
                     EntryKind.CHAT, extra={"channel": channel})


def _people(messages: list[Any]) -> dict[str, str]:
    """Authors of the export by id, for ``<@id>`` mentions that carry no ``mentions`` entry."""
    return {text_of(dig(m, "author", "id")): _name(obj(m.get("author"))) for m in messages
            if isinstance(m, dict) and isinstance(m.get("author"), dict)}


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if isinstance(doc, list):  # a Discord API message list, or a data package's messages.json
        channel = re.sub(r"\.json$", "", name.replace("\\", "/").rsplit("/", 2)[-2] if "/" in name else "")
        people = _people(doc)
        for number, message in enumerate(doc, 1):
            where = f"message {number}"
            if not isinstance(message, dict):
                ctx.skip(where, "not an object")
                continue
            entry = (_package(message, ctx, where, channel) if "Contents" in message
                     else _message(message, ctx, where, "", {"channel": text_of(message.get("channel_id"))},
                                   people))
            if entry:
                yield entry
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        raise ctx.fail("", "not a DiscordChatExporter JSON export (no 'messages')")
    channel = text_of(dig(doc, "channel", "name"))
    guild = text_of(dig(doc, "guild", "name"))
    channel_id = text_of(dig(doc, "channel", "id"))
    people = _people(doc["messages"])
    for number, message in enumerate(doc["messages"], 1):
        where = f"message {number}"
        if not isinstance(message, dict):
            ctx.skip(where, "not an object")
            continue
        entry = _message(message, ctx, where, channel_id, {"channel": channel, "guild": guild}, people)
        if entry:
            yield entry
