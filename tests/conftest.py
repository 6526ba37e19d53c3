import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def calendar():
    from gongkai_desktop.core.workdays import WorkCalendar, load_bundled_arrangements

    return WorkCalendar.from_arrangements(load_bundled_arrangements(ROOT / "resources" / "calendar"))


def run_cli(capsys, *argv):
    """`gongkai ARGV` run in this process: (exit code, standard output, standard error)."""
    from gongkai_desktop.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_ledger(tmp_path, monkeypatch):
    """The command line on its own ledger (`tmp_path/cli.sqlite`) with its own state and data folders."""
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "cli.sqlite"


@pytest.fixture
def ledger(tmp_path):
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.open(tmp_path / "ledger.sqlite", backup_dir=tmp_path / "backups")
    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    yield led
    led.close()


@pytest.fixture(autouse=True)
def collect_garbage_between_tests():
    """Once the GUI tests have set up the application, Python's cyclic collection runs only from the GUI thread's
    timer (gui/app_setup.py); tests that never run the event loop get the same step after each test."""
    yield
    import gc

    if not gc.isenabled():
        from gongkai_desktop.gui.app_setup import collect_if_due

        collect_if_due()
