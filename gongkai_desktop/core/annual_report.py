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
from .workplan import implementation_summary

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

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


@dataclass
class Section3:
    year: int
    values: dict[str, list[int]]  # row key → 7 values (last is 总计)
    members: dict[tuple[str, int], list[str]]  # (row key, column) → application numbers behind the cell
    unclassified: list[str]  # closed in the year with no outcome

    def cell(self, key: str, column: str) -> int:
        return self.values[key][COLUMNS.index(column)]

    def to_json(self) -> dict[str, Any]:
        return {"columns": list(COLUMNS),
                "rows": [{"label": row_label(k), "values": list(self.values[k])} for k in ROW_KEYS]}


def _column(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else CATEGORIES.index("其他")


def compute_section3(apps: Iterable[AppRecord], year: int, with_members: bool = False) -> Section3:
    """表三 of a year. `with_members` also lists the applications behind every cell (for drill-down)."""
    start, end = f"{year}-01-01", f"{year}-12-31"
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
    return Section3(year, values, members, unclassified)


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


def empty_section2() -> dict[str, list[str]]:
    return {name: ["0"] * len(cols) for _, name, cols in SECTION2_ROWS}


def validate_section2(data: dict[str, list[str]]) -> dict[str, str]:
    """(row name → message) for entries that are not non-negative whole numbers (万元: up to 4 decimals)."""
    errors: dict[str, str] = {}
    for _, name, cols in SECTION2_ROWS:
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
            elif not text.isdigit():
                errors[name] = f"{name}的{col}应为非负整数。"
    return errors


@dataclass
class FeeFigures:
    notices: int = 0  # 收费通知件数 issued in the year
    amount: int = 0  # 元 notified
    collected: int = 0  # 元 actually paid in the year


@dataclass
class TaskFigures:
    year: int
    counts: dict[str, int]  # status → count
    unfinished: list[str] = field(default_factory=list)


def draft_section1(year: int, unit: str, s3: Section3, late: int, fees: FeeFigures, tasks: TaskFigures | None) -> str:
    v = s3.values
    received, carried = v["received"][-1], v["carried_in"][-1]
    closed, carried_out = v["total"][-1], v["carried_out"][-1]
    parts = [
        f"{year}年，{unit or '本机关'}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "不断完善依申请公开办理工作机制。",
        f"全年新收政府信息公开申请{received}件，上年结转{carried}件，办结{closed}件，结转下年度继续办理{carried_out}件。",
    ]
    if closed:
        disclosed = v["1"][-1] + v["2"][-1]
        ontime = closed - late
        parts.append(f"办结的申请中，予以公开和部分公开{disclosed}件，占{disclosed * 100 // closed}%；"
                     f"按期答复{ontime}件" + (f"，超期答复{late}件。" if late else "，全部在法定期限内答复。"))
    if fees.notices:
        parts.append(f"依法发出信息处理费收费通知{fees.notices}件。")
    if tasks and sum(tasks.counts.values()):
        total = sum(tasks.counts.values())
        parts.append(f"对照年度政务公开工作要点梳理形成工作台账{total}项，已完成{tasks.counts.get('已完成', 0)}项。")
    return "".join(parts)


def draft_section5(s3: Section3, late: int) -> str:
    problems, fixes = [], []
    if late:
        problems.append(f"个别依申请公开事项答复超出法定期限（{late}件）")
        fixes.append("严格执行登记、审核、办理、答复各环节时限，每周核对到期事项")
    if s3.values["carried_out"][-1]:
        problems.append("部分申请跨年度办理")
    problems.append("政府信息公开工作人员业务能力有待进一步提升")
    fixes.append("加强业务培训，规范答复文书，提升依申请公开办理质量")
    cn = "一二三四五六"
    text = "存在的主要问题：" + "；".join(f"{cn[i]}是{p}" for i, p in enumerate(problems)) + "。"
    text += "改进措施：" + "；".join(f"{cn[i]}是{f}" for i, f in enumerate(fixes)) + "。"
    return text


def draft_section6(year: int, fees: FeeFigures, tasks: TaskFigures | None) -> str:
    parts = []
    if fees.notices:
        parts.append(f"依据《政府信息公开信息处理费管理办法》规定，{year}年共发出收费通知{fees.notices}件，"
                     f"收费通知金额{fees.amount}元，实际收取信息处理费{fees.collected}元。")
    else:
        parts.append(f"依据《政府信息公开信息处理费管理办法》规定，{year}年未收取信息处理费。")
    if tasks and sum(tasks.counts.values()):
        parts.append(implementation_summary(year, tasks.counts, tasks.unfinished))
    return "".join(parts)


# --- aggregation of several units' reports (county/city 政务公开办) ------------------------------------------
@dataclass
class Aggregate:
    year: int | None
    units: list[str]
    totals: dict[str, Any]  # the JSON shape of one report, summed
    per_unit: list[dict[str, Any]]  # each unit's report JSON
    problems: list[str]


def _add_values(a: list[Any], b: list[Any]) -> list[Any]:
    out = []
    for x, y in zip(a, b, strict=True):
        if isinstance(x, str) or isinstance(y, str):
            total = float(x) + float(y)
            out.append(f"{total:.4f}".rstrip("0").rstrip(".") if "." in f"{total:.4f}" else str(total))
        else:
            out.append(x + y)
    return out


def aggregate_reports(reports: list[dict[str, Any]], expected_units: list[str] | None = None,
                      title: str = "") -> Aggregate:
    """Sum units' reports cell by cell; flag missing and duplicate units, other years and failing tables."""
    problems: list[str] = []
    if not reports:
        return Aggregate(None, [], {}, [], ["没有可汇总的年报文件。"])
    years = sorted({r["year"] for r in reports})
    year = max(years, key=lambda y: sum(1 for r in reports if r["year"] == y))
    for r in reports:
        if r["year"] != year:
            problems.append(f"{r['unit']} 的年报为{r['year']}年，与其他单位（{year}年）不同，未计入汇总。")
    used = [r for r in reports if r["year"] == year]
    seen: dict[str, int] = {}
    kept: list[dict[str, Any]] = []
    for r in used:
        seen[r["unit"]] = seen.get(r["unit"], 0) + 1
        if seen[r["unit"]] == 2:
            problems.append(f"{r['unit']} 的年报重复提交，只计入一次。")
        if seen[r["unit"]] == 1:
            kept.append(r)
    if expected_units:
        missing = [u for u in expected_units if u not in seen]
        if missing:
            problems.append("以下单位未报送年报：" + "、".join(missing) + "。")
        extra = [u for u in seen if u not in expected_units]
        if extra:
            problems.append("以下单位不在单位名单中（已计入）：" + "、".join(extra) + "。")
    for r in kept:
        s3 = section3_from_values(year, {k: row["values"] for k, row in zip(ROW_KEYS, r["section3"]["rows"],
                                                                            strict=True)})
        failing = [c for c in check_section3(s3) + [check_section4(r["section4"]["values"])] if not c.ok]
        for c in failing:
            problems.append(f"{r['unit']} 的表格未通过勾稽检查：{c.rule}（{c.detail}）。")
    first = kept[0]
    totals = {
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
