"""Parsing a 政务公开工作要点 into a task tree (the year's work plan → the 工作台账).

Real documents arrive as text pulled out of PDFs and Word files: hard-wrapped lines with blank lines between
them, page-number debris, private-use glyphs, full-width digits, ASCII punctuation in Chinese text. The
parser normalises that, rejoins paragraphs at numbering markers (一、 / （一） / 1. / （1）, accepting a
number only when it continues or restarts its level), and reads each task's title, units and deadlines."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .typed_dates import TypedDateError, parse_typed_date

CN_NUMS = "一二三四五六七八九十"


def cn_to_int(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21, 三十 → 30."""
    if not text or any(c not in CN_NUMS for c in text):  # noqa: SIM102
        raise ValueError(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_NUMS.index(tens) + 1 if tens else 1) * 10 + (CN_NUMS.index(ones) + 1 if ones else 0)
    return CN_NUMS.index(text) + 1


# --- normalisation ----------------------------------------------------------------------------------------
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_PAGE_DEBRIS = re.compile(r"^[-—－–_\s]*\d{1,3}[-—－–_\s]*$")
_CJK = "\u3400-\u9fff\uf900-\ufaff"


def _is_pua(c: str) -> bool:
    o = ord(c)
    return 0xE000 <= o <= 0xF8FF or o >= 0xF0000


def _fix_pua(line: str) -> str:
    out = []
    for i, c in enumerate(line):
        if _is_pua(c):
            prev = line[i - 1] if i else ""
            out.append("." if prev.isdigit() else ("·" if prev and not prev.isspace() else ""))
        else:
            out.append(c)
    return "".join(out)


def normalise_line(line: str) -> str:
    line = _fix_pua(line.translate(_FULLWIDTH)).replace("«", "《").replace("»", "》")
    line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
    # spaces next to Chinese text are layout, not content
    line = re.sub(rf"\s+(?=[{_CJK}（）“”《》、，。：；])|(?<=[{_CJK}（）“”《》、，。：；])\s+", "", line)
    line = re.sub(r"(?<=\d)\s+(?=[年月日号])|(?<=[年月〔])\s+(?=\d)", "", line)
    if re.search(rf"[{_CJK}]", line):
        line = re.sub(rf"\((?=[^)]*[{_CJK}])", "（", line)
        line = re.sub(rf"(?<=[{_CJK}）])\)|\)(?=[{_CJK}。，；])", "）", line)
        line = line.replace("（", "（")
        line = re.sub(rf"(?<=[{_CJK}）”》])\.", "。", line)
        line = re.sub(rf"(?<=[{_CJK}）”》\d]),(?!\d)|(?<=[{_CJK}）”》]),", "，", line)
        line = re.sub(rf"(?<=[{_CJK}）”》]):|:(?=[{_CJK}])", "：", line)
        line = re.sub(rf"(?<=[{_CJK}）”》]);", "；", line)
        line = re.sub(r"\(([一二三四五六七八九十\d]+)\)", r"（\1）", line)
        line = line.replace(")", "）") if line.count("（") > line.count("(") and ")" in line else line
    return line


# --- paragraphs at numbering markers -----------------------------------------------------------------------
MARKERS = (
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^（([一二三四五六七八九十]+)）")),
    (3, re.compile(r"^(\d{1,2})[.．、](?![\d.])")),
    (4, re.compile(r"^（(\d{1,2})）")),
)
UNIT_LABELS = {"牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead", "牵头科室": "lead", "牵头处室": "lead",
               "牵头股室": "lead", "责任单位": "responsible", "责任部门": "responsible", "配合单位": "responsible",
               "责任科室": "responsible", "责任处室": "responsible", "责任股室": "responsible",
               "承办单位": "responsible", "配合部门": "responsible", "配合科室": "responsible"}
_LABELS = "|".join(sorted(UNIT_LABELS, key=len, reverse=True))
UNIT_LINE = re.compile(rf"^({_LABELS})[：:]")


