"""The benchmark harness runs end to end at a tiny size (this checks the harness, not the speed)."""

import json
import subprocess
import sys

from .conftest import ROOT


def test_harness_smoke_run(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--applications", "120", "--tasks",
                             "10", "--repeat", "1", "--smoke", "--workdir", str(tmp_path / "data"), "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["results"]) == {
        "cold_start", "rss_scrolled", "first_page_by_due", "search_keystroke", "redate_open", "report_tables",
        "report_docx", "letter_warm", "letters_500", "export_xlsx", "import_10k", "open_vs_spreadsheet",
        "gui_block_export", "gui_block_import", "gui_block_backup", "gui_block_backup_encrypted",
        "gui_block_report_docx", "gui_block_letters",
        "cold_start_first_of_day", "import_10k_xls", "import_read_xlsx", "import_read_xls", "import_write",
        "case_detail",
        "similar_lookup", "proactive_list",
        "chain_step", "case_view", "awaiting_delivery", "archive_plan", "cold_start_filled"}
    assert report["results"]["cold_start_filled"]["median"] > report["results"]["cold_start"]["min"]
    per_term = report["results"]["search_keystroke"]["per_term"]
    assert len(per_term) >= 7 and all(t["app"] > 0 and t["raw"] > 0 for t in per_term.values())
    assert report["results"]["chain_step"]["n"] == 6  # 交办 … 机关负责人审批, one timing each
    assert report["data"]["applications"] == 120 and report["results"]["rss_scrolled"]["rows"] == 120
    assert report["results"]["case_detail"]["events"] >= 20 and report["results"]["case_detail"]["letters"] == 10
    for name in ("cold_start", "cold_start_first_of_day", "search_keystroke", "report_tables", "open_vs_spreadsheet"):
        assert report["results"][name]["ratio"] > 0
    assert "中位数" in result.stdout
    blocked = report["results"]["gui_block_export"]
    assert blocked["median"] > 0 and blocked["total"] >= blocked["median"] and blocked["unit"] == "s"
    assert report["results"]["gui_block_import"]["rows"] == 50
    # the stage-by-stage start-up profile the README's explanation is based on
    staged = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup_profile.py"),
                             str(tmp_path / "data" / "bench-120-10.sqlite"), "--runs", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert staged.returncode == 0, staged.stderr[-3000:]
    assert "导入 sqlite-utils" in staged.stdout and "主窗口和工作台首屏" in staged.stdout and "合计" in staged.stdout
