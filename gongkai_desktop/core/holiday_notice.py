"""Parser for 国务院办公厅关于YYYY年部分节假日安排的通知.

Turns the notice's text into a YearArrangement: every day off in the holiday periods (rest days) and
every weekend day made a working day (调休上班). Handles the wordings the State Council has used:
周日/星期日 and lunar dates in brackets, ranges inside and across months and years (5月31日至6月2日,
12月30日至1月1日), "与周末连休", "不调休", full-width digits, and surrounding prose. Anything it is not
sure of is reported as a Chinese warning for the officer to check before saving. Advice such as "鼓励各单位……
安排职工在除夕休息" is not an arrangement and is skipped.

Supplementary notices change part of a year already announced (domain.md §6.5): 国办发明电〔2019〕3号 (劳动节
adjusted), 国办发明电〔2020〕1号 (春节 extended: "延长2020年春节假期至2月2日"), the 2015 抗战胜利70周年纪念日 notice.
They carry `supplementary=True`; an extension is kept as (节日, new last day) for the merge to resolve against
the period already loaded (`resolve_extensions`). Merging into the ledger's calendar is in workdays.plan_merge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .errors import DomainError
from .workdays import HolidayPeriod, WorkCalendar, YearArrangement, cn_date, merge_periods, source_title

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}

HOLIDAY_WORDS = ("元旦", "春节", "清明", "劳动节", "五一", "端午", "中秋", "国庆")

_ITEM_RE = re.compile(r"(?:^|\n|。)\s*[一二三四五六七八九十]+\s*[、.．]\s*([^:\n。]{1,40}?)\s*:")
_DATE = r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日"
_DATE_RE = re.compile(_DATE)
_RANGE_RE = re.compile(_DATE + r"\s*(?:至|到|—|－|-|~|～)\s*" + _DATE)
_TOTAL_RE = re.compile(r"共\s*(\d{1,2})\s*天")
_SIGN_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


class NoticeParseError(DomainError):
    """The text is not a holiday notice we can read; the message is Chinese and names the problem."""


@dataclass
class ParsedNotice:
    arrangement: YearArrangement
    title: str
    signed: date | None
    warnings: list[str] = field(default_factory=list)
    supplementary: bool = False
    extensions: list[tuple[str, date]] = field(default_factory=list)  # (节日, 延长至) of "延长…假期至…"

    def resolve_extensions(self, calendar: WorkCalendar) -> YearArrangement:
        """The arrangement with each "延长…假期至D" turned into rest days, starting after the holiday's period
        already in `calendar`; a 调休 working day inside the extension becomes a rest day."""
        arr = self.arrangement
        if not self.extensions:
            return arr
        rest, work, periods = set(arr.rest_days), set(arr.workdays), list(arr.holidays)
        for name, until in self.extensions:
            current = [p for a in calendar.arrangements.values() for p in a.holidays
                       if name in p.name and p.start <= until and (until - p.end).days <= 31]
            if not current:
                raise NoticeParseError(
                    f"这是延长{arr.year}年{name}假期的通知：请先导入{arr.year}年的节假日安排通知（其中的{name}放假日期），"
                    "再导入本通知。"
                )
            period = max(current, key=lambda p: p.start)
            # the end of the holiday as the other notices set it (this notice may have been imported before)
            own = source_title(arr.source)
            others = [d for d in period.days()
                      if d <= until and source_title(calendar.source_of(d) or "") not in ("", own)]
            main_end = max(others, default=period.start - timedelta(days=1))
            if until <= main_end:
                raise NoticeParseError(f"通知把{name}假期延长至{cn_date(until)}，但已载入的{name}假期已到{cn_date(main_end)}。")
            added = HolidayPeriod(period.name, main_end + timedelta(days=1), until)
            rest.update(added.days())
            work.difference_update(added.days())
            periods.append(HolidayPeriod(period.name, period.start, until))
        return replace(arr, rest_days=frozenset(rest), workdays=frozenset(work),
                       holidays=tuple(sorted(periods, key=lambda p: p.start)),
                       day_sources=dict.fromkeys(rest | work, arr.source))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u3000", " ").replace("\ufeff", "")
    # Chinese-numeral years in the title (二〇二六年) → Arabic.
    text = re.sub(
        r"([〇零○一二三四五六七八九]{4})年",
        lambda m: "".join(str(CN_DIGITS[c]) for c in m.group(1)) + "年",
        text,
    )
    return text


def _strip_brackets(text: str) -> str:
    """Remove bracketed notes such as (周四) or (农历腊月二十八、周日), innermost first."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"[(\[【][^()\[\]【】]*[)\]】]", "", text)
    return text


