"""``kubectl get events`` in every output a user saves: ``-o yaml`` (a List, ``--watch`` documents,
events.k8s.io/v1) and the table (default, ``-A``, ``-o wide``, old kubectl) timed from the file's
modification time, or refused when there is none."""

from __future__ import annotations

import io
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.model import EntryKind
from hotwash.core.timeline import ReadReport, detect_format, read_any
from hotwash.core.timeline.kubectl_table import age, precision

V = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "variants"
RAN = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)  # when kubectl printed the table


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def saved_at(tmp_path: Path, name: str, moment: datetime = RAN) -> Path:
    copy = tmp_path / name
    shutil.copy(V / name, copy)
    os.utime(copy, (moment.timestamp(), moment.timestamp()))
    return copy


def by_reason(entries, reason, occurrence="first"):
    found = [e for e in entries if e.extra["reason"] == reason and e.extra["occurrence"] == occurrence]
    assert len(found) == 1, [e.text for e in entries]
    return found[0]


@pytest.mark.parametrize(("text", "seconds"), [
    ("5m", 300), ("2m30s", 150), ("45s", 45), ("3h4m", 11040), ("2d3h", 183600), ("12d", 1036800),
    ("2y30d", 760 * 86400), ("<unknown>", None), ("<invalid>", None), ("", None), ("5x", None)])
def test_kubectl_ages(text, seconds) -> None:
    got = age(text)
    assert (got.total_seconds() if got is not None else None) == seconds


@pytest.mark.parametrize(("text", "seconds"), [("5m", 1), ("2m30s", 1), ("12m", 60), ("3h4m", 60), ("9h", 3600),
                                               ("2d3h", 3600), ("12d", 86400)])
def test_kubectl_age_precision(text, seconds) -> None:
    assert precision(text).total_seconds() == seconds


def test_default_table_counts_ages_back_from_the_file_time(tmp_path) -> None:
    report = ReadReport()
    entries = read_any(saved_at(tmp_path, "kubernetes__table_default.txt"), report=report)
    backoff = by_reason(entries, "BackOff")
    assert backoff.time == at(2024, 5, 1, 11, 48) and backoff.kind == EntryKind.ALERT
    assert backoff.text.startswith("BackOff pod/payments-api-7f9c8d6b5-x2x9q: Back-off restarting")
    assert backoff.extra["age"] == "12m" and backoff.extra["age_precision_s"] == 60
    scaled = by_reason(entries, "ScalingReplicaSet")
    assert scaled.time == at(2024, 5, 1, 11, 57) and scaled.kind == EntryKind.DEPLOY
    assert any("modification time (2024-05-01 12:00:00 UTC)" in n for n in report.notes)


def test_all_namespaces_table_with_repeats_and_unknown_age(tmp_path) -> None:
    report = ReadReport()
    entries = read_any(saved_at(tmp_path, "kubernetes__table_events_all_namespaces.txt"), report=report)
    assert len(entries) == 4 and report.skipped == 1  # BackOff ×4: first and last seen
    assert report.skips[0].where == "line 5" and "'<unknown>'" in report.skips[0].reason
    backoff = by_reason(entries, "BackOff")  # 19s (x4 over 2m)
    assert backoff.time == at(2024, 5, 1, 11, 58) and backoff.extra["count"] == 4
    assert backoff.text == ("BackOff payments/pod/payments-api-7f9c8d6b5-x2x9q: Back-off restarting failed "
                            "container api in pod payments-api-7f9c8d6b5-x2x9q_payments(0f2c)")
    last = by_reason(entries, "BackOff", "last")
    assert last.time == at(2024, 5, 1, 11, 59, 41) and last.extra["age"] == "19s"
    assert last.text == backoff.text + " (last seen, ×4 since 11:58:00 UTC)"
    assert backoff.source_id.endswith(":first") and last.source_id == backoff.source_id.replace(":first", ":last")
    assert backoff.extra["object"] == "payments/pod/payments-api-7f9c8d6b5-x2x9q"
    assert by_reason(entries, "Scheduled").time == at(2024, 5, 1, 11, 57, 30)
    assert by_reason(entries, "Pulled").time == at(2024, 5, 1, 11, 2)


