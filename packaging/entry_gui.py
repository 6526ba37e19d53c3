"""PyInstaller entry point of the window application (gongkai-desktop)."""

import sys

from gongkai_desktop.__main__ import main

sys.exit(main())
