"""Discord channel exports made by DiscordChatExporter (JSON): ``guild``, ``channel`` and
``messages[]`` with ISO ``timestamp`` in the exporter's local offset and variable fractional
digits; snowflake ids as strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "discord"


def detect(head: bytes) -> bool:
    return b'"guild"' in head and b'"channel"' in head and (b'"messages"' in head or b'"exportedAt"' in head)


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        raise ctx.fail("", "not a DiscordChatExporter JSON export (no 'messages')")
    channel = text_of(dig(doc, "channel", "name"))
    guild = text_of(dig(doc, "guild", "name"))
    for number, message in enumerate(doc["messages"], 1):
        where = f"message {number}"
        if not isinstance(message, dict):
            ctx.skip(where, "not an object")
            continue
        ctx.report.read += 1
        author = obj(message.get("author"))
        actor = text_of(author.get("nickname") or author.get("name"))
        text = text_of(message.get("content"))
        files = [text_of(a.get("fileName") or a.get("url")) for a in as_list(message.get("attachments"))
                 if isinstance(a, dict)]
        if files:
            text += " [shared file: " + ", ".join(files) + "]"
        for embed in as_list(message.get("embeds")):
            title = text_of(dig(embed, "title") or dig(embed, "description"))
            if title:
                text += f" [{title}]"
        mtype = text_of(message.get("type")) or "Default"
        if not text.strip():
            text = f"({mtype})"
        extra: dict[str, object] = {"channel": channel, "guild": guild, "type": mtype}
        if message.get("timestampEdited"):
            extra["edited_at"] = message["timestampEdited"]
        ref = message.get("reference")
        if isinstance(ref, dict) and ref.get("messageId"):
            extra["reply_to"] = text_of(ref.get("messageId"))
        if author.get("isBot"):
            extra["bot"] = True
        entry = ctx.entry(message.get("timestamp"), where, text, f"{dig(doc, 'channel', 'id')}:{message.get('id')}",
                          EntryKind.CHAT, actor=actor, extra=extra)
        if entry:
            yield entry
