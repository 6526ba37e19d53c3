"""PDF copies through LibreOffice, when it is installed (it often is on 统信UOS/麒麟; optional on Windows)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from ..core.errors import DomainError

WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


class PdfError(DomainError):
    """The PDF could not be made; the message is Chinese."""


class PdfCancelled(PdfError):
    """The officer cancelled the conversion."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        return next((p for p in WINDOWS_PATHS if Path(p).exists()), None)
    return None


def to_pdf(docx: Path, timeout: float = 120, should_stop: Callable[[], bool] | None = None) -> Path:
    """Convert with LibreOffice beside the .docx. `should_stop()` is asked every tenth of a second; when it says
    so, LibreOffice is stopped, no PDF is left behind and `PdfCancelled` is raised."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("未找到 LibreOffice，无法转换为 PDF。可在 Word 或 WPS 中另存为 PDF。")
    pdf = docx.with_suffix(".pdf")
    existed = pdf.exists()
    try:  # its own process group: soffice is often a script starting soffice.bin, which must stop too
        proc = subprocess.Popen([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent),
                                 str(docx)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=os.name != "nt")
    except OSError as exc:
        raise PdfError(f"LibreOffice 转换失败：{exc}") from exc
    deadline = time.monotonic() + timeout
    while True:
        try:
            proc.wait(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            stop = should_stop is not None and should_stop()
            if stop or time.monotonic() > deadline:
                _kill(proc)
                if not existed:
                    pdf.unlink(missing_ok=True)
                if stop:
                    raise PdfCancelled("已取消转换为 PDF。") from None
                raise PdfError(f"LibreOffice 转换超时（{timeout:.0f} 秒）。") from None
    if proc.returncode != 0:
        raise PdfError(f"LibreOffice 转换失败（退出码 {proc.returncode}）。")
    if not pdf.exists():
        raise PdfError("LibreOffice 没有生成 PDF 文件。")
    return pdf


def _kill(proc: subprocess.Popen) -> None:
    if os.name == "nt":
        proc.kill()
    else:
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()
def to_pdf_many(files: list[Path], outdir: Path, timeout: float = 600) -> dict[Path, Path]:
    """Convert several files in one LibreOffice run (one start-up instead of one per file); returns the PDFs
    made, by source. Files LibreOffice could not convert are simply absent from the result."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("未找到 LibreOffice，无法转换为 PDF。")
    if not files:
        return {}
    try:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=timeout)
    except (subprocess.SubprocessError, OSError) as exc:
        raise PdfError(f"LibreOffice 转换失败：{exc}") from exc
    made = {f: outdir / (f.stem + ".pdf") for f in files}
    return {f: p for f, p in made.items() if p.exists() and p.stat().st_size > 0}
