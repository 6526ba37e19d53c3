"""Compile ui/*.ui into gongkai_desktop/gui/forms/ with pyside6-uic (run after editing a .ui file).

The generated modules are committed (so a source checkout runs without a build step) and never edited by
hand; tests/gui/test_forms_fresh.py fails when one is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "gongkai_desktop" / "gui" / "forms"


def uic_command() -> list[str]:
    """pyside6-uic from the running interpreter's environment first (a venv need not be on PATH)."""
    here = Path(sys.executable).parent
    for candidate in (here / "pyside6-uic", here / "pyside6-uic.exe", here / "Scripts" / "pyside6-uic.exe"):
        if candidate.exists():
            return [str(candidate)]
    exe = shutil.which("pyside6-uic")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys; from PySide6.scripts.pyside_tool import uic; sys.exit(uic())"]


def compile_ui(ui: Path) -> str:
    result = subprocess.run([*uic_command(), "--from-imports", str(ui)], capture_output=True, text=True, check=True)
    return result.stdout


def form_path(ui: Path) -> Path:
    return FORMS_DIR / f"ui_{ui.stem}.py"


def main() -> int:
    for ui in sorted(UI_DIR.glob("*.ui")):
        form_path(ui).write_text(compile_ui(ui), encoding="utf-8")
        print(f"{ui.name} → {form_path(ui).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