def test_wide_and_old_kubectl_tables(tmp_path) -> None:
    wide = read_any(saved_at(tmp_path, "kubernetes__table_wide.txt"))
    unhealthy = by_reason(wide, "Unhealthy")  # first 10m ago, last 45s ago, 12 times
    assert unhealthy.time == at(2024, 5, 1, 11, 50) and unhealthy.extra["count"] == 12
    assert unhealthy.extra["age"] == "10m" and unhealthy.extra["age_precision_s"] == 60
    assert by_reason(wide, "Unhealthy", "last").time == at(2024, 5, 1, 11, 59, 15)
    assert unhealthy.actor == "kubelet, node-2"
    assert unhealthy.text.startswith("Unhealthy pod/web-6d4cf56db6-p9q8: Readiness probe failed: HTTP probe failed")
    assert "10m" not in unhealthy.text.split(":", 1)[1].split("(")[0]  # FIRST SEEN is not part of the message
    assert by_reason(wide, "Killing").time == at(2024, 5, 1, 8, 56)
    old = read_any(saved_at(tmp_path, "kubernetes__table_old_kubectl.txt"))
    backoff = by_reason(old, "BackOff")
    assert backoff.time == at(2024, 5, 1, 11, 56) and backoff.extra["count"] == 6
    assert by_reason(old, "BackOff", "last").time == at(2024, 5, 1, 11, 59)
    assert backoff.extra["object"] == "pod/web-1" and backoff.actor == "kubelet, node-1"


def test_a_message_over_several_lines_stays_one_entry(tmp_path) -> None:
    path = tmp_path / "events.txt"
    path.write_text("LAST SEEN   TYPE      REASON   OBJECT      MESSAGE\n"
                    "1m          Warning   Failed   pod/web-1   Error: failed to start container:\n"
                    "exec: \"web\": executable file not found in $PATH\n"
                    "30s         Normal    Pulled   pod/web-1   Container image already present\n")
    os.utime(path, (RAN.timestamp(), RAN.timestamp()))
    entries = read_any(path)
    assert len(entries) == 2
    assert by_reason(entries, "Failed").text.endswith('failed to start container: exec: "web": executable file '
                                                      "not found in $PATH")


def test_a_table_without_a_file_time_is_refused_with_the_fix() -> None:
    data = (V / "kubernetes__table_default.txt").read_bytes()
    assert detect_format(data) == "kubernetes"
    with pytest.raises(ImportFailed) as caught:
        read_any(io.BytesIO(data), name="events.txt")
    assert caught.value.where == "events.txt:line 1"
    assert "ages, not times" in caught.value.message and "-o json" in caught.value.message


def test_re_reading_a_table_gives_the_same_ids(tmp_path) -> None:
    first = read_any(saved_at(tmp_path, "kubernetes__table_default.txt"))
    again = read_any(saved_at(tmp_path, "kubernetes__table_default.txt", at(2024, 5, 1, 12, 5)))
    assert [e.source_id for e in first] == [e.source_id for e in again]


def test_yaml_list() -> None:
    [entry] = read_any(V / "kubernetes__yaml_list.yaml")
    assert entry.time == at(2024, 5, 1, 10, 0, 5) and not entry.assumed_zone
    assert entry.text == "NodeHasDiskPressure node/node-3: Node node-3 status is now: NodeHasDiskPressure"


def test_yaml_watch_documents_of_events_k8s_io_v1() -> None:
    entries = read_any(V / "kubernetes__yaml_watch_events_k8s_io.yaml")
    scheduled = by_reason(entries, "Scheduled")
    assert scheduled.time == datetime(2024, 5, 1, 10, 0, 1, 123456, tzinfo=UTC)
    assert scheduled.actor == "default-scheduler"
    assert scheduled.text == "Scheduled default/pod/web-1: Successfully assigned default/web-1 to node-1"
    backoff = by_reason(entries, "BackOff", "last")
    assert backoff.time == at(2024, 5, 1, 10, 5) and backoff.extra["count"] == 5 and backoff.actor == "kubelet"
    unhealthy = by_reason(entries, "Unhealthy", "last")
    assert unhealthy.time == datetime(2024, 5, 1, 10, 6, 30, 500000, tzinfo=UTC) and unhealthy.extra["count"] == 7
    # the first occurrences: deprecatedFirstTimestamp, and a series' eventTime
    assert by_reason(entries, "BackOff").time == at(2024, 5, 1, 10, 1)
    assert by_reason(entries, "Unhealthy").time == at(2024, 5, 1, 10, 2)
    assert unhealthy.text.endswith(": Liveness probe failed: connection refused (last seen, ×7 since 10:02:00 UTC)")


def test_unquoted_yaml_times_keep_their_zone(tmp_path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("apiVersion: v1\nkind: Event\ninvolvedObject: {kind: Pod, name: web-1}\n"
                    "reason: Killing\nmessage: Stopping container web\n"
                    "lastTimestamp: 2024-05-01T10:00:00+02:00\n", encoding="utf-8")
    [entry] = read_any(path)
    assert entry.time == at(2024, 5, 1, 8) and not entry.assumed_zone


def test_broken_yaml_names_the_line(tmp_path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("apiVersion: v1\nitems:\n- involvedObject:\n    kind: Pod\n  reason: [unclosed\n",
                    encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        read_any(path)
    assert caught.value.where.startswith("events.yaml:line ") and "invalid YAML" in caught.value.message
