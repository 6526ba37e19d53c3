"""政府信息公开工作年度报告 (国办公开办函〔2021〕30号, domain.md §2): the tables computed from plain records,
the 勾稽 checks, and the drafts of the narrative sections. Pure: storage hands in rows, documents render.

表三 counting rules (one application counts once on each side of the balance):
- 一、本年新收: received in the year;
- 二、上年结转: received before the year and not closed before it;
- 三、办理结果: closed in the year, by its outcome row; （七）总计 is their sum;
- 四、结转下年度: received by the year's end and not closed by it.
So 一 + 二 = （七） + 四 for every column, by construction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .applications import CATEGORIES, OUTCOMES, REPORT_COLUMNS
from .errors import DomainError

COLUMNS = REPORT_COLUMNS  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
N = len(COLUMNS)

# 表三 rows in official order: (key, level-1 label, level-2 label, level-3 label)
SECTION3_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("received", "一、本年新收政府信息公开申请数量", "", ""),
    ("carried_in", "二、上年结转政府信息公开申请数量", "", ""),
    *((o.code, "三、本年度办理结果", o.group, "" if o.label == o.group else o.label) for o in OUTCOMES),
    ("total", "三、本年度办理结果", "（七）总计", ""),
    ("carried_out", "四、结转下年度继续办理", "", ""),
)
ROW_KEYS = tuple(r[0] for r in SECTION3_ROWS)
OUTCOME_KEYS = tuple(o.code for o in OUTCOMES)
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def row_label(key: str) -> str:
    """The official label of one 表三 row, as tools expect it in JSON."""
    _, level1, level2, level3 = SECTION3_ROWS[ROW_KEYS.index(key)]
    if not level2:
        return level1
    return f"{level2} {level3}" if level3 else level2


# 表二 (第二十条 一、五、六、八项)
SECTION2_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", "规章", ("本年制发件数", "本年废止件数", "现行有效件数")),
    ("第二十条第（一）项", "行政规范性文件", ("本年制发件数", "本年废止件数", "现行有效件数")),
    ("第二十条第（五）项", "行政许可", ("本年处理决定数量",)),
    ("第二十条第（六）项", "行政处罚", ("本年处理决定数量",)),
    ("第二十条第（六）项", "行政强制", ("本年处理决定数量",)),
    ("第二十条第（八）项", "行政事业性收费", ("本年收费金额（单位：万元）",)),
)
# the 2019 试行 format (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports (domain.md §2.5)
_PROJECTS = ("上一年项目数量", "本年增/减", "处理决定数量")
SECTION2_ROWS_2019: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", "规章", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    ("第二十条第（一）项", "规范性文件", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    ("第二十条第（五）项", "行政许可", _PROJECTS),
    ("第二十条第（五）项", "其他对外管理服务事项", _PROJECTS),
    ("第二十条第（六）项", "行政处罚", _PROJECTS),
    ("第二十条第（六）项", "行政强制", _PROJECTS),
    ("第二十条第（八）项", "行政事业性收费", _PROJECTS[:2]),
    ("第二十条第（九）项", "政府集中采购", ("采购项目数量", "采购总金额（万元）")),
)
FORMAT_2021 = "国办公开办函〔2021〕30号"
FORMAT_2019 = "国办公开办函〔2019〕60号（试行）"


def report_format(year: int) -> str:
    """Which official format a year's report is drawn in: the 2019 试行 format for 2019 and 2020."""
    return FORMAT_2019 if year in (2019, 2020) else FORMAT_2021


