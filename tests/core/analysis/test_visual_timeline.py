from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from hotwash.core.analysis.fishbone import svg_to_png
from hotwash.core.analysis.visual_timeline import TimelinePoint, timeline_svg
from hotwash.core.errors import ValidationError

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2024, 8, 1, 12, 20, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def small_rows() -> list[TimelinePoint]:
    return [
        TimelinePoint(at(3), "Alert fired for high error rate", "alertmanager"),
        TimelinePoint(at(5), "Checked recent deployments", "slack", True),
        TimelinePoint(at(11), "Rolled back web tier", "github"),
        TimelinePoint(at(30), "Rolled back API tier", "github", True),
    ]


def big_rows(n: int = 200) -> list[tuple[datetime, str, str, bool]]:
    rnd = random.Random(7)
    lanes = ["alertmanager", "slack", "github", "pagerduty", "kubernetes"]
    return [(at(rnd.uniform(0, 180)), f"entry {i}", rnd.choice(lanes), i % 25 == 0) for i in range(n)]


def classes(svg: str, cls: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def test_the_chart_is_well_formed_with_one_lane_per_source_in_order_of_appearance():
    svg = timeline_svg(small_rows(), START, at(3), at(30), at(65), "Europe/Berlin")
    ET.fromstring(svg)
    assert svg.index(">alertmanager<") < svg.index(">slack<") < svg.index(">github<")


def test_key_moments_are_highlighted_and_numbered_in_the_list():
    svg = timeline_svg(small_rows(), START, at(3), at(30), at(65), "Europe/Berlin")
    assert len(classes(svg, "key")) == 2
    assert "14:25 · slack — Checked recent deployments" in svg


def test_detection_mitigation_and_resolution_are_marked_with_their_durations():
    svg = timeline_svg(small_rows(), START, at(3), at(30), at(65), "Europe/Berlin")
    assert "Detected 14:23" in svg and "Mitigated 14:50" in svg and "Resolved 15:25" in svg
    assert "TTD 3m" in svg and "(TTM) 30m" in svg and "(TTR) 1h 05m" in svg
    assert len(classes(svg, "duration")) == 3


def test_durations_are_left_out_without_a_start():
    svg = timeline_svg(small_rows(), None, at(3), None, None)
    assert classes(svg, "duration") == []
    assert "Detected 12:23" in svg


def test_two_hundred_entries_are_clustered_and_only_key_moments_are_listed():
    rows = big_rows()
    svg = timeline_svg(rows, START, at(4), at(60), at(170), "UTC")
    entries = classes(svg, "entry")
    clusters = classes(svg, "cluster")
    plain_total = sum(int(g.get("data-count") or 0) for g in entries)
    assert clusters, "close entries should be merged"
    assert plain_total == sum(1 for r in rows if not r[3])
    assert len(classes(svg, "key")) == 8
    key_list = classes(svg, "key-list")[0]
    assert len(key_list.findall(f"{SVG}circle")) == 8


def test_an_entry_without_a_lane_goes_to_other_and_naive_times_are_utc():
    svg = timeline_svg([(datetime(2024, 1, 1, 10, 0), "naive", "", False)])
    assert ">other<" in svg and "10:00 · other — naive" in svg


def test_no_entries_gives_a_placeholder_chart():
    svg = timeline_svg([])
    assert "No timeline entries yet" in svg
    ET.fromstring(svg)


def test_an_unknown_zone_is_a_validation_error():
    with pytest.raises(ValidationError):
        timeline_svg(small_rows(), tz="Nowhere/Land")


def test_the_chart_rasterises_to_png():
    png = svg_to_png(timeline_svg(big_rows(), START, at(4), at(60), at(170)), scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
