"""The office's workflow rules: one typed object built from the ledger's settings and passed down.

Each rule has a legal or customary default with its source (shown on the settings page and by
`gongkai settings`). The clock takes its part as `ClockRules` (`CaseRules.clock()`); the case steps
(approval chain, internal deadlines) and letters read the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .clock import ClockRules
from .errors import DomainError

# 表三 outcome groups by their leading digit: 1 予以公开, 2 部分公开, 3 不予公开, 4 无法提供, 5 不予处理, 6 其他处理
OUTCOME_GROUPS = {"1": "予以公开", "2": "部分公开", "3": "不予公开", "4": "无法提供", "5": "不予处理", "6": "其他处理"}


@dataclass(frozen=True)
class RuleSetting:
    """How one rule is stored, shown and explained."""

    key: str  # attribute of CaseRules and, prefixed with "rules.", the settings key
    label: str
    kind: str  # "int" | "bool" | "groups" | "text" | "retention"
    source: str  # the legal basis or the practice the default follows
    minimum: int = 0
    maximum: int = 60


RULE_SETTINGS: tuple[RuleSetting, ...] = (
    RuleSetting("correction_period_days", "补正期限默认（工作日）", "int",
                "条例第30条只要求“合理的补正期限”，由行政机关确定；常见做法为10—15个工作日", 1, 60),
    RuleSetting("fee_pauses_clock", "发出收费通知后暂停计算答复期限", "bool",
                "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：缴费前不计算答复期限（各地做法不一，可关闭）"),
    RuleSetting("due_soon_days", "“即将到期”提醒（剩余工作日）", "int", "本单位工作习惯", 1, 20),
    RuleSetting("feedback_days", "交办科室反馈期限（工作日）", "int", "各地依申请公开办理制度，常见为5个工作日", 1, 20),
    RuleSetting("approval_lead_days", "答复期限前多少个工作日报批", "int",
                "各地办理制度（如上海松江：至迟在答复期限届满前5个工作日报批）", 0, 15),
    RuleSetting("legal_review_groups", "须经法制审核的办理结果", "groups",
                "多数地方规定：不予公开、无法提供、不予处理（及部分公开）须经法制审核（武威2021要点（十七）“法规部门审件”）"),
    RuleSetting("secrecy_review_groups", "须经保密审查的办理结果", "groups",
                "条例第17条：公开前依照保密法律法规进行审查（“先审查、后公开”）"),
    RuleSetting("letter_requires_approval", "答复书须在领导核准后出具", "bool",
                "“接件—办件—审件—核准”工作流程（武威2021要点（十七））"),
    RuleSetting("proactive_min_applicants", "依申请转主动审查：同一信息的申请人数（人）", "int",
                "上海杨浦区市场监管局2022年规定：同一信息一年内3名以上申请人申请且已公开的，转为主动公开", 2, 50),
    RuleSetting("fonds_code", "全宗号", "text", "由同级国家综合档案馆给定（DA/T 22-2015）；未填写时不能归档"),
    RuleSetting("archive_pattern", "档号格式", "text",
                "DA/T 22-2015：全宗号-年度-保管期限-件号；可用{全宗号}{年度}{保管期限}{保管期限中文}{件号}"),
    RuleSetting("retention_table", "保管期限表（按办理结果）", "retention",
                "国家档案局令第8号第十一条：保管期限由本机关自行编制的保管期限表确定；默认值仅为示例，请按本单位表修改"),
)
RULE_BY_KEY = {r.key: r for r in RULE_SETTINGS}


class RulesError(DomainError):
    """A rule setting with an invalid value."""


@dataclass(frozen=True)
class CaseRules:
    correction_period_days: int = 15
    fee_pauses_clock: bool = True
    due_soon_days: int = 5
    feedback_days: int = 5
    approval_lead_days: int = 5
    legal_review_groups: tuple[str, ...] = ("2", "3", "4", "5")
    secrecy_review_groups: tuple[str, ...] = ("1", "2")
    letter_requires_approval: bool = True
    proactive_min_applicants: int = 3
    fonds_code: str = ""
    archive_pattern: str = "{全宗号}-{年度}-{保管期限}-{件号}"
    retention_table: tuple[tuple[str, str], ...] = (("1", "10年"), ("2", "30年"), ("3", "30年"), ("4", "30年"),
                                                    ("5", "10年"), ("6", "10年"))

    def clock(self) -> ClockRules:
        return ClockRules(correction_period_days=self.correction_period_days,
                          fee_pauses_clock=self.fee_pauses_clock, due_soon_days=self.due_soon_days)

    def needs_legal_review(self, outcome: str | None) -> bool:
        if not outcome:
            return False
        return outcome.split(".")[0] in self.legal_review_groups

    def needs_secrecy_review(self, outcome: str | None) -> bool:
        if not outcome:
            return False
        return outcome.split(".")[0] in self.secrecy_review_groups

    # --- settings text ------------------------------------------------------------------------------
    @classmethod
    def from_settings(cls, values: dict[str, str]) -> CaseRules:
        """Rules from the ledger's `rules.*` settings; missing or unreadable values keep their default."""
        rules = cls()
        changes: dict[str, Any] = {}
        for spec in RULE_SETTINGS:
            text = values.get("rules." + spec.key)
            if text is None:
                continue
            try:
                changes[spec.key] = parse_rule(spec, text)
            except RulesError:
                continue  # a hand-edited bad value: the default is safer than a crash
        return replace(rules, **changes)

    def to_settings(self) -> dict[str, str]:
        return {"rules." + s.key: format_rule(s, getattr(self, s.key)) for s in RULE_SETTINGS}

    def with_text(self, key: str, text: str) -> CaseRules:
        """A copy with one rule set from its text form; raises RulesError with a Chinese message."""
        spec = RULE_BY_KEY.get(key)
        if spec is None:
            raise RulesError(f"没有名为“{key}”的规则。可用：{'、'.join(RULE_BY_KEY)}")
        return replace(self, **{key: parse_rule(spec, text)})


