"""The `gongkai` command line contract (design.md §4)."""

import json

import pytest

from gongkai_desktop import __version__

from ..conftest import FIXTURES
from ..conftest import run_cli as run


@pytest.fixture(autouse=True)
def isolated_ledger(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    return tmp_path / "cli.sqlite"


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and __version__ in out


def test_workdays_add_and_count(capsys):
    assert run(capsys, "workdays", "add", "2026-01-30", "20")[:2] == (0, "2026-03-05\n")
    assert run(capsys, "workdays", "count", "2026-01-30", "2026-03-05")[:2] == (0, "20\n")


def test_unknown_year_exits_3_with_warning(capsys):
    # 2027 has no notice yet: 元旦 (1/1) is still a statutory rest day, so the 20th working day is 1/8
    code, out, err = run(capsys, "workdays", "add", "2026-12-10", "20")
    assert code == 3 and out.strip() == "2027-01-08"
    assert "2027年" in err


def test_clock_json_shape(capsys):
    code, out, _ = run(
        capsys, "clock", "--received", "2026-03-02", "--event", "consult-sent=2026-03-09",
        "--event", "consult-answered=2026-03-20", "--today", "2026-03-25", "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert data["due"] == "2026-04-13" and data["status"] == "正常" and data["provisional"] is False
    assert data["unknown_years"] == [] and data["sub_deadlines"]["答复期限"] == "2026-04-13"
    assert isinstance(data["trail"], list) and data["trail"]


def test_clock_extension_syntax_and_errors(capsys):
    code, out, _ = run(capsys, "clock", "--received", "2026-03-02", "--event", "extended=2026-03-27:20",
                       "--today", "2026-03-27", "--json")
    assert code == 0 and json.loads(out)["due"] == "2026-04-28"
    code, _, err = run(capsys, "clock", "--received", "2026-03-02", "--event", "extended=2026-03-27:25",
                       "--today", "2026-03-27")
    assert code == 1 and "不得超过20" in err and "Traceback" not in err
    code, _, err = run(capsys, "clock", "--received", "2026-03-02", "--event", "nonsense=2026-03-03")
    assert code == 2 and "未知事项类型" in err
    code, _, err = run(capsys, "clock", "--received", "2026-02-30")
    assert code == 2 and "不是有效日期" in err


def test_calendar_import_notice_dry_run_json(capsys, isolated_ledger):
    code, out, _ = run(capsys, "calendar", "import-notice", str(FIXTURES / "notices" / "holiday-notice-2026.txt"),
                       "--dry-run", "--json")
    data = json.loads(out)
    assert code == 0 and data["year"] == 2026
    assert "2026-10-10" in data["workdays"] and "2026-10-07" in data["rest_days"]
    assert data["source"].startswith("国务院办公厅关于2026年部分节假日安排的通知")
    assert not isolated_ledger.exists()  # dry run touches no ledger


def test_calendar_import_saves_and_show_reports_it(capsys):
    notice = FIXTURES / "notices" / "notice-2030-fictional.txt"
    assert run(capsys, "calendar", "import-notice", str(notice))[0] == 0
    code, out, _ = run(capsys, "calendar", "show", "2030", "--json")
    data = json.loads(out)
    assert code == 0 and data["known"] and "2030-10-12" in data["workdays"]
    code, out, err = run(capsys, "calendar", "show", "2031")
    assert code == 3 and "尚未载入" in out


def test_bad_notice_file(capsys, tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    code, _, err = run(capsys, "calendar", "import-notice", str(bad))
    assert code == 1 and "不支持的文件类型" in err


def test_demo_then_check(capsys):
    code, out, _ = run(capsys, "demo", "--applications", "150", "--tasks", "20", "--seed", "3", "--today", "2026-11-22")
    assert code == 0 and "申请 150 件" in out
    code, out, _ = run(capsys, "check")
    assert code == 0 and "申请 150 件" in out and "完整性检查通过" in out
    code, _, err = run(capsys, "demo", "--applications", "5")
    assert code == 1 and "只能写入空台账" in err


def test_newer_ledger_gives_clear_error(capsys, isolated_ledger):
    import sqlite3

    conn = sqlite3.connect(isolated_ledger)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    code, _, err = run(capsys, "check")
    assert code == 1 and "更新版本" in err


def test_unexpected_errors_show_no_traceback(capsys, monkeypatch):
    import gongkai_desktop.cli as cli

    def boom(ctx):
        raise RuntimeError("x")

    monkeypatch.setattr(cli.calendar_cmds, "cmd_workdays_count", boom)
    code, out, err = run(capsys, "workdays", "count", "2026-01-01", "2026-01-02")
    assert code == 1 and "内部错误" in err and "Traceback" not in err


def test_plain_value_error_is_internal_domain_error_is_its_message(capsys, monkeypatch, caplog):
    """Issue 15: only DomainError is user-facing; a plain ValueError ("invalid literal for int()") is a bug."""
    import logging

    import gongkai_desktop.cli as cli
    from gongkai_desktop.core.errors import DomainError

    def bug(ctx):
        return int("abc")

    monkeypatch.setattr(cli.calendar_cmds, "cmd_workdays_count", bug)
    with caplog.at_level(logging.ERROR, logger="gongkai"):
        code, out, err = run(capsys, "workdays", "count", "2026-01-01", "2026-01-02")
    assert code == 1 and err.startswith("内部错误：ValueError") and "Traceback" not in err
    assert "invalid literal" not in err
    assert "Traceback" in caplog.text and "invalid literal" in caplog.text  # logged for support

    def refused(ctx):
        raise DomainError("台账中没有申请编号为 X 的申请。")

    monkeypatch.setattr(cli.calendar_cmds, "cmd_workdays_count", refused)
    code, out, err = run(capsys, "workdays", "count", "2026-01-01", "2026-01-02")
    assert code == 1 and err.strip() == "错误：台账中没有申请编号为 X 的申请。"


def test_every_project_error_class_is_a_domain_error():
    """Every *Error class the project defines (outside the CLI's UsageError) derives from DomainError."""
    import importlib
    import inspect
    import pkgutil

    import gongkai_desktop
    from gongkai_desktop.core.errors import DomainError

    found = []
    for info in pkgutil.walk_packages(gongkai_desktop.__path__, "gongkai_desktop."):
        if ".gui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == info.name \
                    and name.endswith("Error") and name != "UsageError":
                found.append(obj)
                assert issubclass(obj, DomainError), f"{info.name}.{name} does not derive from DomainError"
    assert len(found) >= 25


@pytest.fixture
def demo_db(capsys):
    assert run(capsys, "demo", "--applications", "120", "--tasks", "0", "--today", "2026-11-20")[0] == 0


def test_apps_list_json_shape_and_filters(capsys, demo_db):
    code, out, _ = run(capsys, "apps", "list", "--json", "--limit", "500", "--today", "2026-11-20")
    items = json.loads(out)
    assert code == 0 and len(items) == 120
    assert {"no", "received", "applicant", "category", "status", "due", "outcome"} <= set(items[0])
    code, out, _ = run(capsys, "apps", "list", "--json", "--overdue", "--today", "2026-11-20")
    overdue = json.loads(out)
    assert all(i["status"] == "已逾期" and i["due"] < "2026-11-20" for i in overdue)
    code, out, _ = run(capsys, "apps", "list", "--json", "--due-within", "5", "--today", "2026-11-20")
    soon = json.loads(out)
    assert all(i["status"] == "即将到期" for i in soon)
    dues = [i["due"] for i in soon]
    assert dues == sorted(dues)
    name = items[0]["applicant"]
    code, out, _ = run(capsys, "apps", "list", "--json", "--search", name[:2], "--today", "2026-11-20")
    assert items[0]["no"] in [i["no"] for i in json.loads(out)]


def test_apps_show_json_has_events_and_trail(capsys, demo_db):
    items = json.loads(run(capsys, "apps", "list", "--json", "--status", "已办结", "--today", "2026-11-20")[1])
    code, out, _ = run(capsys, "apps", "show", items[0]["no"], "--json", "--today", "2026-11-20")
    data = json.loads(out)
    assert code == 0
    for key in ("no", "received", "applicant", "category", "status", "due", "outcome", "events", "letters",
                "sub_deadlines", "trail"):
        assert key in data
    assert data["status"] == "已办结"
    assert any(e["kind"] in ("replied", "withdrawn", "correction-lapsed", "fee-lapsed") for e in data["events"])
    assert data["trail"][0].endswith("收到申请，当日不计入，自次日起算。")
    assert "*" in data["id_number"]  # masked


def test_apps_show_unknown_number_is_a_clear_error(capsys, demo_db):
    code, _, err = run(capsys, "apps", "show", "2099-9999")
    assert code != 0 and "没有申请编号为 2099-9999" in err


def test_apps_list_text_output(capsys, demo_db):
    code, out, _ = run(capsys, "apps", "list", "--limit", "3", "--today", "2026-11-20")
    assert code == 0 and "显示 3 件（共 120 件" in out


def test_letter_list_types(capsys):
    code, out, _ = run(capsys, "letter", "--list-types")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) >= 20
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert "reply-withhold\t答复书：不予公开" in lines


def test_letter_generates_and_refuses_clearly(capsys, demo_db, tmp_path, isolated_ledger):
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.open(isolated_ledger)
    led.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", review_organ="某市人民政府",
                                         court="某区人民法院"))
    led.close()
    items = json.loads(run(capsys, "apps", "list", "--json", "--status", "未办结", "--today", "2026-11-20")[1])
    no = items[0]["no"]
    out_file = tmp_path / "回执.docx"
    code, _, err = run(capsys, "letter", no, "--type", "receipt", "--out", str(out_file), "--today", "2026-11-20")
    assert code == 1 and "联系人、联系电话" in err and not out_file.exists()  # never “（联系人）”
    led = Ledger.open(isolated_ledger)
    led.settings.save_profile(OrgProfile(organ_name="某局", doc_prefix="某公开", review_organ="某市人民政府",
                                         court="某区人民法院", contact="李明", phone="0935-1234567"))
    led.close()
    code, out, _ = run(capsys, "letter", no, "--type", "receipt", "--out", str(out_file), "--today", "2026-11-20")
    assert code == 0 and "某公开收〔2026〕1号" in out and out_file.exists()
    code, _, err = run(capsys, "letter", no, "--type", "reply-disclose", "--out", str(tmp_path / "x.docx"))
    assert code == 1 and "须先在办理记录中登记“答复”" in err and not (tmp_path / "x.docx").exists()
    code, _, err = run(capsys, "letter", no, "--type", "no-such-type")
    assert code == 1 and "未知的文书类型" in err
    code, _, err = run(capsys, "letter", no, "--type", "correction", "--set", "wrong=1")
    assert code == 2 and "correction_items" in err
    code, _, err = run(capsys, "letter", no, "--type", "receipt", "--set", "search_records=[{")
    assert code == 2 and "JSON" in err
    code, _, err = run(capsys, "letter", no, "--type", "receipt", "--set",
                       'contact_records=[{"date": "2026-09-05", "method": "微信", "party": "张三"}]')
    assert code == 2 and "电话、短信、当面、邮件" in err


