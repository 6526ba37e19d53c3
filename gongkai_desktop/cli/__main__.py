"""`python -m gongkai_desktop.cli`."""

import sys

from . import main

sys.exit(main())
