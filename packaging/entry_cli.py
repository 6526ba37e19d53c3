"""PyInstaller entry point of the command line (gongkai)."""

import sys

from gongkai_desktop.cli import main

sys.exit(main())
