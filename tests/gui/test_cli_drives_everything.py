"""Issue 24 "done when": a fresh ledger driven by `gongkai …` only — settings and a rule change, registration,
every event kind and every internal step the step table has, undo, 送达, evidence records, 复议 and 重新答复,
items and 一事一申请, the reply letter, 归档, task progress — and then the window opened on that ledger shows
the same state as `apps show --json`, `apps list --json` and `tasks show --json`.

The kinds are not listed by hand: they come from `apps event --list --json` / `apps step --list --json` (the step
table), and every command the parser has is either run here or named in ELSEWHERE with the test that covers it,
so a new kind or command cannot be forgotten."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QSettings

from gongkai_desktop.cli import build_parser, main
from gongkai_desktop.core.clock import EventKind
from gongkai_desktop.core.steps import STEPS
from gongkai_desktop.core.workdays import cn_date

from ..conftest import FIXTURES, ROOT

TODAY = date(2026, 12, 10)
T = ("--today", TODAY.isoformat())
PLAN = FIXTURES / "workplans" / "dahe-2026.txt"

# Commands this scenario does not run, each with the test that drives it (a new command must go into the
# scenario or here). Reading/exporting commands whose output is a file, the calendar and the report are
# tested on their own; they do not change a case's state.
ELSEWHERE = {
    ("tasks", "remove-file"): "tests/gui/test_tasks_minor.py",
    ("workdays", "add"): "tests/unit/test_cli.py",
    ("workdays", "count"): "tests/unit/test_cli.py",
    ("clock",): "tests/unit/test_cli.py",
    ("calendar", "import-notice"): "tests/unit/test_cli.py",
    ("calendar", "show"): "tests/unit/test_cli.py",
    ("calendar", "set-day"): "tests/unit/test_cli.py",
    ("apps", "import"): "tests/unit/test_cli.py",
    ("apps", "export"): "tests/unit/test_cli.py",
    ("apps", "suggest"): "tests/unit/test_cli_items.py",
    ("archive", "export"): "tests/unit/test_archive.py",
    ("workplan", "export"): "tests/unit/test_workplan.py",
    ("tasks", "feedback-export"): "tests/unit/test_supervision.py",
    ("tasks", "feedback-import"): "tests/unit/test_supervision.py",
    ("tasks", "remind"): "tests/unit/test_supervision.py",
    ("tasks", "report"): "tests/unit/test_supervision.py",
    ("tasks", "own-plan"): "tests/unit/test_supervision.py",
    ("report",): "tests/unit/test_report_exports.py",
    ("demo",): "tests/unit/test_cli.py",
    ("backup",): "tests/unit/test_backup_safety.py",
    ("restore",): "tests/unit/test_backup_safety.py",
}


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_table(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    out: dict[tuple[str, ...], argparse.ArgumentParser] = {}
    for name, sub in subparsers(parser).items():
        path = (*prefix, name)
        out.update(command_table(sub, path) or {path: sub})
    return out


class Cli:
    """`gongkai` in-process on one ledger; remembers which commands ran."""

    def __init__(self, capsys):
        self.capsys = capsys
        self.table = command_table(build_parser())
        self.used: set[tuple[str, ...]] = set()

    def path(self, argv: tuple[str, ...]) -> tuple[str, ...]:
        for n in (2, 1):
            if tuple(argv[:n]) in self.table:
                return tuple(argv[:n])
        raise AssertionError(f"not a gongkai command: {argv}")

    def __call__(self, *argv: str, code: int = 0) -> str:
        self.used.add(self.path(argv))
        got = main(list(argv))
        out, err = self.capsys.readouterr()
        assert got == code, f"gongkai {' '.join(argv)} → {got}\n{out}\n{err}"
        return out + err if code else out

    def json(self, *argv: str) -> object:
        return json.loads(self(*argv, "--json"))


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "台账.sqlite"
    monkeypatch.setenv("GONGKAI_DB", str(path))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return path


def add(cli: Cli, received: str, name: str, id_number: str, content: str, *extra: str) -> str:
    out = cli.json("apps", "add", "--received", received, "--channel", "当面", "--applicant-type", "自然人",
                   "--name", name, "--id-number", id_number, "--phone", "13800000000", "--content", content,
                   *extra, *T)
    return out["no"]


def scan(tmp_path: Path, name: str) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    path = tmp_path / name
    with path.open("wb") as f:
        w.write(f)
    return path


def drive(cli: Cli, tmp_path: Path) -> dict[str, str]:
    """The whole scenario; returns the application numbers by role."""
    # --- settings: the letterhead, and rules (a changed 补正期限 default moves the 补正期限 below) ---------------
    cli("settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开", "--set", "review_organ=某县人民政府",
        "--set", "court=某县人民法院", "--set", "contact=李明", "--set", "phone=0935-1234567")
    out = cli("settings", "--rule", "correction_period_days=15", "--rule", "fonds_code=Z017")
    assert "补正期限默认（工作日）（correction_period_days）：15" in out and "全宗号（fonds_code）：Z017" in out

    no = {
        "full": add(cli, "2026-11-02", "王伟", "11010519491231002X", "某河道采砂许可审批材料"),
        "lapsed": add(cli, "2026-11-02", "李娜", "110105194912310038", "某小区规划许可证"),
        "unpaid": add(cli, "2026-11-02", "张敏", "110105194912310054", "2025年度某局财政预算执行明细"),
        "withdrawn": add(cli, "2026-11-16", "刘洋", "110105194912310070", "某路段交通事故统计"),
        "items": add(cli, "2026-11-23", "陈静", "110105194912310097", "1.某水库除险加固批复；2.该工程验收报告"),
        "void": add(cli, "2026-11-24", "杨帆", "110105194912310118", "误登记的申请"),
    }
    again = cli.json("apps", "add", "--received", "2026-11-03", "--channel", "当面", "--applicant-type", "自然人",
                     "--name", "王伟", "--id-number", "11010519491231002X", "--address", "某县城关镇1号",
                     "--content", "某河道采砂许可审批材料（复印件）",
                     *T)
    assert again["known_applicant"] and again["similar"][0]["no"] == no["full"]
    no["again"] = again["no"]

    # --- every event kind on the full case, except the three that close a case early ------------------------
    full = no["full"]
    rec = lambda *a: cli("apps", "event", full, *a, *T)  # noqa: E731
    out = rec("correction-requested", "--date", "2026-11-03", "--note", "请补充身份证明")
    assert "补正期限2026年11月24日" in out  # 15 working days after 11月3日 (the changed rule), not the default 10
    rec("correction-received", "--date", "2026-11-06")
    rec("consult-sent", "--date", "2026-11-09", "--ref", "某砂石公司", "--party-received", "2026-11-10")
    rec("consult-answered", "--date", "2026-11-13", "--ref", "某砂石公司")
    rec("extended", "--date", "2026-11-16", "--days", "10", "--approver", "张主任", "--note", "需要调取档案")
    rec("delay", "--date", "2026-11-17", "--days", "5", "--note", "申请数量明显超过合理范围")
    rec("fee-notice", "--date", "2026-11-18", "--fee-method", "按量", "--fee-units", "2219",
        "--party-received", "2026-11-19")
    rec("fee-paid", "--date", "2026-11-20", "--amount", "100")
    assert "已撤销“缴纳费用”" in cli("apps", "undo", full, "--reason", "金额录错", *T)
    rec("fee-paid", "--date", "2026-11-20", "--amount", "1000")

    # --- the internal chain, with a 退回 and a 保密审查 that needed the 主管部门 -------------------------------
    step = lambda *a: cli("apps", "step", full, *a, *T)  # noqa: E731
    step("assign", "--date", "2026-11-20", "--by", "李明", "--department", "水利股", "--days", "5")
    step("draft", "--date", "2026-11-23", "--by", "赵科长", "--outcome", "3.5", "--opinion", "属于内部事务信息")
    step("return", "--date", "2026-11-24", "--by", "李明", "--opinion", "采砂许可属于应公开信息，重新拟办")
    step("draft", "--date", "2026-11-24", "--by", "赵科长", "--outcome", "1", "--basis", "条例第二十条",
         "--opinion", "予以公开", "--provide", "采砂许可决定书")
    step("review", "--date", "2026-11-25", "--by", "李明")
    step("legal-review", "--date", "2026-11-25", "--by", "刘律师", "--result", "同意")
    step("secrecy-review", "--date", "2026-11-25", "--by", "孙审查", "--result", "不能确定",
         "--info-name", "采砂许可决定书", "--pages", "4", "--carrier", "纸质", "--referred-to", "县保密局")
    step("secrecy-answer", "--date", "2026-11-27", "--by", "李明", "--organ", "县保密局", "--result", "可以公开")
    step("approve", "--date", "2026-11-30", "--by", "王局长", "--role", "主要领导")
    assert "已撤销“领导核准”" in cli("apps", "undo", full, "--reason", "应由分管领导核准", *T)
    step("approve", "--date", "2026-11-30", "--by", "李副局长", "--role", "分管领导")
    rec("replied", "--date", "2026-12-01")  # the approved draft's outcome and basis

    # --- the letter, 送达, evidence records, forms --------------------------------------------------------
    cli("apps", "record", full, "search", "--date", "2026-11-25", "--scope", "文书档案、业务系统", "--keywords", "采砂、许可",
        "--searcher", "李明", "--result", "检索到1件", *T)
    cli("apps", "record", full, "contact", "--date", "2026-11-05", "--method", "电话", "--party", "王伟",
        "--content", "释明补正内容", *T)
    cli("apps", "record", full, "provided", "--date", "2026-12-01", "--name", "采砂许可决定书", "--form", "纸质",
        "--pages", "4", *T)
    letter_file = tmp_path / "答复书.docx"
    out = cli("letter", full, "--type", "reply-disclose", "--out", str(letter_file), *T)
    assert "某公开" in out
    text = "\n".join(p.text for p in Document(str(letter_file)).paragraphs)
    assert "王伟" in text and "2026年11月2日" in text and "某河道采砂许可审批材料" in text
    receipt = scan(tmp_path, "回执.pdf")
    cli("apps", "deliver", full, "--method", "邮寄（邮政）", "--date", "2026-12-02", "--by", "李明",
        "--tracking", "1190012345678", "--scan", str(receipt), *T)
    # 妥投 learned later from the postal tracking: 补记妥投, the 送达 record itself unchanged
    cli("apps", "step", full, "delivered", "--date", "2026-12-04", "--signed-by", "王伟", *T)
    dup = cli.json("apps", "record", full, "contact", "--date", "2026-11-05", "--method", "电话", "--party", "王伟",
                   "--content", "重复登记", *T)
    cli("apps", "record", full, "--void", str(dup["id"]), "--reason", "重复登记", *T)
    assert len(cli.json("apps", "record", full, "--list", *T)) == 3
    for kind in ("approval", "secrecy", "delivery-receipt"):
        cli("apps", "form", full, "--type", kind, "--out", str(tmp_path / f"{kind}.docx"), *T)

    # --- 复议, its answer and decision, 重新答复 ---------------------------------------------------------------
    cli("review", "add", full, "--type", "复议", "--organ", "某县人民政府", "--copy-received", "2026-12-03", *T)
    reviews = cli.json("review", "list", *T)
    assert reviews and reviews[0]["app_no"] == full and reviews[0]["due"] == "2026-12-17"
    cli("review", "answer", full, "--answer-out", str(tmp_path / "复议答复书.docx"), *T)
    cli("review", "decide", str(reviews[0]["id"]), "--result", "责令重新答复", "--date", "2026-12-07",
        "--doc-no", "某府复决〔2026〕12号", *T)
    cli("apps", "reopen", full, "--source", "复议决定", "--date", "2026-12-08", "--doc-no", "某府复决〔2026〕12号",
        "--review", str(reviews[0]["id"]), *T)
    step("re-reply", "--date", "2026-12-09", "--outcome", "1", "--basis", "条例第二十条", "--note", "补充提供附图")

    # --- the three closing kinds the full case could not take ------------------------------------------------
    cli("apps", "event", no["lapsed"], "correction-requested", "--date", "2026-11-03", "--until", "2026-11-10", *T)
    cli("apps", "event", no["lapsed"], "correction-lapsed", "--date", "2026-11-11", *T)
    cli("apps", "event", no["unpaid"], "fee-notice", "--date", "2026-11-04", "--fee-method", "按件", "--fee-units",
        "12", *T)
    cli("apps", "event", no["unpaid"], "fee-lapsed", "--date", "2026-12-09", *T)
    cli("apps", "event", no["withdrawn"], "withdrawn", "--date", "2026-11-18", "--note", "申请人书面撤回", *T)

    # --- items and 一事一申请; registration edit; void ------------------------------------------------------------
    items = no["items"]
    cli("apps", "items", items, "--add", "某水库除险加固批复", "--add", "该工程验收报告")
    cli("apps", "items", items, "--set", "1", "--outcome", "1", "--basis", "条例第二十条", "--provided", "批复")
    split = cli.json("apps", "split", items, *T)
    no["split"] = split["new"][0] if isinstance(split, dict) and "new" in split else split[0]["no"]
    cli("apps", "similar", items)
    cli("apps", "edit", items, "--reason", "承办人调整", "--handler", "周敏", *T)
    cli("apps", "void", no["void"], "--reason", "重复登记", *T)

    # --- 归档 of the withdrawn case: check → file → undo → file again ------------------------------------------
    withdrawn = no["withdrawn"]
    assert "申请表及身份证明" in cli("archive", "check", withdrawn, *T, code=1)
    out = cli("archive", "attach", withdrawn, str(scan(tmp_path, "申请表.pdf")))
    attachment = int(out.split("编号 ")[1].split("）")[0])
    cli("archive", "class", withdrawn, str(attachment), "--class", "申请表及身份证明")
    assert "可以归档" in cli("archive", "check", withdrawn, *T)
    first = cli("archive", "file", withdrawn, "--date", "2026-12-10", *T)
    cli("archive", "undo", withdrawn, "--reason", "补充材料")
    assert cli("archive", "file", withdrawn, "--date", "2026-12-10", *T).split("档号 ")[1][:20] == \
        first.split("档号 ")[1][:20]  # the same 档号 again

    # --- 工作要点: import, progress (with a file), state, 回头看, 销号 ---------------------------------------------
    cli("workplan", "import", str(PLAN), "--year", "2026")
    tasks = cli.json("tasks", "list", "--year", "2026", "--date", TODAY.isoformat())
    open_day = next(t for t in tasks if t["title"] == "开展政府开放日活动")["id"]
    vaccine = next(t for t in tasks if t["title"] == "做好疫苗接种信息公开")["id"]
    evidence = tmp_path / "开放日照片.png"
    evidence.write_bytes(b"\x89PNG demo")
    cli("tasks", "progress", str(open_day), "--unit", "办公室", "--state", "已完成", "--note", "9月26日举办开放日",
        "--evidence", "活动照片", "--file", str(evidence), "--day", "2026-09-28", "--year", "2026")
    cli("tasks", "progress", str(vaccine), "--state", "推进中", "--note", "第三季度接种点已公开", "--owner", "王芳",
        "--day", "2026-10-08", "--year", "2026")
    cli("tasks", "state", str(vaccine), "--state", "推进中", "--all-units", "--reason", "各股室已开始",
        "--day", "2026-10-09", "--year", "2026")
    cli("tasks", "review", str(open_day), "--result", "已落实", "--note", "照片和报道齐全", "--day", "2026-12-01",
        "--year", "2026")
    report = tmp_path / "开放日总结.pdf"
    report.write_bytes(scan(tmp_path, "总结.pdf").read_bytes())
    cli("tasks", "close", str(open_day), "--unit", "办公室", "--note", "经核查已落实", "--file", str(report),
        "--day", "2026-12-02", "--year", "2026")
    no["task_open_day"], no["task_vaccine"] = str(open_day), str(vaccine)
    cli("check")
    return no


def test_the_cli_drives_everything_and_the_window_shows_the_same(qtbot, capsys, db, tmp_path, app_paths):
    cli = Cli(capsys)
    no = drive(cli, tmp_path)
    full = no["full"]

    # every event kind and every step of the table were recorded through the CLI
    listed_events = {c["step"] for c in cli.json("apps", "event", no["items"], "--list", *T)}
    listed_steps = {c["step"] for c in cli.json("apps", "step", no["items"], "--list", *T)}
    assert listed_events == {k.value for k in EventKind} == {s.slug for s in STEPS if s.is_clock}
    assert listed_steps == {s.slug for s in STEPS if not s.is_clock}
    shown = {n: cli.json("apps", "show", n, *T) for key, n in no.items() if not key.startswith("task")}
    recorded = {e["kind"] for s in shown.values() for e in s["events"]}
    assert recorded == listed_events, listed_events - recorded
    steps_done = {st["step"] for s in shown.values() for st in s["steps"]}
    assert steps_done == listed_steps, listed_steps - steps_done

    listed = {r["no"]: r for r in cli.json("apps", "list", "--limit", "100", *T)}
    tasks_shown = {k: cli.json("tasks", "show", no[k], "--year", "2026") for k in ("task_open_day", "task_vaccine")}


    # every command ran here or is named with the test that covers it
    for path, test in ELSEWHERE.items():
        assert path in cli.table and (ROOT / test).is_file(), path
    missing = set(cli.table) - cli.used - set(ELSEWHERE)
    assert not missing, f"commands neither run here nor covered elsewhere: {sorted(missing)}"

    # --- the window on the same ledger --------------------------------------------------------------------
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.gui.views.main_window import MainWindow
    from gongkai_desktop.storage.ledger import Ledger

    ledger = Ledger.open(db, backup_dir=tmp_path / "backups")
    ledger.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    try:
        window = MainWindow(ledger, app_paths, QSettings(str(app_paths.config_file), QSettings.Format.IniFormat),
                            lambda: TODAY)
        qtbot.addWidget(window)
        window.show()
        check_list(window, listed)
        for n in (full, no["lapsed"], no["unpaid"], no["withdrawn"], no["items"], no["split"]):
            check_detail(window, shown[n])
        detail = window.applications.detail  # a voided application is shown, but nothing can be done on it
        detail.show_application(no["void"])
        assert "已作废" in detail.head.text()
        assert not detail.archive_button.isEnabled() and not detail.edit_button.isEnabled()
        check_tasks(window, tasks_shown)
        check_settings(window)
        window.close()
    finally:
        ledger.close()


def check_list(window, listed: dict[str, dict]) -> None:
    from gongkai_desktop.gui.models.applications_model import COLUMN_KEYS

    window.show_page_named("依申请公开")
    page = window.applications
    model = page.model
    while model.canFetchMore():
        model.fetchMore()
    rows = {model.display(r, "no"): {k: model.display(r, k) for k in COLUMN_KEYS} for r in model.rows}
    assert set(rows) == set(listed)  # the voided application is in neither default list
    for n, item in listed.items():
        row = rows[n]
        assert row["received"] == item["received"] and row["applicant"] == item["applicant"]
        assert row["status"].removesuffix("（已归档）") == item["status"], n
        assert row["outcome"] == (item["outcome"] or ""), n
        if item["closed_on"]:  # the legal deadline stays in 答复期限; the close date has its own column
            assert row["due"] == (item["due"] or "—") and row["closed_on"] == item["closed_on"], n
        else:
            assert row["due"].startswith(item["due"] or "暂停计时"), n


def check_detail(window, shown: dict) -> None:
    from PySide6.QtGui import QTextDocument

    window.open_application(shown["no"])
    detail = window.applications.detail
    assert detail.app["no"] == shown["no"]
    doc = QTextDocument()
    doc.setHtml(detail.head.text())
    head = doc.toPlainText()
    assert f"状态：{shown['status']}" in head, head
    if shown["due"] and not shown["closed_on"]:
        assert f"答复期限：{cn_date(date.fromisoformat(shown['due']))}" in head
    for name, day in shown["sub_deadlines"].items():
        if name != "答复期限":
            assert f"{name}：{cn_date(date.fromisoformat(day))}" in head, (name, head)
    for d in shown["internal_deadlines"]:
        assert f"{d['label']}{cn_date(date.fromisoformat(d['due']))}" in head
    if shown["outcome_label"]:
        assert shown["outcome_label"] in head
    trail = detail.trail.toPlainText().splitlines()
    assert trail == shown["trail"] + [f"注意：{w}" for w in shown["warnings"]]
    timeline = [(detail.timeline.item(r, 0).text(), detail.timeline.item(r, 1).text())
                for r in range(detail.timeline.rowCount())]
    live = [(e["day"], e["label"]) for e in shown["events"]]
    assert [t for t in timeline if t[1] in {k.label for k in EventKind}] == live
    undone = [(u["day"], u["label"] + "（已撤销）") for u in shown["undone"] if u["clock"]]
    assert [t for t in timeline if t[1].endswith("（已撤销）")] == undone
    letters = [t for t in timeline if t[1] == "文书"]
    assert len(letters) == len(shown["letters"])
    table = detail.steps_table
    steps = [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text(), table.item(r, 0).font().strikeOut())
             for r in range(table.rowCount())]
    assert [x[:3] for x in steps if not x[3]] == [(s["date"], s["label"], s["by"] or "") for s in shown["steps"]]
    assert [x[:2] for x in steps if x[3]] == [(u["day"], u["label"]) for u in shown["undone"] if not u["clock"]]
    records = detail.open_case_dialog("records")
    assert [(records.table.item(r, 0).text(), records.table.item(r, 1).text(), records.table.item(r, 2).text())
            for r in range(records.table.rowCount())] == [(r["date"], r["label"], r["text"]) for r in shown["records"]]
    assert records.warnings.text() == "\n".join(shown["case_warnings"])
    records.close()
    if shown["closed_on"]:
        assert f"办结日期：{cn_date(date.fromisoformat(shown['closed_on']))}" in head
        assert ("晚于答复期限" in head) == bool(shown["reply_timeliness"] and shown["reply_timeliness"]["late"])
    attachments = [t for t in timeline if t[1] == "附件"]
    assert len(attachments) == len(shown["attachments"])
    assert detail.archive_button.isEnabled()
    if shown["archived"]:
        assert window.applications.model.display(window.applications.model.rows[
            window.applications.model.row_of(shown["no"])], "status").endswith("（已归档）")


def check_tasks(window, tasks_shown: dict[str, dict]) -> None:
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    window.show_page_named("工作要点")
    page = window.tasks
    page.year_combo.setCurrentIndex(page.year_combo.findData(2026))
    page.show_year()
    items = {}
    it = QTreeWidgetItemIterator(page.tree)
    while it.value():
        items[it.value().text(1)] = it.value()
        it += 1
    for data in tasks_shown.values():
        item = items[data["title"]]
        assert item.text(5) == data["state"] and item.text(6) == (data["owner"] or "")
        assert item.text(8) == (data["review"]["result"] or "")
        if data["updates"]:
            assert data["updates"][-1]["progress"] in item.text(7) or data["updates"][0]["progress"] in item.text(7)
        page.tree.setCurrentItem(item)
        units = [(page.unit_table.item(r, 0).text(), page.unit_table.item(r, 2).text())
                 for r in range(page.unit_table.rowCount())]
        assert units == [(u["unit"], u["state"]) for u in data["units"]]
        text = page.detail.toPlainText()
        for name in data["files"]:
            assert name in text


def check_settings(window) -> None:
    """The 设置 page shows the profile and the rules the CLI saved."""
    window.show_page_named("设置")
    page = window.page(5)
    assert page.edits()["organ_name"].text() == "某县某某局" and page.edits()["doc_prefix"].text() == "某公开"
    rules = page.rules.rules()
    assert rules.correction_period_days == 15 and rules.fonds_code == "Z017"
    assert rules == window.ledger.rules


def test_every_command_has_help(capsys):
    """`gongkai … --help` works (exit 0, Chinese usage text) for every command and group."""
    parser = build_parser()
    paths = [()]
    for path in command_table(parser):
        paths += [path[:i] for i in range(1, len(path) + 1)]
    for path in dict.fromkeys(paths):
        assert main([*path, "--help"]) == 0, path
        out = capsys.readouterr().out
        assert out.startswith("usage: gongkai") and "-h, --help" in out, path
