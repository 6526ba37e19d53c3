"""Filtered, sorted, paged reads of the application list (the 台账 view, `apps list`, exports).

Search finds every application whose number, applicant or request contains each term as written: the
trigram FTS5 index `applications_fts` (m002) for terms of three or more characters, the bigram index
`applications_bigrams` (m005, word ends added in m008) for shorter ones, and a scan of the trigram table's
text for short terms with punctuation or emoji, which neither index can look up.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

STATUSES = ("正常", "即将到期", "已逾期", "已暂停", "已办结", "未办结", "内部期限已过", "内部期限将到", "已作废")

LIST_COLUMNS = (
    "a.id, a.no, a.year, a.seq, a.received, p.name AS applicant, p.category, p.kind AS applicant_kind, "
    "p.id_number, p.credit_code, p.phone, a.channel, a.content_title, a.department, a.handler, a.state, a.due, "
    "a.closed_on, a.outcome, a.provisional, a.late_reply, a.notes"
)

# the list reads its rows in pages: a first page that fills a tall window (what each search keystroke and filter
# change waits for), then larger pages as the officer scrolls (issue 26: a keystroke reads 80 rows, not 200)
LIST_FIRST_PAGE = 80
LIST_PAGE = 200

DENSE_HITS = 300  # from this many search hits on, page through the date index (benchmarks/README.md)

# the list's columns, kept as compact tuples (100,000 dicts would cost ~120 MB; these ~20 MB)
ROW_FIELDS = ("no", "received", "applicant", "category", "id_number", "credit_code", "phone", "channel",
              "content_title", "handler", "state", "due", "closed_on", "outcome", "provisional", "late_reply",
              "archived")
ARCHIVED_COLUMN = ("(SELECT r.file_no FROM archives r WHERE r.application_id = a.id AND r.undone_at IS NULL) "
                   "AS archived")  # the 档号 of an archived case (归档), else NULL
_ROW_INDEX = {k: i for i, k in enumerate(ROW_FIELDS)}
_SHARED_ORDER = sorted(_ROW_INDEX[k] for k in ("category", "channel", "handler", "state", "outcome"))


class ListRow(tuple):
    """One list row: a tuple that also answers row["no"] (no per-row dict)."""

    __slots__ = ()

    def __getitem__(self, key):
        return tuple.__getitem__(self, _ROW_INDEX[key] if isinstance(key, str) else key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in _ROW_INDEX else default


# sort key → SQL expression (ties broken by id)
SORT_KEYS = {
    "no": "a.year {d}, a.seq {d}",
    "received": "a.received {d}",
    "applicant": "p.name {d}",
    "category": "p.category {d}",
    "channel": "a.channel {d}",
    "content_title": "a.content_title {d}",
    "handler": "a.handler {d}",
    "status": "CASE a.state WHEN 'open' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END {d}, a.due {d}",
    "due": "a.state = 'closed', coalesce(a.due, '9999-12-31') {d}",
    "outcome": "a.outcome {d}",
}


@dataclass
class ApplicationFilter:
    """What the officer narrowed the list to. Empty fields filter nothing."""

    today: date
    soon_until: date  # the last day counted as 即将到期
    year: int | None = None
    status: str | None = None  # one of STATUSES
    due_until: date | None = None  # open and due between today and this day
    category: str | None = None
    outcome: str | None = None  # an outcome code, or "未办结" … handled by status
    handler: str | None = None
    text: str = ""
    ids: list[int] = field(default_factory=list)

    def only_text(self) -> bool:
        return not any((self.year, self.status, self.due_until, self.category, self.outcome, self.handler,
                        self.ids))

    def where(self, search: bool = True) -> tuple[str, list[Any]]:
        """The WHERE clause; `search=False` leaves the text out (the caller joins the search hits itself)."""
        clauses: list[str] = []
        args: list[Any] = []
        today, soon = self.today.isoformat(), self.soon_until.isoformat()
        if self.year is not None:
            clauses.append("a.year = ?")
            args.append(self.year)
        status_sql = {
            "正常": ("a.state = 'open' AND a.due > ?", [soon]),
            "即将到期": ("a.state = 'open' AND a.due >= ? AND a.due <= ?", [today, soon]),
            "已逾期": ("a.state = 'open' AND a.due < ?", [today]),
            "已暂停": ("a.state = 'paused'", []),
            "已办结": ("a.state = 'closed'", []),
            "未办结": ("a.state != 'closed'", []),
            "内部期限已过": ("a.state != 'closed' AND a.internal_due < ?", [today]),  # 科室反馈、报批、保密审查
            "内部期限将到": ("a.state != 'closed' AND a.internal_due >= ? AND a.internal_due <= ?", [today, soon]),
            "已作废": ("a.voided_at IS NOT NULL", []),
        }
        if self.status != "已作废":  # voided applications are kept but shown only when asked for
            clauses.append("a.voided_at IS NULL")
        if self.status:
            sql, extra = status_sql[self.status]
            clauses.append(sql)
            args.extend(extra)
        if self.due_until is not None:
            clauses.append("a.state = 'open' AND a.due >= ? AND a.due <= ?")
            args.extend([today, self.due_until.isoformat()])
        if self.category:
            clauses.append("p.category = ?")
            args.append(self.category)
        if self.outcome:
            clauses.append("a.outcome = ?")
            args.append(self.outcome)
        if self.handler:
            clauses.append("a.handler = ?")
            args.append(self.handler)
        text_clause, search_args = _search_clause(self.text) if search else ("", [])
        if text_clause:
            clauses.append(text_clause)
            args.extend(search_args)
        if self.ids:
            clauses.append(f"a.id IN ({', '.join('?' for _ in self.ids)})")
            args.extend(self.ids)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


QUOTES = "\"“”'‘’「」『』"


def search_terms(text: str) -> list[str]:
    """The words of a search, each matched as a literal substring. Quotation marks around a word (“预算”,
    "预算", 预算") only delimit it; a word made of quotation marks alone is searched for as it is."""
    terms = []
    for word in text.split():
        inner = word.strip(QUOTES)
        terms.append(inner or word)
    return terms


# the beginning of a 居民身份证号码 or 统一社会信用代码: six or more letters and digits, at least six of them digits
# (a word like “2024年度” is not one); the full-text index leaves these personal numbers out, their own indexes
# find them by prefix
CODE_PREFIX = re.compile(r"(?=(?:[A-Za-z]*\d){6})[0-9A-Za-z]{6,18}")


def _fast_char(c: str) -> bool:
    """Characters the bigram index (unicode61) keeps whole and unchanged: ASCII letters and digits and the
    basic CJK block. Anything else (punctuation, emoji, rare CJK, accented letters) takes the slower scan."""
    o = ord(c)
    return c.isascii() and c.isalnum() or 0x4E00 <= o <= 0x9FCC


def search_rowids(text: str) -> tuple[str, list[Any]]:
    """A SELECT of the ids of applications containing every term: terms of 3+ characters through the trigram
    index (any character), shorter ones through the bigram index (a single character as a prefix, which the
    word-final tokens of m008 make complete), or a scan when they hold characters that index drops."""
    terms = search_terms(text)
    code_terms = [t for t in terms if CODE_PREFIX.fullmatch(t)]  # 证件号码、统一社会信用代码 (their indexes)
    terms = [t for t in terms if t not in code_terms]
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3 and all(map(_fast_char, t))]
    odd_terms = [t for t in terms if len(t) < 3 and not all(map(_fast_char, t))]
    parts: list[str] = []
    args: list[Any] = []
    if long_terms:
        parts.append("SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?")
        args.append(" AND ".join(_quote(t) for t in long_terms))
    if short_terms:
        parts.append("SELECT rowid FROM applications_bigrams WHERE applications_bigrams MATCH ?")
        args.append(" AND ".join(_quote(t) + ("*" if len(t) == 1 else "") for t in short_terms))
    for t in odd_terms:
        parts.append("SELECT rowid FROM applications_fts WHERE instr(lower(no), lower(?)) OR "
                     "instr(lower(applicant), lower(?)) OR instr(lower(content), lower(?))")
        args.extend([t, t, t])
    for t in code_terms:  # a code's beginning, or the digits anywhere in the number, applicant or content
        parts.append("SELECT hit AS rowid FROM (SELECT rowid AS hit FROM applications_fts WHERE applications_fts "
                     "MATCH ? UNION SELECT a.id FROM applicants p JOIN applications a ON a.applicant_id = p.id "
                     "WHERE p.id_number GLOB ? OR p.credit_code GLOB ?)")  # each on its own index
        code = t.upper()
        args.extend([_quote(t), f"{code}*", f"{code}*"])
    return " INTERSECT ".join(parts), args


