"""Applications with several items (申请内容分项), the same information across applicants, and the 依申请转主动
review (条例第44条; domain.md §8.6). Pure functions over plain values.

The application's single 表三 cell from its items' findings (`derive_outcome`), the documented rule:

1. No item has a finding yet → no cell (None).
2. Every item has the same finding → that finding.
3. Some item is disclosed in whole or in part (group 1 or 2) and some other item is not disclosed in whole (any
   other finding) → （二）部分公开 (code "2"): the 表三 note "区分处理的，只计这一情形，不计其他情形" means an
   application answered partly with information and partly without is counted there and nowhere else.
4. Every item is disclosed (all in group 1 or 2, not all the same) → "2" if any item is "2", otherwise "1".
5. No item is disclosed and the findings differ → the first finding in the 表三 row order among the items
   (（三）不予公开 before （四）无法提供 before （五）不予处理, and within a group the lower row): the application is
   counted once, under the ground that most restricts the applicant, which is also the one a 复议 would review.

Item findings are the groups an item can have on its own: （一）to（五）. （六）其他处理 (逾期不补正、逾期不缴费、撤回)
closes the whole application, never one item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .applications import OUTCOME_BY_CODE, OUTCOMES
from .errors import DomainError

ITEM_OUTCOMES: tuple[str, ...] = tuple(o.code for o in OUTCOMES if o.code[0] in "12345")
_ROW = {o.code: i for i, o in enumerate(OUTCOMES)}
DISCLOSED_GROUPS = ("1", "2")


class ItemError(DomainError):
    """An item with an invalid value (Chinese message)."""


def check_item_outcome(code: str) -> str:
    code = str(code or "").strip()
    if code not in ITEM_OUTCOMES:
        if code in OUTCOME_BY_CODE:
            raise ItemError(f"“{OUTCOME_BY_CODE[code].full}”是整件申请的办结方式，不能作为单项的办理结果。")
        raise ItemError(f"“{code}”不是办理结果代码。单项可用：{'、'.join(ITEM_OUTCOMES)}。")
    return code


def derive_outcome(findings: Iterable[str | None]) -> str | None:
    """The application's 表三 code from its items' findings (module docstring, rules 1–5)."""
    codes = [check_item_outcome(c) for c in findings if c]
    if not codes:
        return None
    if len(set(codes)) == 1:
        return codes[0]
    disclosed = [c for c in codes if c[0] in DISCLOSED_GROUPS]
    if disclosed:
        if len(disclosed) < len(codes) or "2" in disclosed:
            return "2"
        return "1"
    return min(codes, key=lambda c: _ROW[c])


def withheld(code: str | None) -> bool:
    """An item answered 不予公开 (group 3): the part for which 复议前置 applies (行政复议法第23条第1款第5项)."""
    return bool(code) and str(code).startswith("3")


# --- joined text (legacy ledgers, exports) -----------------------------------------------------------------
_ITEM_START = re.compile(r"(?:^|[；;\n])\s*(\d{1,2})[.．、]\s*")


def split_items(text: str) -> list[str]:
    """“1.…；2.…” (also 1、 1． and one item a line) → the item texts. Text without numbering is one item."""
    text = str(text or "").strip()
    if not text:
        return []
    marks = list(_ITEM_START.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)) or marks[0].start() != 0:
        return [text]
    parts = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        parts.append(text[m.end():end].strip().rstrip("；;").strip())
    return [p for p in parts if p] if all(parts) else [text]


def join_items(texts: Sequence[str]) -> str:
    """The items as one column: “1.…；2.…” (one item: its text as it is)."""
    texts = [t.strip() for t in texts if t and t.strip()]
    if len(texts) == 1:
        return texts[0]
    return "；".join(f"{i}.{t.rstrip('；;。')}" for i, t in enumerate(texts, 1))


# --- the same information across applicants --------------------------------------------------------------
_DOC_NO = re.compile(r"[\u4e00-\u9fa5A-Za-z]{1,12}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,5})\s*号")


_LEAD = re.compile(r"^.*(?:公开|提供|申请|获取|查阅|复制|关于|请|的|及|和|与)")


def document_numbers(text: str) -> set[str]:
    """The 发文字号 in a text, normalised (brackets of any kind → 〔〕): “沪府发[2021]3号” → “沪府发〔2021〕3号”."""
    out = set()
    for m in _DOC_NO.finditer(str(text or "")):
        prefix = _LEAD.sub("", re.sub(r"[〔\[［【(（].*$", "", m.group(0)))
        out.add(f"{prefix}〔{m.group(1)}〕{int(m.group(2))}号")
    return out


def search_words(text: str, limit: int = 6) -> list[str]:
    """Distinctive runs of 3+ characters from a request to find candidates in the trigram index: its document
    numbers' prefixes and years and the longest CJK runs (an OR over these, ranked afterwards)."""
    text = str(text or "")
    words: list[str] = []
    for m in _DOC_NO.finditer(text):
        words.append(re.sub(r"[〔\[［【(（].*$", "", m.group(0))[-6:])
    runs = re.findall(r"[\u4e00-\u9fa5A-Za-z0-9]{3,}", text)
    for run in sorted(runs, key=len, reverse=True):
        # windows of 6 characters from long runs, so one differing word elsewhere does not hide a match
        for i in range(0, max(1, len(run) - 5), 4):
            words.append(run[i:i + 6])
    seen: list[str] = []
    for w in words:
        if len(w) >= 3 and w not in seen:
            seen.append(w)
    return seen[:limit]