def _find_year(text: str) -> int:
    m = (
        re.search(r"关于\s*(\d{4})\s*年[^\n]{0,12}(?:节假日|放假)", text)
        or re.search(r"(\d{4})\s*年\s*(?:元旦|春节|部分节假日)", text)
        or re.search(r"关于[^\n]{0,6}?(\d{4})\s*年[^\n]{0,16}(?:假期|放假)", text)  # 调整/延长2019年劳动节假期
        or re.search(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^。\n]{0,12}放假", text)  # 2015年9月3日至5日调休放假
    )
    if not m:
        raise NoticeParseError("未能从通知中识别年份：标题应类似“国务院办公厅关于2026年部分节假日安排的通知”。")
    year = int(m.group(1))
    if not 1990 <= year <= 2200:
        raise NoticeParseError(f"通知中的年份 {year} 不合理。")
    return year


class _DateReader:
    """Resolves partial dates (3日, 1月4日) against the notice year and the previous date read."""

    def __init__(self, year: int, item_name: str):
        self.year = year
        self.item_name = item_name

    def make(self, y: str | None, m: str | None, d: str, prev: date | None) -> date:
        if m is None:
            if prev is None:
                raise NoticeParseError(f"“{self.item_name}”中有缺少月份的日期（{d}日）。")
            month = prev.month
            year = int(y) if y else prev.year
        else:
            month = int(m)
            if y:
                year = int(y)
            elif prev is not None and prev.month - month >= 6:
                year = prev.year + 1  # 12月30日至1月1日
            elif prev is not None and month - prev.month >= 6:
                year = prev.year - 1  # 元旦: a December 上班 day mentioned after a range ending in January
            elif prev is None and month == 12 and "元旦" in self.item_name:
                year = self.year - 1  # the new year's holiday that starts in December
            elif prev is not None:
                year = prev.year
            else:
                year = self.year
        try:
            return date(year, month, int(d))
        except ValueError as exc:
            raise NoticeParseError(f"“{self.item_name}”中的日期 {year}年{month}月{d}日 不存在。") from exc


def _extend_over_weekend(start: date, end: date) -> tuple[date, date]:
    while (start - timedelta(days=1)).weekday() >= 5:
        start -= timedelta(days=1)
    while (end + timedelta(days=1)).weekday() >= 5:
        end += timedelta(days=1)
    return start, end


def _items(text: str) -> list[tuple[str, str]]:
    matches = list(_ITEM_RE.finditer(text))
    items = []
    for i, m in enumerate(matches):
        name = m.group(1).strip()
        body_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end():body_end]
        # The last item ends at the first blank line (prose and signature follow).
        if i + 1 == len(matches):
            body = re.split(r"\n\s*\n", body, maxsplit=1)[0]
        # Holiday items name a festival; a special day (e.g. a 纪念日) is recognised by its 放假 wording.
        if any(w in name for w in HOLIDAY_WORDS) or re.search(r"\d\s*日[^。]*放假", body):
            items.append((name, body))
    return items


_EXTEND_RE = re.compile(r"延长[^。，,]*?(?:\d{4}\s*年)?\s*([^\d。，,]{1,8}?)假期至\s*" + _DATE)
_BACK_TO_WORK_RE = re.compile(r"起\s*(?:正常)?\s*上班")
MAIN_TITLE_RE = re.compile(r"部分节假日安排")


def _parse_body(name: str, raw_body: str, year: int, warnings: list[str],
                periods: list[HolidayPeriod], rest: set[date], work: set[date],
                extensions: list[tuple[str, date]], supplementary: bool = False) -> None:
    """Read one item's sentences (or a supplementary notice's body) into periods, rest and work days."""
    body = _strip_brackets(raw_body)
    reader = _DateReader(year, name)
    prev: date | None = None
    for sentence in re.split(r"[。;；\n]", body):
        if sentence.strip().startswith("鼓励"):
            continue  # advice (鼓励……安排职工在除夕休息), not an arrangement
        if supplementary and not _DATE_RE.search(sentence):
            continue  # a supplementary notice's other provisions (推迟开学, 补休 for staff on duty)
        sentence_periods: list[HolidayPeriod] = []
        for clause in re.split(r"[,，]", sentence):
            clause = clause.strip()
            if not clause:
                continue
            if em := _EXTEND_RE.search(clause):
                holiday = next((w for w in HOLIDAY_WORDS if w in em.group(1)), em.group(1).strip())
                until = reader.make(em.group(2), em.group(3), em.group(4), prev)
                prev = until
                extensions.append((holiday, until))
            elif _BACK_TO_WORK_RE.search(clause):
                continue  # "2月3日起正常上班": the end of the holiday, not a 调休 working day
            elif "上班" in clause:
                for m in _DATE_RE.finditer(clause):
                    d = reader.make(m.group(1), m.group(2), m.group(3), prev)
                    prev = d
                    if d.weekday() < 5:
                        warnings.append(f"{name}：{cn_date(d)}是周一至周五，通知称其上班，请核对。")
                    work.add(d)
            elif "连休" in clause and "周末" in clause and sentence_periods:
                last = sentence_periods.pop()
                start, end = _extend_over_weekend(last.start, last.end)
                sentence_periods.append(HolidayPeriod(name, start, end))
            elif re.search(r"放假|休息|休假|补休", clause):
                rm = _RANGE_RE.search(clause)
                if rm:
                    start = reader.make(rm.group(1), rm.group(2), rm.group(3), prev)
                    end = reader.make(rm.group(4), rm.group(5), rm.group(6), start)
                else:
                    dm = _DATE_RE.search(clause)
                    if not dm:
                        if "补休" not in clause:
                            warnings.append(f"{name}：未能识别放假日期：“{clause}”。")
                        continue
                    start = end = reader.make(dm.group(1), dm.group(2), dm.group(3), prev)
                if end < start:
                    raise NoticeParseError(f"{name}：放假结束日期早于开始日期。")
                if (end - start).days > 20:
                    raise NoticeParseError(f"{name}：放假期间超过20天，疑为识别错误，请核对原文。")
                prev = end
                sentence_periods.append(HolidayPeriod(name, start, end))
            elif tm := _TOTAL_RE.search(clause):
                stated = int(tm.group(1))
                found = sum((p.end - p.start).days + 1 for p in sentence_periods)
                if sentence_periods and stated != found:
                    first_day, last_day = sentence_periods[0].start, sentence_periods[-1].end
                    warnings.append(
                        f"{name}：通知写“共{stated}天”，识别出 {cn_date(first_day)}至{cn_date(last_day)} "
                        f"共{found}天，请核对。"
                    )
        for period in sentence_periods:
            periods.append(period)
            rest.update(period.days())