@dataclass
class Paragraph:
    level: int  # 0 preamble or unit line, 1..4 numbered
    number: int
    code: str
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    lines = [normalise_line(x) for x in text.splitlines()]
    lines = [x for x in lines if x and not _PAGE_DEBRIS.match(x)]
    paragraphs: list[Paragraph] = []
    last: dict[int, int] = {}
    for line in lines:
        found = None
        for level, pattern in MARKERS:
            m = pattern.match(line)
            if not m:
                continue
            raw = m.group(1)
            n = cn_to_int(raw) if level in (1, 2) else int(raw)
            previous = last.get(level, 0)
            # a number continues its level, restarts at 1 under a new parent, or runs on across sections
            if n == previous + 1 or n == 1:
                found = (level, n, m.group(0), line[m.end():])
            break
        if found:
            level, n, code, rest = found
            last[level] = n
            for deeper in range(level + 1, 5):
                if deeper >= 3:
                    last.pop(deeper, None)
            paragraphs.append(Paragraph(level, n, code, rest))
        elif UNIT_LINE.match(line):
            paragraphs.append(Paragraph(0, 0, "", line))
        elif paragraphs:
            prev = paragraphs[-1]
            joiner = " " if prev.text[-1:].isascii() and prev.text[-1:].isalpha() and line[:1].isascii() else ""
            prev.text += joiner + line
        else:
            paragraphs.append(Paragraph(0, 0, "", line))
    return paragraphs


# --- units --------------------------------------------------------------------------------------------------
def split_units(text: str) -> list[str]:
    """市发展改革委、市自然资源局 → two units; never split inside brackets (各县（市、区）人民政府)."""
    units, depth, current = [], 0, ""
    for c in text:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and c in "、，,；;":
            units.append(current)
            current = ""
        else:
            current += c
    units.append(current)
    cleaned = [_UNIT_TAIL.sub("", u.strip().rstrip("。.").strip()) for u in units]
    return [u for u in cleaned if u]


# words that follow the last unit of a list and are not part of its name: "市司法局分别负责落实", "…等部门按职责"
_UNIT_TAIL = re.compile(r"(?:等(?:部门|单位)?)?(?:分别|共同|各自|按职责分工|按职责|依职责|按照职责)?(?:负责|牵头)?(?:落实)?$")


def _matching_close(text: str, start: int) -> int | None:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return None


def extract_units(text: str) -> tuple[str, list[str], list[str]]:
    """Remove the units note from a task's text; returns (text, lead units, responsible units)."""
    lead: list[str] = []
    responsible: list[str] = []
    label_re = re.compile(rf"({_LABELS})[：:]")
    for m in reversed(list(re.finditer(rf"[（(](?=({_LABELS})[：:])", text))):
        end = _matching_close(text, m.start())
        inner = text[m.start() + 1:end] if end is not None else text[m.start() + 1:]
        parts = label_re.split(inner)
        for label, body in zip(parts[1::2], parts[2::2], strict=False):
            target = lead if UNIT_LABELS[label] == "lead" else responsible
            target.extend(split_units(body.strip().rstrip("。；;")))
        text = text[:m.start()] + (text[end + 1:] if end is not None else "")
    tail = re.search(r"[（(]([^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)负责(?:落实)?[）)]\s*[。.]?\s*$", text)
    if tail and not responsible:
        responsible = split_units(tail.group(1))
        text = text[:tail.start()]
    return text.strip().rstrip("。") + ("。" if text.strip().endswith("。") else ""), lead, responsible


# --- deadlines ----------------------------------------------------------------------------------------------
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


RECURRING = re.compile(r"每年\d{1,2}月(?:底|末)?(?:前)?|每季度|每半年|每月|每周|每年")
# an ongoing task has no date to meet: "持续推进", "长期坚持", "全年" written where the deadline goes
ONGOING_TERMS = ("持续推进", "长期坚持", "全年", "长期", "常态化", "持续开展", "全年持续")
_ONGOING_ALONE = re.compile(r"^(?:" + "|".join(sorted(ONGOING_TERMS, key=len, reverse=True)) + r")(?:推进|开展|落实)?$")
_ONGOING_LABELLED = re.compile(r"(?:完成时限|完成时间|时间节点|时限要求|时限)[：:]\s*("
                               + "|".join(sorted(ONGOING_TERMS, key=len, reverse=True)) + ")")


