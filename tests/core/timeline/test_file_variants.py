"""Every variant fixture read again as a real export might arrive: with a UTF-8 byte order mark,
with CRLF line endings, gzip-compressed, as UTF-16 (PowerShell's ``>``): the same entries. Empty
exports and damaged ones get a clear error naming the file."""

from __future__ import annotations

import gzip
import io
import os
from datetime import date
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.timeline import read_any

V = Path(__file__).resolve().parents[2] / "fixtures" / "artifacts" / "variants"
FILES = sorted(p for p in V.iterdir() if p.is_file())
BINARY = {"journald__export_binary.export"}  # binary field lengths: CRLF conversion corrupts them


def _bom(raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw.removeprefix(b"\xef\xbb\xbf")


def _crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _utf16(raw: bytes) -> bytes:
    return b"\xff\xfe" + raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").encode("utf-16-le")


CHANGES = {"bom": _bom, "crlf": _crlf, "gz": gzip.compress, "bom+crlf": lambda raw: _bom(_crlf(raw)),
           "utf16": _utf16}


def _entries(path: Path, name: str) -> list[tuple[object, ...]]:
    entries = read_any(path, name=name, year=2023 if "rollover" in name else 2024, day=date(2024, 5, 1))
    return [(e.time, e.source, e.source_id, e.kind, e.text.replace("\r", "")) for e in entries]


CASES = [(path, change) for path in FILES for change in CHANGES
         if not (change in ("crlf", "bom+crlf", "utf16") and path.name in BINARY)]  # binary: tested below


@pytest.mark.parametrize(("path", "change"), CASES, ids=[f"{p.name}-{c}" for p, c in CASES])
def test_a_changed_copy_reads_the_same(path: Path, change: str, tmp_path: Path) -> None:
    copy = tmp_path / (path.name + (".gz" if change == "gz" else ""))
    copy.write_bytes(CHANGES[change](path.read_bytes()))
    mtime = path.stat().st_mtime
    os.utime(copy, (mtime, mtime))  # the kubectl table counts ages back from it
    assert _entries(copy, path.name) == _entries(path, path.name)


def test_crlf_journal_export_reads_its_text_fields_and_does_not_crash(tmp_path: Path) -> None:
    copy = tmp_path / "journal.export"
    copy.write_bytes(_crlf((V / "journald__export_binary.export").read_bytes()))
    assert read_any(copy)


def test_a_journal_export_claiming_a_huge_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.export"
    path.write_bytes(b"__REALTIME_TIMESTAMP=1714557600000000\nMESSAGE\n" + (1 << 40).to_bytes(8, "little")
                     + b"short\n\n")
    with pytest.raises(ImportFailed) as caught:
        read_any(path, format="journald")
    assert caught.value.where == "journal.export:line 2" and "more than the file holds" in caught.value.message


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\xef\xbb\xbf", "the file is empty"),
    (b"\n \r\n", "the file is empty"),
    (gzip.compress(b""), "the file is empty"),
    (b'{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}\n',
     "no records: the file holds only an empty list ('items')"),
    (b'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
     "no records: the file holds only an empty list ('items')"),
    (b'{"receiver":"x","status":"firing","alerts":[],"version":"4"}', "only an empty list ('alerts')"),
    (b"[]", "no records: the file holds only an empty list"),
    (b"No resources found in payments namespace.\n", "kubectl found nothing to export"),
    (gzip.compress(b'{"time":"2024-05-01T10:00:00Z","level":"error","msg":"x"}\n' * 50)[:40],
     "the compressed file is truncated"),
    (b"\xff\xfe" + b"\x00\xd8", "not valid UTF-16-LE text"),
])
def test_empty_and_damaged_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        read_any(path)
    assert caught.value.where.startswith("export.json") and message in caught.value.message


def test_a_stream_with_a_bom_reads_like_a_file() -> None:
    raw = (V / "alertmanager__webhooks.jsonl").read_bytes()
    plain = read_any(io.BytesIO(raw), name="am.jsonl")
    assert read_any(io.BytesIO(_bom(raw)), name="am.jsonl") == plain


def test_a_folder_of_logs_says_to_name_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "app.jsonl").write_bytes((V / "jsonlog__zap_iso.jsonl").read_bytes())
    with pytest.raises(ImportFailed) as caught:
        read_any(folder)
    assert caught.value.where == "logs" and "read as a Slack export" in caught.value.message
    assert "name them (logs/*)" in caught.value.message
    with pytest.raises(ImportFailed) as caught:
        read_any(folder, format="jsonlog")
    assert "jsonlog cannot read a folder; to read the files in it, name them (logs/*)" in caught.value.message


def test_a_binary_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "core.bin"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8 + b"\n,\r\n\"x\n")
    with pytest.raises(ImportFailed) as caught:
        read_any(path)
    assert caught.value.where == "core.bin" and caught.value.message.startswith("a binary file")
