"""Annual report exports (.docx, .xlsx), reading units' files back, aggregation, and `gongkai report`."""

import json
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from gongkai_desktop.core.annual_report import CHECK_NOTE, ROW_KEYS, SECTION3_ROWS, aggregate_reports
from gongkai_desktop.documents.report_docx import write_report_docx
from gongkai_desktop.documents.report_xlsx import ReportFileError, read_report_xlsx, write_report_xlsx
from gongkai_desktop.services.annual_report import ReportService

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def report_json(tmp_path_factory):
    from gongkai_desktop.core.demo import generate
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.core.workdays import load_bundled_arrangements
    from gongkai_desktop.storage.demo_writer import write_demo
    from gongkai_desktop.storage.ledger import Ledger

    from ..conftest import ROOT

    led = Ledger.open(tmp_path_factory.mktemp("r") / "l.sqlite")
    led.seed_calendar(load_bundled_arrangements(ROOT / "resources" / "calendar"))
    cal = led.calendar.load()
    write_demo(led, generate(400, 0, 5, TODAY, cal), cal, TODAY)
    led.settings.save_profile(OrgProfile(organ_name="某县某某局"))
    service = ReportService(led)
    service.save_section2(2025, {"规章": ["0", "0", "2"], "行政规范性文件": ["6", "2", "41"], "行政许可": ["1320"],
                                 "行政处罚": ["57"], "行政强制": ["3"], "行政事业性收费": ["12.35"]})
    data = service.build(2025, TODAY).to_json()
    led.close()
    return data


def test_docx_has_six_sections_and_official_tables(report_json, tmp_path):
    path = write_report_docx(report_json, tmp_path / "年报.docx")
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name == "一级标题"]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [p.text for p in doc.paragraphs[:2]] == ["某县某某局", "2025年政府信息公开工作年度报告"]
    t2, t3, t4 = doc.tables
    assert t2.cell(0, 0).text == "第二十条第（一）项" and t2.cell(3, 3).text == "41"
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    assert t3.cell(0, 0).text == CHECK_NOTE and t3.cell(1, 4).text == "法人或其他组织"
    labels = [t3.cell(3 + i, 0).text if not level2 else (t3.cell(3 + i, 2).text or t3.cell(3 + i, 1).text)
              for i, (_, _, level2, _) in enumerate(SECTION3_ROWS)]
    expected = [level1 if not level2 else (level3 or level2) for _, level1, level2, level3 in SECTION3_ROWS]
    assert labels == expected
    for i, key in enumerate(ROW_KEYS):
        row = report_json["section3"]["rows"][i]["values"]
        assert [int(t3.cell(3 + i, 3 + c).text) for c in range(7)] == row, key
    assert t4.cell(0, 0).text == "行政复议" and t4.cell(1, 5).text == "未经复议直接起诉"
    assert [int(t4.cell(3, c).text) for c in range(15)] == report_json["section4"]["values"]
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_xlsx_official_layout_round_trips(report_json, tmp_path):
    path = write_report_xlsx(report_json, tmp_path / "年报.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "表二", "表三", "表四"]
    s3 = wb["表三"]
    assert "A2:C4" in {str(r) for r in s3.merged_cells.ranges}
    assert s3["A2"].value == CHECK_NOTE and s3["D3"].value == "自然人" and s3["A5"].value == ROW_LABEL_FIRST
    back = read_report_xlsx(path)
    assert back["section3"] == report_json["section3"]
    assert back["section4"] == report_json["section4"]
    assert back["section2"] == report_json["section2"]
    assert (back["unit"], back["year"]) == ("某县某某局", 2025)


ROW_LABEL_FIRST = "一、本年新收政府信息公开申请数量"


def test_reading_a_foreign_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not excel")
    with pytest.raises(ReportFileError, match="不是可读取的 Excel"):
        read_report_xlsx(bad)


def test_aggregate_sums_and_flags(report_json):
    other = json.loads(json.dumps(report_json))
    other["unit"] = "某县另一局"
    old = json.loads(json.dumps(report_json))
    old["unit"], old["year"] = "某县旧局", 2024
    broken = json.loads(json.dumps(report_json))
    broken["unit"] = "某县错表局"
    broken["section3"]["rows"][0]["values"][0] += 1
    files = [report_json, other, report_json, old, broken]
    refused = aggregate_reports(files, ["某县某某局", "某县另一局", "某县缺报局"])
    assert refused.refused and "--year" in refused.problems[0] and "2024年：某县旧局" in refused.problems[0]
    agg = aggregate_reports(files, ["某县某某局", "某县另一局", "某县缺报局"], year=2025)
    assert agg.year == 2025 and sorted(agg.units) == ["某县另一局", "某县某某局", "某县错表局"]
    total = agg.totals["section3"]["rows"][0]["values"]
    first = report_json["section3"]["rows"][0]["values"]
    assert total[0] == 3 * first[0] + 1 and total[-1] == 3 * first[-1]
    text = "\n".join(agg.problems)
    assert "重复提交" in text and "某县缺报局" in text and "2024年" in text and "某县错表局 的表格未通过勾稽检查" in text
    assert agg.totals["section2"]["rows"][-1]["values"] == [str(round(3 * 12.35, 2))]


def test_cli_report_and_aggregate(tmp_path, monkeypatch, capsys, report_json):
    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["demo", "--applications", "150", "--tasks", "5", "--today", "2026-11-20"]) == 0
    capsys.readouterr()
    code = main(["report", "2025", "--json", "--today", "2026-11-20", "--out", str(tmp_path / "r.docx"),
                 "--xlsx", str(tmp_path / "r.xlsx")])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["year"] == 2025 and len(data["section3"]["rows"]) == 25
    assert len(data["section3"]["columns"]) == 7 and len(data["section4"]["values"]) == 15
    assert all(c["ok"] for c in data["checks"] if c["group"] == "勾稽")
    assert (tmp_path / "r.docx").exists() and (tmp_path / "r.xlsx").exists()
    assert main(["report", "20x5"]) == 2
    unit_b = tmp_path / "b.json"
    unit_b.write_text(json.dumps(report_json, ensure_ascii=False), encoding="utf-8")
    code = main(["report", "aggregate", str(tmp_path / "r.xlsx"), str(unit_b), "--out", str(tmp_path / "agg.xlsx")])
    out, err = capsys.readouterr()
    assert code == 0 and "2个单位" in out and (tmp_path / "agg.xlsx").exists()
    assert load_workbook(tmp_path / "agg.xlsx").sheetnames == ["说明", "表二", "表三", "表四", "分单位", "问题"]


