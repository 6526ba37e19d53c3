"""The annual report's narrative (一、五、六) as templates with live figures, and the checks that hold the text
to the tables before 定稿 (domain.md §2.1). Pure: the service hands in the figures.

A template is the officer's text with fields in braces, e.g. "全年新收政府信息公开申请{表三.本年新收}件，办结
{表三.总计.办结}件". Fields are filled from the tables every time the report is built or exported, so the text
cannot drift from them; everything else is free text. "{{" and "}}" stand for literal braces.

Field names (parts separated by "."):
- {年度} {下一年度} {单位}
- {表三.行} or {表三.列.行} (either order): 行 = 本年新收, 上年结转, 办结, 结转下年度, 予以公开, 部分公开,
  予以公开和部分公开, 不予公开, 无法提供, 不予处理, 其他处理, or a sub-row's own words (属于国家秘密 …);
  列 = 自然人 … 其他, 总计 (default). {表三.公开率}: (一)+(二) as a share of 办结, in %.
- {表二.行} (first column) or {表二.行.列}: e.g. {表二.行政规范性文件.现行有效件数}
- {表四.行政复议.总计}, {表四.行政诉讼.总计} (both 起诉 groups), {表四.未经复议直接起诉.结果纠正} …
- {答复.超期} {答复.按期} {答复.按期率} {答复.超期率}; {收费.通知件数} {收费.通知金额} {收费.实收金额} (元)
- {工作要点.总数}, {工作要点.已完成} (any task state)"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .annual_report import (
    COLUMNS,
    FORMAT_2019,
    OUTCOME_KEYS,
    REVIEW_RESULTS,
    SECTION3_ROWS,
    SECTION4_GROUPS,
    Check,
    FeeFigures,
    TaskFigures,
    TaskItem,
    late_wording,
    percent,
    report_format,
    section2_rows,
)
from .errors import DomainError
from .workplan import STATE_ORDER

PART_TITLES = {"一": "一、总体情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}
OVERVIEW_PARTS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")
_CN = "一二三四五六七八九十"
TODO = "【请补充"  # drafts mark what only the officer knows; 定稿 waits until none is left

# keywords that put a work-plan task under one of the five parts of 一 (when the officer has not tagged it)
PART_KEYWORDS: dict[str, tuple[str, ...]] = {
    "依申请公开": ("依申请", "申请公开", "信息公开申请"),
    "政府信息管理": ("信息管理", "保密审查", "公开目录", "主动公开目录", "规范性文件", "清理", "公开属性", "源头",
                     "动态更新", "档案", "依申请转主动", "政策文件库", "标准目录"),
    "政府信息公开平台建设": ("网站", "平台", "新媒体", "公众号", "公报", "专栏", "热线", "政务服务网", "公开栏",
                             "查阅点", "移动端", "专区"),
    "监督保障": ("培训", "考核", "监督", "督查", "督办", "组织领导", "责任", "评议", "追究", "领导小组", "工作机制",
                 "年度报告", "回头看"),
}


@dataclass
class Figures:
    """Everything a field can show: the tables and the ledger figures of one report."""

    year: int
    unit: str
    values: dict[str, list[int]]  # 表三 (internal row keys)
    section2: dict[str, list[str]]
    section4: list[int]
    fees: FeeFigures = field(default_factory=FeeFigures)
    late: int = 0
    tasks: TaskFigures | None = None
    proactive: int = 0  # 依申请转主动: information turned into 主动公开 in the year (issue 20)


class TemplateError(DomainError):
    """A field name that does not exist; the message is Chinese."""


# --- fields ------------------------------------------------------------------------------------------------
def _sub_label(level3: str) -> str:
    return re.sub(r"^\d+\.", "", level3)


_ROW_ALIASES: dict[str, tuple[str, ...]] = {
    "本年新收": ("received",), "新收": ("received",), "上年结转": ("carried_in",),
    "办结": ("total",), "办理结果总计": ("total",), "结转下年度": ("carried_out",),
    "予以公开": ("1",), "部分公开": ("2",), "予以公开和部分公开": ("1", "2"),
    "不予公开": tuple(k for k in OUTCOME_KEYS if k.startswith("3.")),
    "无法提供": tuple(k for k in OUTCOME_KEYS if k.startswith("4.")),
    "不予处理": tuple(k for k in OUTCOME_KEYS if k.startswith("5.")),
    "其他处理": tuple(k for k in OUTCOME_KEYS if k.startswith("6.")),
    **{_sub_label(level3): (key,) for key, _l1, _l2, level3 in SECTION3_ROWS if level3},
}


def _table3(parts: list[str], f: Figures) -> str:
    if parts == ["公开率"]:
        return percent(f.values["1"][-1] + f.values["2"][-1], f.values["total"][-1])
    columns = [p for p in parts if p in COLUMNS]
    rows = [p for p in parts if p not in COLUMNS]
    if len(rows) != 1 or len(columns) > 1 or rows[0] not in _ROW_ALIASES:
        raise KeyError
    c = COLUMNS.index(columns[0]) if columns else len(COLUMNS) - 1
    return str(sum(f.values[k][c] for k in _ROW_ALIASES[rows[0]]))


def _table2(parts: list[str], f: Figures) -> str:
    rows = {name: cols for _item, name, cols in section2_rows(f.year)}
    if not parts or parts[0] not in rows or len(parts) > 2:
        raise KeyError
    cols = rows[parts[0]]
    index = 0 if len(parts) == 1 else next((i for i, c in enumerate(cols) if c.startswith(parts[1])), -1)
    if index < 0:
        raise KeyError
    values = f.section2.get(parts[0]) or ["0"] * len(cols)
    return str(values[index])


def _table4(parts: list[str], f: Figures) -> str:
    if len(parts) == 1:
        parts = [parts[0], "总计"]
    if len(parts) != 2 or parts[1] not in REVIEW_RESULTS:
        raise KeyError
    r = REVIEW_RESULTS.index(parts[1])
    if parts[0] == "行政诉讼":
        return str(f.section4[5 + r] + f.section4[10 + r])
    if parts[0] not in SECTION4_GROUPS:
        raise KeyError
    return str(f.section4[SECTION4_GROUPS.index(parts[0]) * 5 + r])


def _replies(parts: list[str], f: Figures) -> str:
    total = f.values["total"][-1]
    value = {"超期": f.late, "按期": total - f.late}
    if parts == ["按期率"]:
        return percent(total - f.late, total, 2) if total else "100"
    if parts == ["超期率"]:
        return percent(f.late, total, 1) if total else "0"
    if len(parts) != 1 or parts[0] not in value:
        raise KeyError
    return str(value[parts[0]])


def _fees(parts: list[str], f: Figures) -> str:
    value = {"通知件数": f.fees.notices, "通知金额": f.fees.amount, "实收金额": f.fees.collected}
    if len(parts) != 1 or parts[0] not in value:
        raise KeyError
    return str(value[parts[0]])


def _tasks(parts: list[str], f: Figures) -> str:
    counts = f.tasks.counts if f.tasks else {}
    if parts == ["总数"]:
        return str(sum(counts.values()))
    if len(parts) != 1 or parts[0] not in STATE_ORDER:
        raise KeyError
    return str(counts.get(parts[0], 0))


def _proactive(parts: list[str], f: Figures) -> str:
    if parts != ["件数"]:
        raise KeyError
    return str(f.proactive)


_SOURCES: dict[str, Callable[[list[str], Figures], str]] = {
    "转主动": _proactive, "表三": _table3, "表二": _table2, "表四": _table4, "答复": _replies, "收费": _fees, "工作要点": _tasks,
}


def field_value(name: str, f: Figures) -> str:
    """The text of one field, e.g. field_value("表三.总计.办结", figures) → "2039". Raises TemplateError."""
    simple = {"年度": str(f.year), "下一年度": str(f.year + 1), "单位": f.unit or "本机关"}
    if name in simple:
        return simple[name]
    head, *rest = name.split(".")
    try:
        return _SOURCES[head](rest, f)
    except (KeyError, IndexError, ValueError):
        raise TemplateError(f"没有名为“{{{name}}}”的数字字段。") from None


def field_catalogue(f: Figures) -> list[tuple[str, str]]:
    """(field, current value) for the editor's 插入数字 menu, in the order of the report."""
    names = ["年度", "单位", "表三.本年新收", "表三.上年结转", "表三.办结", "表三.结转下年度", "表三.予以公开",
             "表三.部分公开", "表三.予以公开和部分公开", "表三.不予公开", "表三.无法提供", "表三.不予处理",
             "表三.其他处理", "表三.公开率", "表三.自然人.本年新收", "答复.按期", "答复.超期", "答复.按期率", "答复.超期率"]
    names += [f"表二.{name}.{col}" if len(cols) > 1 else f"表二.{name}" for _i, name, cols in section2_rows(f.year)
              for col in (cols if len(cols) > 1 else cols[:1])]
    names += ["表四.行政复议.总计", "表四.行政复议.结果纠正", "表四.行政诉讼.总计", "表四.行政诉讼.结果纠正",
              "收费.通知件数", "收费.通知金额", "收费.实收金额", "工作要点.总数", "工作要点.已完成", "转主动.件数"]
    return [(n, field_value(n, f)) for n in names]


