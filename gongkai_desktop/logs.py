"""The rotating log file shared by the GUI and the CLI. Log messages never contain applicant data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .paths import AppPaths


def setup_logging(paths: AppPaths) -> Path:
    """Rotating log in the user log dir. Messages never contain applicant data (only errors and events)."""
    log_file = paths.log_dir / "gongkai.log"
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "baseFilename", None) == str(log_file.resolve()):
            return log_file
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:  # no writable log folder: keep quiet rather than print tracebacks at the officer
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file