def _supplementary_name(title: str) -> str:
    """The holiday a supplementary notice is about, from its title."""
    for w in HOLIDAY_WORDS:
        if w in title:
            return "劳动节" if w == "五一" else ("清明节" if w == "清明" else w)
    m = re.search(r"关于(.{2,40}?纪念日)", title)
    return m.group(1) if m else "调整安排"


def _supplementary_body(norm: str) -> str:
    """A supplementary notice's arrangement text: the lines between the 通知如下 sentence and the closing prose."""
    lines = [ln.strip() for ln in norm.split("\n")]
    body: list[str] = []
    started = False
    for ln in lines:
        if not ln:
            continue
        if not started:
            started = "如下" in ln
            continue
        if ln.startswith(("节假日期间", "国务院")) or _SIGN_DATE_RE.fullmatch(ln):
            break
        body.append(ln)
    return "\n".join(body)


def parse_notice(text: str) -> ParsedNotice:
    """Parse the notice's full text. Raises NoticeParseError with a Chinese message."""
    if not text or not text.strip():
        raise NoticeParseError("通知内容为空。")
    norm = _normalise(text)
    year = _find_year(norm)
    title_line = next(
        (ln.strip() for ln in norm.split("\n") if "通知" in ln and re.search(r"节假日|假期|放假", ln)), ""
    )
    title_line = title_line[: title_line.index("通知") + 2] if title_line else ""  # a one-line paste: title only
    title = title_line or f"国务院办公厅关于{year}年部分节假日安排的通知"
    supplementary = bool(title_line) and not MAIN_TITLE_RE.search(title_line)
    signed = None
    tail = norm.strip().split("\n")[-1].strip()
    sm = _SIGN_DATE_RE.search(tail)
    if sm:
        try:
            signed = date(int(sm.group(1)), int(sm.group(2)), int(sm.group(3)))
        except ValueError:
            signed = None

    warnings: list[str] = []
    rest: set[date] = set()
    work: set[date] = set()
    periods: list[HolidayPeriod] = []
    extensions: list[tuple[str, date]] = []
    if supplementary:
        body = _supplementary_body(norm)
        if not body:
            raise NoticeParseError("未能在补充通知中找到放假安排（“现将……通知如下”之后的文字）。")
        _parse_body(_supplementary_name(title), body, year, warnings, periods, rest, work, extensions, True)
    else:
        items = _items(norm)
        if not items:
            raise NoticeParseError("未能在文本中找到节假日安排条目（例如“一、元旦：1月1日至3日放假调休，共3天。”）。")
        for raw_name, raw_body in items:
            _parse_body(raw_name.replace("五一", "劳动节"), raw_body, year, warnings, periods, rest, work, extensions)

    both = rest & work
    if both:
        days = "、".join(cn_date(d) for d in sorted(both))
        raise NoticeParseError(f"以下日期既被识别为放假又被识别为上班：{days}，请核对原文。")
    if not rest and not extensions:
        raise NoticeParseError("未能识别任何放假日期。")
    source = title + (f"（{signed.isoformat()}）" if signed else "")
    arrangement = YearArrangement(
        year=year,
        rest_days=frozenset(rest),
        workdays=frozenset(work),
        holidays=merge_periods(periods),
        source=source,
        day_sources=dict.fromkeys(rest | work, source),
    )
    return ParsedNotice(arrangement=arrangement, title=title, signed=signed, warnings=warnings,
                        supplementary=supplementary, extensions=extensions)
