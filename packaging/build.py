"""Build the frozen application and its packages (see packaging/README.md).

    python packaging/build.py app        PyInstaller onedir in dist/gongkai-desktop (Linux or Windows)
    python packaging/build.py portable   dist/gongkai-desktop-<version>-portable-<arch>.zip (with portable.txt)
    python packaging/build.py deb        dist/gongkai-desktop_<version>_<arch>.deb (Linux, dpkg-deb)
    python packaging/build.py all        all three (Linux)
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
APP = DIST / "gongkai-desktop"
sys.path.insert(0, str(ROOT))
from gongkai_desktop import APP_NAME, __version__  # noqa: E402 - the one place the version lives

DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
# system libraries the .deb takes from the distribution (统信UOS/麒麟 are Debian-based)
DEB_DEPENDS = ("libc6 (>= 2.28), libglib2.0-0, libfontconfig1, libfreetype6, libx11-6, libx11-xcb1, libxcb1, "
               "libxcb-cursor0 | libxcb-xinerama0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, "
               "libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0, "
               "libegl1, libgl1, libdbus-1-3, fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei")


def build_app() -> Path:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST), "--workpath",
                    str(ROOT / "build" / "pyinstaller"), str(ROOT / "packaging" / "gongkai.spec")], check=True)
    if sys.platform.startswith("linux"):
        removed = prune_unneeded_libraries(APP / "_internal")
        print(f"pruned {len(removed)} libraries no remaining binary needs")
    print(f"{APP}: {size_mb(APP):.0f} MB")
    return APP


def needed(elf: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(elf)], capture_output=True, text=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


def prune_unneeded_libraries(internal: Path) -> list[str]:
    """Remove top-level bundled libraries (pulled in by plugins the spec drops) that nothing left needs."""
    top = {p.name: p for p in internal.glob("*.so*") if p.is_file()}
    roots = [p for p in internal.rglob("*.so*") if p.is_file() and p.parent != internal]
    roots += [p for p in (internal.parent / "gongkai-desktop", internal.parent / "gongkai") if p.exists()]
    keep: set[str] = {f"libpython{sys.version_info.major}.{sys.version_info.minor}.so.1.0"}
    queue = [p for p in roots]
    seen: set[Path] = set()
    while queue:
        elf = queue.pop()
        if elf in seen:
            continue
        seen.add(elf)
        for name in needed(elf):
            if name in top and name not in keep:
                keep.add(name)
                queue.append(top[name])
    removed = []
    for name, path in top.items():
        if name not in keep and not name.startswith("libpython"):
            path.unlink()
            removed.append(name)
    return removed


def size_mb(path: Path) -> float:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1024 / 1024


def build_portable() -> Path:
    """A zip: unpack anywhere (a USB stick); portable.txt keeps ledger, backups and settings beside it."""
    target = DIST / f"gongkai-desktop-{__version__}-portable-{platform.machine().lower()}.zip"
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(APP.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo.from_file(p, f"gongkai-desktop/{p.relative_to(APP).as_posix()}")
                with open(p, "rb") as f:
                    z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
        z.writestr("gongkai-desktop/portable.txt", "有此文件时，台账、备份、日志和设置保存在旁边的 data 文件夹中。\n")
    print(f"{target}: {target.stat().st_size / 1024 / 1024:.0f} MB")
    return target


def build_deb() -> Path:
    """dpkg-deb from the PyInstaller folder: /opt/gongkai-desktop, commands in /usr/bin, a desktop entry."""
    stage = ROOT / "build" / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / "gongkai-desktop"
    shutil.copytree(APP, opt, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    for name in ("gongkai-desktop", "gongkai"):
        os.symlink(f"/opt/gongkai-desktop/{name}", stage / "usr" / "bin" / name)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "gongkai-desktop.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=政务公开台账\nName[zh_CN]=政务公开台账\n"
        "Comment=依申请公开台账、答复期限、答复文书和政府信息公开工作年度报告\n"
        "Exec=/opt/gongkai-desktop/gongkai-desktop\nIcon=gongkai-desktop\nTerminal=false\n"
        "Categories=Office;\nKeywords=政务公开;依申请公开;年度报告;\n", encoding="utf-8")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copyfile(ROOT / "resources" / "icons" / "gongkai.png", icons / "gongkai-desktop.png")
    debian = stage / "DEBIAN"
    debian.mkdir()
    installed_kb = int(size_mb(stage) * 1024)
    (debian / "control").write_text(
        f"Package: gongkai-desktop\nVersion: {__version__}\nArchitecture: {DEB_ARCH}\n"
        f"Maintainer: 政务公开台账 <gongkai-desktop@localhost>\nInstalled-Size: {installed_kb}\n"
        f"Depends: {DEB_DEPENDS}\nSection: misc\nPriority: optional\n"
        f"Description: {APP_NAME} - government information disclosure ledger\n"
        " Offline desktop ledger of 依申请公开 applications with statutory working-day deadlines, reply letters\n"
        " in the official format, the 工作要点 task ledger and the annual 政府信息公开工作年度报告.\n",
        encoding="utf-8")
    target = DIST / f"gongkai-desktop_{__version__}_{DEB_ARCH}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(stage), str(target)], check=True)
    print(f"{target}: {target.stat().st_size / 1024 / 1024:.0f} MB")
    return target


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else "app"
    if what in ("app", "all"):
        build_app()
    if what in ("portable", "all"):
        build_portable()
    if what in ("deb", "all"):
        build_deb()
    if what not in ("app", "portable", "deb", "all"):
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
