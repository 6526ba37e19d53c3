"""Output files are written to a temporary name and renamed; failures leave no partial file."""

import errno

import pytest

from gongkai_desktop.documents import atomic
from gongkai_desktop.documents.atomic import OutputFileError, free_name, write_atomically


def test_success_replaces_the_target(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")
    write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_failure_while_writing_keeps_the_old_file(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")

    def boom(p):
        p.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputFileError, match="磁盘空间已满"):
        write_atomically(target, boom)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_target_locked_by_word_suggests_a_free_name(tmp_path, monkeypatch):
    target = tmp_path / "答复书.docx"
    target.write_bytes(b"old")
    (tmp_path / "答复书(1).docx").write_bytes(b"taken")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(OutputFileError) as err:
        write_atomically(target, lambda p: p.write_bytes(b"new"))
    assert "正在 Word、WPS 或 Excel 中打开" in str(err.value)
    assert err.value.suggestion == tmp_path / "答复书(2).docx"
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob(".*"))


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputFileError, match="文件夹不存在"):
        write_atomically(tmp_path / "none" / "x.xlsx", lambda p: p.write_bytes(b""))


def test_free_name(tmp_path):
    assert free_name(tmp_path / "a.xlsx") == tmp_path / "a(1).xlsx"
