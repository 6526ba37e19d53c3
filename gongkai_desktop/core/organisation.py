"""The organisation profile printed on letters and reports (stored in the ledger's settings)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

# 申请编号 styles offered in 设置 (pattern after an optional prefix, how it reads); the pattern is the stored
# `number_format` after the prefix — officers pick a style and type a prefix, never Python format syntax.
NUMBER_STYLES: tuple[tuple[str, str], ...] = (
    ("{year}-{seq:04d}", "年份-四位序号"),
    ("{year}-{seq:03d}", "年份-三位序号"),
    ("{year}{seq:04d}", "年份四位序号（不加连接号）"),
    ("〔{year}〕{seq}号", "〔年份〕序号号"),
    ("{year}年第{seq}号", "年份年第序号号"),
)


def compose_number_format(prefix: str, style: str) -> str:
    """The stored format for a prefix (机关代字, 依申请 …; braces removed) and one of NUMBER_STYLES."""
    return prefix.strip().replace("{", "").replace("}", "") + style


def split_number_format(fmt: str) -> tuple[str, str] | None:
    """(prefix, style) when `fmt` is a prefix followed by one of NUMBER_STYLES; None for another format."""
    for style, _ in sorted(NUMBER_STYLES, key=lambda s: -len(s[0])):
        if fmt.endswith(style) and "{" not in fmt[: len(fmt) - len(style)]:
            return fmt[: len(fmt) - len(style)], style
    return None


@dataclass
class OrgProfile:
    organ_name: str = ""  # 机关名称
    office_name: str = ""  # 政府信息公开工作机构
    address: str = ""
    postcode: str = ""
    phone: str = ""
    contact: str = ""  # 联系人
    doc_prefix: str = ""  # 文号前缀（机关代字），如 某公开
    number_format: str = "{year}-{seq:04d}"  # 申请编号格式
    review_organ: str = ""  # 行政复议机关
    court: str = ""  # 行政诉讼管辖法院
    operator: str = ""  # 经办人（记入操作日志）
    review_online: str = ""  # 行政复议机关的网上申请渠道（行政复议法第二十二条第二款），设置了才印在文书上
    collect_hours: str = ""  # 申请人到本机关领取信息的时间，如“工作日上午9:00—12:00、下午14:30—17:30”

    LABELS = {
        "organ_name": "机关名称",
        "office_name": "政府信息公开工作机构",
        "address": "通讯地址",
        "postcode": "邮政编码",
        "phone": "联系电话",
        "contact": "联系人",
        "doc_prefix": "文号前缀（机关代字）",
        "number_format": "申请编号格式",
        "review_organ": "行政复议机关",
        "court": "行政诉讼管辖法院",
        "operator": "经办人",
        "review_online": "行政复议网上申请渠道",
        "collect_hours": "领取信息的时间",
    }

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> OrgProfile:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def validate(self) -> dict[str, str]:
        """Field → Chinese error message."""
        errors: dict[str, str] = {}
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 6):
            errors["postcode"] = "邮政编码应为6位数字。"
        if self.phone and not all(c.isdigit() or c in "-—()（） 转," for c in self.phone):
            errors["phone"] = "联系电话只能包含数字、短横线、括号和“转”。"
        try:
            self.format_number(2026, 1)
        except (KeyError, ValueError, IndexError):
            errors["number_format"] = "申请编号格式无效，可用 {year} 和 {seq}，例如 {year}-{seq:04d}。"
        if any(c in self.doc_prefix for c in "〔〕[]()（）0123456789"):
            errors["doc_prefix"] = "文号前缀只填机关代字，例如“某公开”，年份和序号由系统生成。"
        return errors

    def format_number(self, year: int, seq: int) -> str:
        fmt = self.number_format or "{year}-{seq:04d}"
        if "{seq" not in fmt:
            raise ValueError(fmt)
        return fmt.format(year=year, seq=seq)