def ongoing_term(text: str) -> str | None:
    """"持续推进" / "长期坚持" / "全年" when the deadline is written as one of them (alone in a deadline cell, or
    after a 完成时限： label in running text); None otherwise. Such a task recurs or goes on all year."""
    bare = re.sub(r"[\s。.，,；;（）()]", "", text)
    if _ONGOING_ALONE.match(bare):
        return bare
    m = _ONGOING_LABELLED.search(text)
    return m.group(1) if m else None


def find_deadlines(text: str, year: int | None) -> tuple[list[date], list[str]]:
    found: list[date] = []
    spans: list[tuple[int, int]] = []

    def add(d: date, m: re.Match[str]) -> None:
        if d not in found:
            found.append(d)
        spans.append(m.span())

    def free(m: re.Match[str]) -> bool:
        return not any(s <= m.start() < e for s, e in spans)

    for m in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前)", text):
        try:
            add(date(int(m[1]), int(m[2]), int(m[3])), m)
        except ValueError:
            pass
    for m in re.finditer(r"(\d{4})年(\d{1,2})月(?:底|末)?(?:前|之前)", text):
        if free(m) and 1 <= int(m[2]) <= 12:
            add(_month_end(int(m[1]), int(m[2])), m)
    for m in re.finditer(r"(\d{4})年(?:底|末)(?:前|之前)?|(\d{4})年内", text):
        if free(m):
            add(date(int(m[1] or m[2]), 12, 31), m)
    if year is not None:
        for m in re.finditer(r"(?<![\d年每])(\d{1,2})月(?:底|末)?(?:前|之前)", text):
            if free(m) and 1 <= int(m[1]) <= 12 and not text[max(0, m.start() - 2):m.start()].endswith("每年"):
                add(_month_end(year, int(m[1])), m)
        for m in re.finditer(r"(?<![\d])年(?:底|末)前|(?<![\d每])年内", text):
            if free(m):
                add(date(year, 12, 31), m)
    recurring: list[str] = []
    for m in RECURRING.finditer(text):
        value = m.group(0)
        if value == "每年" and re.match(r"每年\d", text[m.start():]):
            continue
        if value not in recurring and value != "每年":
            recurring.append(value)
    ongoing = ongoing_term(text)
    if ongoing and ongoing not in recurring:
        recurring.append(ongoing)
    return sorted(found), recurring


def parse_timing_cell(text: str, year: int | None) -> tuple[list[str], list[str]]:
    """The 完成时限 cell as typed in the import preview, read like the importer reads the document (issue 28):
    dates as typed (2026-11-30, 2026/11/30, 2026年11月30日, 11月30日 of `year`), find_deadlines' forms
    (2026年11月底前, 11月底前 and 年底前 of `year`; "11月底" as "11月底前"), recurring and ongoing terms
    (每季度, 持续推进); anything else is kept as written. Returns (ISO deadlines, recurring)."""
    deadlines: list[str] = []
    recurring: list[str] = []
    for part in split_units(text):
        try:
            day = parse_typed_date(part, date(year or 1, 1, 1))
        except TypedDateError:
            pass
        else:
            if year is not None or not re.match(r"^\d{1,2}\s*[月/-]", part.strip()):
                deadlines.append(day.isoformat())
                continue
        found, terms = find_deadlines(part, year)
        if not found and not terms and re.fullmatch(r"(?:\d{1,2}月|年)(?:底|末)?", part.strip()):
            found, terms = find_deadlines(part.strip() + "前", year)  # "11月底" written without 前
        if not found and not terms:
            recurring.append(part)
            continue
        deadlines.extend(d.isoformat() for d in found if d.isoformat() not in deadlines)
        recurring.extend(t for t in terms if t not in recurring)
    return sorted(set(deadlines)), recurring


