"""Set up a private virtual environment (.venv) and run the app or the tests — the README's two commands.

    python3 packaging/bootstrap.py app    # install and launch the app on its default ledger
    python3 packaging/bootstrap.py test   # install with test extras, run ruff, mypy and the whole suite offscreen

Only the Python standard library is used here, so it works on a fresh Windows or Linux machine.
"""

from __future__ import annotations

import os
import shutil
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


# The Debian package of packaging/linux/qt-runtime-debs.txt → the shared library Qt loads from it.
QT_RUNTIME_LIBS = {
    "libegl1": "libEGL.so.1",
    "libgl1": "libGL.so.1",
    "libx11-6": "libX11.so.6",
    "libxkbcommon0": "libxkbcommon.so.0",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
    "libfontconfig1": "libfontconfig.so.1",
    "libfreetype6": "libfreetype.so.6",
    "libglib2.0-0": "libglib-2.0.so.0",
    "libdbus-1-3": "libdbus-1.so.3",
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-xinerama0": "libxcb-xinerama.so.0",
    "libxcb-randr0": "libxcb-randr.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-image0": "libxcb-image.so.0",
}
INSTALL_SCRIPT = "packaging/linux/install-qt-runtime.sh"


def ldconfig_listing(ldconfig: str | None = None) -> str | None:
    """The `ldconfig -p` cache listing, or None when it cannot be read (then nothing is checked)."""
    exe = ldconfig or shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None)
    if exe is None:
        return None
    try:
        run = subprocess.run([exe, "-p"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def missing_qt_packages(listing: str) -> list[str]:
    """Packages of QT_RUNTIME_LIBS whose library is not in an `ldconfig -p` listing (lines "\tlibX.so.N (…) => path")."""
    present = {line.strip().split(" ", 1)[0] for line in listing.splitlines() if "=>" in line}
    return [pkg for pkg, lib in QT_RUNTIME_LIBS.items() if lib not in present]


def missing_qt_message(packages: list[str]) -> str:
    return ("无法启动：本机缺少 Qt 图形界面所需的系统库（" + "、".join(packages) + "）。\n"
            "请由有管理员权限的人员在终端中运行下面这一条命令安装，然后重新启动：\n\n"
            f"    sudo bash {INSTALL_SCRIPT}\n\n"
            "（统信UOS/麒麟/Debian/Ubuntu 适用；也可直接运行 sudo apt install " + " ".join(packages) + "）")


def check_qt_runtime(ldconfig: str | None = None, platform: str = sys.platform,
                     env: dict[str, str] | None = None) -> str | None:
    """On Linux with a real display: the Chinese message naming the missing Qt libraries, or None when all are there
    (or when they cannot be checked — then Qt itself reports)."""
    env = os.environ if env is None else env
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "xcb") not in ("", "xcb"):
        return None
    listing = ldconfig_listing(ldconfig)
    if listing is None:
        return None
    missing = missing_qt_packages(listing)
    return missing_qt_message(missing) if missing else None


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "app"
    if what not in ("app", "test"):
        print(__doc__)
        return 2
    py = ensure_venv()
    if what == "app":
        problem = check_qt_runtime()
        if problem:
            print(problem, file=sys.stderr)
            return 1
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
