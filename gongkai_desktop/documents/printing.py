"""Printing a generated letter or form through the system (issue 28): how to hand a .docx (or its PDF) to the
printer on this machine. Pure planning, so it can be tested with fake programs; the window runs the plan.

- Windows: the file's "print" verb (Word or WPS prints it with their own settings).
- Linux (统信UOS/麒麟): LibreOffice prints the .docx straight to the chosen printer (`soffice --headless --pt`);
  without LibreOffice a PDF is sent with `lp` (CUPS).
- Otherwise: no way to print here — the officer opens the file in Word/WPS and prints from there."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .pdf import find_soffice


@dataclass(frozen=True)
class PrintPlan:
    kind: str  # "verb" (Windows print verb) | "run" (a command) | "none"
    command: tuple[str, ...] = ()
    path: Path | None = None
    reason: str = ""  # for "none": what the officer should do instead


def print_plan(path: Path, printer: str = "", platform: str = "linux", soffice: str | None = None,
               lp: str | None = None) -> PrintPlan:
    """How to print `path` on `printer` ('' for the default printer)."""
    if platform.startswith("win"):
        return PrintPlan("verb", path=path)
    suffix = path.suffix.lower()
    if soffice and suffix in (".docx", ".doc", ".xlsx", ".pdf"):
        return PrintPlan("run", (soffice, "--headless", *(("--pt", printer) if printer else ("-p",)), str(path)))
    if lp and suffix == ".pdf":
        return PrintPlan("run", (lp, *(("-d", printer) if printer else ()), str(path)))
    return PrintPlan("none", path=path, reason="本机没有可以直接打印该文件的程序（未安装 LibreOffice）。请用 Word/WPS 打开后打印。")


def system_print_plan(path: Path, printer: str = "") -> PrintPlan:
    import sys

    return print_plan(path, printer, sys.platform, find_soffice(), shutil.which("lp"))