_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


def render(template: str, f: Figures, strict: bool = True) -> str:
    """The text with every field filled in. Unknown fields raise TemplateError (strict) or stay visible."""

    def fill(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        try:
            return field_value(m.group(1).strip(), f)
        except TemplateError:
            if strict:
                raise
            return m.group(0)

    return _TOKEN.sub(fill, template)


def fields_in(template: str) -> list[str]:
    return [m.group(1).strip() for m in _TOKEN.finditer(template) if m.group(1) is not None]


def from_plain_text(text: str) -> str:
    """A saved draft from before fields existed: all of it is free text (braces kept literally)."""
    return text.replace("{", "{{").replace("}", "}}")


def paragraphs(template: str) -> list[str]:
    return [line.strip() for line in template.splitlines() if line.strip()]


# --- headings inside the narrative ------------------------------------------------------------------------
_H1 = re.compile(rf"^[{_CN}]+、")
_H2 = re.compile(rf"^（[{_CN}]+）")


def heading_split(line: str) -> tuple[str, str, str]:
    """(level, heading, rest) of one narrative paragraph: level "heading1" (一、 黑体), "heading2" (（一） 楷体) or ""
    (body). A heading is the numbered words up to the first 。 (or the whole line when short and unpunctuated)."""
    for level, pattern in (("heading1", _H1), ("heading2", _H2)):
        if pattern.match(line):
            stop = line.find("。")
            if stop == -1:
                return (level, line, "") if len(line) <= 30 and not re.search(r"[，；]", line) else ("", "", line)
            if stop <= 30:
                return level, line[:stop + 1], line[stop + 1:]
    return "", "", line


# --- drafts ----------------------------------------------------------------------------------------------------
def task_part(task: TaskItem) -> str:
    """Which of the five parts of 一 a task belongs to: the officer's tag, else the first matching keyword."""
    if task.part in OVERVIEW_PARTS:
        return task.part
    words = f"{task.title} {task.text}"
    for part, keys in PART_KEYWORDS.items():
        if any(k in words for k in keys):
            return part
    return "主动公开"


def _task_sentence(f: Figures, part: str, lead: str = "对照年度政务公开工作要点，重点做好以下工作：") -> str:
    items = [t for t in (f.tasks.items if f.tasks else []) if task_part(t) == part]
    if not items:
        return ""
    # each task once (units share titles), as written — no state (the unfinished ones are listed in 六) and no
    # typed count: a number here would be checked against the 工作要点 cells and fail the draft's own check
    titles = list(dict.fromkeys(t.title.strip().rstrip("。；;，,") for t in items))
    return lead + "；".join(titles[:4]) + ("等" if len(titles) > 4 else "") + "。"


def _section2_sentence(f: Figures) -> str:
    if report_format(f.year) == FORMAT_2019:
        return ("本年新制作规章{表二.规章.本年新制作数量}件、规范性文件{表二.规范性文件.本年新制作数量}件，"
                "对外公开规范性文件总数{表二.规范性文件.对外公开总数量}件；作出行政许可处理决定{表二.行政许可.处理决定数量}件、"
                "行政处罚处理决定{表二.行政处罚.处理决定数量}件、行政强制处理决定{表二.行政强制.处理决定数量}件；"
                "政府集中采购项目{表二.政府集中采购.采购项目数量}个。")
    return ("本年制发规章{表二.规章.本年制发件数}件、行政规范性文件{表二.行政规范性文件.本年制发件数}件，"
            "废止行政规范性文件{表二.行政规范性文件.本年废止件数}件，现行有效行政规范性文件"
            "{表二.行政规范性文件.现行有效件数}件；作出行政许可决定{表二.行政许可}件、行政处罚决定{表二.行政处罚}件、"
            "行政强制决定{表二.行政强制}件。")


def draft_section1(f: Figures) -> str:
    """一、总体情况 in the five parts the format requires (主动公开, 依申请公开, 政府信息管理, 政府信息公开平台建设,
    监督保障), with fields for every figure and 【请补充】 where only the officer knows the facts."""
    v = f.values
    lines = ["{年度}年，{单位}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
             "全面推进政府信息公开工作。"]
    lines += ["（一）主动公开",
              "{年度}年，{单位}通过门户网站等渠道主动公开政府信息。" + _section2_sentence(f) + _task_sentence(f, "主动公开")]
    apply = ("全年新收政府信息公开申请{表三.本年新收}件，上年结转{表三.上年结转}件，办结{表三.办结}件，"
             "结转下年度继续办理{表三.结转下年度}件。")
    if v["total"][-1]:
        apply += ("办结的申请中，予以公开和部分公开{表三.予以公开和部分公开}件，占{表三.公开率}%；"
                  + ("按期答复{答复.按期}件，超期答复{答复.超期}件。" if f.late else "全部在法定期限内答复。"))
    reviews = f.section4[4] + f.section4[9] + f.section4[14]
    if reviews:
        apply += "因政府信息公开工作被申请行政复议{表四.行政复议.总计}件、提起行政诉讼{表四.行政诉讼.总计}件"
        corrected = f.section4[1] + f.section4[6] + f.section4[11]
        apply += ("，其中被纠正{表四.行政复议.结果纠正}件（复议）、{表四.行政诉讼.结果纠正}件（诉讼）。" if corrected
                  else "，未发生被纠正的情况。")
    else:
        apply += "全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    if f.proactive:  # 条例第44条: the review of information asked by several applicants
        apply += "开展依申请公开转主动公开审查，将{转主动.件数}项多名申请人申请的政府信息转为主动公开。"
    lines += ["（二）依申请公开", apply + _task_sentence(f, "依申请公开")]
    lines += ["（三）政府信息管理",
              "落实政府信息公开保密审查制度，按照“谁公开、谁审查、谁负责”的原则做好公开前审查。"
              + (_task_sentence(f, "政府信息管理") or f"{TODO}：本机关政府信息管理的具体做法，如公开目录、规范性文件清理】")]
    lines += ["（四）政府信息公开平台建设",
              _task_sentence(f, "政府信息公开平台建设") or f"{TODO}：门户网站、政务新媒体、公开专栏等平台建设情况】"]
    guard = ""
    if f.tasks and sum(f.tasks.counts.values()):
        guard = "对照年度政务公开工作要点梳理形成工作台账{工作要点.总数}项，已完成{工作要点.已完成}项。"
    # the 台账 sentence already names the 工作要点; the tasks follow without repeating it
    guard += _task_sentence(f, "监督保障", "重点做好以下工作：" if guard else "对照年度政务公开工作要点，重点做好以下工作：")
    lines += ["（五）监督保障", guard or f"{TODO}：组织领导、培训、考核和监督检查情况】"]
    return "\n".join(lines)


def draft_section5(f: Figures) -> str:
    v = f.values
    problems, fixes = [], []
    if f.late:
        wording = late_wording(f.late, v["total"][-1])
        wording = re.sub(r"（\d+件", "（{答复.超期}件", wording, count=1)
        problems.append(re.sub(r"的[\d.]+%", "的{答复.超期率}%", wording, count=1))
        fixes.append("严格执行登记、审核、办理、答复各环节时限，每周核对到期事项")
    if v["carried_out"][-1]:
        problems.append("部分申请跨年度办理（结转下年度{表三.结转下年度}件）")
    problems.append("政府信息公开工作人员业务能力有待进一步提升")
    fixes.append("加强业务培训，规范答复文书，提升依申请公开办理质量")
    text = "存在的主要问题：" + "；".join(f"{_CN[i]}是{p}" for i, p in enumerate(problems)) + "。"
    text += "改进措施：" + "；".join(f"{_CN[i]}是{x}" for i, x in enumerate(fixes)) + "。"
    return text


def draft_section6(f: Figures) -> str:
    lines = []
    if f.fees.notices or f.fees.collected:
        lines.append("依据《政府信息公开信息处理费管理办法》规定，{年度}年共发出收费通知{收费.通知件数}件，"
                     "收费通知金额{收费.通知金额}元，实际收取信息处理费{收费.实收金额}元。")
    elif f.year >= 2021:
        lines.append("依据《政府信息公开信息处理费管理办法》规定，{年度}年未收取信息处理费。")
    else:
        lines.append("{年度}年未收取政府信息公开相关费用。")
    if f.tasks and sum(f.tasks.counts.values()):
        states = "，".join(f"{s}{{工作要点.{s}}}项" for s in STATE_ORDER if f.tasks.counts.get(s))
        text = "{年度}年政务公开工作要点梳理形成工作台账共{工作要点.总数}项" + (f"：{states}" if states else "")
        unfinished = list(dict.fromkeys(f.tasks.unfinished))
        if unfinished:
            text += "。尚未完成的主要有：" + "；".join(unfinished[:5]) + ("等" if len(unfinished) > 5 else "")
        lines.append(text + "。")
    return "\n".join(lines)


def drafts(f: Figures) -> dict[str, str]:
    return {"一": draft_section1(f), "五": draft_section5(f), "六": draft_section6(f)}


# --- checks: the text against the tables ------------------------------------------------------------------
def _check(rule: str, ok: bool, detail: str = "") -> Check:
    return Check(rule, ok, detail, group="定稿")


@dataclass(frozen=True)
class Quantity:
    words: tuple[str, ...]
    cell: str  # how the check names the cell
    value: Callable[[Figures], list[Any]]  # the acceptable values
    units: tuple[str, ...] = ("件",)


def _g(prefix: str) -> Callable[[Figures], list[Any]]:
    return lambda f: [sum(f.values[k][-1] for k in OUTCOME_KEYS if k.startswith(prefix))]


def _tasks_in(state: str) -> Callable[[Figures], list[Any]]:
    return lambda f: [f.tasks.counts.get(state, 0) if f.tasks else 0]


def _s2(name: str) -> Callable[[Figures], list[Any]]:
    def values(f: Figures) -> list[Any]:
        out: list[Any] = []
        for key, vals in f.section2.items():
            if key == name or (name == "规范性文件" and key.endswith("规范性文件")):
                out += [_num(x) for x in vals]
        return out
    return values


def _num(x: Any) -> Any:
    text = str(x).lstrip("增+")
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return None


QUANTITIES: tuple[Quantity, ...] = (
    Quantity(("予以公开和部分公开", "予以公开或部分公开", "予以公开、部分公开"), "表三（一）予以公开+（二）部分公开·总计",
             lambda f: [f.values["1"][-1] + f.values["2"][-1]]),
    Quantity(("上年结转",), "表三 二、上年结转·总计", lambda f: [f.values["carried_in"][-1]]),
    Quantity(("结转下年度", "结转下一年度", "结转至下年度", "结转到下年度", "跨年度办理"), "表三 四、结转下年度继续办理·总计",
             lambda f: [f.values["carried_out"][-1]]),
    Quantity(("新收", "收到政府信息公开申请", "收到申请", "受理"), "表三 一、本年新收·总计",
             lambda f: [f.values["received"][-1]]),
    Quantity(("超期答复", "逾期答复", "超出法定期限"), "超期答复件数（台账）", lambda f: [f.late]),
    Quantity(("按期答复", "按时答复", "法定期限内答复"), "按期答复件数（表三（七）总计减超期）",
             lambda f: [f.values["total"][-1] - f.late]),
    Quantity(("办结", "办理完毕", "作出答复"), "表三（七）总计·总计", lambda f: [f.values["total"][-1]]),
    Quantity(("予以公开",), "表三（一）予以公开·总计", lambda f: [f.values["1"][-1]]),
    Quantity(("部分公开",), "表三（二）部分公开·总计", lambda f: [f.values["2"][-1]]),
    Quantity(("不予公开",), "表三（三）不予公开·总计", _g("3.")),
    Quantity(("无法提供",), "表三（四）无法提供·总计", _g("4.")),
    Quantity(("不予处理",), "表三（五）不予处理·总计", _g("5.")),
    Quantity(("其他处理",), "表三（六）其他处理·总计", _g("6.")),
    Quantity(("收费通知",), "收费通知件数/金额（台账）", lambda f: [f.fees.notices, f.fees.amount], ("件", "元")),
    Quantity(("实际收取", "实收", "收取信息处理费", "信息处理费"), "实际收取的信息处理费（台账）",
             lambda f: [f.fees.collected, f.fees.notices], ("元", "件")),
    Quantity(("行政复议", "复议"), "表四 行政复议", lambda f: list(f.section4[:5])),
    Quantity(("行政诉讼", "起诉", "诉讼"), "表四 行政诉讼",
             lambda f: list(f.section4[5:]) + [f.section4[5 + i] + f.section4[10 + i] for i in range(5)]),
    Quantity(("行政规范性文件", "规范性文件"), "表二 规范性文件", _s2("规范性文件"), ("件",)),
    Quantity(("规章",), "表二 规章", _s2("规章")),
    Quantity(("行政许可",), "表二 行政许可", _s2("行政许可")),
    Quantity(("行政处罚",), "表二 行政处罚", _s2("行政处罚")),
    Quantity(("行政强制",), "表二 行政强制", _s2("行政强制")),
    Quantity(("行政事业性收费",), "表二 行政事业性收费", _s2("行政事业性收费"), ("万元", "件")),
    Quantity(("政府集中采购", "采购"), "表二 政府集中采购", _s2("政府集中采购"), ("个", "万元", "件")),
    Quantity(("工作台账", "工作要点"), "工作要点台账（项数）",
             lambda f: [sum(f.tasks.counts.values()) if f.tasks else 0], ("项",)),
    *(Quantity((s,), f"工作要点台账（{s}）", _tasks_in(s), ("项",))
      for s in STATE_ORDER),
)
_UNITS = ("万元", "件", "元", "项", "个", "%", "％")
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万元|件|元|项|个|%|％)")
_CLAUSE = re.compile(r"[，,；;。！？、：:\n]")
_SENTENCE = re.compile(r"[。；;！？\n]")
_FIELD_MARK = "■"