@dataclass(frozen=True)
class EarlierAnswer:
    no: str
    applicant: str
    content: str
    received: str
    outcome: str | None
    basis: str
    letter_no: str
    replied_on: str
    ratio: float
    same_document: bool

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def rank_similar(content: str, candidates: Iterable[dict[str, object]], threshold: float = 0.6,
                 limit: int = 20) -> list[EarlierAnswer]:
    """Candidates (from the full-text index) that ask for the same or similar information: the same document
    number counts as the same information (ratio 1.0); otherwise core.registration.similarity."""
    from .registration import similarity

    mine = document_numbers(content)
    out = []
    for c in candidates:
        text = str(c.get("content_title") or "")
        same_doc = bool(mine & document_numbers(text))
        ratio = 1.0 if same_doc else similarity(content, text)
        if ratio >= threshold:
            out.append(EarlierAnswer(str(c["no"]), str(c.get("applicant") or ""), text, str(c.get("received") or ""),
                                     str(c["outcome"]) if c.get("outcome") else None, str(c.get("basis") or ""),
                                     str(c.get("letter_no") or ""), str(c.get("replied_on") or ""),
                                     round(ratio, 3), same_doc))
    out.sort(key=lambda e: (-e.ratio, e.received), reverse=False)
    return out[:limit]


CONSISTENCY_THRESHOLD = 0.9


def inconsistent_with(outcome: str | None, earlier: Iterable[EarlierAnswer],
                      threshold: float = CONSISTENCY_THRESHOLD) -> EarlierAnswer | None:
    """The first earlier answer to the same information (ratio ≥ threshold) whose outcome group differs from
    this one — the case where a reason must be recorded."""
    if not outcome:
        return None
    for e in earlier:
        if e.ratio >= threshold and e.outcome and e.outcome.split(".")[0] != outcome.split(".")[0]:
            return e
    return None


def consistency_message(e: EarlierAnswer) -> str:
    from .applications import outcome_name

    return (f"同一信息此前已对{e.no}号申请（{e.applicant}）答复为“{outcome_name(e.outcome)}”"
            f"{('（' + e.letter_no + '）') if e.letter_no else ''}，本次办理结果不同，"
            "请在“与此前答复不一致的理由”中说明理由后再登记。")


# --- 依申请转主动 ---------------------------------------------------------------------------------------------
PROACTIVE_DECISIONS = ("转为主动公开", "不转")


@dataclass(frozen=True)
class ProactiveGroup:
    key: str  # the information: a document number or the first request's normalised text
    title: str
    applicants: int
    nos: tuple[str, ...]
    decision: dict[str, object] | None = None

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "title": self.title, "applicants": self.applicants, "nos": list(self.nos),
                "decision": self.decision}


def information_key(content: str) -> str:
    """What identifies one piece of information across requests: its document number when it has one,
    otherwise its text without spaces and punctuation."""
    from .registration import _normalise_text

    docs = sorted(document_numbers(content))
    return docs[0] if docs else _normalise_text(str(content or ""))


def proactive_groups(rows: Iterable[dict[str, object]], min_applicants: int) -> list[ProactiveGroup]:
    """Disclosed requests (rows with no, applicant_id, content_title) grouped by information; the groups asked for
    by at least `min_applicants` different applicants, most asked first."""
    groups: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        groups.setdefault(information_key(str(r["content_title"])), []).append(r)
    out = []
    for key, members in groups.items():
        people = {m["applicant_id"] for m in members}
        if key and len(people) >= min_applicants:
            out.append(ProactiveGroup(key, str(members[0]["content_title"]), len(people),
                                      tuple(str(m["no"]) for m in members)))
    out.sort(key=lambda g: (-g.applicants, g.key))
    return out


def check_decision(decision: str, reason: str, day: str, reviewer: str, column: str, url: str) -> list[str]:
    errors = []
    if decision not in PROACTIVE_DECISIONS:
        errors.append(f"决定须为：{'、'.join(PROACTIVE_DECISIONS)}。")
    if not reason.strip():
        errors.append("请填写理由。")
    if not reviewer.strip():
        errors.append("请填写审核人。")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day or ""):
        errors.append("决定日期须为 年-月-日。")
    if decision == "转为主动公开" and not (column.strip() or url.strip()):
        errors.append("转为主动公开的，请填写公开的栏目或网址。")
    return errors
