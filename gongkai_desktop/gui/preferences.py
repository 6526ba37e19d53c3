"""The officer's own preferences, kept per user — not in the shared ledger and not in its legal audit log.

What belongs here is what one officer chose for their own convenience: the registration form's defaults (申请方式,
证件类型, 送达方式, 承办人, 承办科室 …), the import wizard's remembered column mappings, the applications list's
column widths, the folder last exported to. What is the unit's (机关名称, 文号前缀, the case rules, the
subordinate units of the report, the 本机关 for the work plan) stays in the ledger's settings.

`Preferences` wraps the application's QSettings (the per-user config file; `paths.config_file`), built once in
`__main__` and passed down through the main window; a widget built without one (tests, a dialog opened on its
own) gets `Preferences()`, which keeps values in memory for that session only. Values are stored as JSON text
so the INI file round-trips them exactly.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSettings

REGISTRATION = "preferences/registration_defaults"
IMPORT_MAPPINGS = "preferences/import_mappings"
IMPORT_VALUES = "preferences/import_value_maps"
COLUMN_WIDTHS = "preferences/column_widths/"
# the ledger settings keys these were kept under before (read once as a fallback, never written again)
LEGACY_LEDGER_KEYS = {REGISTRATION: "registration.defaults", IMPORT_MAPPINGS: "import.mappings",
                      IMPORT_VALUES: "import.value_maps"}


class Preferences:
    def __init__(self, settings: QSettings | None = None):
        self._settings = settings
        self._memory: dict[str, str] = {}

    # --- storage ------------------------------------------------------------------------------------------
    def _get(self, key: str) -> Any:
        if self._settings is None:
            return self._memory.get(key)
        return self._settings.value(key)

    def _set(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if self._settings is None:
            self._memory[key] = text
        else:
            self._settings.setValue(key, text)

    def _json(self, key: str, default: Any, legacy: Any = None) -> Any:
        raw = self._get(key)
        if raw in (None, "") and legacy is not None:  # an older version kept it in the ledger
            raw = legacy.settings.get(LEGACY_LEDGER_KEYS[key], "")
        try:
            value = json.loads(raw) if isinstance(raw, str) and raw else default
        except ValueError:  # a hand-edited config file: start again from the default
            value = default
        return value if isinstance(value, type(default)) else default

    # --- registration form ---------------------------------------------------------------------------------
    def registration_defaults(self, legacy_ledger: Any = None) -> dict[str, str]:
        """申请方式, 证件类型, 是否须填申请表, 送达方式, 承办人, 承办科室 of the officer's last registration."""
        return {str(k): str(v) for k, v in self._json(REGISTRATION, {}, legacy_ledger).items() if v}

    def set_registration_defaults(self, values: dict[str, str]) -> None:
        self._set(REGISTRATION, {k: v for k, v in values.items() if v})

    # --- import wizard --------------------------------------------------------------------------------------
    def import_mapping(self, signature: str, legacy_ledger: Any = None) -> dict[int, str] | None:
        """The column mapping confirmed for a file with these headers (column index → field), if any."""
        saved = self._json(IMPORT_MAPPINGS, {}, legacy_ledger).get(signature)
        return {int(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else None

    def remember_import_mapping(self, signature: str, mapping: dict[int, str]) -> None:
        maps = self._json(IMPORT_MAPPINGS, {})
        maps[signature] = {str(k): v for k, v in mapping.items()}
        self._set(IMPORT_MAPPINGS, maps)

    def import_value_maps(self, legacy_ledger: Any = None) -> tuple[dict[str, str], dict[str, str]]:
        """How the officer mapped unusual 办理结果 and 申请人类型 spellings: (outcome map, category map)."""
        values = self._json(IMPORT_VALUES, {}, legacy_ledger)
        return dict(values.get("outcome") or {}), dict(values.get("category") or {})

    def remember_import_values(self, outcome: dict[str, str], category: dict[str, str]) -> None:
        values = self._json(IMPORT_VALUES, {})
        values.setdefault("outcome", {}).update(outcome)
        values.setdefault("category", {}).update(category)
        self._set(IMPORT_VALUES, values)

    # --- tables and folders ---------------------------------------------------------------------------------
    def column_widths(self, table: str) -> list[int]:
        widths = self._json(COLUMN_WIDTHS + table, [])
        return [int(w) for w in widths if isinstance(w, int) and 20 <= w <= 2000]

    def set_column_widths(self, table: str, widths: list[int]) -> None:
        self._set(COLUMN_WIDTHS + table, [int(w) for w in widths])
