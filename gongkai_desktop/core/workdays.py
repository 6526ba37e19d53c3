"""Working-day calendar with the State Council's 调休 arrangements.

A working day (工作日) is Monday–Friday unless it is an official rest day, or a Saturday/Sunday that the
State Council made a working day (调休上班). Each year's arrangement carries its provenance. Years with no
arrangement loaded are *unknown*: the calendar still answers — Monday to Friday minus the 13 statutory rest
days of the 放假办法 (statutory_holidays.py), since those are off whatever the notice says — but every result
that touches such a year reports the year so callers can mark it provisional.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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


def merge_periods(periods: Iterable[HolidayPeriod]) -> tuple[HolidayPeriod, ...]:
    """Periods of the same holiday that overlap, touch or are only a weekend apart become one (a supplementary
    notice's 5/1–5/4 and the main notice's 5/1 → 5/1–5/4; 端午 6/20 放假 and 6/22 补休 → 6/20–6/22)."""
    merged: list[HolidayPeriod] = []
    for p in sorted(periods, key=lambda p: (p.name, p.start)):
        last = merged[-1] if merged else None
        gap = [last.end + timedelta(days=i) for i in range(1, (p.start - last.end).days)] if last else []
        if last is not None and last.name == p.name and all(g.weekday() >= 5 for g in gap):
            merged[-1] = HolidayPeriod(p.name, last.start, max(last.end, p.end))
        else:
            merged.append(p)
    return tuple(sorted(merged, key=lambda p: p.start))


def source_title(source: str) -> str:
    """'国务院办公厅关于2019年部分节假日安排的通知（2018-12-06）' → the title without the date."""
    return re.sub(r"（\d{4}-\d{2}-\d{2}）$", "", source.strip())


def source_rank(source: str) -> tuple[bool, str]:
    """Which notice decides a day two notices set: a supplementary notice over the main one, then the later."""
    parts = [x for x in source.split("；") if x.strip()] or [""]
    ranks = []
    for part in parts:
        m = re.search(r"（(\d{4}-\d{2}-\d{2})）$", part.strip())
        ranks.append(("部分节假日安排" not in part, m.group(1) if m else ""))
    return max(ranks)


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: rest days in holiday periods and make-up working days.

    The days are those the year's notices set, which may include days of the neighbouring year (the 2019
    notice sets 2018-12-29 worked and 2018-12-30/31 off); `days_of_year` shows days by the year they fall in.
    `day_sources` names the notice each day comes from (a supplementary notice for the days it changed)."""

    year: int
    rest_days: frozenset[date]
    workdays: frozenset[date]
    holidays: tuple[HolidayPeriod, ...] = ()
    source: str = ""
    day_sources: dict[date, str] = field(default_factory=dict, compare=False, hash=False)

    def source_of(self, d: date) -> str:
        return self.day_sources.get(d) or self.source.split("；")[0]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "year": self.year,
            "rest_days": sorted(d.isoformat() for d in self.rest_days),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "source": self.source,
            "holidays": [
                {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in self.holidays
            ],
        }
        main = self.source.split("；")[0]
        other = {d.isoformat(): s for d, s in sorted(self.day_sources.items()) if s != main}
        if other:
            data["day_sources"] = other
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> YearArrangement:
        papers = data.get("papers") or []
        main = f"{papers[0]['title']}（{papers[0]['date']}）" if papers else data.get("source", "").split("；")[0]
        rest = frozenset(date.fromisoformat(s) for s in data["rest_days"])
        work = frozenset(date.fromisoformat(s) for s in data["workdays"])
        sources = dict.fromkeys(rest | work, main)
        sources.update({date.fromisoformat(k): v for k, v in data.get("day_sources", {}).items()})
        return cls(
            year=int(data["year"]),
            rest_days=rest,
            workdays=work,
            holidays=tuple(
                HolidayPeriod(h["name"], date.fromisoformat(h["start"]), date.fromisoformat(h["end"]))
                for h in data.get("holidays", [])
            ),
            source=data.get("source", ""),
            day_sources=sources,
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
        # results of pure day-counting questions (core.clock's pause-free walks), valid because a calendar is
        # never changed once built: a calendar edit loads a new one
        self.memo: dict[tuple[object, ...], object] = {}
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
        key = ("add", start, n)
        found = self.memo.get(key)
        if found is None:
            for i, d in enumerate(self.workdays_after(start), start=1):
                if i == n:
                    found = self.memo[key] = d
                    break
        assert isinstance(found, date)
        return found

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

    def source_of(self, d: date) -> str | None:
        """The notice that sets day `d` (None when no loaded notice sets it)."""
        for arr in self.arrangements.values():
            if d in arr.rest_days or d in arr.workdays:
                return arr.source_of(d)
        return None

    # --- showing a year: days by the year they fall in, whichever notice set them -------------------------
    def official_days_of_year(self, year: int) -> list[tuple[date, bool, str]]:
        """(day, is_workday, source) of every day in `year` that a loaded notice sets, from any year's notice."""
        out = []
        for arr in self.arrangements.values():
            for d in arr.rest_days | arr.workdays:
                if d.year == year:
                    out.append((d, d in arr.workdays, arr.source_of(d)))
        return sorted(out)

    def periods_of_year(self, year: int) -> list[tuple[HolidayPeriod, HolidayPeriod]]:
        """(part inside `year`, whole period) of every holiday period touching `year`."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        out = []
        for arr in self.arrangements.values():
            for p in arr.holidays:
                if p.end >= first and p.start <= last:
                    out.append((HolidayPeriod(p.name, max(p.start, first), min(p.end, last)), p))
        return sorted(set(out), key=lambda x: x[0].start)


# --- importing a notice into the calendar ----------------------------------------------------------------
def _state_text(value: bool | None, d: date, provisional: bool) -> str:
    if value is None:
        return "平常工作日" if _plain_workday(d, provisional) else "平常休息日"
    return "上班" if value else "放假"


def _plain_workday(d: date, provisional: bool) -> bool:
    """A day no notice sets: Monday–Friday, and in a year without a notice not a statutory rest day."""
    return d.weekday() < 5 and not (provisional and d in statutory_rest_days(d.year))


@dataclass(frozen=True)
class DayChange:
    """One day a notice import changes (or would change, when `kept`)."""

    day: date
    before: bool | None  # True 上班, False 放假, None: no notice sets it
    after: bool | None
    before_source: str = ""
    after_source: str = ""
    kept: bool = False  # the incoming notice says `after`, but `before` stays: a later or supplementary notice decides
    provisional_before: bool = False  # the day's year had no notice before the import

    def text(self) -> str:
        day = cn_date(self.day, with_weekday=True)
        if self.kept:
            return (f"{day}：本通知为{_state_text(self.after, self.day, False)}，仍按《{source_title(self.before_source)}》"
                    f"{_state_text(self.before, self.day, self.provisional_before)}")
        text = (f"{day}：{_state_text(self.before, self.day, self.provisional_before)} → "
                f"{_state_text(self.after, self.day, False)}")
        if self.before is not None and source_title(self.before_source) != source_title(self.after_source):
            text += f"（原依据《{source_title(self.before_source)}》）"
        return text


@dataclass
class MergePlan:
    """What importing a notice does: the arrangements to store, the days that change, the days kept."""

    year: int  # the importing notice's year
    arrangements: list[YearArrangement]
    changes: list[DayChange]
    kept: list[DayChange]


def plan_merge(current: dict[int, YearArrangement], incoming: YearArrangement) -> MergePlan:
    """Merge a notice into the loaded arrangements, day by day, keeping each day's source.

    Days the same notice set before (same title) are replaced; a day another notice set is taken over
    unless that notice ranks higher (a supplementary notice over a main one, otherwise the later one), so
    re-importing a main notice never drops a supplementary notice's days. A day belongs to the arrangement
    of the notice that sets it (the 2019 notice owns 2018-12-31); display goes by the day's own year."""
    title = source_title(incoming.source)
    rank_in = source_rank(incoming.source)
    owner: dict[date, int] = {}
    status: dict[date, bool] = {}
    src: dict[date, str] = {}
    for arr in current.values():
        for d in arr.rest_days:
            owner[d], status[d], src[d] = arr.year, False, arr.source_of(d)
        for d in arr.workdays:
            owner[d], status[d], src[d] = arr.year, True, arr.source_of(d)
    before_owner, before_status, before_src = dict(owner), dict(status), dict(src)
    for d in list(status):
        if source_title(src[d]) == title:
            del owner[d], status[d], src[d]
    kept: list[DayChange] = []
    incoming_days = {d: False for d in incoming.rest_days} | {d: True for d in incoming.workdays}
    for d, value in sorted(incoming_days.items()):
        s_in = incoming.source_of(d)
        if d in status and source_rank(src[d]) > rank_in:
            if status[d] != value:
                kept.append(DayChange(d, status[d], value, src[d], s_in, kept=True))
            continue
        owner[d], status[d], src[d] = incoming.year, value, s_in
    affected = {incoming.year} | {
        y for d in set(before_owner) | set(owner)
        for y in (before_owner.get(d), owner.get(d)) if y is not None and before_owner.get(d) != owner.get(d)
    }
    arrangements = []
    for y in sorted(affected):
        base = current.get(y)
        days = [d for d, o in owner.items() if o == y]
        periods = list(base.holidays) if base else []
        if y == incoming.year:
            periods += list(incoming.holidays)
        sources = sorted({src[d] for d in days}, key=source_rank) or ([base.source] if base else [incoming.source])
        arrangements.append(YearArrangement(
            year=y,
            rest_days=frozenset(d for d in days if not status[d]),
            workdays=frozenset(d for d in days if status[d]),
            holidays=merge_periods(periods),
            source="；".join(sources),
            day_sources={d: src[d] for d in days},
        ))
    known_after = set(current) | {a.year for a in arrangements}

    def works(d: date, value: bool | None, known: set[int] | dict[int, YearArrangement]) -> bool:
        return value if value is not None else _plain_workday(d, d.year not in known)

    changes = [  # days whose working status changes (a weekend marked as part of a holiday is not a change)
        DayChange(d, before_status.get(d), status.get(d), before_src.get(d, ""), src.get(d, ""),
                  provisional_before=d.year not in current)
        for d in sorted(set(before_status) | set(status))
        if works(d, before_status.get(d), current) != works(d, status.get(d), known_after)
    ]
    return MergePlan(incoming.year, arrangements, changes, kept)
