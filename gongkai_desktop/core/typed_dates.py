"""Dates as officers type them (issue 28 #7): 2026-10-14, 20261014, 2026/10/14, 2026.10.14, 2026年10月14日,
10月14日 (this year). Parsed exactly or refused with a Chinese message; never guessed."""

from __future__ import annotations

import re
from datetime import date

from .errors import DomainError

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?$")

FORMS = "2026-10-14、20261014、2026/10/14、2026年10月14日或10月14日"


class TypedDateError(DomainError):
    """The text is not a date in a usual form, or not a real day; the message is Chinese."""


def parse_typed_date(text: str, today: date) -> date:
    s = text.strip().translate(str.maketrans("０１２３４５６７８９－／．", "0123456789-/."))
    m = _FULL.match(s) or _COMPACT.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _MONTH_DAY.match(s)
        if not m:
            raise TypedDateError(f"“{text.strip()}”不是日期，请写成{FORMS}。")
        y, (mo, d) = today.year, (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise TypedDateError(f"没有{y}年{mo}月{d}日这一天，请核对。") from None
