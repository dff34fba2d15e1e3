"""Microsoft Teams chat and channel messages as returned by Microsoft Graph (``chatMessage``
objects in ``value[]``, pages one after another, a bare list or one message; channel messages
with their ``replies`` expanded; PascalCase keys as the Graph PowerShell SDK exports them,
``EventDetail`` with one property per event type): HTML bodies turned to text (``<at>``
mentions as ``@Name``, emoji as their ``alt``),
system events described (members added, call started/ended, chat renamed …) with their
initiator, deleted messages skipped, a malformed ``createdDateTime`` without ``T`` still read;
bot messages whose body is only an Adaptive/Hero card read from the card. Also the Teams (free) /
Skype "Download your data" export (``conversations[].MessageList[]``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "teams"
_TAG = re.compile(r"<[^>]+>")
_AT = re.compile(r"(?is)<at\b[^>]*>(.*?)</at>")
_EMOJI = re.compile(r'(?is)<(?:custom)?emoji\b[^>]*\balt="([^"]*)"[^>]*>(?:</(?:custom)?emoji>)?')


def detect(head: bytes) -> bool:
    lowered = head.lower()
    if b'"originalarrivaltime"' in lowered and b'"messagetype"' in lowered:  # "Download your data" export
        return True
    return b'"createddatetime"' in lowered and (b'"messagetype"' in lowered or b"chatmessage" in lowered
                                                or b'"chatid"' in lowered or b'"channelidentity"' in lowered)


def _camel(value: Any) -> Any:
    """``{"CreatedDateTime": …}`` (PowerShell exports) → ``{"createdDateTime": …}``, all the way down."""
    if isinstance(value, dict):
        return {(k[:1].lower() + k[1:] if k[:1].isupper() else k): _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def html_to_text(body: str) -> str:
    body = _AT.sub(lambda m: "@" + m.group(1), body)
    body = _EMOJI.sub(lambda m: m.group(1) if not m.group(1).isascii() else f":{m.group(1)}:", body)
    body = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>", "\n", body)
    text = html.unescape(_TAG.sub("", body)).replace("\xa0", " ")
    return re.sub(r"\s*\n\s*", " / ", text.strip()).strip(" /")


def _names(value: object) -> str:
    names = []
    for item in as_list(value):
        name = dig(item, "displayName") or dig(item, "user", "displayName")
        names.append(text_of(name) or text_of(dig(item, "id")))
    return ", ".join(n for n in names if n)


def _event(detail: dict[str, Any]) -> str:
    """A system event (``eventDetail``) in words."""
    kind = text_of(detail.get("@odata.type")).rsplit(".", 1)[-1].removesuffix("EventMessageDetail")
    if not kind:  # the SDK's shape: one property per event type, the one that happened is set
        kind, inner = next(((k, v) for k, v in detail.items() if isinstance(v, dict) and k != "initiator"),
                           ("", {}))
        detail = {**inner, **detail}
    if kind == "membersAdded":
        return f"members added: {_names(detail.get('members'))}".strip(": ")
    if kind in ("membersDeleted", "membersLeft"):
        return f"members removed: {_names(detail.get('members'))}".strip(": ")
    if kind == "callStarted":
        return "call started"
    if kind == "callEnded":
        duration = text_of(detail.get("callDuration")).removeprefix("PT").lower()
        return f"call ended{' after ' + duration if duration else ''}"
    if kind == "callRecording":
        return f"call recording {text_of(detail.get('callRecordingStatus'))}".strip()
    if kind in ("chatRenamed", "channelRenamed"):
        return f"renamed to {text_of(detail.get('chatDisplayName') or detail.get('channelDisplayName'))}"
    if kind == "messagePinned":
        return "pinned a message"
    if kind == "teamsAppInstalled":
        return f"installed app {text_of(detail.get('teamsAppDisplayName'))}".strip()
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()
    return words or "system event"


def _messages(doc: Any) -> list[dict[str, Any]]:
    pages = doc if isinstance(doc, list) and all(isinstance(d, dict) and "value" in d for d in doc) else [doc]
    out: list[dict[str, Any]] = []
    for page in pages:
        if isinstance(page, dict) and "value" in page:
            out += [m for m in as_list(page["value"]) if isinstance(m, dict)] or []
        elif isinstance(page, dict) and "createdDateTime" in page:
            out.append(page)
        elif isinstance(page, list):
            out += page
    return out


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    raw = load_json(stream, ctx)
    if isinstance(raw, dict) and isinstance(raw.get("conversations"), list):
        yield from _export(raw, ctx)
        return
    doc = _camel(raw)
    messages = _messages(doc)
    if not messages and not (isinstance(doc, dict) and "value" in doc):
        raise ctx.fail("", "not a Microsoft Graph chatMessage list (no 'value')")
    for number, message in enumerate(messages, 1):
        where = f"message {number}"
        if not isinstance(message, dict):
            ctx.skip(where, "not an object")
            continue
        entry = _message(message, ctx, where)
        if entry:
            yield entry
        for sub, reply in enumerate(as_list(message.get("replies")), 1):
            if isinstance(reply, dict):
                entry = _message(reply, ctx, f"{where} reply {sub}")
                if entry:
                    yield entry


def _message(message: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    ctx.report.read += 1
    if message.get("deletedDateTime"):
        ctx.skip(where, "deleted message")
        return None
    text = text_of(dig(message, "body", "content"))
    if text_of(dig(message, "body", "contentType")).lower() == "html":
        text = html_to_text(text)
    actor = text_of(dig(message, "from", "user", "displayName") or dig(message, "from", "application", "displayName")
                    or dig(message, "from", "device", "displayName"))
    mtype = text_of(message.get("messageType")) or "message"
    detail = message.get("eventDetail")
    if isinstance(detail, dict) and (mtype != "message" or not text):
        text = _event(detail)
        actor = actor or text_of(dig(detail, "initiator", "user", "displayName")
                                 or dig(detail, "initiator", "application", "displayName"))
    elif mtype != "message" and not text:
        text = f"({mtype})"
    attachments = [a for a in as_list(message.get("attachments")) if isinstance(a, dict)]
    cards = [_card(a) for a in attachments if "card" in text_of(a.get("contentType"))]
    text = " / ".join(p for p in [_ATTACHMENT.sub("", text).strip(" /")] + cards if p)
    files = [text_of(a.get("name")) for a in attachments if a.get("name")]
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
        text = f"{message['subject']}: {text}"
    channel = text_of(message.get("chatId") or dig(message, "channelIdentity", "channelId"))
    if message.get("importance") in ("high", "urgent"):
        extra["importance"] = message["importance"]
    return ctx.entry(message.get("createdDateTime"), where, text, f"{channel}:{message.get('id')}",
                     EntryKind.CHAT, actor=actor, link=text_of(message.get("webUrl")), extra=extra)


_ATTACHMENT = re.compile(r'(?is)<attachment\b[^>]*>\s*</attachment>')


def _card(attachment: dict[str, Any]) -> str:
    """The words of an Adaptive/Hero/Thumbnail card (bots post alerts as cards with an empty body)."""
    content = attachment.get("content")
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError:
            return content.strip()
    words: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("title", "subtitle", "text"):
                value = node.get(key)
                if isinstance(value, str) and value.strip() and node.get("type") not in ("Action.OpenUrl",):
                    words.append(value.strip())
            if node.get("type") == "FactSet" or "facts" in node:
                words.extend(f"{text_of(f.get('title'))}: {text_of(f.get('value'))}"
                             for f in as_list(node.get("facts")) if isinstance(f, dict))
            for key, value in node.items():
                if key != "facts" and isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(content)
    return html_to_text(" / ".join(dict.fromkeys(words)))


_EXPORT_EVENTS = {"ThreadActivity/AddMember": "members added", "ThreadActivity/DeleteMember": "members removed",
                  "ThreadActivity/TopicUpdate": "renamed", "ThreadActivity/MemberJoined": "joined",
                  "ThreadActivity/MemberLeft": "left"}


def _person(ident: str) -> str:
    """``8:orgid:0f3e…`` / ``8:live:.cid.12ab`` / ``https://…/contacts/8:live:alice`` → a readable id."""
    ident = ident.rsplit("/", 1)[-1]
    return re.sub(r"^\d+:(?:orgid:|live:|teamsvisitor:)?", "", ident)


