"""Microsoft Teams chat messages as returned by Microsoft Graph (``chatMessage`` objects in
``value[]``): HTML bodies turned to text, system events kept with their event type, a
malformed ``createdDateTime`` without ``T`` still read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, text_of

NAME = "teams"
_TAG = re.compile(r"<[^>]+>")


def detect(head: bytes) -> bool:
    return b'"createdDateTime"' in head and (b'"messageType"' in head or b"chatMessage" in head
                                             or b'"chatId"' in head)


def html_to_text(body: str) -> str:
    body = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", body)
    return re.sub(r"\s*\n\s*", " / ", html.unescape(_TAG.sub("", body)).strip()).strip(" /")


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    messages = as_list(doc.get("value")) if isinstance(doc, dict) else as_list(doc)
    if isinstance(doc, dict) and "value" not in doc and "createdDateTime" in doc:
        messages = [doc]
    if not messages and not (isinstance(doc, dict) and "value" in doc):
        raise ctx.fail("", "not a Microsoft Graph chatMessage list (no 'value')")
    for number, message in enumerate(messages, 1):
        where = f"message {number}"
        if not isinstance(message, dict):
            ctx.skip(where, "not an object")
            continue
        ctx.report.read += 1
        if message.get("deletedDateTime"):
            ctx.skip(where, "deleted message")
            continue
        body = dig(message, "body", "content")
        text = text_of(body)
        if text_of(dig(message, "body", "contentType")).lower() == "html":
            text = html_to_text(text)
        actor = text_of(dig(message, "from", "user", "displayName") or dig(message, "from", "application", "displayName"))
        mtype = text_of(message.get("messageType")) or "message"
        event = dig(message, "eventDetail", "@odata.type")
        if mtype != "message" and not text:
            text = f"({text_of(event).split('.')[-1] or mtype})"
        files = [text_of(a.get("name")) for a in as_list(message.get("attachments")) if isinstance(a, dict) and a.get("name")]
        if files:
            text += " [shared file: " + ", ".join(files) + "]"
        extra: dict[str, object] = {"type": mtype}
        if message.get("replyToId"):
            extra["reply_to"] = text_of(message.get("replyToId"))
            extra["reply"] = True
        if message.get("lastEditedDateTime"):
            extra["edited_at"] = message["lastEditedDateTime"]
        if message.get("subject"):
            extra["subject"] = message["subject"]
        entry = ctx.entry(message.get("createdDateTime"), where, text,
                          f"{text_of(message.get('chatId') or dig(message, 'channelIdentity', 'channelId'))}:{message.get('id')}",
                          EntryKind.CHAT, actor=actor, link=text_of(message.get("webUrl")), extra=extra)
        if entry:
            yield entry