def section2_rows(year: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return SECTION2_ROWS_2019 if report_format(year) == FORMAT_2019 else SECTION2_ROWS


def section3_display_rows(year: int) -> tuple[tuple[str, str, str, str], ...]:
    """表三 rows as printed for the year: the 2019 format has one （六）其他处理 row (key "6") without sub-rows."""
    if report_format(year) != FORMAT_2019:
        return SECTION3_ROWS
    rows = [r for r in SECTION3_ROWS if not r[0].startswith("6.")]
    at = [r[0] for r in rows].index("total")
    rows.insert(at, ("6", "三、本年度办理结果", "（六）其他处理", ""))
    return tuple(rows)


def section3_display_values(year: int, values: dict[str, list[int]]) -> dict[str, list[int]]:
    """The values keyed as section3_display_rows(year) prints them (（六） summed for the 2019 format)."""
    out = {k: list(v) for k, v in values.items()}
    if report_format(year) == FORMAT_2019:
        out["6"] = [sum(values[k][c] for k in ("6.1", "6.2", "6.3")) for c in range(N)]
    return out


def percent(part: int, whole: int, digits: int = 0) -> str:
    """A share as printed in a report, rounded half up (50.78 → 51, 50.5 → 51), never floored."""
    from decimal import ROUND_HALF_UP, Decimal

    if not whole:
        return "0"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{value}"


def late_wording(late: int, closed: int) -> str:
    """How section 五 describes late replies, by magnitude: "个别" only for one to three and a small share."""
    if late <= 0:
        return ""
    share = percent(late, closed, 1) if closed else "0"
    if late <= 3 and late * 20 <= max(closed, 1):
        return f"个别依申请公开事项答复超出法定期限（{late}件）"
    if late * 20 <= closed:
        return f"少数依申请公开事项答复超出法定期限（{late}件，占办结总数的{share}%）"
    return f"部分依申请公开事项答复超出法定期限（{late}件，占办结总数的{share}%），按期答复率偏低"


# 表四
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SECTION4_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
SECTION4_COLUMNS = tuple(f"{g}·{r}" for g in SECTION4_GROUPS for r in REVIEW_RESULTS)


@dataclass(frozen=True)
class AppRecord:
    """What 表三 needs of one application."""

    no: str
    category: str
    received: str  # ISO
    closed_on: str | None
    outcome: str | None
    late: bool = False  # replied after the due date


def late_replies(apps: Iterable[AppRecord], year: int) -> int:
    return sum(1 for a in apps if a.late and a.closed_on and a.closed_on[:4] == str(year))


@dataclass(frozen=True)
class ReviewRecord:
    kind: str  # 行政复议 / 未经复议直接起诉 / 复议后起诉
    filed: str | None
    decided: str | None
    result: str


@dataclass
class Check:
    rule: str
    ok: bool
    detail: str = ""
    cells: list[tuple[str, str]] = field(default_factory=list)  # (表三 row key, column name) of failing cells
    group: str = "勾稽"  # 勾稽 (the tables) or 定稿 (text, 表二 confirmed: what 定稿 also waits for)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail, "group": self.group}


@dataclass
class Section3:
    year: int
    values: dict[str, list[int]]  # row key → 7 values (last is 总计)
    members: dict[tuple[str, int], list[str]]  # (row key, column) → application numbers behind the cell
    unclassified: list[str]  # closed in the year with no outcome
    period: tuple[str, str] | None = None  # (first day, last day) when not a calendar year

    def cell(self, key: str, column: str) -> int:
        return self.values[key][COLUMNS.index(column)]

    def to_json(self) -> dict[str, Any]:
        return {"columns": list(COLUMNS),
                "rows": [{"label": row_label(k), "values": list(self.values[k])} for k in ROW_KEYS]}


def _column(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else CATEGORIES.index("其他")


def compute_section3(apps: Iterable[AppRecord], year: int, with_members: bool = False) -> Section3:
    """表三 of a year. `with_members` also lists the applications behind every cell (for drill-down)."""
    return compute_section3_period(apps, f"{year}-01-01", f"{year}-12-31", with_members)


def compute_section3_period(apps: Iterable[AppRecord], start: str, end: str, with_members: bool = False) -> Section3:
    """表三 of any period [start, end] (ISO dates, both included): a quarter, a month, any date range. The rules
    are the year's: 新收 by receipt, 办理结果 by closing date, 结转 by being open at the period's boundary."""
    if end < start:
        raise DomainError(f"统计期间的结束日期（{end}）早于开始日期（{start}）。")
    year = int(end[:4])
    values = {k: [0] * N for k in ROW_KEYS}
    members: dict[tuple[str, int], list[str]] = {}
    unclassified: list[str] = []

    def count(key: str, col: int, no: str) -> None:
        values[key][col] += 1
        values[key][N - 1] += 1
        if with_members:
            members.setdefault((key, col), []).append(no)
            members.setdefault((key, N - 1), []).append(no)

    for a in apps:
        col = _column(a.category)
        if start <= a.received <= end:
            count("received", col, a.no)
        if a.received < start and (a.closed_on is None or a.closed_on >= start):
            count("carried_in", col, a.no)
        if a.closed_on is not None and start <= a.closed_on <= end:
            if a.outcome in OUTCOME_KEYS:
                count(a.outcome, col, a.no)
            else:
                unclassified.append(a.no)
                count("6.3", col, a.no)
            count("total", col, a.no)
        if a.received <= end and (a.closed_on is None or a.closed_on > end):
            count("carried_out", col, a.no)
    whole_year = start == f"{year}-01-01" and end == f"{year}-12-31"
    return Section3(year, values, members, unclassified, None if whole_year else (start, end))


def section3_from_values(year: int, values: dict[str, list[int]]) -> Section3:
    return Section3(year, {k: list(values[k]) for k in ROW_KEYS}, {}, [])


def check_section3(s: Section3, previous_carried_out: list[int] | None = None,
                   previous_source: str = "") -> list[Check]:
    """The 勾稽 rules of domain.md §2.3, each naming the failing cells."""
    checks: list[Check] = []
    v = s.values
    bad = [COLUMNS[c] for c in range(N)
           if v["received"][c] + v["carried_in"][c] != v["total"][c] + v["carried_out"][c]]
    checks.append(Check("第一项加第二项之和等于第三项（七）总计加第四项之和", not bad,
                        "；".join(f"{c}列：{v['received'][COLUMNS.index(c)]}+{v['carried_in'][COLUMNS.index(c)]}≠"
                                 f"{v['total'][COLUMNS.index(c)]}+{v['carried_out'][COLUMNS.index(c)]}" for c in bad),
                        [(k, c) for c in bad for k in ("received", "carried_in", "total", "carried_out")]))
    bad = [COLUMNS[c] for c in range(N) if sum(v[k][c] for k in OUTCOME_KEYS) != v["total"][c]]
    checks.append(Check("（七）总计等于（一）至（六）各项之和", not bad,
                        "；".join(f"{c}列总计{v['total'][COLUMNS.index(c)]}，各项之和"
                                 f"{sum(v[k][COLUMNS.index(c)] for k in OUTCOME_KEYS)}" for c in bad),
                        [("total", c) for c in bad]))
    bad_rows = [k for k in ROW_KEYS if sum(v[k][:N - 1]) != v[k][N - 1]]
    checks.append(Check("每行“总计”列等于各类申请人之和", not bad_rows,
                        "；".join(f"{row_label(k)}：总计{v[k][N - 1]}，各列之和{sum(v[k][:N - 1])}" for k in bad_rows),
                        [(k, "总计") for k in bad_rows]))
    negative = [(k, COLUMNS[c]) for k in ROW_KEYS for c in range(N) if v[k][c] < 0]
    checks.append(Check("各项数据为非负整数", not negative,
                        "；".join(f"{row_label(k)}、{c}" for k, c in negative)))
    if previous_carried_out is not None:
        bad = [COLUMNS[c] for c in range(N) if previous_carried_out[c] != v["carried_in"][c]]
        checks.append(Check(f"上年结转等于{s.year - 1}年结转下年度（{previous_source}）", not bad,
                            "；".join(f"{c}列：本年上年结转{v['carried_in'][COLUMNS.index(c)]}，"
                                     f"上年结转下年度{previous_carried_out[COLUMNS.index(c)]}" for c in bad),
                            [("carried_in", c) for c in bad]))
    checks.append(Check("本年办结的申请都有办理结果", not s.unclassified,
                        ("以下申请已办结但未选择办理结果（暂计入（六）3.其他）：" + "、".join(s.unclassified[:20])
                         + ("等" if len(s.unclassified) > 20 else "")) if s.unclassified else ""))
    return checks


def compute_section4(reviews: Iterable[ReviewRecord], year: int) -> list[int]:
    """15 values: for 行政复议 / 未经复议直接起诉 / 复议后起诉 — 维持, 纠正, 其他, 尚未审结, 总计.

    Decided in the year → its result; filed by the year's end and not decided by it → 尚未审结."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    out = [0] * 15
    for r in reviews:
        g = SECTION4_GROUPS.index(r.kind)
        if r.decided and start <= r.decided <= end and r.result != "尚未审结":
            out[g * 5 + REVIEW_RESULTS.index(r.result)] += 1
        elif r.filed and r.filed <= end and (not r.decided or r.decided > end):
            out[g * 5 + 3] += 1
    for g in range(3):
        out[g * 5 + 4] = sum(out[g * 5: g * 5 + 4])
    return out


def check_section4(values: list[int]) -> Check:
    bad = [SECTION4_GROUPS[g] for g in range(3) if sum(values[g * 5: g * 5 + 4]) != values[g * 5 + 4]]
    return Check("表四各组“总计”等于维持、纠正、其他、尚未审结之和", not bad, "、".join(bad))


def empty_section2(year: int | None = None) -> dict[str, list[str]]:
    rows = SECTION2_ROWS if year is None else section2_rows(year)
    return {name: ["0"] * len(cols) for _, name, cols in rows}


def validate_section2(data: dict[str, list[str]], year: int | None = None) -> dict[str, str]:
    """(row name → message) for entries that are not non-negative whole numbers (万元: up to 4 decimals; the 2019
    format's 本年增/减: 增N, 减N or a signed number)."""
    import re

    errors: dict[str, str] = {}
    for _, name, cols in (SECTION2_ROWS if year is None else section2_rows(year)):
        values = data.get(name, [])
        if len(values) != len(cols):
            errors[name] = f"{name}应填写{len(cols)}项。"
            continue
        for col, value in zip(cols, values, strict=True):
            text = str(value).strip()
            if "万元" in col:
                try:
                    number = float(text)
                except ValueError:
                    errors[name] = f"{name}的{col}应为数字。"
                    continue
                if number < 0 or (("." in text) and len(text.split(".")[1]) > 4):
                    errors[name] = f"{name}的{col}应为非负数，最多4位小数。"
            elif "增/减" in col:
                if not re.fullmatch(r"[增减]?\d+|[+-]?\d+", text):
                    errors[name] = f"{name}的{col}应写作“增5”“减1”或“0”。"
            elif not text.isdigit():
                errors[name] = f"{name}的{col}应为非负整数。"
    return errors


@dataclass
class FeeFigures:
    notices: int = 0  # 收费通知件数 issued in the year
    amount: int = 0  # 元 notified
    collected: int = 0  # 元 actually paid in the year


@dataclass(frozen=True)
class TaskItem:
    """One work-plan task as the narrative needs it."""

    id: int
    title: str
    state: str
    text: str = ""
    part: str = ""  # the officer's tag: one of OVERVIEW_PARTS, or "" (then keywords decide)


@dataclass
class TaskFigures:
    year: int
    counts: dict[str, int]  # status → count
    unfinished: list[str] = field(default_factory=list)
    items: list[TaskItem] = field(default_factory=list)

    def __post_init__(self) -> None:  # one title once, in the order of the plan
        self.unfinished = list(dict.fromkeys(self.unfinished))


# --- aggregation of several units' reports (county/city 政务公开办) ------------------------------------------
@dataclass
class Aggregate:
    year: int | None  # None: refused (see problems)
    units: list[str]
    totals: dict[str, Any]  # the JSON shape of one report, summed
    per_unit: list[dict[str, Any]]  # each unit's report JSON, in unit order
    problems: list[str]
    duplicates: dict[str, list[str]] = field(default_factory=dict)  # unit → its differing files (refusal)

    @property
    def refused(self) -> bool:
        return self.year is None

    def listing(self) -> list[str]:
        """One line per unit: what was summed, from which file."""
        out = []
        for r in self.per_unit:
            v = {k: row["values"][-1] for k, row in zip(ROW_KEYS, r["section3"]["rows"], strict=True)}
            s4 = r["section4"]["values"]
            source = f"（{r['_source']}）" if r.get("_source") else ""
            out.append(f"{r['unit']}{source}：本年新收{v['received']}件，上年结转{v['carried_in']}件，办结{v['total']}件，"
                       f"结转下年度{v['carried_out']}件；行政复议{s4[4]}件，行政诉讼{s4[9] + s4[14]}件")
        return out


def _signed(value: Any) -> int:
    """The 2019 format's 本年增/减 as a number: 增5 → 5, 减1 → −1, "-2" → −2."""
    text = str(value).strip()
    return -int(text[1:]) if text.startswith("减") else int(text[1:] if text.startswith("增") else text)


def _add_values(a: list[Any], b: list[Any]) -> list[Any]:
    """Cell sums; 万元 text adds as decimals, so the order of the files never changes the last digit; the 2019
    format's 本年增/减 (增N / 减N) adds as signed numbers and is written back as 增N, 减N or 0."""
    from decimal import Decimal

    out = []
    for x, y in zip(a, b, strict=True):
        if any(isinstance(v, str) and v.strip()[:1] in ("增", "减") for v in (x, y)):
            n = _signed(x) + _signed(y)
            out.append(f"增{n}" if n > 0 else f"减{-n}" if n < 0 else "0")
        elif isinstance(x, str) or isinstance(y, str):
            total = Decimal(str(x)) + Decimal(str(y))
            text = format(total.normalize(), "f") if total else "0"
            out.append(text)
        else:
            out.append(x + y)
    return out


def _content(r: dict[str, Any]) -> Any:
    return ([row["values"] for row in r["section3"]["rows"]], list(r["section4"]["values"]),
            [row.get("values") for row in r.get("section2", {}).get("rows", [])])


def aggregate_reports(reports: list[dict[str, Any]], expected_units: list[str] | None = None,
                      title: str = "", year: int | None = None, picks: dict[str, str] | None = None) -> Aggregate:
    """Sum units' reports cell by cell. The result does not depend on the order of the files: it is the same sum,
    or a refusal. Refused: files of different years without `year`; one unit in two files that differ, unless
    `picks` names the file to use (unit → the report's `_source`). Identical copies count once (noted)."""
    problems: list[str] = []
    picks = picks or {}
    if not reports:
        return Aggregate(None, [], {}, [], ["没有可汇总的年报文件。"])

    def name(r: dict[str, Any]) -> str:
        return f"{r['unit']}（{r['_source']}）" if r.get("_source") else str(r["unit"])

    years = sorted({r["year"] for r in reports})
    if year is None:
        if len(years) > 1:
            by_year = "；".join(f"{y}年：" + "、".join(sorted(name(r) for r in reports if r["year"] == y)) for y in years)
            return Aggregate(None, [], {}, [], [f"各文件的年度不同（{by_year}），请指定汇总的年度（--year）。"])
        year = years[0]
    for r in sorted(reports, key=lambda r: (str(r["unit"]), str(r.get("_source", "")))):
        if r["year"] != year:
            problems.append(f"{name(r)} 的年报为{r['year']}年，不是{year}年，未计入汇总。")
    used = [r for r in reports if r["year"] == year]
    if not used:
        return Aggregate(None, [], {}, [], problems + [f"没有{year}年的年报文件。"])
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in used:
        groups.setdefault(str(r["unit"]), []).append(r)
    kept: list[dict[str, Any]] = []
    duplicates: dict[str, list[str]] = {}
    for unit in sorted(groups):
        copies = sorted(groups[unit], key=lambda r: str(r.get("_source", "")))
        if unit in picks:
            chosen = [r for r in copies if r.get("_source") == picks[unit]]
            if not chosen:
                files = "、".join(str(r.get("_source", "")) for r in copies)
                return Aggregate(None, [], {}, [], problems + [f"指定的 {picks[unit]} 不是 {unit} 的年报文件（{files}）。"])
            kept.append(chosen[0])
            if len(copies) > 1:
                problems.append(f"{unit} 有{len(copies)}个年报文件，按指定只计入 {picks[unit]}。")
            continue
        distinct = {json_key(_content(r)) for r in copies}
        if len(distinct) > 1:
            duplicates[unit] = [str(r.get("_source") or f"第{i + 1}份") for i, r in enumerate(copies)]
            continue
        if len(copies) > 1:
            problems.append(f"{unit} 的年报重复提交（{len(copies)}份，内容相同），只计入一次。")
        kept.append(copies[0])
    if duplicates:
        lines = [f"{u} 有内容不同的{len(f)}个年报文件：{'、'.join(f)}" for u, f in duplicates.items()]
        return Aggregate(None, [], {}, [], problems + lines + ["同一单位只能计入一个文件，请指定使用哪一个（--pick 单位=文件名）。"],
                         duplicates)
    if expected_units:
        missing = [u for u in expected_units if u not in groups]
        if missing:
            problems.append("以下单位未报送年报：" + "、".join(missing) + "。")
        extra = [u for u in sorted(groups) if u not in expected_units]
        if extra:
            problems.append("以下单位不在单位名单中（已计入）：" + "、".join(extra) + "。")
    for r in kept:
        s3 = section3_from_values(year, {k: row["values"] for k, row in zip(ROW_KEYS, r["section3"]["rows"],
                                                                            strict=True)})
        failing = [c for c in check_section3(s3) + [check_section4(r["section4"]["values"])] if not c.ok]
        for c in failing:
            problems.append(f"{r['unit']} 的表格未通过勾稽检查：{c.rule}（{c.detail}）。")
    first = kept[0]
    totals: dict[str, Any] = {
        "year": year, "unit": title or f"汇总（{len(kept)}个单位）",
        "section2": {"rows": [dict(row) for row in first["section2"]["rows"]]},
        "section3": {"columns": list(COLUMNS), "rows": [dict(row) for row in first["section3"]["rows"]]},
        "section4": {"columns": list(SECTION4_COLUMNS), "values": list(first["section4"]["values"])},
        "checks": [],
    }
    for r in kept[1:]:
        for i, row in enumerate(r["section2"]["rows"]):
            totals["section2"]["rows"][i]["values"] = _add_values(totals["section2"]["rows"][i]["values"],
                                                                  row["values"])
        for i, row in enumerate(r["section3"]["rows"]):
            totals["section3"]["rows"][i]["values"] = _add_values(totals["section3"]["rows"][i]["values"],
                                                                  row["values"])
        totals["section4"]["values"] = _add_values(totals["section4"]["values"], r["section4"]["values"])
    s3 = section3_from_values(year, {k: row["values"] for k, row in zip(ROW_KEYS, totals["section3"]["rows"],
                                                                        strict=True)})
    totals["checks"] = [c.to_json() for c in check_section3(s3) + [check_section4(totals["section4"]["values"])]]
    return Aggregate(year, [r["unit"] for r in kept], totals, kept, problems)


def json_key(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
