"""Set up a private virtual environment (.venv) and run the app or the tests — the README's two commands.

    python3 packaging/bootstrap.py app    # install and launch the app on its default ledger
    python3 packaging/bootstrap.py test   # install with test extras, run ruff, mypy and the whole suite offscreen

Only the Python standard library is used here, so it works on a fresh Windows or Linux machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    if not venv_python().exists():
        print("创建虚拟环境 .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # noqa: BLE001 - explain the usual Debian/Ubuntu cause
            sys.exit(f"无法创建虚拟环境：{exc}\nDebian/统信UOS/麒麟 上请先安装 python3-venv（sudo apt install python3-venv）。")
    return venv_python()


def pip_install(py: Path, target: str) -> None:
    """Install the project (editable) with the tested Qt build from packaging/constraints.txt."""
    subprocess.run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-c", str(ROOT / "packaging" / "constraints.txt"), "-e", target], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "app"
    if what not in ("app", "test"):
        print(__doc__)
        return 2
    py = ensure_venv()
    if what == "app":
        pip_install(py, ".")
        return subprocess.call([str(py), "-m", "gongkai_desktop", *argv[1:]], cwd=ROOT)
    pip_install(py, ".[test]")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lint = subprocess.call([str(py), "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    types = subprocess.call([str(py), "-m", "mypy"], cwd=ROOT, env=env)  # files and strictness: pyproject.toml
    tests = subprocess.call([str(py), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)
    return tests or lint or types


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
