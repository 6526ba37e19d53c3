"""导入已有台账 (issue 28, minor items): a wrong ID check digit (which registration refuses) is warned about per
row; double spaces in names are collapsed; value mappings survive a failed import; rows without a number are
numbered by received date (the file's own numbers are kept); the last page shows only 完成."""

import json

from PySide6.QtWidgets import QWizard

from gongkai_desktop.cli import main
from gongkai_desktop.core.ledger_import import guess_mapping, parse_rows, tidy_name

from .test_import_wizard import HEADERS


def test_names_are_tidied():
    assert tidy_name("王　伟") == "王伟" and tidy_name(" 欧阳  明轩 ") == "欧阳明轩"
    assert tidy_name("John  Smith") == "John Smith" and tidy_name("某某  建设有限公司") == "某某建设有限公司"


def test_wrong_check_digits_warn_per_row_and_the_row_is_imported_as_it_is():
    rows = [[1, "2024-03-05", "钱  七", "自然人", "某村低保名单", None, None, "李  明"],
            [2, "2024-03-06", "孙八", "自然人", "某路拓宽方案", None, None, "李明"],
            [3, "2024-03-07", "赵九", "自然人", "某项目批复", None, None, "李明"]]
    rows[0].insert(5, "110105194912310021")  # check digit should be X
    rows[1].insert(5, "11010519491231002X")
    rows[2].insert(5, "")
    headers = [*HEADERS[:5], "身份证号", *HEADERS[5:]]
    parsed = parse_rows(rows, guess_mapping(headers), today=__import__("datetime").date(2026, 12, 10))
    assert [p.ok for p in parsed] == [True, True, True]
    assert len(parsed[0].warnings) == 1 and "校验位" in parsed[0].warnings[0]
    assert parsed[1].warnings == [] and parsed[2].warnings == []
    assert parsed[0].values["applicant"] == "钱七" and parsed[0].values["handler"] == "李明"


def test_wizard_warns_keeps_mappings_after_a_failure_numbers_by_date_and_ends_with_done(window, demo_ledger,
                                                                                        tmp_path):
    headers = [*HEADERS[:5], "身份证号", *HEADERS[5:]]

    def book(path, rows):
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(headers)
        for r in rows:
            wb.active.append(r)
        wb.save(path)
        return path

    later = [1, "2019-06-01", "钱  七", "个人", "某村低保名单", "110105194912310021", None, None, "李明"]
    earlier = [2, "2019-03-01", "孙八", "企业", "某项目招标文件", "", None, None, "张丽"]
    bad = [3, "2019-02-30", "赵九", "个人", "某路方案", "", None, None, "张丽"]
    wizard = window.open_import()
    wizard.file_page.path.setText(str(book(tmp_path / "坏.xlsx", [later, earlier, bad])))
    wizard.next()
    wizard.next()
    review = wizard.review_page
    for _kind, text, combo in review.items:
        combo.setCurrentIndex(combo.findData("自然人" if text == "个人" else "商业企业"))
    wizard.next()
    assert not wizard.preview_page.isComplete()  # 2019-02-30 does not exist: nothing imported
    wizard.reject()

    wizard = window.open_import()  # the file corrected: the mappings chosen before are offered again
    wizard.file_page.path.setText(str(book(tmp_path / "好.xlsx", [later, earlier])))
    wizard.next()
    wizard.next()
    assert wizard.review_page.items == []
    wizard.next()
    preview = wizard.preview_page
    assert preview.isComplete() and "按收到日期先后编号" in preview.summary.text()
    assert preview.warnings.isVisibleTo(wizard) and "第2行" in preview.warnings.text() \
        and "校验位" in preview.warnings.text()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    nos = {r["name"]: r["no"] for r in demo_ledger.db.query(
        "SELECT p.name, a.no FROM applications a JOIN applicants p ON p.id = a.applicant_id "
        "WHERE a.received LIKE '2019-%'")}
    assert set(nos) == {"钱七", "孙八"}  # the double space collapsed
    assert nos["孙八"] < nos["钱七"]  # received 03-01 before 06-01: numbered first, although later in the file
    wizard.accept()  # 完成: the status bar counts the imported applications at once
    assert f"申请 {demo_ledger.work_counts(window.today())['applications']} 件" in window.statusBar().currentMessage()


def test_cli_import_warns_per_row_and_keeps_the_files_numbers(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["申请编号", "收到日期", "申请人", "申请人类型", "证件号码", "申请内容"])
    wb.active.append(["", "2024-06-01", "钱七", "自然人", "110105194912310021", "某村低保名单"])
    wb.active.append(["2024-0099", "2024-05-01", "孙八", "自然人", "", "某路方案"])
    wb.active.append(["", "2024-03-01", "赵九", "自然人", "", "某项目批复"])
    wb.save(tmp_path / "t.xlsx")
    assert main(["apps", "import", str(tmp_path / "t.xlsx"), "--json", "--today", "2026-12-10"]) == 0
    out, err = capsys.readouterr()
    assert "提醒：第2行：证件号码 110105194912310021" in err
    assert json.loads(out)["warnings"][0]["line"] == 2
    assert main(["apps", "list", "--json", "--today", "2026-12-10"]) == 0
    listed = {r["applicant"]: r["no"] for r in json.loads(capsys.readouterr().out)}
    assert listed["孙八"] == "2024-0099"  # the file's number kept
    assert listed["赵九"] < listed["钱七"]  # the others by received date