def test_apps_import_and_export(capsys, tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["收到日期", "申请人类型", "申请人", "申请内容", "答复日期", "办理结果"])
    ws.append(["2025-03-05", "自然人", "张三", "某路征收补偿方案", "2025-03-20", "已公开"])
    ws.append(["2025-04-05", "企业", "某公司", "某项目环评报告", None, None])
    wb.save(tmp_path / "in.xlsx")
    code, _, err = run(capsys, "apps", "import", str(tmp_path / "in.xlsx"), "--errors", str(tmp_path / "e.xlsx"),
                       "--today", "2026-11-20")
    assert code == 1 and "第2行" in err and "第3行" in err and (tmp_path / "e.xlsx").exists()
    args = ["apps", "import", str(tmp_path / "in.xlsx"), "--map", "已公开=1", "--map", "企业=商业企业",
            "--today", "2026-11-20"]
    code, out, _ = run(capsys, *args, "--dry-run")
    assert code == 0 and "检查通过，可导入 2 件" in out
    code, out, _ = run(capsys, *args)
    assert code == 0 and "已导入 2 件" in out
    code, out, _ = run(capsys, *args)
    assert code == 0 and "已导入 0 件" in out and "跳过 2 行" in out
    code, out, _ = run(capsys, "apps", "export", str(tmp_path / "out.xlsx"))
    assert code == 0 and "已导出 2 件" in out
    rows = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "申请编号" and len(rows) == 3
    code, _, err = run(capsys, "apps", "import", str(tmp_path / "missing.xlsx"))
    assert code == 1 and "找不到文件" in err


