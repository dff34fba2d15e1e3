"""The registry: importers loaded on first use, clear errors for files no importer can read."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from hotwash.core.errors import ImportFailed
from hotwash.core.timeline import FORMATS, format_names, read_any, registry, resolve_format


def test_every_format_name_belongs_to_its_module_in_detection_order() -> None:
    assert [FORMATS[name].NAME for name in registry.NAMES] == list(registry.NAMES)
    assert [FORMATS[name].__name__.rsplit(".", 1)[1] for name in registry.NAMES] == list(registry.ORDER)
    assert format_names() == sorted(FORMATS) and len(FORMATS) == 21
    assert resolve_format("k8s") is FORMATS["kubernetes"] and "csv" in FORMATS and "nosuch" not in FORMATS


def _modules_loaded_reading(path: Path) -> set[str]:
    code = ("import sys\n"
            "from hotwash.core.timeline import read_any\n"
            f"read_any({str(path)!r})\n"
            "print(' '.join(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('hotwash.core.timeline.')))\n")
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_reading_a_json_log_loads_only_the_importers_detection_needs(artifacts: Path, tmp_path: Path) -> None:
    plain = tmp_path / "app.log"
    plain.write_text("".join(f'{{"time": "2024-05-01T10:00:{i:02d}Z", "level": "info", "msg": "request {i}"}}\n'
                             for i in range(50)))
    loaded = _modules_loaded_reading(plain)
    assert "jsonlog" in loaded and not loaded & set(registry.ORDER[:registry.ORDER.index("jsonlog")])
    # a log that the quick check does not vouch for goes through detection in order, still stopping there
    loaded = _modules_loaded_reading(artifacts / "app.jsonl")
    assert set(registry.ORDER[:registry.ORDER.index("jsonlog") + 1]) <= loaded
    assert not loaded & {"gitlog", "syslog", "access", "errorlog", "textlog", "csvfile", "zoom"}


def test_a_file_that_cannot_be_opened_or_a_cut_gzip_is_an_error_naming_it(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cut = tmp_path / "app.jsonl.gz"
    lines = b"".join(b'{"time": "2024-05-01T10:00:%02dZ", "msg": "request %d"}\n' % (i % 60, i) for i in range(20000))
    cut.write_bytes(gzip.compress(lines)[:3000])
    with pytest.raises(ImportFailed, match="the compressed file is truncated") as exc:
        read_any(cut)
    assert exc.value.where == "app.jsonl.gz"
    locked = tmp_path / "locked.log"
    locked.write_text("x")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):  # no read permission (the tests may run as root)
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ImportFailed, match="cannot read this file: Permission denied") as exc:
        read_any(locked)
    assert exc.value.where == "locked.log"


@pytest.mark.parametrize(("content", "where", "message"), [
    ('{"receiver": "x",\n "alerts": [', "line 2", "the JSON ends early (a truncated file?)"),
    ('[{"a": 1},\n {"a": 2,, "b": 3}]', "line 2", "invalid JSON: Expecting property name enclosed in double quotes"),
    ('{"a": 1}\n{"a": 2\n{"a": 3}\n', "line 2", "invalid JSON: Expecting ',' delimiter"),
])
def test_json_that_no_format_recognises_says_where_it_breaks(tmp_path: Path, content: str, where: str,
                                                            message: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(content)
    with pytest.raises(ImportFailed) as exc:
        read_any(path)
    assert exc.value.where == f"export.json:{where}" and message in exc.value.message


def test_valid_json_of_no_known_format_is_still_called_unrecognised(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}\n{"hello": "again"}\n')
    with pytest.raises(ImportFailed, match="could not recognise the format") as exc:
        read_any(path)
    assert exc.value.where == "other.json"
