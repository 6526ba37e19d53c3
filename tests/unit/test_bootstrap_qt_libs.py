"""Issue 28 (minor): on a fresh Linux, bootstrap names the missing Qt system libraries and the one command that
installs them, in Chinese, instead of Qt's English xcb-cursor0 message. Driven with a fake `ldconfig`."""

from __future__ import annotations

import importlib.util
import stat

from ..conftest import ROOT

spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "packaging" / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)


def _listing(libs):
    lines = [f"{len(libs)} libs found in cache `/etc/ld.so.cache'"]
    lines += [f"\t{lib} (libc6,x86-64) => /lib/x86_64-linux-gnu/{lib}" for lib in libs]
    return "\n".join(lines) + "\n"


def _fake_ldconfig(tmp_path, libs):
    exe = tmp_path / "ldconfig"
    data = tmp_path / "listing.txt"
    data.write_text(_listing(libs), encoding="utf-8")
    exe.write_text(f"#!/bin/sh\ncat '{data}'\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe)


def test_the_package_list_and_the_library_map_agree():
    debs = [line.strip() for line in (ROOT / "packaging" / "linux" / "qt-runtime-debs.txt").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert sorted(debs) == sorted(bootstrap.QT_RUNTIME_LIBS)
    assert (ROOT / bootstrap.INSTALL_SCRIPT).exists()


def test_all_libraries_present_means_no_message(tmp_path):
    exe = _fake_ldconfig(tmp_path, list(bootstrap.QT_RUNTIME_LIBS.values()) + ["libc.so.6"])
    assert bootstrap.check_qt_runtime(exe, "linux", {}) is None


def test_missing_xcb_cursor_is_named_with_the_install_command(tmp_path):
    libs = [lib for lib in bootstrap.QT_RUNTIME_LIBS.values() if lib != "libxcb-cursor.so.0"]
    exe = _fake_ldconfig(tmp_path, libs + ["libxcb-cursor.so"])  # the dev symlink alone does not count
    message = bootstrap.check_qt_runtime(exe, "linux", {"QT_QPA_PLATFORM": "xcb"})
    assert message is not None
    assert "libxcb-cursor0" in message and "libxcb-icccm4" not in message
    assert "sudo bash packaging/linux/install-qt-runtime.sh" in message
    assert "缺少" in message and "xcb-cursor0 plugin" not in message


def test_several_missing_are_all_listed():
    listing = _listing(["libGL.so.1", "libEGL.so.1"])
    missing = bootstrap.missing_qt_packages(listing)
    assert "libgl1" not in missing and "libegl1" not in missing
    assert set(missing) == set(bootstrap.QT_RUNTIME_LIBS) - {"libgl1", "libegl1"}


def test_nothing_checked_offscreen_on_windows_or_without_ldconfig(tmp_path):
    exe = _fake_ldconfig(tmp_path, [])
    assert bootstrap.check_qt_runtime(exe, "win32", {}) is None
    assert bootstrap.check_qt_runtime(exe, "linux", {"QT_QPA_PLATFORM": "offscreen"}) is None
    broken = tmp_path / "broken"
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    assert bootstrap.check_qt_runtime(str(broken), "linux", {}) is None


def test_app_launch_stops_with_the_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "check_qt_runtime", lambda: bootstrap.missing_qt_message(["libxcb-cursor0"]))
    monkeypatch.setattr(bootstrap, "ensure_venv", lambda: tmp_path / "python")
    installed = []
    monkeypatch.setattr(bootstrap, "pip_install", lambda py, target: installed.append(target))
    assert bootstrap.main(["app"]) == 1
    assert installed == []
    assert "install-qt-runtime.sh" in capsys.readouterr().err
