"""Two snapshots of ``kubectl get events -o json`` imported into one incident: the repeated event
is on the timeline once when it started and once when it was last seen, and the later snapshot
moves the "last seen" entry instead of adding another; re-importing adds nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotwash.web.timeline.models import ImportBatch, TimelineEntry
from hotwash.web.timeline.services import timeline_entry_update

from .test_timeline_import import confirm, preview, text_of

pytestmark = pytest.mark.django_db


def events(count: int, last: str) -> SimpleUploadedFile:
    event = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "web-1.17c1", "uid": "e-1"},
             "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1"}, "reason": "BackOff",
             "message": "Back-off restarting failed container web", "type": "Warning",
             "source": {"component": "kubelet"}, "firstTimestamp": "2026-03-02T09:02:00Z",
             "lastTimestamp": last, "count": count}
    body = json.dumps({"apiVersion": "v1", "kind": "List", "items": [event]}).encode()
    return SimpleUploadedFile("events.json", body, content_type="application/json")


def stored() -> list[tuple[str, str]]:
    return [(f"{e.time:%H:%M}", e.event) for e in TimelineEntry.objects.order_by("time")]


def import_(client, incident, upload) -> str:  # type: ignore[no-untyped-def]
    shown = text_of(preview(client, incident, upload))
    done = text_of(confirm(client, incident, ImportBatch.objects.get(status="pending")))
    return shown + " | " + done


def test_a_later_snapshot_moves_the_last_seen_entry(alice_client, incident):
    first = import_(alice_client, incident, events(3, "2026-03-02T09:05:00Z"))
    assert "Imported: 2 entries added" in first
    head = "BackOff shop/pod/web-1: Back-off restarting failed container web"
    assert stored() == [("09:02", head), ("09:05", f"{head} (last seen, ×3 since 09:02:00 UTC)")]

    later = import_(alice_client, incident, events(8, "2026-03-02T09:20:00Z"))
    assert "Import preview: 1 new entry" in later  # the moved "last seen"
    assert "0 entries added, 1 already present, 1 “last seen” entry moved to a later time" in later
    assert stored() == [("09:02", head), ("09:20", f"{head} (last seen, ×8 since 09:02:00 UTC)")]

    again = import_(alice_client, incident, events(8, "2026-03-02T09:20:00Z"))
    assert "Import preview: 0 new entries" in again and "0 entries added, 2 already present." in again
    older = import_(alice_client, incident, events(3, "2026-03-02T09:05:00Z"))  # an older snapshot changes nothing
    assert "0 entries added, 2 already present." in older
    assert TimelineEntry.objects.count() == 2 and stored()[1][0] == "09:20"


def test_an_edited_last_seen_entry_is_left_as_it_is(alice_client, incident):
    import_(alice_client, incident, events(3, "2026-03-02T09:05:00Z"))
    last = TimelineEntry.objects.get(source_id="e-1:last")
    timeline_entry_update(entry=last, data={"event": "Back-off loop (we restarted it by hand)"})
    later = import_(alice_client, incident, events(8, "2026-03-02T09:20:00Z"))
    assert "0 entries added, 2 already present." in later
    last.refresh_from_db()
    assert (f"{last.time:%H:%M}", last.event) == ("09:05", "Back-off loop (we restarted it by hand)")


def test_an_event_imported_with_the_earlier_id_form_is_not_added_again(alice_client, incident):
    # before an event became ``<uid>:first`` / ``<uid>:last`` it was one entry ``<uid>:<count>`` at its last time
    head = "BackOff shop/pod/web-1: Back-off restarting failed container web"
    TimelineEntry.objects.create(incident=incident, time=incident.started_at.replace(hour=9, minute=5),
                                 event=f"{head} (×3, first 2026-03-02T09:02:00Z)", source="kubernetes",
                                 source_id="e-1:3", kind="alert")
    again = import_(alice_client, incident, events(3, "2026-03-02T09:05:00Z"))
    assert "Import preview: 0 new entries" in again and "0 entries added, 2 already present." in again
    later = import_(alice_client, incident, events(8, "2026-03-02T09:20:00Z"))  # a later snapshot: still that event
    assert "0 entries added, 2 already present." in later
    assert TimelineEntry.objects.count() == 1
    other = events(2, "2026-03-02T09:07:00Z")  # another event (uid) is added
    other.file.seek(0)
    body = other.file.read().replace(b'"e-1"', b'"e-2"')
    added = import_(alice_client, incident, SimpleUploadedFile("events.json", body, content_type="application/json"))
    assert "Imported: 2 entries added" in added and TimelineEntry.objects.count() == 3