def test_settings_show_and_set(capsys):
    code, out, _ = run(capsys, "settings", "--set", "organ_name=某县某某局", "--set", "doc_prefix=某公开")
    assert code == 0 and "已保存" in out and "某县某某局" in out
    code, _, err = run(capsys, "settings", "--set", "postcode=12")
    assert code == 2 and "邮政编码" in err
    code, _, err = run(capsys, "settings", "--set", "nonsense=1")
    assert code == 2 and "organ_name" in err


def test_clock_received_by_party_and_named_answers(capsys):
    # the third party received the letter on 3/11: its 15 working days run to 4/1
    code, out, _ = run(capsys, "clock", "--received", "2026-03-02", "--event", "consult-sent=2026-03-09:第三方@2026-03-11",
                       "--event", "fee-notice=2026-03-10@2026-03-12", "--json", "--today", "2026-03-13")
    data = json.loads(out)
    assert code == 0
    assert data["sub_deadlines"]["征求意见答复期限（第三方）"] == "2026-04-01"
    assert data["sub_deadlines"]["缴费期限"] == "2026-04-10"
    code, _, err = run(capsys, "clock", "--received", "2026-03-02", "--event", "consult-sent=2026-03-09:第三方",
                       "--event", "consult-sent=2026-03-10:市局", "--event", "consult-answered=2026-03-12")
    assert code == 1 and "请写明收到的是哪一项的意见" in err
    code, _, err = run(capsys, "clock", "--received", "2026-03-02", "--event", "replied=2026-03-09@2026-03-10")
    assert code == 2 and "只有 consult-sent 和 fee-notice" in err


