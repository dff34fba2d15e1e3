"""Every real sample under ../shared/samples/artifacts: readable ones give aware times,
unreadable ones fail clearly naming the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.timeline import ReadReport, read_any

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO.parent / "shared" / "samples" / "artifacts"
SKIP_SUFFIXES = {".md", ".tsv", ".sh"}


def _samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    files = [p for p in sorted(SAMPLES.rglob("*")) if p.is_file() and p.suffix not in SKIP_SUFFIXES
             and "_docs" not in p.parts and not any(part.startswith(("slack_export_viewer_testarchive",
                                                                     "slackdump_export_dir")) for part in p.parts[:-1])]
    folders = [SAMPLES / "slack" / "slack_export_viewer_testarchive", SAMPLES / "slack" / "slackdump_export_dir"]
    return files + [f for f in folders if f.is_dir()]


# Files that are not timelines at all, or deliberately broken: they must fail clearly.
EXPECTED_FAILURES = {"git_log_oneline_alertmanager.txt", "aws_idr_docs_datadog_eventbridge_partner_event.jsonc",
                     "webhook_issues_opened.payload.json", "webhook_issue_comment_created.payload.json",
                     "messageDeletedMessage.json"}


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
@pytest.mark.parametrize("path", _samples(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_each_real_sample_reads_with_aware_times_or_fails_naming_the_file(path: Path) -> None:
    report = ReadReport()
    try:
        entries = read_any(path, report=report, day=date(2024, 1, 15) if "zoom" in path.name else None)
    except ImportFailed as exc:
        assert path.name in str(exc)
        return
    assert path.name not in EXPECTED_FAILURES, f"{path.name} should have been refused"
    for entry in entries:
        assert entry.time.tzinfo is not None and entry.time.utcoffset() is not None
        assert entry.text and entry.source and entry.source_id


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_the_known_bad_samples_fail_with_a_clear_reason() -> None:
    for name in ("git/git_log_oneline_alertmanager.txt", "datadog/aws_idr_docs_datadog_eventbridge_partner_event.jsonc"):
        with pytest.raises(ImportFailed) as caught:
            read_any(SAMPLES / name)
        assert Path(name).name in str(caught.value)
    with pytest.raises(ImportFailed, match="line"):
        read_any(SAMPLES / "datadog" / "aws_idr_docs_datadog_eventbridge_partner_event.jsonc")


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_the_real_slack_export_zip_and_folder_agree() -> None:
    zipped = read_any(SAMPLES / "slack" / "slack_export_viewer_testarchive.zip")
    folder = read_any(SAMPLES / "slack" / "slack_export_viewer_testarchive")
    assert len(zipped) == len(folder) > 100
    assert all("<@U" not in e.text for e in zipped)
