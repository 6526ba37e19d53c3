"""The rotating log file shared by the GUI and the CLI. Log messages never contain applicant data."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import traceback
from pathlib import Path
from typing import IO

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
    handler.setFormatter(NoDataFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


class NoDataFormatter(logging.Formatter):
    """Tracebacks with their frames and exception types but without exception messages: a message can quote
    the data being processed (openpyxl's IllegalCharacterError quoted the applicant's name)."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        _type, exc, tb = ei
        parts: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            parts.insert(0, "Traceback (most recent call last):\n" + "".join(traceback.format_tb(exc.__traceback__ or tb))
                         + f"{type(exc).__module__}.{type(exc).__qualname__} (message not logged)")
            exc, tb = exc.__cause__ or exc.__context__, None
        return "\n\nwhich was caused by / raised during:\n".join(reversed(parts)) if len(parts) > 1 else parts[0]


_fatal_file: IO[str] | None = None  # kept open for the life of the process: faulthandler writes to its fd


def enable_fatal_trace(fatal_log: Path) -> None:
    """Send a hard crash (abort, segfault) to `fatal_log`; copy a previous run's trace into the log.

    A crash inside Qt or CPython kills the process before logging can run. faulthandler writes the stack
    of every thread to a file descriptor at that moment; at the next start the trace moves into the
    rotating log, so the officer's error report and the log carry it.
    """
    global _fatal_file
    try:
        if fatal_log.exists() and fatal_log.stat().st_size:
            trace = fatal_log.read_text(encoding="utf-8", errors="replace")
            logging.getLogger("gongkai").error("the previous run ended with a fatal error:\n%s", trace[-20_000:])
        if _fatal_file is None or _fatal_file.closed:
            _fatal_file = open(fatal_log, "w", encoding="utf-8")  # noqa: SIM115 - must stay open
        faulthandler.enable(file=_fatal_file, all_threads=True)
    except OSError:  # no writable log folder: no trace, never a failure to start
        pass