# --- metadata -----------------------------------------------------------------------------------------------
DOC_NUMBER = re.compile(r"([" + _CJK + r"]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号)")


@dataclass
class Workplan:
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    date: date | None = None
    year: int | None = None
    tasks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "issuer": self.issuer, "doc_number": self.doc_number,
                "date": self.date.isoformat() if self.date else None, "year": self.year,
                "tasks": self.tasks, "warnings": self.warnings}

    def count(self) -> int:
        """Every node: headings and work items."""
        def n(items: list[dict[str, Any]]) -> int:
            return sum(1 + n(t["children"]) for t in items)

        return n(self.tasks)

    def work_item_count(self) -> int:
        """Tasks without sub-tasks: what the 工作要点 page, the status bar and the export count (issue 28)."""
        return count_work_items(self.tasks)


def count_text(tasks: list[dict[str, Any]]) -> str:
    """共识别任务 24 项（另有分组标题 6 个）: the work items counted, the headings named apart."""
    items = count_work_items(tasks)
    headings = _count_nodes(tasks) - items
    return f"共识别任务 {items} 项" + (f"（另有分组标题 {headings} 个，不计入任务数）" if headings else "")


def _count_nodes(tasks: list[dict[str, Any]]) -> int:
    return sum(1 + _count_nodes(t["children"]) for t in tasks)


def count_work_items(tasks: list[dict[str, Any]]) -> int:
    """Work items (nodes without children) of a task tree in the `workplan import --json` shape."""
    return sum(count_work_items(t["children"]) if t["children"] else 1 for t in tasks)


def _metadata(lines: list[str], plan: Workplan) -> None:
    """Title, issuing organ, 文号, date and year from the lines before the first task."""
    for line in lines:
        m = DOC_NUMBER.search(line)
        if m and not plan.doc_number:
            plan.doc_number = re.sub(r"[\[［(（](?=\d{4})", "〔", re.sub(r"(?<=\d{4})[\]］)）]", "〕", m.group(1)))
    titles = [x for x in lines if "工作要点" in x and "《" not in x and "关于" not in x and "印发" not in x
              and len(x) <= 40]
    if titles:
        plan.title = titles[-1].rstrip("。")
    for i, line in enumerate(lines):
        head, sep, tail = line.partition("关于")
        following = tail + "".join(lines[i + 1:i + 2])
        if sep and head and re.match(r"(印发|转发)", following):
            plan.issuer = head
            break
    for line in lines:
        m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
        if m:
            try:
                plan.date = date(int(m[1]), int(m[2]), int(m[3]))
                break
            except ValueError:
                continue
    m = re.search(r"(\d{4})年", plan.title) or re.search(r"〔(\d{4})〕", plan.doc_number)
    if m:
        plan.year = int(m.group(1))
    elif plan.date:
        plan.year = plan.date.year


def _task(p: Paragraph, section: str, year: int | None) -> dict[str, Any]:
    body, lead, responsible = extract_units(p.text)
    if "。" in body:
        title, _, rest = body.partition("。")
    else:
        title, rest = body, ""
    deadlines, recurring = find_deadlines(p.text, year)
    return {"code": p.code, "section": section, "title": title.strip(), "text": rest.strip(),
            "lead_units": lead, "responsible_units": responsible, "deadlines": [d.isoformat() for d in deadlines],
            "recurring": recurring, "children": []}