def _unit(report_json, unit, source, bump=0, year=2025):
    r = json.loads(json.dumps(report_json))
    r["unit"], r["_source"], r["year"] = unit, source, year
    for row_index in (0, -1):  # 新收 and 结转下年度 together, so the unit's table still reconciles
        r["section3"]["rows"][row_index]["values"][0] += bump
        r["section3"]["rows"][row_index]["values"][-1] += bump
    r["section2"]["rows"][-1]["values"] = [["12.35", "0.1", "0.2", "0.3"][bump % 4]]
    return r


def test_aggregate_is_the_same_in_any_file_order_or_refused(report_json):
    """Every order of the same files: the same sums, units and problems, or the same refusal."""
    from itertools import permutations

    files = [_unit(report_json, "甲局", "甲.json", 1), _unit(report_json, "乙局", "乙.json", 2),
             _unit(report_json, "丙局", "丙.json", 3), _unit(report_json, "甲局", "甲-副本.json", 1)]
    results = {json.dumps([a.totals, a.units, a.problems, a.listing()], ensure_ascii=False, sort_keys=True)
               for a in (aggregate_reports(list(p), year=2025) for p in permutations(files))}
    assert len(results) == 1
    agg = aggregate_reports(files, year=2025)
    assert agg.units == ["丙局", "乙局", "甲局"] and any("内容相同" in p for p in agg.problems)
    assert agg.totals["section2"]["rows"][-1]["values"] == ["0.6"]  # decimal sums: no 0.6000000000000001
    assert [line.split("：")[0] for line in agg.listing()] == ["丙局（丙.json）", "乙局（乙.json）", "甲局（甲-副本.json）"]

    # two different files from one unit: refused in every order, until the officer picks one
    files[-1] = _unit(report_json, "甲局", "甲-新.json", 5)
    refusals = {json.dumps([a.refused, a.problems], ensure_ascii=False)
                for a in (aggregate_reports(list(p), year=2025) for p in permutations(files))}
    assert len(refusals) == 1
    refused = aggregate_reports(files, year=2025)
    assert refused.refused and refused.duplicates == {"甲局": ["甲-新.json", "甲.json"]}
    assert "--pick" in refused.problems[-1]
    picked = {json.dumps(aggregate_reports(list(p), year=2025, picks={"甲局": "甲-新.json"}).totals, sort_keys=True)
              for p in permutations(files)}
    assert len(picked) == 1
    agg = aggregate_reports(files, year=2025, picks={"甲局": "甲-新.json"})
    first = report_json["section3"]["rows"][0]["values"][-1]
    assert agg.totals["section3"]["rows"][0]["values"][-1] == 3 * first + 5 + 2 + 3

    # years: a tie is not decided by order; --year decides and names the others
    files = [_unit(report_json, "甲局", "甲.json"), _unit(report_json, "乙局", "乙.json", year=2024)]
    for p in permutations(files):
        assert aggregate_reports(list(p)).refused
        agg = aggregate_reports(list(p), year=2024)
        assert agg.units == ["乙局"] and agg.problems == ["甲局（甲.json） 的年报为2025年，不是2024年，未计入汇总。"]


