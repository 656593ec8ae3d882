import os

import pytest

from qualcheck.fsio import atomic_open, atomic_write_bytes, atomic_write_text


def test_atomic_write_replaces_whole_file(tmp_path):
    p = tmp_path / "report.json"
    atomic_write_text(p, "old")
    atomic_write_text(p, "new text")
    assert p.read_text() == "new text"
    assert os.listdir(tmp_path) == ["report.json"]  # no temporary file left beside it
    atomic_write_bytes(p, b"\x00bytes")
    assert p.read_bytes() == b"\x00bytes"


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path):
    p = tmp_path / "report.json"
    atomic_write_text(p, '{"ok": true}')
    with pytest.raises(RuntimeError):
        with atomic_open(p) as fh:
            fh.write('{"ok": fa')  # cut off half way, as a full disk or a kill would
            raise RuntimeError("disk full")
    assert p.read_text() == '{"ok": true}'
    assert os.listdir(tmp_path) == ["report.json"]