def test_apps_list_lapsed_shows_paused_cases_whose_window_ran_out(capsys, isolated_ledger):
    from datetime import date

    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.storage.ledger import Ledger

    from ..conftest import ROOT

    led = Ledger.open(isolated_ledger)
    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    cal = led.calendar.load()
    person = {"kind": "自然人", "name": "王伟", "id_type": "居民身份证", "id_number": "11010519491231002X",
              "phone": "13800000000"}
    nos = [led.applications.register(dict(person), {"channel": "当面", "received": "2026-03-02",
                                                    "content_title": f"事项{i}"}, OrgProfile(), cal, date(2026, 3, 3))
           for i in range(3)]
    led.applications.add_event(nos[0], Event(EventKind.CORRECTION_REQUESTED, date(2026, 3, 4), until=date(2026, 3, 18)),
                               cal, date(2026, 3, 4))
    led.applications.add_event(nos[1], Event(EventKind.CORRECTION_REQUESTED, date(2026, 3, 4), until=date(2026, 5, 18)),
                               cal, date(2026, 3, 4))
    led.close()
    code, out, _ = run(capsys, "apps", "list", "--lapsed", "--json", "--today", "2026-04-01")
    items = json.loads(out)
    assert code == 0 and [i["no"] for i in items] == [nos[0]]
    assert items[0]["status"] == "已暂停" and items[0]["lapse"] == "逾期不补正"
    code, out, _ = run(capsys, "apps", "list", "--json", "--today", "2026-04-01")
    lapses = {i["no"]: i["lapse"] for i in json.loads(out)}
    assert lapses == {nos[0]: "逾期不补正", nos[1]: None, nos[2]: None}
    code, out, _ = run(capsys, "apps", "list", "--today", "2026-04-01")
    assert "待登记“逾期不补正”" in out
    code, out, _ = run(capsys, "apps", "show", nos[0], "--today", "2026-04-01")
    assert "提示：补正期限已于2026年3月18日届满，请核实后登记“逾期不补正”。" in out


def test_calendar_import_supplementary_merges_and_show_lists_days_by_their_year(capsys):
    notices = FIXTURES / "notices"
    code, out, _ = run(capsys, "calendar", "import-notice", str(notices / "notice-2019.txt"))
    assert code == 0 and "2018年12月31日（周一）：平常工作日 → 放假" in out
    code, out, err = run(capsys, "calendar", "show", "2018")
    assert code == 3 and "其中以下日期已由其他年度的通知确定" in out
    assert "调休上班：12月29日（周六）" in out and "元旦：12月30日至12月31日放假（整个假期2018年12月30日至2019年1月1日，本年2天）" in out
    code, out, _ = run(capsys, "calendar", "show", "2019", "--json")
    data = json.loads(out)
    assert "2018-12-29" not in data["workdays"] and "2019-05-05" in data["workdays"]
    assert data["day_sources"]["2019-05-03"].startswith("国务院办公厅关于调整2019年劳动节假期安排的通知")
    # the 2015 纪念日 notice imports on its own (2015 has no data yet) and its year's main notice merges with it
    code, out, _ = run(capsys, "calendar", "import-notice", str(notices / "notice-2015-victory-day.txt"), "--json")
    data = json.loads(out)
    assert code == 0 and data["supplementary"] and data["year"] == 2015
    assert [c["day"] for c in data["changes"]] == ["2015-09-03", "2015-09-04", "2015-09-06"]
    code, out, _ = run(capsys, "calendar", "show", "2015", "--json")
    assert "2015-09-04" in json.loads(out)["rest_days"]


def test_calendar_import_2024_notice_has_no_warnings(capsys):
    code, out, err = run(capsys, "calendar", "import-notice", str(FIXTURES / "notices" / "notice-2024.txt"), "--dry-run")
    assert code == 0 and "注意" not in err
    assert "与台账中日历相比，0天有变化。" in out
