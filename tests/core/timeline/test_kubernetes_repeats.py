"""A repeated Kubernetes event on an incident timeline: at its first occurrence (when it started)
and, when it repeated, again at its last ("last seen, ×N since …"); two snapshots of the same
event (``kubectl get events`` run twice) merge into one first and the latest last."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hotwash.core.timeline import clip, merge, read_any


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def core_v1(count: int, last: str, uid: str = "e-1") -> dict[str, object]:
    return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "web-1.17c1", "namespace": "shop", "uid": uid},
            "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1"}, "reason": "BackOff",
            "message": "Back-off restarting failed container web", "type": "Warning",
            "source": {"component": "kubelet", "host": "node-1"}, "eventTime": None,
            "firstTimestamp": "2024-05-01T10:00:00Z", "lastTimestamp": last, "count": count}


def snapshot(*events: dict[str, object], name: str = "events.json") -> io.BytesIO:
    stream = io.BytesIO(json.dumps({"apiVersion": "v1", "kind": "List", "items": list(events)}).encode())
    stream.name = name
    return stream


def read(*events: dict[str, object]):  # type: ignore[no-untyped-def]
    return read_any(snapshot(*events), name="events.json")


def test_a_repeated_event_is_on_the_timeline_when_it_started_and_when_it_was_last_seen() -> None:
    first, last = read(core_v1(5, "2024-05-01T10:09:00Z"))
    assert first.time == at(2024, 5, 1, 10) and last.time == at(2024, 5, 1, 10, 9)
    assert first.text == "BackOff shop/pod/web-1: Back-off restarting failed container web"
    assert last.text == first.text + " (last seen, ×5 since 10:00:00 UTC)"
    assert (first.source_id, last.source_id) == ("e-1:first", "e-1:last")
    assert first.extra["last_seen"] == "2024-05-01T10:09:00+00:00" and last.extra["occurrence"] == "last"


def test_one_occurrence_or_repeats_within_the_same_second_are_one_entry() -> None:
    [single] = read(core_v1(1, "2024-05-01T10:00:00Z"))
    assert single.time == at(2024, 5, 1, 10) and single.source_id == "e-1:first"
    [burst] = read(core_v1(3, "2024-05-01T10:00:00Z"))
    assert burst.text.endswith("container web (×3)") and burst.source_id == "e-1:first"


def test_events_k8s_io_series_first_at_event_time_last_at_last_observed_time() -> None:
    event = {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"uid": "s-1"},
             "regarding": {"kind": "Pod", "name": "web-1"}, "reason": "Unhealthy", "note": "probe failed",
             "type": "Warning", "reportingController": "kubelet", "eventTime": "2024-05-01T10:00:00.250000Z",
             "series": {"count": 9, "lastObservedTime": "2024-05-01T11:02:03.000000Z"},
             "deprecatedFirstTimestamp": None, "deprecatedLastTimestamp": "0001-01-01T00:00:00Z"}
    first, last = read(event)
    assert first.time == datetime(2024, 5, 1, 10, 0, 0, 250000, tzinfo=UTC) and last.time == at(2024, 5, 1, 11, 2, 3)
    assert last.text.endswith("(last seen, ×9 since 10:00:00 UTC)")


def test_a_later_snapshot_replaces_the_last_seen_entry_and_re_reading_adds_nothing() -> None:
    early = read(core_v1(3, "2024-05-01T10:04:00Z"))
    later = read(core_v1(7, "2024-05-01T10:12:00Z"))
    timeline = merge(early, later, read(core_v1(7, "2024-05-01T10:12:00Z")))
    assert [(e.time, e.source_id) for e in timeline] == [(at(2024, 5, 1, 10), "e-1:first"),
                                                         (at(2024, 5, 1, 10, 12), "e-1:last")]
    assert timeline[1].text.endswith("(last seen, ×7 since 10:00:00 UTC)")
    # the order the snapshots come in does not matter
    again = merge(read(core_v1(7, "2024-05-01T10:12:00Z")), read(core_v1(3, "2024-05-01T10:04:00Z")))
    assert [e.text for e in again] == [e.text for e in timeline]
    # a snapshot taken when the event had happened once, then one after it repeated
    grown = merge(read(core_v1(1, "2024-05-01T10:00:00Z")), later)
    assert [e.source_id for e in grown] == ["e-1:first", "e-1:last"]


def test_clipping_keeps_whichever_occurrence_is_inside_the_window() -> None:
    entries = read(core_v1(40, "2024-05-01T14:00:00Z"))
    late_window = clip(entries, at(2024, 5, 1, 13, 30), at(2024, 5, 1, 14, 30), margin=timedelta(0))
    assert [e.source_id for e in late_window] == ["e-1:last"]
    early_window = clip(entries, at(2024, 5, 1, 9, 45), at(2024, 5, 1, 10, 30), margin=timedelta(0))
    assert [e.source_id for e in early_window] == ["e-1:first"]
    assert clip(entries, at(2024, 5, 1, 11), at(2024, 5, 1, 12), margin=timedelta(0)) == []


def test_yaml_reads_the_same_as_json(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("apiVersion: v1\nkind: Event\nmetadata: {uid: e-1}\n"
                    "involvedObject: {kind: Pod, namespace: shop, name: web-1}\nreason: BackOff\n"
                    "message: Back-off restarting failed container web\ntype: Warning\ncount: 5\n"
                    "firstTimestamp: '2024-05-01T10:00:00Z'\nlastTimestamp: '2024-05-01T10:09:00Z'\n",
                    encoding="utf-8")
    from_yaml = read_any(path)
    from_json = read(core_v1(5, "2024-05-01T10:09:00Z"))
    assert [(e.time, e.text, e.source_id) for e in from_yaml] == [(e.time, e.text, e.source_id) for e in from_json]


TABLE = ("LAST SEEN            TYPE      REASON    OBJECT      MESSAGE\n"
         "{last:<20} Warning   BackOff   pod/web-1   Back-off restarting failed container web\n")


def table_at(tmp_path: Path, name: str, last: str, moment: datetime) -> Path:
    path = tmp_path / name
    path.write_text(TABLE.format(last=last), encoding="utf-8")
    os.utime(path, (moment.timestamp(), moment.timestamp()))
    return path


def test_two_table_snapshots_of_a_growing_event(tmp_path: Path) -> None:
    early = read_any(table_at(tmp_path, "a.txt", "20s (x3 over 4m)", at(2024, 5, 1, 10, 4, 20)))
    later = read_any(table_at(tmp_path, "b.txt", "5s (x9 over 9m)", at(2024, 5, 1, 10, 9, 5)))
    assert [e.time for e in early] == [at(2024, 5, 1, 10, 0, 20), at(2024, 5, 1, 10, 4)]
    assert [e.time for e in later] == [at(2024, 5, 1, 10, 0, 5), at(2024, 5, 1, 10, 9)]
    timeline = merge(early, later)
    assert [e.source_id.rsplit(":", 1)[1] for e in timeline] == ["first", "last"]
    # one first occurrence (the earlier of the two, as kubectl rounds ages), the latest last
    assert timeline[0].time == at(2024, 5, 1, 10, 0, 5) and timeline[1].time == at(2024, 5, 1, 10, 9)
    assert timeline[1].text.endswith("(last seen, ×9 since 10:00:05 UTC)")