def test_docx_headings_contact_line_and_properties(report_json, tmp_path):
    from datetime import datetime

    data = json.loads(json.dumps(report_json))
    data["texts"]["一、总体情况"] = "2025年，本机关……\n（一）主动公开\n正文一。\n（二）依申请公开。全年新收申请3件。"
    data["intro_contact"] = "如对本报告有疑问，请与某局办公室联系（电话：0931-1234567）。"
    doc = Document(str(write_report_docx(data, tmp_path / "年报.docx")))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["（一）主动公开"] == "二级标题"  # 楷体 per GB/T 9704
    inline = next(p for p in doc.paragraphs if p.text.startswith("（二）依申请公开。"))
    assert inline.runs[0].text == "（二）依申请公开。" and "楷体" in inline.runs[0]._r.xml
    assert "电话：0931-1234567" in doc.paragraphs[3].text
    cp = doc.core_properties
    assert cp.author == "某县某某局" and cp.language == "zh-CN" and cp.created.year == datetime.now().year
    assert "python-docx" not in (cp.last_modified_by or "") and cp.created.year != 2013


def test_xlsx_print_setup_and_wrapped_labels(report_json, tmp_path):
    wb = load_workbook(write_report_xlsx(report_json, tmp_path / "年报.xlsx"))
    for name in ("表二", "表三", "表四"):
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    s3 = wb["表三"]
    assert s3.print_title_rows == "$2:$4" and wb["表四"].page_setup.orientation == "landscape"
    long_row = 2 + 3 + ROW_KEYS.index("6.2")  # （六）2 申请人逾期未按收费通知要求缴纳费用……: three lines in column C
    assert s3.row_dimensions[long_row].height >= 3 * 14


def test_2019_format_for_2019_and_2020(tmp_path):
    from gongkai_desktop.core.annual_report import FORMAT_2019, SECTION2_ROWS_2019
    from gongkai_desktop.core.organisation import OrgProfile
    from gongkai_desktop.storage.ledger import Ledger

    led = Ledger.open(tmp_path / "l.sqlite")
    led.settings.save_profile(OrgProfile(organ_name="某县某某局"))
    service = ReportService(led)
    values = {name: ["增2" if "增/减" in col else str(i + 1) for i, col in enumerate(cols)]
              for _i, name, cols in SECTION2_ROWS_2019}
    values["政府集中采购"] = ["4", "120.5"]
    assert service.save_section2(2020, values) == {}
    assert service.save_section2(2020, dict(values, 行政许可=["1", "多了", "3"]))["行政许可"].startswith("行政许可的本年增/减")
    data = service.build(2020, date(2021, 3, 1)).to_json()
    assert data["format"] == FORMAT_2019 and [r["name"] for r in data["section2"]["rows"]][-1] == "政府集中采购"
    doc = Document(str(write_report_docx(data, tmp_path / "2020.docx")))
    t2, t3, _t4 = doc.tables
    assert "（国办公开办函〔2019〕60号（试行））" in doc.paragraphs[3].text
    assert any(c.text == "第二十条第（九）项" for c in t2.columns[0].cells)
    assert any(c.text == "采购总金额（万元）" for row in t2.rows for c in row.cells)
    assert len(t3.rows) == 3 + 23 and "（六）其他处理" in [c.text for c in t3.columns[1].cells]
    wb = load_workbook(write_report_xlsx(data, tmp_path / "2020.xlsx"))
    assert wb["说明"]["B3"].value == FORMAT_2019
    labels = [wb["表三"].cell(r, 2).value for r in range(5, 5 + 23)]
    assert "（六）其他处理" in labels and not any("逾期未按收费通知" in str(x) for x in labels)
    assert ReportService(led).build(2021, date(2022, 3, 1)).to_json()["format"] == "国办公开办函〔2021〕30号"
    led.close()