def _masked(template: str) -> str:
    """The template with every field replaced by one mark: what is left are the officer's own characters."""
    return _TOKEN.sub(lambda m: m.group(0)[0] if m.group(0) in ("{{", "}}") else _FIELD_MARK, template)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans inside 《》 and 〔〕 (document titles and numbers are not figures)."""
    return [m.span() for m in re.finditer(r"《[^》]*》|〔[^〕]*〕", text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _all_counts(f: Figures) -> set[Any]:
    out: set[Any] = {f.late, f.values["total"][-1] - f.late, f.fees.notices, f.fees.amount, f.fees.collected}
    for vals in f.values.values():
        out.update(vals)
    out.add(f.values["1"][-1] + f.values["2"][-1])
    for q in QUANTITIES:
        out.update(x for x in q.value(f) if x is not None)
    out.update(f.section4)
    return out


def _all_percents(f: Figures) -> set[str]:
    total = f.values["total"][-1]
    parts = [f.values[k][-1] for k in f.values] + [f.late, total - f.late, f.values["1"][-1] + f.values["2"][-1]]
    parts += [_g(prefix)(f)[0] for prefix in ("3.", "4.", "5.", "6.")]
    out = set()
    for p in parts:
        for d in (0, 1, 2):
            out.add(percent(p, total, d) if total else "0")
    return {x.rstrip("0").rstrip(".") if "." in x else x for x in out}


def _where(part: str, n: int, paragraph: str) -> str:
    head = paragraph if len(paragraph) <= 16 else paragraph[:16] + "…"
    return f"{PART_TITLES[part]}第{n}段（“{head}”）"


def check_numbers(templates: dict[str, str], f: Figures) -> Check:
    """Every number typed by hand (not a field) next to a table quantity equals that quantity's cell."""
    problems: list[str] = []
    percents = _all_percents(f)
    every = _all_counts(f)
    for part, template in templates.items():
        for n, paragraph in enumerate(paragraphs(template), start=1):
            text = _masked(paragraph)
            shown = render(paragraph, f, strict=False)
            spans = _protected(text)
            for m in _NUMBER.finditer(text):
                if _inside(m.start(), spans) or text[max(0, m.start() - 1):m.start()] in ("第", "前"):
                    continue
                number, unit = m.group(1), m.group(2)
                sentence_start = max((s.end() for s in _SENTENCE.finditer(text, 0, m.start())), default=0)
                clause_start = max((c.end() for c in _CLAUSE.finditer(text, 0, m.start())), default=0)
                before = text[clause_start:m.start()]
                sentence = text[sentence_start:m.start()]
                if unit in ("%", "％"):
                    if any(w for q in QUANTITIES for w in q.words if w in sentence) or "占" in before:
                        norm = number.rstrip("0").rstrip(".") if "." in number else number
                        if norm not in percents:
                            problems.append(f"{_where(part, n, shown)}：“{number}{unit}”与表格数字算出的比例不符"
                                            "（比例按四舍五入，可用字段{表三.公开率}）")
                    continue
                quantity = _nearest(before, unit)
                value = _num(number)
                if quantity is not None:
                    accepted = [x for x in quantity.value(f) if x is not None]
                    if value not in accepted:
                        expect = "或".join(str(x) for x in dict.fromkeys(accepted)) or "0"
                        problems.append(f"{_where(part, n, shown)}：“{_quote(before, quantity)}{number}{unit}”"
                                        f"与{quantity.cell}（{expect}）不符")
                elif _nearest(sentence, unit) is not None and value not in every:
                    problems.append(f"{_where(part, n, shown)}：“{number}{unit}”与表格中的数字都不符")
    return _check("正文中的数字与表格一致", not problems, "；".join(problems))


