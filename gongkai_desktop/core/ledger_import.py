"""Bringing an existing Excel/WPS 台账 into the ledger: column mapping guessed from headers, dates as they
really appear, outcome and applicant-type text mapped to the 表三 taxonomy (with the officer's own mappings
for free text), and a per-row verdict. Pure: reading files is in documents/table_reader.py, writing in
storage."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .applications import (
    CATEGORIES,
    CHANNEL_BY_NAME,
    NATURAL_PERSON,
    OUTCOMES,
    validate_credit_code,
    validate_resident_id,
)
from .errors import DomainError
from .registration import strip_controls

# canonical fields (the export's columns) and the header names that mean them
FIELDS: dict[str, str] = {
    "no": "申请编号", "received": "收到日期", "channel": "申请方式", "category": "申请人类型", "applicant": "申请人",
    "id_number": "证件号码", "phone": "联系电话", "content": "申请内容", "handler": "承办人", "status": "办理状态",
    "closed_on": "答复日期", "outcome": "办理结果", "notes": "备注",
}
REQUIRED = ("received", "category", "applicant", "content")
MAX_NAME = 200
MAX_CONTENT = 2000
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "no": ("申请编号", "编号", "受理编号", "登记编号", "申请号"),
    "received": ("收到日期", "申请时间", "受理日期", "申请日期", "收到申请日期", "受理时间", "登记日期", "收件日期"),
    "channel": ("申请方式", "提交方式", "申请渠道", "收件方式"),
    "category": ("申请人类型", "申请人类别", "类别", "申请人性质"),
    "applicant": ("申请人", "申请人姓名", "申请人名称", "姓名/名称", "姓名"),
    "id_number": ("证件号码", "身份证号", "身份证号码", "统一社会信用代码", "证件号"),
    "phone": ("联系电话", "联系方式", "电话", "手机", "手机号码"),
    "content": ("申请内容", "申请公开内容", "所需信息", "申请信息内容", "内容描述", "所需政府信息"),
    "handler": ("承办人", "经办人", "承办科室", "承办单位"),
    "status": ("办理状态", "状态"),
    "closed_on": ("答复日期", "办结日期", "答复时间", "办结时间", "回复日期"),
    "outcome": ("办理结果", "答复结果", "处理结果", "答复类型", "答复情况"),
    "notes": ("备注", "说明"),
}
IGNORED_HEADERS = ("序号", "答复期限")  # 答复期限 (in the export) is computed from the calendar, not imported


_NORM = re.compile(r"[\s　:：*＊]")


def _norm(text: Any) -> str:
    return _NORM.sub("", str(text or ""))


def guess_mapping(headers: list[Any]) -> dict[int, str]:
    """Column index → canonical field, from header names (exact synonym first, then containment)."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    normalised = [_norm(h) for h in headers]
    for exact in (True, False):
        for i, h in enumerate(normalised):
            if i in mapping or not h or h in IGNORED_HEADERS:
                continue
            for key, names in HEADER_SYNONYMS.items():
                if key in taken:
                    continue
                if (exact and h in names) or (not exact and any(n in h for n in names)):
                    mapping[i] = key
                    taken.add(key)
                    break
    return mapping


def header_signature(headers: list[Any]) -> str:
    return "|".join(_norm(h) for h in headers)