def parse_rule(spec: RuleSetting, text: str) -> Any:
    text = text.strip()
    if spec.kind == "text":
        if spec.key == "archive_pattern" and "{件号}" not in text:
            raise RulesError(f"“{spec.label}”须含有{{件号}}，否则档号会重复。")
        return text
    if spec.kind == "retention":
        from .archive import ArchiveError, parse_retention_table
        try:
            return parse_retention_table(text)
        except ArchiveError as exc:
            raise RulesError(str(exc)) from None
    if spec.kind == "int":
        try:
            value = int(text)
        except ValueError:
            raise RulesError(f"“{spec.label}”须填写整数，填写的是“{text}”。") from None
        if not spec.minimum <= value <= spec.maximum:
            raise RulesError(f"“{spec.label}”须在{spec.minimum}—{spec.maximum}之间，填写的是{value}。")
        return value
    if spec.kind == "bool":
        if text.lower() in ("1", "true", "yes", "是", "开", "on"):
            return True
        if text.lower() in ("0", "false", "no", "否", "关", "off"):
            return False
        raise RulesError(f"“{spec.label}”须填写 是 或 否，填写的是“{text}”。")
    names = {v: k for k, v in OUTCOME_GROUPS.items()}
    groups = []
    for part in [p for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]:
        part = part.strip()
        code = part if part in OUTCOME_GROUPS else names.get(part)
        if code is None:
            raise RulesError(f"“{spec.label}”中的“{part}”不是办理结果类别，可用：{'、'.join(OUTCOME_GROUPS.values())}。")
        groups.append(code)
    return tuple(sorted(set(groups)))


def format_rule(spec: RuleSetting, value: Any) -> str:
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "groups":
        return "、".join(OUTCOME_GROUPS[g] for g in value)
    if spec.kind == "retention":
        return "、".join(f"{OUTCOME_GROUPS[g]}:{v}" for g, v in value)
    return str(value)


def rules_table(rules: CaseRules) -> list[dict[str, str]]:
    """Each rule with its current value, its default and the source of the default (for display)."""
    default = CaseRules()
    return [{"key": s.key, "label": s.label, "value": format_rule(s, getattr(rules, s.key)),
             "default": format_rule(s, getattr(default, s.key)), "source": s.source}
            for s in RULE_SETTINGS]


assert {f.name for f in fields(CaseRules)} == set(RULE_BY_KEY)  # every rule is stored and explained