def _search_clause(text: str) -> tuple[str, list[Any]]:
    select, args = search_rowids(text)
    return (f"a.id IN ({select})", args) if select else ("", [])


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class ApplicationsQuery:
    def __init__(self, db: Database):
        self.db = db

    def count(self, flt: ApplicationFilter) -> int:
        if flt.text.strip() and flt.only_text():  # straight from the full-text index, less the voided hits
            select, args = search_rowids(flt.text)
            if select:  # voided applications are not listed: hits among them (their own index, m016) are not counted
                if self.db.execute("SELECT EXISTS (SELECT 1 FROM applications WHERE voided_at IS NOT NULL)"
                                   ).fetchone()[0]:
                    return self.db.execute(
                        f"SELECT count(*) FROM ({select}) WHERE rowid NOT IN "
                        "(SELECT id FROM applications WHERE voided_at IS NOT NULL)", args).fetchone()[0]
                return self.db.execute(f"SELECT count(*) FROM ({select})", args).fetchone()[0]
        where, args = flt.where()
        return self.db.execute(
            f"SELECT count(*) FROM applications a JOIN applicants p ON p.id = a.applicant_id{where}", args
        ).fetchone()[0]

    def page(
        self, flt: ApplicationFilter, sort: str = "received", descending: bool = True, limit: int = 200,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}")
        direction = "DESC" if descending else "ASC"
        where, args = flt.where()
        order = SORT_KEYS[sort].format(d=direction)
        return [
            dict(r)
            for r in self.db.query(
                f"SELECT {LIST_COLUMNS} FROM applications a JOIN applicants p ON p.id = a.applicant_id{where} "
                f"ORDER BY {order}, a.id {direction} LIMIT ? OFFSET ?",
                [*args, limit, offset],
            )
        ]

    def page_rows(self, flt: ApplicationFilter, sort: str = "received", descending: bool = True,
                  limit: int = 200, offset: int = 0, hits: int | None = None) -> list[ListRow]:
        """Like page(), as compact rows with the repeated short strings shared (the list model's storage).

        `hits` (the filter's count, when the caller has it) picks the plan for a search sorted by date: with
        many hits, walking the date index and keeping matches stops after one page; with few, sorting the
        matches is quicker."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}")
        direction = "DESC" if descending else "ASC"
        where, args = flt.where()
        table = "applications a"
        select, search_args = search_rowids(flt.text) if hits is not None else ("", [])
        if select and sort == "received" and self._dense(hits or 0, limit + offset):
            table = "applications a INDEXED BY applications_received"
            where = where.replace("a.id IN (", "+a.id IN (")
        elif select:
            # the hits first, each row fetched by id, sorted, and only the page's rows read in full: sorting
            # the ids alone (joining the applicant only when the filter or sort needs it) halves the time
            where, args = flt.where(search=False)
            order = f"{SORT_KEYS[sort].format(d=direction)}, a.id {direction}"
            applicant = " JOIN applicants p ON p.id = a.applicant_id" if re.search(r"\bp\.", f"{where} {order}") else ""
            table = (f"(SELECT a.id FROM ({select}) h CROSS JOIN applications a ON a.id = h.rowid{applicant}"
                     f"{where} ORDER BY {order} LIMIT ? OFFSET ?) k CROSS JOIN applications a ON a.id = k.id")
            args = [*search_args, *args, limit, offset]
            where = ""
            limit, offset = -1, 0
        columns = ", ".join(ARCHIVED_COLUMN if k == "archived" else
                            ("p." if k in ("applicant", "category", "id_number", "credit_code", "phone") else "a.")
                            + ("name AS applicant" if k == "applicant" else k) for k in ROW_FIELDS)
        cursor = self.db.execute(
            f"SELECT {columns} FROM {table} JOIN applicants p ON p.id = a.applicant_id{where} "
            f"ORDER BY {SORT_KEYS[sort].format(d=direction)}, a.id {direction} LIMIT ? OFFSET ?",
            [*args, limit, offset])
        intern = sys.intern
        rows = []
        for r in cursor.fetchall():  # a plain loop over the five shared fields: a third of a generator's time
            values = list(r)
            for i in _SHARED_ORDER:
                v = values[i]
                if v.__class__ is str:
                    values[i] = intern(v)
            rows.append(ListRow(values))
        return rows

    def _dense(self, hits: int, wanted: int) -> bool:
        """Walking the date index and keeping hits reads about rows × wanted / hits rows; fetching the hits
        and sorting them reads `hits` rows. Walk when that is fewer (benchmarks/README.md, issue 26).

        A step of the walk is cheaper than a fetched-and-sorted hit (~0.15 µs against ~2.5 µs on the 100k bench
        ledger), but only while the hits are spread evenly over the dates: a term of an older year's documents
        (“2023年度”, 1,573 hits) makes the walk pass every newer application first (8.5 ms against 5.3 ms
        sorted), so the even break-even point is kept."""
        if hits < DENSE_HITS:  # a few hits are always sorted (no need to ask the ledger's size)
            return False
        rows = self.db.execute("SELECT coalesce(max(id), 0) FROM applications").fetchone()[0]
        return hits * hits >= rows * wanted

    def iter_all(self, flt: ApplicationFilter, sort: str = "received", descending: bool = False
                 ) -> Iterator[dict[str, Any]]:
        """Every matching row, streamed from one cursor (exports of the whole ledger)."""
        direction = "DESC" if descending else "ASC"
        where, args = flt.where()
        yield from self.db.query(
            f"SELECT {LIST_COLUMNS} FROM applications a JOIN applicants p ON p.id = a.applicant_id{where} "
            f"ORDER BY {SORT_KEYS[sort].format(d=direction)}, a.id {direction}",
            args,
        )

    def handlers(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT handler FROM applications WHERE handler IS NOT NULL AND handler != '' ORDER BY handler"
        ).fetchall()]