class DateError(DomainError):
    pass


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s.*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:.*)?$"),
)
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    """A date as spreadsheets hold it: date/datetime, Excel serial, 2021-03-05, 2021/3/5, 2021.3.5,
    2021年3月5日, with stray spaces. Empty → None; impossible dates raise DateError (never guessed)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 20000 < value < 80000:  # 1954–2119
            raise DateError(f"“{value}”不是日期")
        return EXCEL_EPOCH + timedelta(days=int(value))
    text = re.sub(r"[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*$", "", str(value).strip())  # a time of day
    text = re.sub(r"\s+", "", text).translate(str.maketrans("０１２３４５６７８９．／－", "0123456789./-"))
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return parse_date(float(text))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            try:
                return date(y, mo, d)
            except ValueError as exc:
                raise DateError(f"“{value}”不是存在的日期") from exc
    raise DateError(f"“{value}”不是可识别的日期（可用 2021-03-05、2021/3/5、2021年3月5日 等）")


# --- outcome text → 表三 code ------------------------------------------------------------------------------
def _clean_label(text: str) -> str:
    t = _norm(text)
    t = re.sub(r"^[（(][一二三四五六七][)）]", "", t)
    t = re.sub(r"^\d+[.．、]", "", t)
    return t


def _outcome_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for o in OUTCOMES:
        forms[_norm(o.full)] = o.code
        forms[_norm(o.group + o.label)] = o.code
        forms[_clean_label(o.label)] = o.code
        group_short = _clean_label(o.group).split("（")[0].split("(")[0]
        if o.label == o.group:
            forms[group_short] = o.code
        else:
            forms[group_short + _clean_label(o.label)] = o.code
    return forms


OUTCOME_FORMS = _outcome_forms()


def map_outcome(text: Any, extra: dict[str, str] | None = None) -> str | None:
    """The 表三 code of an outcome text, or None when the officer must map it in the review step."""
    raw = _norm(text)
    if not raw:
        return None
    if extra and raw in extra:
        return extra[raw]
    if raw in OUTCOME_FORMS:
        return OUTCOME_FORMS[raw]
    # "（三）不予公开 1.属于国家秘密" style with a space or dot variant: try the sub-label alone
    cleaned = _clean_label(re.sub(r"^[（(][一二三四五六七][)）][^0-9]*", "", raw)) if re.match(r"^[（(]", raw) else None
    if cleaned and cleaned in OUTCOME_FORMS:
        return OUTCOME_FORMS[cleaned]
    return OUTCOME_FORMS.get(_clean_label(raw))


CATEGORY_FORMS = {c: c for c in CATEGORIES} | {"个人": NATURAL_PERSON, "公民": NATURAL_PERSON}


def map_category(text: Any, extra: dict[str, str] | None = None) -> str | None:
    raw = _norm(text)
    if extra and raw in extra:
        return extra[raw]
    return CATEGORY_FORMS.get(raw)


CHANNEL_FORMS = {c: c for c in CHANNEL_BY_NAME} | {
    "现场": "当面", "当面提交": "当面", "窗口": "当面", "来访": "当面", "信函": "邮寄", "邮件": "邮寄", "挂号信": "邮寄",
    "网络": "互联网", "网上": "互联网", "网上申请": "互联网", "在线": "互联网", "在线申请": "互联网", "网站": "互联网",
    "政府网站": "互联网", "电子邮件": "互联网", "电子邮箱": "互联网",
}


def map_channel(text: Any) -> str:
    return CHANNEL_FORMS.get(_norm(text), "其他")


@dataclass
class ParsedRow:
    line: int  # spreadsheet row number (1-based, as the officer sees it)
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported all the same, shown per row (issue 28)

    @property
    def ok(self) -> bool:
        return not self.errors


_CJK_CHAR = r"[\u3400-\u9fff\uf900-\ufaff]"
_SPACES = re.compile(r"[\s\u3000]+")
_CJK_SPACE = re.compile(rf"(?<={_CJK_CHAR}) (?={_CJK_CHAR})")


def tidy_name(text: str) -> str:
    """Whitespace in a name as typed into spreadsheets: runs collapsed to one space (full-width too), and no space
    left between two Chinese characters ("王　伟" padded for alignment → "王伟"; "John  Smith" → "John Smith")."""
    if text.isalnum():  # no whitespace at all (most names): nothing to tidy
        return text
    text = _SPACES.sub(" ", text).strip()
    return _CJK_SPACE.sub("", text)


_AS_IS = "（登记时会被拒绝；照原样导入，请核对原件）"


def _short(message: str) -> str:
    return re.sub(r"[，,]?\s*请核对[。.]?$|[。.]$", "", message)


def identity_warning(category: str | None, number: str) -> str | None:
    """A 证件号码 the registration form would refuse (wrong length or check digit): a warning for an imported row —
    old records are imported as they are, the officer checks them against the paper file (issue 28)."""
    if not number:
        return None
    if category == NATURAL_PERSON:
        looks_like_id = re.fullmatch(r"\d{16,19}[0-9Xx]?", number) is not None
        if len(number) == 18 or (looks_like_id and len(number) != 15):
            message = validate_resident_id(number)
            return f"证件号码 {number}：{_short(message)}{_AS_IS}" if message else None
        return None
    if len(number) == 18:
        message = validate_credit_code(number)
        return f"统一社会信用代码 {number}：{_short(message)}{_AS_IS}" if message else None
    return None


def unmapped_values(rows: list[list[Any]], mapping: dict[int, str], key: str,
                    mapper: Callable[[Any, dict[str, str] | None], str | None],
                    extra: dict[str, str] | None) -> list[str]:
    """Distinct texts in one mapped column that need the officer's mapping (outcomes, applicant types)."""
    col = next((i for i, k in mapping.items() if k == key), None)
    if col is None:
        return []
    seen: dict[str, None] = {}
    for row in rows:
        value = row[col] if col < len(row) else None
        if _norm(value) and mapper(value, extra) is None:
            seen.setdefault(_norm(value), None)
    return list(seen)


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while an import reads, checks or writes its rows: they are many small
    dicts, lists and tuples (none of them cyclic garbage) and the collector's passes over the growing heap took
    about a tenth of a 10,000-row import. Collection resumes afterwards; nesting is harmless. In the window automatic
    collection is off anyway (gui/app_setup.py collects on the GUI thread from a timer): then this changes nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_rows(rows: list[list[Any]], mapping: dict[int, str], outcome_map: dict[str, str] | None = None,
               category_map: dict[str, str] | None = None, today: date | None = None,
               first_line: int = 2) -> list[ParsedRow]:
    """Validate and convert every data row. Nothing here touches the ledger."""
    with paused_gc():
        return _parse_rows(rows, mapping, outcome_map, category_map, today, first_line)


