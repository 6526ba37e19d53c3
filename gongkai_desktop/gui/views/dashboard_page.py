"""工作台: today's overdue and due-soon applications, counts, and calendar warnings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.applications import OUTCOMES, outcome_name
from ...core.workdays import WorkCalendar, cn_date, weekday_name
from ...core.workplan import state_summary
from ...services.reviews import ReviewService
from ...storage.ledger import Ledger
from .. import theme
from .bar_chart import BarChart
from .widgets import CountCard, LedgerPage, page_header, warning_label


class DashboardPage(LedgerPage):
    importNoticeRequested = Signal()
    applicationActivated = Signal(str)
    sectionsFilled = Signal()  # every section counted (after the deferred first fill too; benchmarks/ waits for it)

    def __init__(self, ledger: Ledger, today: Callable[[], date], parent: QWidget | None = None,
                 defer_first_fill: bool = False):
        super().__init__(ledger, today, parent)
        self._defer_fill = defer_first_fill  # the start-up page: the slow sections wait for the first paint
        layout = self.page_layout
        self.date_label = QLabel()
        layout.addLayout(page_header("工作台", self.date_label))

        warn_row = QHBoxLayout()
        self.calendar_warning = warning_label()
        warn_row.addWidget(self.calendar_warning, 1)
        self.import_button = QPushButton("导入节假日安排通知…")
        self.import_button.clicked.connect(self.importNoticeRequested)
        warn_row.addWidget(self.import_button)
        layout.addLayout(warn_row)
        self.provisional_warning = warning_label()
        layout.addWidget(self.provisional_warning)
        self.lapse_warning = warning_label()
        layout.addWidget(self.lapse_warning)

        cards = QGridLayout()
        self.cards = {
            "overdue": CountCard("已逾期"),
            "due_soon": CountCard("即将到期"),
            "open": CountCard("办理中"),
            "paused": CountCard("暂停计时"),
            "received_this_month": CountCard("本月新收"),
            "closed_this_month": CountCard("本月办结"),
            "received_this_year": CountCard("本年新收"),
            "closed_this_year": CountCard("本年办结"),
        }
        self.cards["paused"].setToolTip("等待补正、征求意见答复或缴费，答复期限暂停计算")
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, 0, i)
        layout.addLayout(cards)

        body = QHBoxLayout()
        left = QVBoxLayout()
        self.due_title = QLabel()
        self.due_title.setWordWrap(True)
        left.addWidget(self.due_title)
        self.due_table = QTableWidget(0, 6)
        self.due_table.setHorizontalHeaderLabels(["申请编号", "申请人", "申请内容", "期限", "日期", "剩余工作日"])
        self.due_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.due_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.due_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.due_table.setColumnWidth(1, 110)
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_table.cellDoubleClicked.connect(self._activated)
        self.empty_due = QLabel("没有已逾期或即将到期的申请。")
        left.addWidget(self.due_table)
        left.addWidget(self.empty_due)
        # 已答复待送达 (issue 17): the reply is judged on its 交邮 or 签收 date, not on the reply date
        self.awaiting_title = QLabel()
        self.awaiting_title.setWordWrap(True)
        left.addWidget(self.awaiting_title)
        self.awaiting_table = QTableWidget(0, 6)
        self.awaiting_table.setHorizontalHeaderLabels(["申请编号", "申请人", "申请内容", "答复日期", "答复书", "期限"])
        header = self.awaiting_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.awaiting_table.setColumnWidth(1, 110)
        self.awaiting_table.verticalHeader().setVisible(False)
        self.awaiting_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.awaiting_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.awaiting_table.setMaximumHeight(self.awaiting_table.fontMetrics().height() * 12)
        self.awaiting_table.cellDoubleClicked.connect(self._awaiting_activated)
        left.addWidget(self.awaiting_table)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        self.outcome_title = QLabel()
        right.addWidget(self.outcome_title)
        self.outcome_chart = BarChart()
        right.addWidget(self.outcome_chart)
        self.month_title = QLabel()
        right.addWidget(self.month_title)
        self.month_chart = BarChart(vertical=True)
        right.addWidget(self.month_chart)
        self.tasks_label = QLabel()
        self.tasks_label.setWordWrap(True)
        right.addWidget(self.tasks_label)
        self.duty_label = QLabel()  # 工作要点督办: who has not reported, who is behind, recurring items, 本机关要点
        self.duty_label.setWordWrap(True)
        self.duty_label.setToolTip("在“工作要点”页导出、导入反馈表，生成督办通知")
        self.duty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # a long 督办 list scrolls in its own area instead of squeezing the charts above it
        self.duty_area = QScrollArea()
        self.duty_area.setWidgetResizable(True)
        self.duty_area.setFrameShape(QFrame.Shape.NoFrame)
        self.duty_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.duty_area.setWidget(self.duty_label)
        right.addWidget(self.duty_area, 1)
        body.addLayout(right, 2)
        layout.addLayout(body, 1)

    SECONDARY_DELAY_MS = 100  # the first refresh paints the window before the sections below the deadlines

    def refresh(self) -> None:
        """Fill the page. On the start-up page's first fill only the counts and the deadlines are filled before
        the window is painted; this year's charts, the 工作要点 lines, 已答复待送达 and 工作要点督办 follow just
        after (issue 26: the slower counts at 100,000 applications). Every other refresh fills everything at once."""
        today = self.today()
        cal = self.ledger.calendar.load()
        first, self._defer_fill = self._defer_fill, False
        days = self.ledger.rules.due_soon_days  # 设置 → 办理规则
        soon_until = cal.add_workdays(today, days)
        self.cards["due_soon"].caption.setText(f"{days}个工作日内到期")
        self.due_title.setText(f"<b>到期提醒</b>（已过期或{days}个工作日内到期的答复期限，补正、征求意见、缴费期限，"
                               "以及标为“内部”的科室反馈、报批、保密审查期限，复议答复、诉讼答辩和重新答复期限；双击查看）")
        self.date_label.setText(f"今天：{cn_date(today)}（{weekday_name(today)}）")

        next_year = today.year + 1
        missing = [y for y in (today.year, next_year) if not cal.arrangements.get(y)]
        if today.year in missing:
            text = f"尚未载入{today.year}年国务院节假日安排，今年的答复期限均为暂定，请尽快导入通知。"
        elif today.month >= 11 and next_year in missing:
            text = (f"尚未载入{next_year}年国务院节假日安排：答复期限跨入{next_year}年的申请除法定节假日外按周一至周五推算，为暂定。"
                    "通知发布后请及时导入。")
        else:
            text = ""
        self.calendar_warning.setText(text)
        self.calendar_warning.setVisible(bool(text))
        self.import_button.setVisible(bool(text))

        summary = self.ledger.applications.summary(today, soon_until)
        provisional = self.ledger.applications.provisional_open_count()
        self.provisional_warning.setText(f"{provisional}件未办结申请的答复期限涉及尚无节假日安排的年份，显示为“暂定”。")
        self.provisional_warning.setVisible(provisional > 0)
        colours = {"overdue": theme.OVERDUE.name(), "due_soon": theme.DUE_SOON.name()}
        for key, card in self.cards.items():
            card.set_value(summary[key], colours.get(key))

        rows: list[tuple[date, str, str, str, str, bool]] = [
            (date.fromisoformat(i["due"]), i["no"], i["applicant"], i["content_title"], "答复期限", bool(i["provisional"]))
            for i in self.ledger.applications.due_items(soon_until)
        ]
        lapsed = 0
        prompts: dict[tuple[str, str], str] = {}  # (申请编号, 期限) → "……请核实后登记“逾期不补正”。"
        for app, result in self.ledger.applications.paused_clocks(cal, today):
            lapsed += result.lapse_pending is not None
            for name, day in result.waiting.items():
                if day <= soon_until:
                    if result.lapse_pending is not None and day == result.lapse_since and day < today:
                        name = f"{name}已届满"
                        prompts[(app["no"], name)] = result.lapse_prompt
                    rows.append((day, app["no"], app["applicant"], app["content_title"], name, result.provisional))
        for i in self.ledger.applications.internal_due_items(soon_until):  # the office's own deadlines
            rows.append((date.fromisoformat(i["internal_due"]), i["no"], i["applicant"], i["content_title"],
                         f"内部：{i['internal_label']}", False))
        for item in ReviewService(self.ledger).due_items(today, (soon_until - today).days):  # 复议答复、诉讼答辩、重新答复
            rows.append((item.due, item.no, item.applicant, item.detail, item.label, False))
        self.lapse_warning.setText(
            f"{lapsed}件申请的补正期限或缴费期限已经届满，仍显示为暂停计时：请核实后在申请详情中登记"
            "“逾期不补正”或“逾期未缴费”（在下表中双击打开）。"
        )
        self.lapse_warning.setVisible(lapsed > 0)
        rows.sort()
        self.due_table.setRowCount(0)  # replacing items one by one re-measures every column each time (4 s at 100k)
        self.due_table.setRowCount(len(rows))
        for r, (due, no, applicant, content, kind, provisional) in enumerate(rows):
            if due < today:
                late = cal.count_workdays(due, today)
                left_text, colour = (f"已过期{late}个工作日" if late else "已过期"), theme.OVERDUE
            else:
                left_text, colour = f"{cal.count_workdays(today, due)}", theme.DUE_SOON
            values = [no, applicant, content, kind, cn_date(due) + ("（暂定）" if provisional else ""), left_text]
            prompt = prompts.get((no, kind), "")
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if c >= 4 or prompt and c == 3:
                    cell.setForeground(QBrush(colour))
                if prompt:
                    cell.setToolTip(prompt)
                self.due_table.setItem(r, c, cell)
        self.due_table.setVisible(bool(rows))
        self.empty_due.setVisible(not rows)

        if first:
            self.awaiting_title.setText("<b>已答复待送达</b>（正在统计……）")
            self.outcome_title.setText(f"<b>{today.year}年办理结果</b>（正在统计……）")
            QTimer.singleShot(self.SECONDARY_DELAY_MS, self, lambda: self._fill_secondary(today, cal))
        else:
            self._fill_secondary(today, cal)

    def _fill_secondary(self, today: date, cal: WorkCalendar) -> None:
        """The sections below the deadlines: this year's charts, the 工作要点 line, 已答复待送达 and 督办."""
        if self.ledger.closed:  # the window closed (or the ledger was swapped) before the deferred fill ran
            return
        counts = self.ledger.applications.outcomes_in_year(today.year)
        self.outcome_title.setText(f"<b>{today.year}年办理结果</b>（按答复日期，共{sum(counts.values())}件）")
        groups: dict[str, int] = {}
        for o in OUTCOMES:
            name = outcome_name(o.code).split("·")[0]
            groups[name] = groups.get(name, 0) + counts.get(o.code, 0)
        self.outcome_chart.set_items(list(groups.items()))
        self.outcome_chart.setToolTip("\n".join(f"{outcome_name(o.code)}：{counts[o.code]}" for o in OUTCOMES
                                                if counts.get(o.code)))
        months = self.ledger.applications.monthly_received(today.year)
        self.month_title.setText(f"<b>{today.year}年各月新收申请</b>（共{sum(months)}件）")
        self.month_chart.set_items([(f"{m}月", n) for m, n in enumerate(months, start=1)])

        task_years = self.ledger.tasks.years()
        if today.year in task_years:
            task_counts = self.ledger.tasks.status_counts(today.year)
            self.tasks_label.setText(f"<b>{today.year}年工作要点</b>：{state_summary(task_counts)}。")
        else:
            self.tasks_label.setText(f"<b>{today.year}年工作要点</b>：尚未导入。")
        self.fill_awaiting(today, cal)
        self.duty_label.setText(self.duty_text(today, task_years))
        self.duty_area.setVisible(bool(self.duty_label.text()))
        self.sectionsFilled.emit()

    def duty_text(self, today: date, task_years: list[int]) -> str:
        """The 工作要点督办 section: the latest 报送期次's missing units, units behind schedule, recurring
        requirements falling due, and the 20 days for the 本机关工作要点."""
        from ...core.workplan import own_plan_reminder

        year = today.year if today.year in task_years else (task_years[0] if task_years else None)
        if year is None:
            return ""
        units = self.ledger.tasks.units
        lines = []
        rounds = units.rounds(year)
        if rounds:
            rnd = rounds[0]
            missing = units.missing(rnd["id"])
            if missing:
                late = rnd["due"] < today.isoformat()
                colour = theme.OVERDUE.name() if late else theme.DUE_SOON.name()
                lines.append(f"<span style='color:{colour}'>{rnd['period']}落实情况"
                             f"{'逾期未报送' if late else '尚未报送'}{len(missing)}个单位</span>"
                             f"（截止{cn_date(date.fromisoformat(rnd['due']), with_year=False)}）：{'、'.join(missing)}")
        behind = [e["unit"] for e in units.behind(year, today) if e["overdue"]]
        if behind:
            lines.append(f"有逾期未完成任务的单位{len(behind)}个：{'、'.join(behind[:8])}{'等' if len(behind) > 8 else ''}")
        for o in units.occurrence_reminders(year, today)[:6]:
            when = cn_date(date.fromisoformat(o["due"]), with_year=False)
            lines.append(f"{'⚠ ' if o['late'] else ''}{when}（{o['rule']}）{o['code'] or ''}{o['title']}："
                         f"待报送 {'、'.join(o['units'][:4])}{'等' if len(o['units']) > 4 else ''}")
        own = own_plan_reminder(units.plan(year), year, today)  # not the service: it imports Word/Excel writers
        if own:
            lines.append(own)
        return (f"<b>{year}年工作要点督办</b><br>" + "<br>".join(lines)) if lines else ""

    AWAITING_DAYS = 90  # replies of the last 90 days (a count over years is slower and no longer actionable)
    AWAITING_ROWS = 50

    def fill_awaiting(self, today: date, cal: WorkCalendar) -> None:
        """已答复待送达: replies without a recorded 送达, the longest waiting first. A reply whose due date has
        passed becomes 超期 the day it is posted or signed for, so those are marked."""
        repo = self.ledger.applications
        since = today - timedelta(days=self.AWAITING_DAYS)
        total = repo.awaiting_delivery_count(since)
        rows = repo.awaiting_delivery(since, self.AWAITING_ROWS) if total else []
        shown = f"，显示等待最久的{len(rows)}件" if total > len(rows) else ""
        self.awaiting_title.setText(
            f"<b>已答复待送达（{total}件）</b>（近{self.AWAITING_DAYS}天作出答复、尚未登记送达的申请{shown}。"
            "是否按期以交邮或签收日期为准，请及时登记送达；双击打开）")
        self.awaiting_table.setRowCount(0)
        self.awaiting_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            due = date.fromisoformat(row["due"]) if row["due"] else None
            passed = due is not None and due < today
            due_text = cn_date(due, with_year=due.year != today.year) if due else "—"
            if passed and due is not None:
                due_text = f"已过{cal.count_workdays(due, today)}个工作日"
            values = [row["no"], row["applicant"], row["content_title"], cn_date(date.fromisoformat(row["replied"])),
                      row["letter"] or "尚未出具", due_text]
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if c == 5 and passed and due is not None:
                    cell.setForeground(QBrush(theme.OVERDUE))
                    cell.setToolTip(f"答复期限{cn_date(due)}已过：现在交邮或签收，答复即为超期"
                                    "（国办公开办函〔2016〕235号）。")
                if c == 4 and not row["letter"]:
                    cell.setForeground(QBrush(theme.DUE_SOON))
                self.awaiting_table.setItem(r, c, cell)
        self.awaiting_table.setVisible(bool(rows))

    def _awaiting_activated(self, row: int, _column: int) -> None:
        item = self.awaiting_table.item(row, 0)
        if item is not None:
            self.applicationActivated.emit(item.text())

    def _activated(self, row: int, _column: int) -> None:
        item = self.due_table.item(row, 0)
        if item is not None:
            self.applicationActivated.emit(item.text())