def parse_workplan(text: str) -> Workplan:
    """The plan's metadata and task tree. The body starts at the first 一、 heading (or first numbered item)."""
    paragraphs = split_paragraphs(text)
    plan = Workplan()
    first = next((i for i, p in enumerate(paragraphs) if p.level in (1, 2)), None)
    if first is None:
        plan.warnings.append("没有找到编号为“一、”或“（一）”的工作任务。")
        _metadata([p.text for p in paragraphs], plan)
        return plan
    _metadata(_lines_before_first_task(text), plan)
    stack: list[dict[str, Any]] = []  # open task per level index
    levels: list[int] = []
    section = ""
    for p in paragraphs[first:]:
        if p.level == 0:
            if stack:
                if UNIT_LINE.match(p.text):
                    _, lead, responsible = extract_units(f"（{p.text}）")
                    stack[-1]["lead_units"] += lead
                    stack[-1]["responsible_units"] += responsible
                else:
                    stack[-1]["text"] += ("" if not stack[-1]["text"] else "") + p.text
            continue
        if p.level == 1:
            section = p.code + extract_units(p.text)[0].rstrip("。")
        item = _task(p, section if p.level > 1 else "", plan.year)
        if p.level == 1:
            item["section"] = section
        while levels and levels[-1] >= p.level:
            levels.pop()
            stack.pop()
        if stack:
            stack[-1]["children"].append(item)
        else:
            plan.tasks.append(item)
        stack.append(item)
        levels.append(p.level)
    _tidy_tail(plan)
    return plan


