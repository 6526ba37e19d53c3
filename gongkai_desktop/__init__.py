"""政务公开台账 (gongkai-desktop)."""

__version__ = "0.1.0"
APP_NAME = "政务公开台账"