def test_cli_period_section2_finalise_and_strict_aggregate(tmp_path, monkeypatch, capsys, report_json):
    from gongkai_desktop.cli import main

    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "cli.sqlite"))
    for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    assert main(["demo", "--applications", "150", "--tasks", "5", "--today", "2026-11-20"]) == 0
    capsys.readouterr()
    assert main(["report", "table", "--quarter", "2025Q3", "--xlsx", str(tmp_path / "q3.xlsx"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["from"], data["to"]) == ("2025-07-01", "2025-09-30") and len(data["rows"]) == 25
    assert load_workbook(tmp_path / "q3.xlsx")["表三"]["A5"].value == "一、本期新收政府信息公开申请数量"
    assert main(["report", "table", "--from", "2025-09-30", "--to", "2025-07-01"]) == 1
    assert main(["report", "table", "--quarter", "2025Q5"]) == 2
    # 定稿 refused while 表二 was never entered; partial 表二 refused and nothing saved
    assert main(["report", "2025", "--finalise", "--today", "2026-11-20"]) == 1
    assert "表二已录入并确认" in capsys.readouterr().err
    assert main(["report", "2025", "--section2", "规章=0,0,2", "--today", "2026-11-20"]) == 1
    assert "行政许可应填写1项" in capsys.readouterr().err
    rows = ["规章=0,0,2", "行政规范性文件=6,2,41", "行政许可=1320", "行政处罚=57", "行政强制=3", "行政事业性收费=0"]
    args = [x for r in rows for x in ("--section2", r)]
    assert main(["report", "2025", *args, "--json", "--today", "2026-11-20"]) == 0
    assert json.loads(capsys.readouterr().out)["section2_confirmed"] is True
    # aggregate: different years need --year; a unit in two different files needs --pick
    a, b, c = tmp_path / "甲.json", tmp_path / "甲2.json", tmp_path / "乙.json"
    a.write_text(json.dumps(dict(report_json, unit="甲局"), ensure_ascii=False), encoding="utf-8")
    changed = json.loads(json.dumps(report_json))
    changed["section4"]["values"][3] += 1
    changed["section4"]["values"][4] += 1
    b.write_text(json.dumps(dict(changed, unit="甲局"), ensure_ascii=False), encoding="utf-8")
    c.write_text(json.dumps(dict(report_json, unit="乙局", year=2024), ensure_ascii=False), encoding="utf-8")
    out = str(tmp_path / "agg.xlsx")
    assert main(["report", "aggregate", str(a), str(b), str(c), "--out", out]) == 1
    assert "--year" in capsys.readouterr().err
    assert main(["report", "aggregate", str(a), str(b), str(c), "--out", out, "--year", "2025"]) == 1
    assert "--pick" in capsys.readouterr().err
    code = main(["report", "aggregate", str(a), str(b), str(c), "--out", out, "--year", "2025", "--pick", "甲局=甲2.json"])
    captured = capsys.readouterr()
    assert code == 1 and "甲局（甲2.json）：本年新收" in captured.out and "乙局（乙.json） 的年报为2024年" in captured.err
    assert load_workbook(out)["表四"]["D5"].value == report_json["section4"]["values"][3] + 1


def _as_2020(report_json, unit, bump=0):
    """A unit's 2020 report (2019 试行 format, domain.md §2.5) in the shape `gongkai report --json` writes."""
    from gongkai_desktop.core.annual_report import FORMAT_2019, SECTION2_ROWS_2019

    data = json.loads(json.dumps(report_json))
    data.update(year=2020, unit=unit, format=FORMAT_2019)
    data["section2"] = {"rows": [
        {"item": item, "name": name, "columns": list(cols),
         "values": [("增2" if bump == 0 else "减3") if "增/减" in col else str(i + 1 + bump) for i, col in enumerate(cols)]}
        for item, name, cols in SECTION2_ROWS_2019]}
    rows = data["section3"]["rows"]
    for key, n in (("6.1", 2), ("6.2", 1), ("6.3", 3 + bump)):  # 2020: （六） sums its three causes into one row
        rows[ROW_KEYS.index(key)]["values"][0] += n
        rows[ROW_KEYS.index(key)]["values"][-1] += n
        for k in ("total", "received"):
            rows[ROW_KEYS.index(k)]["values"][0] += n
            rows[ROW_KEYS.index(k)]["values"][-1] += n
    return data


def test_2019_format_unit_files_are_read_in_their_own_layout_and_aggregate_in_any_order(tmp_path, report_json):
    """issue 22: a 2020 unit file written by the app in the 2019 试行 layout (one （六）其他处理 row, eight 表二 rows
    with 本年增/减) is read from its own row positions, not the 2021 ones, and sums the same in any order."""
    import itertools

    from gongkai_desktop.core.annual_report import FORMAT_2019, section3_display_values
    from gongkai_desktop.documents.report_xlsx import read_report_file, write_aggregate_xlsx

    sources = {u: _as_2020(report_json, u, bump) for u, bump in (("甲局", 0), ("乙局", 1), ("丙局", 2))}
    paths = [write_report_xlsx(d, tmp_path / f"{u}.xlsx") for u, d in sources.items()]
    back = read_report_xlsx(paths[0])
    assert back["year"] == 2020 and back["format"] == FORMAT_2019
    original = {k: r["values"] for k, r in zip(ROW_KEYS, sources["甲局"]["section3"]["rows"], strict=True)}
    got = {k: r["values"] for k, r in zip(ROW_KEYS, back["section3"]["rows"], strict=True)}
    six = section3_display_values(2020, original)["6"]
    assert got["6.3"] == six and got["6.1"] == got["6.2"] == [0] * 7  # （六） whole, kept as its 3.其他 row
    assert all(got[k] == original[k] for k in ROW_KEYS if not k.startswith("6."))  # every other row in place
    assert got["total"][-1] == original["total"][-1] and got["carried_out"] == original["carried_out"]
    assert [r["name"] for r in back["section2"]["rows"]][-1] == "政府集中采购"
    assert back["section2"]["rows"][2]["values"] == ["1", "增2", "3"]
    json_path = tmp_path / "丁局.json"  # the JSON of a 2020 report has eight 表二 rows and is accepted too
    json_path.write_text(json.dumps(dict(sources["甲局"], unit="丁局"), ensure_ascii=False), encoding="utf-8")
    assert len(read_report_file(json_path)["section2"]["rows"]) == 8
    results = set()
    for order in itertools.permutations(paths):
        agg = aggregate_reports([read_report_xlsx(p) for p in order])
        assert agg.year == 2020 and not agg.problems
        results.add(json.dumps(agg.totals, ensure_ascii=False, sort_keys=True))
    assert len(results) == 1
    totals = json.loads(results.pop())
    licence = next(r for r in totals["section2"]["rows"] if r["name"] == "行政许可")
    assert licence["values"] == ["6", "减4", "12"]  # 1+2+3; 增2 减3 减3 → 减4; 3+4+5
    assert totals["section3"]["rows"][ROW_KEYS.index("6.3")]["values"][-1] == sum(
        section3_display_values(2020, {k: r["values"] for k, r in zip(ROW_KEYS, d["section3"]["rows"], strict=True)}
                                )["6"][-1] for d in sources.values())
    summed = read_report_xlsx(write_aggregate_xlsx(aggregate_reports([read_report_xlsx(p) for p in paths]),
                                                   tmp_path / "汇总.xlsx"))
    assert summed["section3"]["rows"] == totals["section3"]["rows"]  # the summary is itself a readable 2019 file


def test_a_unit_file_in_the_wrong_layout_is_refused_in_chinese(tmp_path, report_json):
    path = write_report_xlsx(_as_2020(report_json, "甲局"), tmp_path / "甲局.xlsx")
    wb = load_workbook(path)
    wb["说明"]["B2"] = 2021  # a 2021 report cannot be read from the 2019 layout: （六） has no three rows
    wb.save(tmp_path / "错年.xlsx")
    with pytest.raises(ReportFileError, match="是2021年年报，表三却是2019年试行格式.*无法拆分“（六）其他处理”"):
        read_report_xlsx(tmp_path / "错年.xlsx")
    wb = load_workbook(write_report_xlsx(report_json, tmp_path / "2025.xlsx"))
    wb["表三"].cell(2 + 3 + 10, 3).value = "6.改过的行"  # a row label edited by hand: positions are not trusted
    wb.save(tmp_path / "改行.xlsx")
    with pytest.raises(ReportFileError, match="表三的行与官方格式.*都不一致.*未计入汇总"):
        read_report_xlsx(tmp_path / "改行.xlsx")
    wb = load_workbook(write_report_xlsx(report_json, tmp_path / "2025b.xlsx"))
    wb["表二"]["A4"] = "规范性文件"  # the 2019 row name in a 2025 report
    wb.save(tmp_path / "表二.xlsx")
    with pytest.raises(ReportFileError, match="是2025年年报，表二却有“规范性文件”一行"):
        read_report_xlsx(tmp_path / "表二.xlsx")
