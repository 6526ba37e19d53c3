"""Settings stored in the ledger: the organisation profile and app-wide options."""

from __future__ import annotations

from sqlite_utils import Database

from ..core.errors import DomainError
from ..core.organisation import OrgProfile
from .audit import AuditLog


class SettingsRepo:
    PROFILE_PREFIX = "profile."

    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    def get(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        with self.db.atomic():
            before = self.get(key, None)  # type: ignore[arg-type]
            if before == value:
                return
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            self.audit.record("修改", "settings", key, before, value)

    def with_prefix(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with `prefix` (keys kept whole)."""
        return dict(self.db.execute("SELECT key, value FROM settings WHERE key LIKE ?", [prefix + "%"]).fetchall())

    def profile(self) -> OrgProfile:
        rows = self.db.execute(
            "SELECT key, value FROM settings WHERE key LIKE ?", [self.PROFILE_PREFIX + "%"]
        ).fetchall()
        return OrgProfile.from_dict({k[len(self.PROFILE_PREFIX):]: v for k, v in rows})

    def save_profile(self, profile: OrgProfile) -> None:
        """Validate and save in one transaction; raises ValueError(dict of field → message)."""
        errors = profile.validate()
        if errors:
            raise DomainError(errors)
        with self.db.atomic():
            for key, value in profile.to_dict().items():
                self.set(self.PROFILE_PREFIX + key, value)
        self.audit.operator = profile.operator
