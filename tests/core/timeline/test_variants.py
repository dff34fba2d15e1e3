"""Real-world variants of every format (fixtures under tests/fixtures/artifacts/variants, named
``<format>__<variant>``): each is detected as its format and reads into aware UTC entries with
text, source and stable source ids; zone-less variants are marked as assumed."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.timeline import ReadReport, detect_format, read_any
from hotwash.core.timeline.registry import HEAD_BYTES

VARIANTS = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "variants"

# Variants whose times carry no zone: their entries must say so.
ZONELESS = {"gitlog__date_local.txt", "gitlog__format_date_short.txt", "csv__semicolon_bom_multiline.csv",
            "csv__us_dates_when_what.csv", "jsonlog__python_json_logger.jsonl", "syslog__journalctl_short.log",
            "syslog__bsd_rollover_no_pid.log", "syslog__bsd_with_year.log", "errorlog__apache24.log",
            "errorlog__nginx.log", "errorlog__apache22.log", "textlog__go_std_log.log", "textlog__logback_pattern.log",
            "textlog__tomcat_catalina.log", "messages.json"}
REFUSED: dict[str, str] = {}


def _variants() -> list[Path]:
    files = [p for p in sorted(VARIANTS.iterdir()) if p.is_file()]
    return files + [VARIANTS / "slack__private_export",
                    VARIANTS / "discord__data_package" / "c1234567890123456789" / "messages.json"]


def _format_of(path: Path) -> str:
    owner = path if "__" in path.name else next(p for p in path.parents if "__" in p.name)
    return owner.name.split("__")[0]


def _read(path: Path, report: ReadReport | None = None) -> list:
    return read_any(path, report=report, year=2023 if "rollover" in path.name else 2024, day=date(2024, 5, 1))


@pytest.mark.parametrize("path", _variants(), ids=lambda p: str(p.relative_to(VARIANTS)))
def test_each_variant_is_detected_and_read_with_stable_ids(path: Path) -> None:
    expected = _format_of(path)
    if path.is_file():
        assert detect_format(path.read_bytes()[:HEAD_BYTES], path.name) == expected
    if path.name in REFUSED:
        with pytest.raises(ImportFailed) as caught:
            _read(path)
        assert path.name in str(caught.value) and REFUSED[path.name] in caught.value.message
        return
    report = ReadReport()
    entries = _read(path, report)
    assert entries and report.format == expected
    for entry in entries:
        assert entry.time.tzinfo is not None and entry.time.utcoffset() == UTC.utcoffset(None)
        assert entry.text.strip() and entry.source and entry.source_id
        assert entry.assumed_zone is (path.name in ZONELESS), entry
    again = _read(path)
    assert [(e.source, e.source_id) for e in again] == [(e.source, e.source_id) for e in entries]


def test_the_variant_matrix_covers_every_format() -> None:
    from hotwash.core.timeline import format_names

    covered = {_format_of(p) for p in _variants()}
    assert covered >= set(format_names()) - {"zoom"}  # Zoom chat: tests/core/timeline/test_importers.py