def _lines_before_first_task(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = normalise_line(raw)
        if not line or _PAGE_DEBRIS.match(line):
            continue
        if MARKERS[0][1].match(line) or MARKERS[1][1].match(line):
            break
        lines.append(line)
    return lines


def _tidy_tail(plan: Workplan) -> None:
    """The closing paragraphs after the last task (落实要求, 公开属性, 印发 line) are not part of it."""
    if not plan.tasks:
        return
    node = plan.tasks[-1]
    while node["children"]:
        node = node["children"][-1]
    for marker in ("公开属性", "印发", "抄送"):
        i = node["text"].find(marker)
        if i >= 0:
            node["text"] = node["text"][:i]
    # the closing sentence "各县区、各部门要将本要点落实情况…" is about the whole plan
    i = node["text"].find("本要点")
    if i >= 0:
        start = max(node["text"].rfind("。", 0, i), node["text"].rfind("）", 0, i))
        node["text"] = node["text"][:start + 1]
    node["text"] = node["text"].strip()


# --- tracking -----------------------------------------------------------------------------------------------
STATE_ORDER = ("已完成", "持续推进", "推进中", "未启动", "未完成", "不适用")


def state_summary(counts: dict[str, int]) -> str:
    """共25项：已完成10项，推进中12项，未启动3项 (states with no task are left out)."""
    total = sum(counts.values())
    parts = [f"{s}{counts[s]}项" for s in STATE_ORDER if counts.get(s)]
    return f"共{total}项" + ("：" + "，".join(parts) if parts else "")


def task_timing(deadlines: list[str], state: str, today: date, soon_until: date) -> str:
    """已逾期 / 即将到期 / '' for a task by its nearest deadline (finished tasks are never late)."""
    if state in ("已完成", "不适用", "持续推进") or not deadlines:
        return ""
    nearest = min(deadlines)
    if nearest < today.isoformat():
        return "已逾期"
    if nearest <= soon_until.isoformat():
        return "即将到期"
    return ""


def concerns_unit(task: dict[str, Any], unit: str, collectives: list[str]) -> bool:
    """Whether a task names this unit, or a collective the unit belongs to (市政府各部门, 各县区人民政府 …)."""
    names = [*task.get("lead_units", []), *task.get("responsible_units", [])]
    wanted = [x for x in [unit, *collectives] if x]
    return any(w == n or (len(w) >= 3 and w in n) for w in wanted for n in names)


def implementation_summary(year: int, counts: dict[str, int], unfinished: list[str],
                           reviewed: dict[str, int] | None = None) -> str:
    """The year-end 落实情况 paragraph (the annual report's section 六 takes it in)."""
    if not sum(counts.values()):
        return f"{year}年尚未导入政务公开工作要点。"
    text = f"{year}年政务公开工作要点梳理形成工作台账{state_summary(counts)}"
    if unfinished:
        text += "。尚未完成的主要有：" + "；".join(unfinished[:5]) + ("等" if len(unfinished) > 5 else "")
    text += "。"
    if reviewed and sum(reviewed.values()):
        text += ("开展“回头看”核查" + str(sum(reviewed.values())) + "项，其中"
                 + "，".join(f"{k}{v}项" for k, v in reviewed.items() if v) + "。")
    return text


# --- task × 责任单位 ------------------------------------------------------------------------------------------
CLOSED_STATES = ("已完成", "不适用")


def task_state_from_units(states: list[str]) -> str | None:
    """The state of a task that names units, from the states of its units (None when it names no unit).

    The rule, in order:
    1. every unit 不适用 → 不适用;
    2. the units that apply (not 不适用) all 已完成 (销号 counts as 已完成) → 已完成;
    3. those all 已完成 or 持续推进 → 持续推进 (the finite part is done, the rest goes on);
    4. any unit 未完成 → 未完成 (one unit that failed keeps the task open and flagged);
    5. all 未启动 → 未启动;
    6. otherwise → 推进中 (some unit has started)."""
    if not states:
        return None
    applying = [s for s in states if s != "不适用"]
    if not applying:
        return "不适用"
    if all(s == "已完成" for s in applying):
        return "已完成"
    if all(s in ("已完成", "持续推进") for s in applying):
        return "持续推进"
    if "未完成" in applying:
        return "未完成"
    if all(s == "未启动" for s in applying):
        return "未启动"
    return "推进中"


def unit_is_late(deadlines: list[str], state: str, today: date) -> bool:
    """A unit is behind on a task when the task's earliest deadline has passed and the unit has not finished."""
    return bool(deadlines) and state not in ("已完成", "不适用", "持续推进") and min(deadlines) < today.isoformat()


# --- recurring requirements -----------------------------------------------------------------------------------
def occurrences(recurring: list[str], year: int) -> list[tuple[date, str]]:
    """Dated occurrences of a task's recurring requirements in a year, (date, requirement), in date order:
    每季度 → the last day of each quarter; 每半年 → 6月30日 and 12月31日; 每月 → each month's last day;
    每年9月 / 每年9月底前 → 9月30日. 每周 and ongoing terms (持续推进, 全年) have no dated occurrences."""
    out: set[tuple[date, str]] = set()
    for rule in recurring:
        if rule == "每季度":
            out.update((_month_end(year, m), rule) for m in (3, 6, 9, 12))
        elif rule == "每半年":
            out.update((_month_end(year, m), rule) for m in (6, 12))
        elif rule == "每月":
            out.update((_month_end(year, m), rule) for m in range(1, 13))
        else:
            m = re.match(r"每年(\d{1,2})月", rule)
            if m and 1 <= int(m[1]) <= 12:
                out.add((_month_end(year, int(m[1])), rule))
    return sorted(out)


def period_start(recurring: str, due: date) -> date:
    """The first day of the period an occurrence closes (a report on or after it counts for the occurrence)."""
    months = {"每季度": 3, "每半年": 6, "每月": 1}.get(recurring, 12)
    month = due.month - months + 1
    year = due.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def own_plan_due(plan_date: date, days: int = 20) -> date:
    """The day a unit's own 本机关工作要点 is due: 20 days after the plan (seed 武威2021: "在接到本工作要点后的20天内，
    要及时组织起草制定本机关的工作要点"); counted in calendar days from the plan's date."""

    return plan_date + timedelta(days=days)


def own_plan_reminder(plan: dict[str, Any] | None, year: int, today: date) -> str:
    """'本机关工作要点应于…前制定' while the 20 days run and no draft was made; '' otherwise. `plan` is the
    year's plan row (plan_date, own_draft_on)."""
    from .workdays import cn_date

    if not plan or not plan.get("plan_date") or plan.get("own_draft_on"):
        return ""
    issued = date.fromisoformat(plan["plan_date"])
    due = own_plan_due(issued)
    left = (due - today).days
    if left < -60:
        return ""
    when = f"还有{left}天" if left > 0 else ("今天到期" if left == 0 else f"已超过{-left}天")
    return (f"本机关{year}年工作要点应在上级工作要点印发（{cn_date(issued)}）后20天内制定，"
            f"即{cn_date(due)}前（{when}）。")
