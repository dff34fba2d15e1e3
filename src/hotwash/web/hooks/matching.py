"""Which names in a webhook payload can match an incident's services or tags. No Django here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hotwash.core.model import Entry

LABEL_KEYS = ("service", "service_name", "job", "app", "application", "app_kubernetes_io_name", "namespace",
              "component", "deployment")


def _values(labels: object, keys: Iterable[str] = LABEL_KEYS) -> set[str]:
    if not isinstance(labels, dict):
        return set()
    return {str(labels[k]).strip().lower() for k in keys if isinstance(labels.get(k), str | int) and str(labels[k]).strip()}


def _tags(tags: object) -> set[str]:
    """Opsgenie/Grafana tags: ``search-api`` or ``service:search-api`` (both the whole tag and its value)."""
    out: set[str] = set()
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, str) and tag.strip():
            text = tag.strip().lower()
            out.add(text)
            if ":" in text or "=" in text:
                out.add(text.replace("=", ":").split(":", 1)[1].strip())
    return out


def _obj(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def payload_names(integration: str, doc: Any) -> set[str]:
    """Names shared by the whole payload (common labels, the PagerDuty service, Opsgenie tags and entity)."""
    names: set[str] = set()
    docs = doc if isinstance(doc, list) else [doc]
    for item in docs:
        if not isinstance(item, dict):
            continue
        if integration in ("alertmanager", "grafana"):
            names |= _values(item.get("commonLabels")) | _values(item.get("groupLabels"))
            names |= _tags(item.get("tags"))
        elif integration == "pagerduty":
            event = _obj(item.get("event")) or item
            data = _obj(event.get("data"))
            for ref in (_obj(data.get("service")), _obj(_obj(data.get("incident")).get("service"))):
                if isinstance(ref.get("summary"), str):
                    names.add(ref["summary"].strip().lower())
        elif integration == "opsgenie":
            alert = _obj(item.get("alert"))
            names |= _tags(alert.get("tags"))
            for key in ("entity", "source"):
                value = alert.get(key)
                if isinstance(value, str) and value.strip():
                    names.add(value.strip().lower())
    names.discard("")
    return names


def entry_names(entry: Entry) -> set[str]:
    """Names carried by one entry (an Alertmanager/Grafana alert's own labels, annotation tags)."""
    return _values(entry.extra.get("labels")) | _tags(entry.extra.get("tags"))
