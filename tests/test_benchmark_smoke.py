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
        "report_docx", "similar_lookup", "proactive_list", "letter_warm", "letters_500", "export_xlsx", "import_10k", "open_vs_spreadsheet"}
    assert report["data"]["applications"] == 120 and report["results"]["rss_scrolled"]["rows"] == 120
    for name in ("cold_start", "search_keystroke", "report_tables", "open_vs_spreadsheet"):
        assert report["results"][name]["ratio"] > 0
    assert "中位数" in result.stdout
