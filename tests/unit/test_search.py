"""Search finds every application containing each term, wherever it stands in a word (issue 27): a
single character at the end of a name, punctuation, emoji, quotation marks and FTS5 operators."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_desktop.storage.applications_query import ApplicationFilter
from gongkai_desktop.storage.ledger import Ledger

TODAY = date(2026, 11, 20)
CHARS = "王李张娟斌伟明华丽红军平静涛刚霞秀英子小大aBc9０-·•，。、！？：…（）()*\"'“”%_😀🏠𠀀𰻞é"


def _register(ledger: Ledger, calendar, names_and_titles: list[tuple[str, str]]) -> None:
    for i, (name, title) in enumerate(names_and_titles):
        ledger.applications.create(
            {"kind": "自然人", "name": name, "category": "自然人"},
            {"no": f"2026-{i + 1:04d}", "year": 2026, "seq": i + 1, "channel": "当面", "received": "2026-11-02",
             "content_title": title}, [], calendar, TODAY)


def _hits(ledger: Ledger, text: str) -> set[str]:
    flt = ApplicationFilter(TODAY, TODAY, text=text)
    rows = ledger.query.page(flt, sort="no", limit=10_000)
    assert ledger.query.count(flt) == len(rows)
    return {r["no"] for r in rows}


def _contains(haystack: str, term: str) -> bool:
    return term.lower() in haystack.lower()


def test_one_character_at_the_end_of_a_name_is_found(ledger):
    """The reported case: 娟 found 12 of 37 — every 王娟, 李小娟, 娟子 must be found."""
    cal = ledger.calendar.load()
    names = ["王娟", "李小娟", "娟子", "张娟娟", "赵斌", "刘一斌", "斌", "钱伟"]
    _register(ledger, cal, [(n, "某路征收补偿方案") for n in names])
    assert _hits(ledger, "娟") == {"2026-0001", "2026-0002", "2026-0003", "2026-0004"}
    assert _hits(ledger, "斌") == {"2026-0005", "2026-0006", "2026-0007"}
    assert _hits(ledger, "补偿方案") == {f"2026-{i:04d}" for i in range(1, 9)}
    assert _hits(ledger, "案") == {f"2026-{i:04d}" for i in range(1, 9)}


def test_quotes_operators_punctuation_and_emoji_are_searched_literally(ledger):
    cal = ledger.calendar.load()
    _register(ledger, cal, [("王伟", "2025年部门预算及“三公”经费"), ("李娜", "河道采砂*许可"),
                            ("张三😀", "关于\"某小区\"规划的说明"), ("赵六", "普通申请，请答复！")])
    everyone = {"2026-0001", "2026-0002", "2026-0003", "2026-0004"}
    assert _hits(ledger, '"') == {"2026-0003"}  # a quotation mark alone: the records holding one
    assert _hits(ledger, "*") == {"2026-0002"}
    assert _hits(ledger, '预算"') == {"2026-0001"}  # a stray quote only delimits the word
    assert _hits(ledger, "“三公”") == {"2026-0001"}
    assert _hits(ledger, "😀") == {"2026-0003"}
    assert _hits(ledger, "！") == {"2026-0004"}
    assert _hits(ledger, "，请") == {"2026-0004"}
    assert _hits(ledger, "规划*") == set()  # clearly none, never everything
    assert _hits(ledger, "AND") == set()
    assert _hits(ledger, "NOT 王") == set()
    assert _hits(ledger, "") == everyone


def test_search_rebuild_migration_finds_word_ends_in_an_old_ledger(tmp_path):
    """A ledger indexed before m008 (no word-end tokens) finds 娟 at the end of a name after opening."""
    from gongkai_desktop.storage import schema

    path = tmp_path / "old.sqlite"
    led = Ledger.open(path)
    _register(led, led.calendar.load(), [("王娟", "申请")])
    led.db.execute("DELETE FROM applications_bigrams")
    led.db.execute("INSERT INTO applications_bigrams (rowid, grams) VALUES (1, '2026-0001 王娟 申请')")
    led.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_search_word_ends'")
    led.db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION - 1}")
    assert _hits(led, "娟") == set()  # the old index misses it
    led.close()
    led = Ledger.open(path)
    assert _hits(led, "娟") == {"2026-0001"}
    led.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), names=st.lists(st.text(alphabet=CHARS, min_size=1, max_size=6), min_size=1, max_size=12))
def test_every_record_containing_the_term_is_found(data, names):
    ledger = Ledger.in_memory()
    cal = ledger.calendar.load()
    _register(ledger, cal, [(n, "申请公开") for n in names])
    source = data.draw(st.sampled_from(names))
    start = data.draw(st.integers(0, len(source) - 1))
    term = source[start:start + data.draw(st.integers(1, 4))]
    quotes = "\"'“”‘’"
    if term.strip(quotes) != term and term.strip(quotes):
        term = term.strip(quotes)  # quotation marks around a word only delimit it
    expected = {no for no, n in ((f"2026-{i + 1:04d}", n) for i, n in enumerate(names))
                if _contains(f"{no} {n} 申请公开", term)}  # number, applicant and request are all searched
    assert _hits(ledger, term) == expected
    ledger.close()


def test_every_search_plan_gives_the_same_page(ledger):
    """The list's page of a search (issue 26): few hits are fetched by id and sorted, many hits walk the date
    index; both give exactly the rows, order and offset of the plain query, with other filters as well."""
    from datetime import timedelta

    from gongkai_desktop.core.clock import Event, EventKind
    from gongkai_desktop.storage.applications_query import SORT_KEYS

    cal = ledger.calendar.load()
    with ledger.db.atomic():
        for i in range(420):
            received = date(2025, 1, 2) + timedelta(days=i % 97)
            title = ("甲" if i % 7 else "") + ("乙项目" if i % 19 == 0 else "") + f"第{i}号文件"
            ledger.applications.create(
                {"kind": "自然人", "name": f"申请人{i % 37}", "category": "自然人"},
                {"no": f"2025-{i + 1:04d}", "year": 2025, "seq": i + 1, "channel": "当面",
                 "received": received.isoformat(), "content_title": title},
                [Event(EventKind.REPLIED, received + timedelta(days=3))] if i % 3 else [], cal, TODAY)
    query = ledger.query
    plans = set()
    for text in ("甲", "乙项目", "申请人3"):
        for status in (None, "已办结"):
            flt = ApplicationFilter(TODAY, TODAY, status=status, text=text)
            hits = query.count(flt)
            plans.add(query._dense(hits, 200) if flt.only_text() else None)
            for sort in SORT_KEYS:
                for descending in (True, False):
                    for offset in (0, 150):
                        planned = query.page_rows(flt, sort, descending, 200, offset, hits)
                        plain = query.page_rows(flt, sort, descending, 200, offset)
                        assert planned == plain, (text, status, sort, descending, offset)
    assert {True, False} <= plans  # both plans were taken


@pytest.mark.parametrize(("texts", "expected"), [
    (("王小娟",), "王小 小娟 娟"),  # the docstring's example: pairs, then the word's last character alone
    (("王",), "王"),  # a one-character word is its own token, not doubled
    (("2026-0012", None, "规划 许可证", ""), "20 02 26 6- -0 00 01 12 2 规划 划 许可 可证 证"),
    ((None, "  ", "\t甲乙\n"), "甲乙 乙"),
    (("𠀀𠀁",), "𠀀𠀁 𠀁"),  # characters outside the BMP count as one each
])
def test_bigram_tokens(texts, expected):
    from gongkai_desktop.storage.schema import bigrams

    assert bigrams(*texts) == expected


def test_an_id_number_or_credit_code_prefix_finds_the_applicant(ledger):
    """Issue 26: an officer types the first digits of a 身份证号码 (or a 统一社会信用代码) to find a person's
    applications. The numbers are kept out of the full-text index (personal data) and found through their own
    indexes by prefix; a lower-case x counts as the check digit X; the digits also still match text."""
    cal = ledger.calendar.load()
    for i, (applicant, title) in enumerate([
        ({"kind": "自然人", "name": "王伟", "category": "自然人", "id_number": "11010519491231002X"}, "某路征收补偿方案"),
        ({"kind": "自然人", "name": "李娜", "category": "自然人", "id_number": "110105199001010011"}, "河道采砂许可"),
        ({"kind": "法人或其他组织", "name": "某砂石有限公司", "category": "商业企业",
          "credit_code": "91620100MA74XYZ12A"}, "采砂许可"),
        ({"kind": "自然人", "name": "赵六", "category": "自然人", "id_number": "620102198001010012"},
         "文号1101051949号文件"),
    ]):
        ledger.applications.create(applicant, {
            "no": f"2026-{i + 1:04d}", "year": 2026, "seq": i + 1, "channel": "当面", "received": "2026-11-02",
            "content_title": title}, [], cal, TODAY)
    assert _hits(ledger, "110105") == {"2026-0001", "2026-0002", "2026-0004"}  # 0004: the digits in its 文号
    assert _hits(ledger, "11010519491231002x") == {"2026-0001"}
    assert _hits(ledger, "1101051949") == {"2026-0001", "2026-0004"}  # the prefix, and the digits in a 文号
    assert _hits(ledger, "91620100") == {"2026-0003"}
    assert _hits(ledger, "91620100ma") == {"2026-0003"}
    assert _hits(ledger, "110105 采砂") == {"2026-0002"}  # with another term: both must match
    assert _hits(ledger, "620102 采砂") == set()
    assert _hits(ledger, "999999") == set()