def _quote(before: str, quantity: Quantity) -> str:
    """The words before a wrong number as the officer wrote them: the whole clause when short, otherwise from
    the quantity's word on (never a word cut in half)."""
    clause = before.strip(_FIELD_MARK).strip()
    if len(clause) <= 20:
        return clause
    at = max((clause.rfind(w) for w in quantity.words), default=-1)
    return "…" + clause[at:] if at > 0 else clause[-20:]


def _nearest(before: str, unit: str) -> Quantity | None:
    """The quantity named closest before a number (longest words first at the same place)."""
    best: tuple[int, int, Quantity] | None = None
    for q in QUANTITIES:
        if unit not in q.units and not (unit == "件" and "件" in q.units):
            continue
        for w in q.words:
            at = before.rfind(w)
            if at >= 0:
                key = (at + len(w), len(w))
                if best is None or key > best[:2]:
                    best = (*key, q)
    return best[2] if best else None


_YEAR = re.compile(r"(?<!\d)(\d{4})(?=年)")


def check_years(templates: dict[str, str], f: Figures) -> Check:
    """Years typed in the text are the report's year (or the next, for plans); an earlier year only as a
    comparison (较2024年) or a previous report's name (2024年度报告, 2024年政府信息公开工作年度报告)."""
    problems = []
    for part, template in templates.items():
        for n, paragraph in enumerate(paragraphs(template), start=1):
            text = _masked(paragraph)
            spans = _protected(text)
            for m in _YEAR.finditer(text):
                y = int(m.group(1))
                if _inside(m.start(), spans) or y in (f.year, f.year + 1) or not 1990 <= y <= 2100:
                    continue
                after, before = text[m.end():m.end() + 16], text[max(0, m.start() - 2):m.start()]
                if y < f.year and (re.search(r"[较比同]", before) or re.match(r"年(度)?(政府信息公开工作)?年度报告|年度报告",
                                                                              after)):
                    continue
                problems.append(f"{_where(part, n, render(paragraph, f, strict=False))}：写的是{y}年，"
                                f"本报告为{f.year}年度（可用字段{{年度}}）")
    return _check(f"正文中的年度为{f.year}年", not problems, "；".join(problems))


