"""Writing output files safely: to a temporary name in the target folder, then renamed over the target.

A crash or a full disk leaves the old file (or none) rather than half a file; a target held open by
Word, WPS or Excel (Windows refuses the rename) gives a Chinese message that suggests a free name."""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..core.errors import DomainError


class OutputFileError(DomainError):
    """The output cannot be written; str(e) is a Chinese message for the officer."""

    def __init__(self, message: str, suggestion: Path | None = None):
        super().__init__(message)
        self.suggestion = suggestion


def free_name(path: Path) -> Path:
    """`台账.xlsx` → `台账(1).xlsx`, `台账(2).xlsx` … the first name not taken."""
    n = 1
    while True:
        candidate = path.with_name(f"{path.stem}({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _close_abandoned_archives(exc: BaseException) -> None:
    """A writer that failed half-way (a full disk) leaves its ZipFile open (openpyxl, python-docx); when it is
    collected later it tries again to write and prints a traceback after our message. Close such archives
    now, quietly: the temporary file is deleted anyway."""
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            candidates = [value, *getattr(value, "__dict__", {}).values()]
            for z in candidates:
                if isinstance(z, zipfile.ZipFile) and z.fp is not None:
                    with contextlib.suppress(Exception):
                        z.close()
        tb = tb.tb_next


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(tmp_path)` then move the result onto `target`. Returns `target`."""
    target = Path(target)
    if not target.parent.is_dir():
        raise OutputFileError(f"文件夹不存在：{target.parent}")
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        write(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        suggestion = free_name(target)
        if exc.filename is not None and Path(exc.filename) == tmp:
            raise OutputFileError(f"没有权限在 {target.parent} 中写入文件。") from exc
        raise OutputFileError(
            f"无法写入 {target.name}：文件可能正在 Word、WPS 或 Excel 中打开。请关闭后重试，或另存为 {suggestion.name}。",
            suggestion,
        ) from exc
    except OSError as exc:
        _close_abandoned_archives(exc)
        tmp.unlink(missing_ok=True)
        if exc.errno == 28:
            raise OutputFileError("磁盘空间已满，文件未保存。请清理磁盘后重试。") from exc
        raise OutputFileError(f"无法写入 {target}：{exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
