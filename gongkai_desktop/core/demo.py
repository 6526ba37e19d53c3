"""Realistic, deterministic synthetic data for screenshots, tests at scale and benchmarks.

Every generated event sequence is valid for the clock: the generator asks the clock for the current due
date before planning the next step, and stops planning at `today` (so recent applications stay open,
paused or awaiting 补正, as in a real ledger).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .applications import CHANNELS, ORG_CATEGORIES, id_check_digit, uscc_check_char
from .clock import ClockRules, Event, EventKind, compute_clock
from .fees import fee_by_pages
from .workdays import WorkCalendar

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧解强丰"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣怡佳雪琳晨曦子涵梓萱一诺浩然宇轩明哲建国建华志强志明春梅海燕丽华"
PLACES = ("城关", "东城", "西城", "南湖", "北塬", "河西", "新区", "滨江", "凉州", "古浪", "民勤", "天祝")
ORG_NAMES = {
    "商业企业": ("{p}宏达建材有限公司", "{p}新源房地产开发有限公司", "{p}顺通物流有限公司", "{p}绿野农业科技有限公司",
                 "{p}华信置业有限公司", "{p}利民商贸有限责任公司"),
    "科研机构": ("{p}农业科学研究院", "{p}城市规划设计研究院", "{p}生态环境研究所", "{p}大学公共管理学院"),
    "社会公益组织": ("{p}环境保护志愿者协会", "{p}慈善总会", "{p}残疾人福利基金会", "{p}消费者协会"),
    "法律服务机构": ("甘肃{p}律师事务所", "{p}法律援助中心", "{p}公证处", "甘肃正{p}律师事务所"),
    "其他": ("{p}小区业主委员会", "{p}村民委员会", "{p}个体工商户联合会", "{p}社区居民委员会"),
}
REQUESTS = (
    "{y}年度部门预算、决算及“三公”经费支出情况",
    "{p}路拓宽改造工程房屋征收补偿安置方案",
    "{p}片区控制性详细规划及批复文件",
    "{p}小区建设工程规划许可证及附图",
    "{y}年{p}镇农村危房改造补助对象名单及资金发放情况",
    "本人户籍所在村{y}年低保评审材料",
    "{p}工业园区建设项目环境影响评价报告及审批意见",
    "对{p}某公司作出的行政处罚决定书",
    "{p}河道采砂许可证发放情况",
    "{y}年城乡居民医疗保险财政补助资金使用情况",
    "{p}棚户区改造项目土地征收批复文件",
    "{p}学校新建校舍工程招标投标文件",
    "本单位{y}年政府采购项目合同及验收报告",
    "{p}村集体土地征收“一书四方案”",
    "{p}路口交通信号灯设置的依据及审批文件",
    "{y}年度重大行政决策事项目录",
    "{p}垃圾填埋场选址论证报告",
    "{p}供热价格调整的成本监审报告",
)
DEPARTMENTS = ("办公室", "法规科", "规划科", "征收办", "财务科", "执法大队")
HANDLERS = ("李明", "张丽", "王海燕", "赵志强", "陈静")
FORMS = ("纸质", "电子文档", "纸质、电子文档均可")
DELIVERIES = ("邮寄", "电子邮件", "自行领取", "网上获取")
OUTCOME_WEIGHTS = {
    "1": 34, "2": 8, "3.1": 1, "3.2": 1, "3.3": 1, "3.4": 3, "3.5": 2, "3.6": 3, "3.7": 2, "3.8": 1,
    "4.1": 16, "4.2": 4, "5.1": 3, "5.2": 3, "5.3": 1, "5.4": 1, "5.5": 1,
}
TASK_SECTIONS = (
    ("一、着力加强重点领域信息公开", ("推进“十四五”规划纲要及配套政策文件公开", "加强重大建设项目信息公开",
                                   "做好财政预决算信息公开", "推进公共资源配置领域信息公开", "加强生态环境信息公开")),
    ("二、持续提升政策解读回应质效", ("强化政策文件解读", "做好政务舆情回应", "办好政府开放日活动",
                                   "加强政策咨询服务")),
    ("三、不断夯实公开工作基础", ("规范依申请公开办理", "推进政府信息管理动态调整", "加强政府网站和政务新媒体建设",
                                 "完善政府信息公开专栏", "做好政府信息公开工作年度报告编制发布")),
    ("四、切实强化组织保障", ("加强业务培训", "强化监督考核", "落实政务公开工作责任")),
)
LEAD_UNITS = ("县政府办公室", "县发展改革局", "县财政局", "县自然资源局", "县生态环境局", "县住建局", "县司法局", "县政务服务中心")
RESPONSIBLE_UNITS = ("各乡镇人民政府", "县直各部门", "各县（市、区）人民政府", "县教育局", "县卫健局", "县民政局")


@dataclass
class DemoApplication:
    applicant_index: int
    application: dict[str, Any]
    events: list[Event]
    outcome: str | None
    steps: list[DemoStep] = field(default_factory=list)  # the internal chain (交办 … 核准)
    reviews: list[dict[str, Any]] = field(default_factory=list)  # 复议/诉讼 records (reviews_repo fields)
    records: list[tuple[str, date, dict[str, Any]]] = field(default_factory=list)  # 检索/沟通/提供 (kind, day, data)


@dataclass(frozen=True)
class DemoStep:
    slug: str
    day: date
    signer: str
    result: str = ""
    opinion: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class DemoData:
    applicants: list[dict[str, Any]] = field(default_factory=list)
    applications: list[DemoApplication] = field(default_factory=list)
    task_year: int = 0
    tasks: list[dict[str, Any]] = field(default_factory=list)


def _person(rng: random.Random) -> dict[str, Any]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"6206{rng.randrange(0, 100):02d}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return {
        "kind": "自然人", "category": "自然人", "name": name, "id_type": "居民身份证",
        "id_number": first17 + id_check_digit(first17),
        "phone": f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}",
        "address": f"甘肃省武威市{rng.choice(PLACES)}区{rng.randrange(1, 200)}号",
        "postcode": "733000",
    }


def _organisation(rng: random.Random) -> dict[str, Any]:
    category = rng.choices(ORG_CATEGORIES, weights=(50, 8, 10, 22, 10))[0]
    name = rng.choice(ORG_NAMES[category]).format(p=rng.choice(PLACES))
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = "91" + "620600" + "".join(rng.choice(chars) for _ in range(9))
    return {
        "kind": "法人或其他组织", "category": category, "name": name,
        "credit_code": first17 + uscc_check_char(first17),
        "legal_rep": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "contact": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "phone": f"0935-{rng.randrange(2000000, 9999999)}",
        "address": f"甘肃省武威市{rng.choice(PLACES)}区{rng.randrange(1, 200)}号",
    }


# A made-up organisation so a new user trying the demo can make letters at once (replaced in 设置).
DEMO_PROFILE = {
    "organ_name": "演示市某某局", "office_name": "办公室", "address": "演示市城关区政务大道1号", "postcode": "733000",
    "phone": "0935-2212345", "contact": "李明", "doc_prefix": "演某公开", "review_organ": "演示市人民政府",
    "court": "演示市城关区人民法院",
}
LEADERS = ("王局长", "刘副局长", "孙副局长")
COUNSEL = ("法律顾问周律师", "法规科吴科长")


def _chain(rng: random.Random, cal: WorkCalendar, received: date, events: list[Event], outcome: str | None,
           today: date, application: dict[str, Any]) -> list[DemoStep]:
    """The internal chain for a demo case, following the step table's default rules (core/steps.py,
    core/rules.py): most replies go 交办 → 拟办 → 审核 (→ 法制审核 / 保密审查) → 核准 before the reply;
    open cases stop where today finds them; about one case in eight has no recorded chain (a one-person office)."""
    from .rules import CaseRules

    replied = next((e.day for e in events if e.kind is EventKind.REPLIED), None)
    closing = {EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED, EventKind.WITHDRAWN}
    if any(e.kind in closing for e in events) or rng.random() < 0.12 or replied == received:
        return []
    limit = min(replied or today, today)
    rules = CaseRules()
    office, dept = application["handler"], application["department"]
    steps: list[DemoStep] = []

    def add(slug: str, day: date, signer: str, **extra: Any) -> bool:
        if day > limit:
            return False
        steps.append(DemoStep(slug, day, signer, **extra))
        return True

    day = cal.add_workdays(received, 1)
    if not add("assign", day, office, data={"department": dept, "handler": office, "feedback_days": 5}):
        return steps
    draft_outcome = outcome or rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
    day = cal.add_workdays(day, rng.randint(1, 4))
    if replied is not None:
        day = min(day, replied)
    opinion = "经核查，拟按所选办理结果答复。"
    if not add("draft", day, f"{dept}{rng.choice(SURNAMES)}科长", opinion=opinion,
               data={"outcome": draft_outcome}):
        return steps
    if not add("review", day, office, result="同意"):
        return steps
    if rules.needs_legal_review(draft_outcome) and not add("legal-review", day, rng.choice(COUNSEL), result="同意"):
        return steps
    if rules.needs_secrecy_review(draft_outcome):
        result = "部分公开" if draft_outcome == "2" else "可以公开"
        if not add("secrecy-review", day, office, result=result,
                   data={"info_name": application["content_title"], "carrier": "纸质"}):
            return steps
    approve_day = min(cal.add_workdays(day, 1), replied) if replied else cal.add_workdays(day, 1)
    add("approve", approve_day, rng.choice(LEADERS), result="同意", data={"role": "分管领导"})
    return steps


SEARCH_RESULTS = ("未检索到所申请的信息", "未检索到相关文件", "未找到申请人所描述的文件")
DEPARTMENT_OPINIONS = ("经核查，本科室未制作或保存该信息。", "经查阅本科室2019年以来的收发文登记，没有该文件。",
                       "该事项不属于本科室职责，本科室未制作或获取该信息。")


def _records(rng: random.Random, cal: WorkCalendar, received: date, events: list[Event], outcome: str | None,
             application: dict[str, Any]) -> list[tuple[str, date, dict[str, Any]]]:
    """The evidence a careful office keeps (domain.md §8.4): a 检索记录 behind most 信息不存在 / 需要加工分析
    replies (about one in seven has none, so the warning shows), the 提供信息清单 of 予以公开 / 部分公开, and a
    沟通记录 when a 补正 was asked for. Dated between receipt and the reply."""
    replied = next((e.day for e in events if e.kind is EventKind.REPLIED), None)
    if replied is None:
        return []
    out: list[tuple[str, date, dict[str, Any]]] = []
    corr = next((e.day for e in events if e.kind is EventKind.CORRECTION_REQUESTED), None)
    if corr is not None and rng.random() < 0.8:
        out.append(("contact", corr, {
            "date": corr.isoformat(), "method": rng.choice(("电话", "当面", "短信")), "party": "申请人",
            "content": "说明申请内容不明确之处，告知可补充文件名称、文号或形成时间等特征",
            "result": "申请人表示将书面补正"}))
    day = min(cal.add_workdays(received, rng.randint(2, 6)), replied)
    if outcome in ("4.1", "4.2") and rng.random() < 0.85:
        words = [w[:8] for w in re.split(r"[\d年度“”、及的对某]+", application["content_title"]) if len(w) >= 2][:2]
        dept = application["department"]
        out.append(("search", day, {
            "date": day.isoformat(), "scope": ["文书档案", "业务系统", "承办科室"], "keywords": words,
            "searcher": application["handler"], "department": dept,
            "department_opinion": rng.choice(DEPARTMENT_OPINIONS), "result": rng.choice(SEARCH_RESULTS)}))
    if outcome in ("1", "2"):
        title = application["content_title"]
        items = [{"name": title, "doc_no": "", "pages": rng.randint(2, 40), "form": rng.choice(("纸质", "电子")),
                  "note": "已删除涉及个人信息的内容" if outcome == "2" else ""}]
        if rng.random() < 0.3:
            items.append({"name": "相关批复文件", "doc_no": "", "pages": rng.randint(1, 6), "form": "纸质", "note": ""})
        out.extend(("provided", replied, item) for item in items)
    return out


def _plan(rng: random.Random, cal: WorkCalendar, received: date, today: date) -> tuple[list[Event], str | None]:
    """Plan a plausible event sequence up to `today`; returns events and the outcome (None while open)."""
    rules = ClockRules()
    events: list[Event] = []
    start = received

    def due() -> date | None:
        return compute_clock(received, events, cal, None, rules).due

    def happened(d: date) -> bool:
        return d <= today

    def latest() -> date:
        return max([start, *(e.day for e in events)])

    # 当场答复 for a few walk-in requests
    if rng.random() < 0.03:
        events.append(Event(EventKind.REPLIED, received))
        return events, "1"
    corrected = False
    if rng.random() < 0.10:
        sent = cal.add_workdays(received, rng.randint(1, 7))
        if not happened(sent):
            return events, None
        until = cal.add_workdays(sent, 15)
        events.append(Event(EventKind.CORRECTION_REQUESTED, sent, until=until))
        if rng.random() < 0.25:
            lapse = cal.add_workdays(until, 1)
            if not happened(lapse):
                return events, None
            events.append(Event(EventKind.CORRECTION_LAPSED, lapse))
            return events, "6.1"
        got = cal.add_workdays(sent, rng.randint(2, 12))
        if not happened(got):
            return events, None
        events.append(Event(EventKind.CORRECTION_RECEIVED, got))
        start = got
        corrected = True
    if rng.random() < 0.08:
        sent = cal.add_workdays(start, rng.randint(3, 10))
        if not happened(sent):
            return events, None
        events.append(Event(EventKind.CONSULT_SENT, sent, ref="1"))
        answered = cal.add_workdays(sent, rng.randint(3, 15))
        if not happened(answered):
            return events, None
        events.append(Event(EventKind.CONSULT_ANSWERED, answered, ref="1"))
    if rng.random() < 0.02:
        notice = cal.add_workdays(latest(), rng.randint(4, 10))
        if not happened(notice):
            return events, None
        events.append(Event(EventKind.FEE_NOTICE, notice))
        window_end = cal.add_workdays(notice, 20)
        if rng.random() < 0.4:
            lapse = cal.add_workdays(window_end, 1)
            if not happened(lapse):
                return events, None
            events.append(Event(EventKind.FEE_LAPSED, lapse))
            return events, "6.2"
        paid = cal.add_workdays(notice, rng.randint(1, 15))
        if not happened(paid):
            return events, None
        events.append(Event(EventKind.FEE_PAID, paid))
    if rng.random() < 0.02:
        withdrawn = cal.add_workdays(latest(), rng.randint(1, 10))
        if not happened(withdrawn):
            return events, None
        events.append(Event(EventKind.WITHDRAWN, withdrawn))
        return events, "6.3"
    if rng.random() < 0.10:
        current = due()
        assert current is not None
        decided = cal.subtract_workdays(current, rng.randint(0, 3))
        if decided <= latest():
            decided = current
        if not happened(decided):
            return events, None
        events.append(Event(EventKind.EXTENDED, decided, days=rng.choice((10, 15, 20))))
    final_due = due()
    assert final_due is not None
    if final_due < today and (today - final_due).days < 45 and rng.random() < 0.08:
        return events, None  # forgotten: overdue and still open, as happens in real ledgers
    last = latest()
    if rng.random() < 0.04:
        reply = cal.add_workdays(final_due, rng.randint(1, 6))
    else:
        reply = cal.subtract_workdays(final_due, rng.randint(0, 14))
        if reply <= last:
            reply = cal.add_workdays(last, 1)
    if not happened(reply):
        return events, None
    events.append(Event(EventKind.REPLIED, reply))
    if corrected and rng.random() < 0.15:
        return events, "4.3"
    codes = list(OUTCOME_WEIGHTS)
    return events, rng.choices(codes, weights=[OUTCOME_WEIGHTS[c] for c in codes])[0]


def _tasks(rng: random.Random, year: int, n: int) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    made = 0
    cn_nums = "一二三四五六七八九十"
    while made < n:
        for heading, titles in TASK_SECTIONS:
            if made >= n:
                break
            round_no = made // sum(1 + len(t) for _, t in TASK_SECTIONS)
            title = heading if round_no == 0 else f"{heading}（续{round_no}）"
            section: dict[str, Any] = {"code": heading.split("、")[0] + "、", "section": title, "title": title.split("、", 1)[1],
                       "children": []}
            sections.append(section)
            made += 1
            for i, t in enumerate(titles):
                if made >= n:
                    break
                month = rng.randint(3, 12)
                deadline = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)
                child = {
                    "code": f"（{cn_nums[i % 10]}）",
                    "section": title,
                    "title": t,
                    "text": f"{t}。要按照有关要求，结合实际抓好落实，及时公开相关信息。",
                    "lead_units": rng.sample(LEAD_UNITS, rng.randint(1, 2)),
                    "responsible_units": rng.sample(RESPONSIBLE_UNITS, rng.randint(1, 3)),
                    "deadlines": [deadline.isoformat()] if rng.random() < 0.7 else [],
                    "recurring": rng.sample(["每季度", "每月", "每年9月"], 1) if rng.random() < 0.2 else [],
                    "state": rng.choices(("未启动", "推进中", "已完成"), weights=(2, 5, 4))[0],
                    "children": [],
                }
                section["children"].append(child)
                made += 1
    return sections


REVIEW_ORGANS = {"行政复议": "某市人民政府", "未经复议直接起诉": "某市某区人民法院", "复议后起诉": "某市某区人民法院"}


def _reviews(rng: random.Random, cal: WorkCalendar, events: list[Event], outcome: str | None,
             today: date) -> list[dict[str, Any]]:
    """A few refused or unanswerable replies are challenged: a 复议 (often in the 简易程序) or a suit, answered
    on time, some decided (维持 mostly, some 纠正). Own generator per case: the main sequence is unchanged."""
    replied = next((e.day for e in events if e.kind is EventKind.REPLIED), None)
    if replied is None or not outcome or outcome[0] not in "34" or rng.random() > 0.12:
        return []
    copy = cal.next_workday_on_or_after(replied + timedelta(days=rng.randint(20, 60)))
    if copy > today:
        return []
    kind = rng.choices(list(REVIEW_ORGANS), weights=(6, 2, 1))[0]
    simplified = kind == "行政复议" and rng.random() < 0.5
    from .reviews import answer_deadline, section4_result

    due = answer_deadline(kind, copy, cal, simplified).due
    record: dict[str, Any] = {"kind": kind, "organ": REVIEW_ORGANS[kind],
                              "filed": (copy - timedelta(days=rng.randint(1, 5))).isoformat(),
                              "copy_received": copy.isoformat(), "procedure": "简易" if simplified else "普通",
                              "note": "演示数据"}
    answered = cal.subtract_workdays(due, rng.randint(0, 2))
    if answered <= today and answered >= copy:
        record["answered"] = answered.isoformat()
    decided = copy + timedelta(days=rng.randint(35, 90))
    if decided <= today and "answered" in record:
        result = rng.choices(("维持", "驳回", "撤销", "确认违法", "责令重新答复", "撤回"), weights=(8, 3, 1, 1, 2, 1))[0]
        record.update(decided=decided.isoformat(), outcome=result, result=section4_result(result),
                      doc_no=(f"某府复决〔{decided.year}〕{rng.randint(1, 99)}号" if kind == "行政复议"
                              else f"（{decided.year}）某0102行初{rng.randint(1, 300)}号"))
    return [record]


def generate(n_applications: int, n_tasks: int, seed: int, today: date, cal: WorkCalendar) -> DemoData:
    rng = random.Random(seed)
    data = DemoData(task_year=today.year)
    span_days = max(30, min(730 + 365 * (n_applications // 20000), 3650))
    seq_by_year: dict[int, int] = {}
    for _ in range(n_applications):
        if data.applicants and rng.random() < 0.15:
            applicant_index = rng.randrange(len(data.applicants))
        else:
            data.applicants.append(_person(rng) if rng.random() < 0.78 else _organisation(rng))
            applicant_index = len(data.applicants) - 1
        # more recent applications are denser, as in a growing ledger
        offset = int(span_days * (rng.random() ** 1.3))
        received = cal.next_workday_on_or_after(today - timedelta(days=offset))
        if received > today:
            received = cal.subtract_workdays(today, 0) if cal.is_workday(today) else cal.subtract_workdays(today, 1)
        seq_by_year[received.year] = seq_by_year.get(received.year, 0) + 1
        channel = rng.choices(CHANNELS, weights=(20, 25, 5, 40, 3, 2))[0]
        place = rng.choice(PLACES)
        application = {
            "received": received.isoformat(),
            "year": received.year,
            "channel": channel.name,
            "content_title": rng.choice(REQUESTS).format(y=received.year - 1, p=place),
            "description": "申请人要求提供上述信息，用于了解相关情况。",
            "form_required": rng.choice(FORMS),
            "delivery": rng.choice(DELIVERIES),
            "department": rng.choice(DEPARTMENTS),
            "handler": rng.choice(HANDLERS),
        }
        events, outcome = _plan(rng, cal, received, today)
        kinds = {e.kind for e in events}
        if EventKind.FEE_NOTICE in kinds:  # 按量: a few hundred pages, derived without consuming the generator
            fee = fee_by_pages(120 + received.toordinal() % 700)
            application.update(fee_method=fee.method, fee_units=fee.units, fee_amount=fee.amount)
            if EventKind.FEE_PAID in kinds:
                application["fee_paid_amount"] = fee.amount
        steps = _chain(random.Random(f"{seed}-{len(data.applications)}"), cal, received, events, outcome, today,
                       application)
        reviews = _reviews(random.Random(f"{seed}-review-{len(data.applications)}"), cal, events, outcome, today)
        records = _records(random.Random(f"{seed}-records-{len(data.applications)}"), cal, received, events, outcome,
                           application)
        data.applications.append(DemoApplication(applicant_index, application, events, outcome, steps, reviews,
                                                 records))
    data.applications.sort(key=lambda a: a.application["received"])
    data.tasks = _tasks(rng, today.year, n_tasks)
    return data