def check_wording(templates: dict[str, str], f: Figures) -> Check:
    """"个别" for late replies only when there are a few (domain practice: the word understates a real number)."""
    problems = []
    for part, template in templates.items():
        for n, paragraph in enumerate(paragraphs(template), start=1):
            for sentence in _SENTENCE.split(paragraph):
                if "个别" in sentence and re.search(r"超期|超出法定期限|逾期", sentence):
                    allowed = late_wording(f.late, f.values["total"][-1]).startswith("个别")
                    if not allowed:
                        problems.append(f"{_where(part, n, render(paragraph, f, strict=False))}：超期答复{f.late}件，"
                                        "不宜称“个别”")
    return _check("正文用语与数量相称", not problems, "；".join(problems))


def check_texts(templates: dict[str, str], f: Figures) -> list[Check]:
    """The checks that hold the narrative to the tables; each failure names the paragraph and the cell."""
    checks: list[Check] = []
    unknown = []
    for part, template in templates.items():
        for name in fields_in(template):
            try:
                field_value(name, f)
            except TemplateError as exc:
                unknown.append(f"{PART_TITLES[part]}：{exc}")
    checks.append(_check("正文中的字段都有对应的数字", not unknown, "；".join(unknown)))
    checks.append(check_numbers(templates, f))
    checks.append(check_years(templates, f))
    checks.append(check_wording(templates, f))
    five = render(templates.get("五", ""), f, strict=False).strip().rstrip("。.")
    checks.append(_check("五、存在的主要问题及改进情况已填写", five not in ("", "无", "暂无", "没有"),
                        "" if five not in ("", "无", "暂无", "没有") else "第五部分为空，须写明存在的主要问题和改进措施"))
    six = templates.get("六", "")
    fee_fail = ""
    if f.fees.notices or f.fees.collected:
        said = render(six, f, strict=False)
        named = {"收费.通知件数", "收费.实收金额"} & set(fields_in(six))
        typed = re.search(rf"收费通知\D{{0,6}}{f.fees.notices}件", said) and re.search(
            rf"(收取|实收)\D{{0,10}}{f.fees.collected}元", said)
        if not (len(named) == 2 or typed) or re.search(r"未收取|没有收取|^无。?$", said.strip()):
            fee_fail = (f"台账中{f.year}年发出收费通知{f.fees.notices}件、金额{f.fees.amount}元，实际收取{f.fees.collected}元，"
                        "第六部分须写明（可用字段{收费.通知件数}{收费.通知金额}{收费.实收金额}）")
    checks.append(_check("六、写明信息处理费的收取情况", not fee_fail, fee_fail))
    todo = [f"{PART_TITLES[p]}第{n}段" for p, t in templates.items() for n, para in enumerate(paragraphs(t), 1)
            if TODO in para]
    checks.append(_check("正文没有待补充的内容", not todo, ("以下段落仍有“【请补充】”：" + "、".join(todo)) if todo else ""))
    return checks


def contact_line(office: str, address: str, postcode: str, phone: str) -> str:
    """The intro's contact sentence, from the organisation settings (empty when none is set)."""
    parts = [f"地址：{address}" if address else "", f"邮政编码：{postcode}" if postcode else "",
             f"电话：{phone}" if phone else ""]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    return f"如对本报告有疑问，请与{office or '本机关'}联系（{'，'.join(parts)}）。"