def _parse_rows(rows: list[list[Any]], mapping: dict[int, str], outcome_map: dict[str, str] | None,
                category_map: dict[str, str] | None, today: date | None, first_line: int) -> list[ParsedRow]:
    missing = [FIELDS[k] for k in REQUIRED if k not in mapping.values()]
    if missing:
        raise DomainError("缺少必需的列：" + "、".join(missing) + "。请在列对应中指定。")
    today = today or date.today()
    out: list[ParsedRow] = []
    # the same few texts fill the 申请人类型/申请方式/办理结果 columns: each distinct cell is mapped once (keyed with
    # its type, as 1, 1.0 and True are equal keys but different texts)
    categories: dict[tuple[type, Any], str | None] = {}
    channels: dict[tuple[type, Any], str] = {}
    outcomes: dict[tuple[type, Any], tuple[str | None, bool]] = {}
    for n, row in enumerate(rows):
        cells = {key: (row[i] if i < len(row) else None) for i, key in mapping.items()}
        if all(_norm(v) == "" for v in cells.values()):
            continue  # blank line
        parsed = ParsedRow(first_line + n, {})
        errors = parsed.errors
        v = parsed.values
        for key in ("applicant", "content", "handler", "notes", "no", "phone", "id_number"):
            # invisible control characters (NUL, \x01 …) are dropped: they cannot go into any .xlsx or .docx
            text = strip_controls(str(cells.get(key) or "")).strip()
            cell = cells.get(key)
            if isinstance(cell, float) and cell.is_integer():
                text = str(int(cell))
            v[key] = text
        if not v["applicant"]:
            errors.append("申请人为空")
        elif len(v["applicant"]) > MAX_NAME:
            errors.append(f"申请人超过{MAX_NAME}字，请核对")
        if not v["content"]:
            errors.append("申请内容为空")
        elif len(v["content"]) > MAX_CONTENT:
            errors.append(f"申请内容超过{MAX_CONTENT}字（可能是整段粘贴或合并单元格），请核对")
        for key in ("handler", "notes", "no", "phone", "id_number"):
            if len(v[key]) > MAX_CONTENT:
                errors.append(f"{FIELDS[key]}超过{MAX_CONTENT}字，请核对")
        v["applicant"], v["handler"] = tidy_name(v["applicant"]), tidy_name(v["handler"])
        if "*" in v["id_number"]:
            v["id_number"] = ""  # a masked export carries no usable number
        if "*" in v["phone"]:
            v["phone"] = ""
        cell = cells.get("category")
        seen = (type(cell), cell)
        if seen in categories:
            category = categories[seen]
        else:
            category = categories[seen] = map_category(cell, category_map)
        if category is None:
            errors.append(f"申请人类型“{cells.get('category') or ''}”无法对应")
        v["category"] = category
        warning = identity_warning(category, v["id_number"].upper())
        if warning:
            parsed.warnings.append(warning)
        cell = cells.get("channel")
        seen = (type(cell), cell)
        if seen not in channels:
            channels[seen] = map_channel(cell)
        v["channel"] = channels[seen]
        for key in ("received", "closed_on"):
            try:
                v[key] = parse_date(cells.get(key))
            except DateError as exc:
                errors.append(f"{FIELDS[key]}{exc}")
                v[key] = None
        if v.get("received") is None and not any("收到日期" in e for e in errors):
            errors.append("收到日期为空")
        received, closed = v.get("received"), v.get("closed_on")
        if received and received > today:
            errors.append(f"收到日期 {received} 晚于今天")
        if received and received.year < 2008:
            errors.append(f"收到日期 {received} 早于2008年（条例施行前）")
        outcome_text = cells.get("outcome")
        seen = (type(outcome_text), outcome_text)
        if seen not in outcomes:
            outcomes[seen] = (map_outcome(outcome_text, outcome_map), bool(_norm(outcome_text)))
        outcome, has_outcome_text = outcomes[seen]
        if has_outcome_text and outcome is None:
            errors.append(f"办理结果“{outcome_text}”无法对应表三")
        v["outcome"] = outcome
        if closed:
            if received and closed < received:
                errors.append(f"答复日期 {closed} 早于收到日期 {received}")
            if closed > today:
                errors.append(f"答复日期 {closed} 晚于今天")
            if outcome is None and not has_outcome_text:
                errors.append("已有答复日期但没有办理结果")
        elif outcome is not None:
            errors.append("有办理结果但没有答复日期")
        out.append(parsed)
    return out
