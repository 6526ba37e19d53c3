"""Dependency direction: core, storage and documents never import Qt."""

import subprocess
import sys

from ..conftest import ROOT


def test_core_storage_documents_do_not_import_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "import gongkai_desktop.core, gongkai_desktop.storage, gongkai_desktop.documents\n"
        "for pkg in (gongkai_desktop.core, gongkai_desktop.storage, gongkai_desktop.documents):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "import gongkai_desktop.cli\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_storage_writes_sql():
    offenders = []
    for path in (ROOT / "gongkai_desktop").rglob("*.py"):
        rel = path.relative_to(ROOT / "gongkai_desktop").as_posix()
        if rel.startswith("storage/"):
            continue
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in (".execute(", ".query(", "INSERT INTO", "SELECT ")):
            offenders.append(rel)
    assert offenders == []