def _export(doc: dict[str, Any], ctx: Context) -> Iterator[Entry]:
    """Teams (free) / Skype "Download your data" ``messages.json``: ``conversations[].MessageList[]``
    with ``originalarrivaltime``, ``messagetype`` (``RichText/Html``, ``Text``, ``Event/Call``,
    ``ThreadActivity/*``), ``content`` and ``from``."""
    names = {text_of(m.get("from")): text_of(m.get("displayName"))
             for c in as_list(doc.get("conversations")) if isinstance(c, dict)
             for m in as_list(c.get("MessageList")) if isinstance(m, dict) and m.get("displayName")}

    def person(ident: str) -> str:
        return names.get(ident) or _person(ident)

    for c_number, conversation in enumerate(as_list(doc.get("conversations")), 1):
        if not isinstance(conversation, dict):
            ctx.skip(f"conversation {c_number}", "not an object")
            continue
        chat = text_of(conversation.get("displayName") or conversation.get("id"))
        for number, message in enumerate(as_list(conversation.get("MessageList")), 1):
            where = f"conversation {c_number} message {number}"
            ctx.report.read += 1
            if not isinstance(message, dict):
                ctx.skip(where, "not an object")
                continue
            mtype = text_of(message.get("messagetype"))
            content = text_of(message.get("content"))
            properties: dict[str, Any] = obj(message.get("properties"))
            if properties.get("deletetime") or (not content and mtype.startswith(("RichText", "Text"))):
                ctx.skip(where, "deleted message")
                continue
            if mtype == "Event/Call":
                state = re.search(r'<partlist[^>]*\btype="(\w+)"', content)
                text = f"call {state.group(1) if state else 'event'}"
            elif mtype.startswith("ThreadActivity/"):
                targets = [person(t) for t in re.findall(r"<target>(.*?)</target>", content)]
                topic = re.search(r"<value>(.*?)</value>", content)
                text = _EXPORT_EVENTS.get(mtype, mtype.split("/", 1)[1].lower())
                if targets:
                    text += ": " + ", ".join(targets)
                elif topic:
                    text += f" to {html.unescape(topic.group(1))}"
            elif mtype.startswith("RichText") and mtype != "RichText/Html":  # media, files, cards
                original = re.search(r'<OriginalName v="([^"]*)"', content)
                text = (f"[shared file: {html.unescape(original.group(1))}]" if original
                        else html_to_text(content) or f"({mtype.split('/', 1)[1].lower()})")
            else:
                text = html_to_text(content) if "<" in content else content.strip()
            actor = text_of(message.get("displayName")) or person(text_of(message.get("from")))
            extra: dict[str, object] = {"type": mtype, "chat": chat}
            if properties.get("edittime"):
                extra["edited_at"] = properties["edittime"]
            entry = ctx.entry(message.get("originalarrivaltime"), where, f"[{chat}] {text}" if chat else text,
                              f"{conversation.get('id')}:{message.get('id')}", EntryKind.CHAT, actor=actor,
                              extra=extra)
            if entry:
                yield entry
