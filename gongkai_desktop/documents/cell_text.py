"""Text as spreadsheet cells may hold it: never a formula, never a character XML forbids.

OWASP's CSV/Excel rule: text starting with = + - @ (or a tab or carriage return) is written as a text cell
with Excel's quote prefix (the ' an officer would type), so Excel and WPS show it as typed, keep it text when
the cell is edited, and a re-import reads back exactly the original text. Control characters (NUL, \\x01 …)
are dropped when written: one stray character in stored data must never stop an export."""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 allows tab, LF and CR among the C0 controls; nothing else below U+0020, nor U+FFFE/U+FFFF
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an .xlsx (XML) cannot carry."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """openpyxl: `ws.cell(row, column, value)` with text kept as text (see the module docstring)."""
    if isinstance(value, str):
        value = xml_safe(value)
        cell = ws.cell(row, column)
        cell.value = value
        as_text(cell)
        return cell
    return ws.cell(row, column, value)


def as_text(cell: Any) -> Any:
    """An openpyxl cell whose string value starts like a formula becomes a quote-prefixed text cell."""
    if isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_only_row(ws: Any, values: list[Any]) -> list[Any]:
    """openpyxl write-only mode: the row's values with every formula-like text as a quote-prefixed text cell."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = xml_safe(value)
            if looks_like_formula(value):
                cell = WriteOnlyCell(ws, value=value)
                out.append(as_text(cell))
                continue
        out.append(value)
    return out
