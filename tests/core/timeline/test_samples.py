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
    bots = {e.actor for e in zipped if e.extra.get("subtype") == "bot_message"}
    assert bots == {"github"}  # named by the "added an integration" message, not the bot id


# The format each real sample is detected as (None: no format; a file that is not a timeline).
_LOGS = {"lnav_logfile_access_log.0": "access", "lnav_logfile_shop_access_log.0": "access",
         "loghub_Apache_Apache_2k.log": "errorlog", "lnav_logfile_journald.json": "journald",
         "systemd_docs_journal_export_format_example.export": "journald",
         "systemd_docs_journal_json_multivalue_binary_example.json": "journald",
         "lnav_logfile_docker_compose_with_ts.0": "textlog", "lnav_logfile_epoch.0": "textlog",
         "lnav_logfile_glog.0": "textlog", "lnav_logfile_invalid_tz.0": "textlog", "lnav_logfile_logfmt.0": "textlog",
         "lnav_logfile_zap_console.0": "textlog", "loghub_OpenStack_OpenStack_2k.log": "textlog",
         "logrus_readme_text_formatter_logfmt_output.log": "textlog", "loghub_Linux_README.md": None}
_NOT_TIMELINES = {"slackdump_export_channels.json", "slackdump_export_users.json", "Issue.setUp.resp1.json",
                  "Issue.testGetComments.resp0.json", "Issue.testGetComments.txt", "Issue.testGetEvents.resp0.json",
                  "Issue.testGetEvents.txt", "pd_webhooks_01-Overview_01_Webhook_Subscriptions.json",
                  "pd_webhooks_01-Overview_13_service.json", "pd_webhooks_01-Overview_14_service_field_values.json"}
_BY_FOLDER = {"alertmanager": "alertmanager", "slack": "slack", "git": "gitlog", "k8s": "kubernetes",
              "datadog": "datadog", "statuspage": "statuspage", "opsgenie": "opsgenie", "pagerduty": "pagerduty",
              "github": "github", "chat": "zoom", "jira": None}


def _expected_format(path: Path) -> str | None:
    if path.name in _NOT_TIMELINES:
        return None
    if path.name in _LOGS:
        return _LOGS[path.name]
    folder = path.relative_to(SAMPLES).parts[0]
    if folder == "logs":
        return "syslog" if "syslog" in path.name or path.name.startswith(("loghub_", "lnav_logfile_dst",
                                                                          "lnav_logfile_haproxy",
                                                                          "lnav_logfile_with_zones")) else "jsonlog"
    if folder == "grafana":
        return "grafana" if path.name.startswith("cerebro") else "alertmanager"  # OnCall's examples are AM-shaped
    return _BY_FOLDER[folder]


@pytest.mark.samples
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")
@pytest.mark.parametrize("path", [p for p in _samples() if p.is_file()], ids=lambda p: str(p.relative_to(SAMPLES)))
def test_each_real_sample_is_detected_as_its_format(path: Path) -> None:
    from hotwash.core.timeline import detect_format
    from hotwash.core.timeline.registry import HEAD_BYTES

    assert detect_format(path.read_bytes()[:HEAD_BYTES], path.name) == _expected_format(path)
