"""Working-day calendar with the State Council's 调休 arrangements.

A working day (工作日) is Monday–Friday unless it is an official rest day, or a Saturday/Sunday that the
State Council made a working day (调休上班). Each year's arrangement carries its provenance. Years with no
arrangement loaded are *unknown*: the calendar still answers — Monday to Friday minus the 13 statutory rest
days of the 放假办法 (statutory_holidays.py), since those are off whatever the notice says — but every result
that touches such a year reports the year so callers can mark it provisional.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .statutory_holidays import statutory_rest_days

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def weekday_name(d: date) -> str:
    return WEEKDAY_NAMES[d.weekday()]


def cn_date(d: date, with_year: bool = True, with_weekday: bool = False) -> str:
    """2026年3月5日 — Arabic numerals, no zero padding (GB/T 9704 style)."""
    text = f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"
    if with_weekday:
        text += f"（{weekday_name(d)}）"
    return text


@dataclass(frozen=True)
class HolidayPeriod:
    name: str
    start: date
    end: date

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: rest days in holiday periods and make-up working days."""

    year: int
    rest_days: frozenset[date]
    workdays: frozenset[date]
    holidays: tuple[HolidayPeriod, ...] = ()
    source: str = ""

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "rest_days": sorted(d.isoformat() for d in self.rest_days),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "source": self.source,
            "holidays": [
                {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in self.holidays
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> YearArrangement:
        return cls(
            year=int(data["year"]),
            rest_days=frozenset(date.fromisoformat(s) for s in data["rest_days"]),
            workdays=frozenset(date.fromisoformat(s) for s in data["workdays"]),
            holidays=tuple(
                HolidayPeriod(h["name"], date.fromisoformat(h["start"]), date.fromisoformat(h["end"]))
                for h in data.get("holidays", [])
            ),
            source=data.get("source", ""),
        )

    def holiday_name(self, d: date) -> str | None:
        for p in self.holidays:
            if p.start <= d <= p.end:
                return p.name
        return None


def load_bundled_arrangements(calendar_dir: Path) -> list[YearArrangement]:
    """Read the shipped YYYY.json files (official data with provenance)."""
    result = []
    for path in sorted(calendar_dir.glob("[0-9][0-9][0-9][0-9].json")):
        with path.open(encoding="utf-8") as f:
            result.append(YearArrangement.from_json(json.load(f)))
    return result


@dataclass(frozen=True)
class DayOverride:
    """A single day edited by hand, with the officer's reason."""

    day: date
    is_workday: bool
    reason: str


@dataclass
class WorkCalendar:
    """Answers 'is this a working day' and counts working days, tracking unknown years."""

    arrangements: dict[int, YearArrangement] = field(default_factory=dict)
    overrides: dict[date, DayOverride] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rest: set[date] = set()
        self._work: set[date] = set()
        self._names: dict[date, str] = {}
        for arr in self.arrangements.values():
            self._rest |= arr.rest_days
            self._work |= arr.workdays
            for p in arr.holidays:
                for d in p.days():
                    self._names[d] = p.name

    @classmethod
    def from_arrangements(
        cls, arrangements: Iterable[YearArrangement], overrides: Iterable[DayOverride] = ()
    ) -> WorkCalendar:
        return cls({a.year: a for a in arrangements}, {o.day: o for o in overrides})

    # --- questions about single days -------------------------------------------------------------
    @property
    def known_years(self) -> list[int]:
        return sorted(self.arrangements)

    def is_known(self, d: date) -> bool:
        return d.year in self.arrangements

    def is_workday(self, d: date) -> bool:
        override = self.overrides.get(d)
        if override is not None:
            return override.is_workday
        if d in self._work:
            return True
        if d in self._rest:
            return False
        if d.year not in self.arrangements and d in statutory_rest_days(d.year):
            return False
        return d.weekday() < 5

    def is_makeup_workday(self, d: date) -> bool:
        """A Saturday or Sunday that is a working day (调休上班)."""
        return d.weekday() >= 5 and self.is_workday(d)

    def is_holiday_rest(self, d: date) -> bool:
        """A Monday–Friday that is a rest day (statutory holiday or 调休)."""
        return d.weekday() < 5 and not self.is_workday(d)

    def holiday_name(self, d: date) -> str | None:
        name = self._names.get(d)
        if name is None and d.year not in self.arrangements:
            name = statutory_rest_days(d.year).get(d)
        return name

    def is_statutory_provisional(self, d: date) -> bool:
        """A statutory rest day counted in a year whose notice is not loaded (the 调休 around it is unknown)."""
        return (d.year not in self.arrangements and d not in self._rest and d not in self._work
                and d in statutory_rest_days(d.year))

    def describe(self, d: date) -> str:
        """Short Chinese description of a day's status, used in trails and the calendar page."""
        override = self.overrides.get(d)
        if override is not None:
            return ("手工设为工作日" if override.is_workday else "手工设为休息日") + f"（{override.reason}）"
        if self.is_statutory_provisional(d):
            return f"{self.holiday_name(d)}（法定节假日，调休待通知）"
        if self.is_makeup_workday(d):
            return f"调休上班（{self._names.get(d) or '节假日'}）"
        if self.is_holiday_rest(d):
            return f"{self._names.get(d) or '节假日'}放假"
        if d in self._rest:
            return f"{self._names.get(d)}放假（周末）"
        return "工作日" if d.weekday() < 5 else "周末"

    # --- counting --------------------------------------------------------------------------------
    def workdays_after(self, start: date) -> Iterator[date]:
        """Working days strictly after `start`, in order (infinite)."""
        d = start
        while True:
            d += timedelta(days=1)
            if self.is_workday(d):
                yield d

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (the start day itself is not counted). n=0 → start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return start
        for i, d in enumerate(self.workdays_after(start), start=1):
            if i == n:
                return d
        raise AssertionError("unreachable")

    def subtract_workdays(self, end: date, n: int) -> date:
        """The n-th working day before `end` (`end` itself not counted). n=0 → end."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = end
        while n:
            d -= timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d

    def next_workday_on_or_after(self, d: date) -> date:
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def count_workdays(self, a: date, b: date) -> int:
        """Working days in (a, b]; 0 when b <= a."""
        count = 0
        d = a + timedelta(days=1)
        while d <= b:
            if self.is_workday(d):
                count += 1
            d += timedelta(days=1)
        return count

    def unknown_years_between(self, a: date, b: date) -> list[int]:
        """Years in [a, b] for which no official arrangement is loaded."""
        lo, hi = min(a, b), max(a, b)
        return [y for y in range(lo.year, hi.year + 1) if y not in self.arrangements]

    def workdays_in_year(self, year: int) -> int:
        return self.count_workdays(date(year - 1, 12, 31), date(year, 12, 31))
