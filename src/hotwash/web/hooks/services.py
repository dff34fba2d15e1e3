"""Receiving one webhook: parse the body with the core importer, pick the incident(s), append in one transaction."""

from __future__ import annotations

import io
import json
import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import ImportFailed
from hotwash.core.model import Entry
from hotwash.core.timeline import FORMATS, ReadReport, read_any
from hotwash.web.hooks.matching import entry_names, payload_names
from hotwash.web.hooks.selectors import Candidate, hook_candidates
from hotwash.web.timeline.services import timeline_import, unmatched_alerts_keep

log = logging.getLogger(__name__)

INTEGRATIONS = ("alertmanager", "grafana", "pagerduty", "opsgenie")


def _document(integration: str, body: bytes) -> Any:
    label = f"{integration} webhook"
    if not body.strip():
        raise ImportFailed("the request body is empty; send the JSON payload", where=label)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"the body is not UTF-8 text (byte {exc.start})", where=label) from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                           where=label) from exc


def _entries(integration: str, body: bytes, report: ReadReport, now: datetime) -> list[Entry]:
    label = f"{integration} webhook"
    if integration not in ("alertmanager", "grafana"):
        return read_any(io.BytesIO(body), format=integration, name=label, report=report)
    # What the payload does not time is timed at receipt (read_any has no receipt time), and its text
    # says so: a legacy Grafana alert (no time at all: Grafana posts it when it fires) and a resolved
    # alert whose endsAt is unset (the notification is sent when it resolves).
    options: dict[str, Any] = {"received_as": "receipt"} if integration == "grafana" else {}
    try:
        entries = list(FORMATS[integration].read(io.BytesIO(body), tz=None, name=label, report=report, received=now,
                                                 **options))
    except ImportFailed:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportFailed(f"could not read this payload as {integration}: {exc}", where=label) from exc
    if not entries and report.skipped:
        first = report.skips[0]
        raise ImportFailed(f"nothing readable ({first.reason})", where=f"{label}:{first.where}")
    return entries


def _pick(names: set[str], candidates: list[Candidate]) -> Candidate | None:
    """The newest open incident sharing a name; else one resolved in the last 30 minutes sharing a name;
    else the only open incident when exactly one is open."""
    for want_open in (True, False):
        for candidate in candidates:
            if candidate.open == want_open and names & candidate.names:
                return candidate
    opened = [c for c in candidates if c.open]
    return opened[0] if len(opened) == 1 else None


def is_ping(integration: str, doc: Any) -> bool:
    """PagerDuty sends ``pagey.ping`` when a subscription is tested."""
    event = doc.get("event") if isinstance(doc, dict) else None
    return integration == "pagerduty" and isinstance(event, dict) and event.get("event_type") == "pagey.ping"


@transaction.atomic
def hook_receive(*, integration: str, body: bytes, now: datetime | None = None) -> dict[str, Any]:
    """Append the alerts in one webhook body to the matching incident(s); ImportFailed on a bad body.

    Returns ``{"matched": ["INC-3"] | None, "added", "already_present", "unmatched", "kept", "read",
    "skipped"}``. Entries that match no incident (``unmatched``) are kept as unmatched alerts
    (``kept``: the new ones; a re-sent alert is kept once), offered later on the page of an
    incident whose time they fall in.
    """
    if integration not in INTEGRATIONS:
        raise ImportFailed(f"unknown integration {integration!r}", field="integration")
    now = now or timezone.now()
    doc = _document(integration, body)
    if is_ping(integration, doc):
        return {"matched": None, "added": 0, "already_present": 0, "unmatched": 0, "kept": 0, "read": 0,
                "skipped": 0, "ping": True}
    report = ReadReport(name=f"{integration} webhook")
    entries = _entries(integration, body, report, now)
    shared = payload_names(integration, doc)
    candidates = hook_candidates(now=now)
    per_incident: dict[int, list[Entry]] = defaultdict(list)
    chosen: dict[int, Candidate] = {}
    unmatched: list[tuple[Entry, set[str]]] = []
    for entry in entries:
        names = shared | entry_names(entry)
        candidate = _pick(names, candidates)
        if candidate is None:
            unmatched.append((entry, names))
            continue
        chosen[candidate.incident.pk] = candidate
        per_incident[candidate.incident.pk].append(entry)
    added = present = 0
    for pk, items in per_incident.items():
        result = timeline_import(incident=chosen[pk].incident, entries=items, user=None)
        added += result["added"]
        present += result["already_present"]
    kept = unmatched_alerts_keep(integration=integration, alerts=unmatched, now=now) if unmatched else 0
    if unmatched:
        seen = sorted(set().union(*(n for _, n in unmatched)))
        log.warning("%s webhook: %d alert(s) matched no incident (%d open candidates; names: %s); kept %d new "
                    "as unmatched alerts", integration, len(unmatched), sum(c.open for c in candidates),
                    ", ".join(seen[:10]) or "none", kept)
    matched = [chosen[pk].incident.ref for pk in per_incident] or None
    return {"matched": matched, "added": added, "already_present": present, "unmatched": len(unmatched),
            "kept": kept, "read": report.read, "skipped": report.skipped}
