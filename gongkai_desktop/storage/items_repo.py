"""Items inside an application, split links, earlier answers to the same information and the 依申请转主动 review
(m013; rules in core/items.py)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from ..core.items import (
    EarlierAnswer,
    ItemError,
    ProactiveGroup,
    check_decision,
    check_item_outcome,
    derive_outcome,
    proactive_groups,
    rank_similar,
    search_words,
)
from .audit import AuditLog, now_text

CANDIDATES = 200  # from the full-text index, ranked afterwards by core.items.rank_similar


class ItemsRepo:
    def __init__(self, db: Database, audit: AuditLog):
        self.db = db
        self.audit = audit

    # --- items ---------------------------------------------------------------------------------------
    def items(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT seq, content, outcome, basis, provided FROM application_items WHERE application_id = ? "
            "ORDER BY seq", [application_id])]

    def all_items(self) -> dict[int, list[dict[str, Any]]]:
        """Every application's items in one query (exports)."""
        out: dict[int, list[dict[str, Any]]] = {}
        for r in self.db.query("SELECT application_id, seq, content, outcome, basis, provided FROM application_items "
                               "ORDER BY application_id, seq"):
            out.setdefault(r.pop("application_id"), []).append(r)
        return out

    def add_item(self, app: dict[str, Any], content: str) -> int:
        content = str(content or "").strip()
        if not content:
            raise ItemError("请填写该项所需信息的内容。")
        with self.db.atomic():
            seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM application_items WHERE application_id = ?",
                                  [app["id"]]).fetchone()[0]
            stamp = now_text()
            self.db.execute("INSERT INTO application_items (application_id, seq, content, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?)", [app["id"], seq, content, stamp, stamp])
            self.audit.record("添加申请事项", "application", app["no"], None, {"seq": seq, "content": content})
        return int(seq)

    def set_item(self, app: dict[str, Any], seq: int, outcome: str | None = None, basis: str | None = None,
                 provided: str | None = None) -> dict[str, Any]:
        """Record one item's finding; returns the application's derived 表三 code (core.items.derive_outcome)."""
        row = self.db.execute("SELECT outcome, basis, provided FROM application_items WHERE application_id = ? "
                              "AND seq = ?", [app["id"], seq]).fetchone()
        if row is None:
            raise ItemError(f"申请{app['no']}没有第{seq}项。")
        new = {"outcome": check_item_outcome(outcome) if outcome else row[0],
               "basis": row[1] if basis is None else basis.strip(),
               "provided": row[2] if provided is None else provided.strip()}
        with self.db.atomic():
            self.db.execute("UPDATE application_items SET outcome = ?, basis = ?, provided = ?, updated_at = ? "
                            "WHERE application_id = ? AND seq = ?",
                            [new["outcome"], new["basis"], new["provided"], now_text(), app["id"], seq])
            self.audit.record("登记申请事项办理结果", "application", app["no"],
                              {"seq": seq, "outcome": row[0], "basis": row[1], "provided": row[2]}, {"seq": seq, **new})
        return new

    def derived_outcome(self, application_id: int) -> str | None:
        return derive_outcome(i["outcome"] for i in self.items(application_id))

    def replace_items(self, app: dict[str, Any], texts: list[str]) -> None:
        """The items of a freshly imported application (inside the caller's transaction)."""
        stamp = now_text()
        self.db.conn.executemany(
            "INSERT INTO application_items (application_id, seq, content, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)", [(app["id"], i, t, stamp, stamp) for i, t in enumerate(texts, 1)])

    # --- links (一事一申请) ----------------------------------------------------------------------------
    def add_link(self, from_id: int, to_id: int, item_seq: int) -> None:
        self.db.execute("INSERT INTO application_links (from_id, to_id, kind, item_seq, created_at) "
                        "VALUES (?, ?, 'split', ?, ?)", [from_id, to_id, item_seq, now_text()])

    def keep_first_item(self, application_id: int, content: str) -> None:
        """After a split: the original application asks for its first item only (inside the caller's transaction)."""
        self.db.execute("UPDATE applications SET content_title = ? WHERE id = ?", [content, application_id])
        self.db.execute("DELETE FROM application_items WHERE application_id = ? AND seq > 1", [application_id])

    def links(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT l.item_seq, l.kind, f.no AS from_no, t.no AS to_no FROM application_links l "
            "JOIN applications f ON f.id = l.from_id JOIN applications t ON t.id = l.to_id "
            "WHERE l.from_id = ? OR l.to_id = ? ORDER BY l.id", [application_id, application_id])]

    # --- the same information across applicants ------------------------------------------------------------
    def similar(self, content: str, exclude_id: int | None = None, threshold: float = 0.6,
                limit: int = 20) -> list[EarlierAnswer]:
        """Earlier applications by anyone for the same or similar information: candidates from the trigram index
        (an OR of the request's distinctive words), ranked by core.items.rank_similar."""
        words = search_words(content)
        if not words:
            return []
        match = "content : (" + " OR ".join('"' + w.replace('"', '""') + '"' for w in words) + ")"
        rows = self.db.execute(
            "SELECT a.id, a.no, p.name AS applicant, a.content_title || ' ' || coalesce(a.doc_number, '') AS text, "
            "a.received, a.outcome, a.outcome_basis, a.closed_on, "
            "(SELECT doc_number FROM letters l WHERE l.application_id = a.id ORDER BY l.issued DESC, l.id DESC "
            " LIMIT 1) AS letter_no, "
            "(SELECT issued FROM letters l WHERE l.application_id = a.id ORDER BY l.issued DESC, l.id DESC "
            " LIMIT 1) AS letter_day "
            "FROM (SELECT rowid FROM applications_fts WHERE applications_fts MATCH ? ORDER BY rank LIMIT ?) f "
            "JOIN applications a ON a.id = f.rowid JOIN applicants p ON p.id = a.applicant_id",
            [match, CANDIDATES]).fetchall()
        candidates = [{"no": r[1], "applicant": r[2], "content_title": r[3].strip(), "received": r[4],
                       "outcome": r[5], "basis": r[6] or "", "letter_no": r[8] or "",
                       "replied_on": r[9] or r[7] or ""}
                      for r in rows if r[0] != exclude_id]
        return rank_similar(content, candidates, threshold, limit)

    # --- 依申请转主动 ------------------------------------------------------------------------------------------
    def proactive(self, start: str, end: str, min_applicants: int) -> list[ProactiveGroup]:
        """Information disclosed (表三 1 or 2) in [start, end] to at least `min_applicants` applicants, each with its
        latest decision; the applicant's own suggestions are listed by `suggestions`."""
        rows = self.db.execute(
            "SELECT no, applicant_id, content_title || ' ' || coalesce(doc_number, '') FROM applications "
            "WHERE closed_on BETWEEN ? AND ? AND (outcome = '1' OR outcome = '2')", [start, end]).fetchall()
        groups = proactive_groups(({"no": r[0], "applicant_id": r[1], "content_title": r[2].strip()} for r in rows),
                                  min_applicants)
        decisions = self.decisions()
        return [ProactiveGroup(g.key, g.title, g.applicants, g.nos, decisions.get(g.key)) for g in groups]

    def suggestions(self, start: str, end: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT no, content_title, received, proactive_suggestion FROM applications "
            "WHERE proactive_suggestion IS NOT NULL AND received BETWEEN ? AND ? ORDER BY received", [start, end])]

    def set_suggestion(self, app: dict[str, Any], text: str) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE applications SET proactive_suggestion = ? WHERE id = ?",
                            [text.strip() or None, app["id"]])
            self.audit.record("登记转主动公开建议", "application", app["no"], None, {"suggestion": text.strip()})

    def decisions(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for r in self.db.query("SELECT * FROM proactive_decisions ORDER BY day, id"):
            d = dict(r)
            d["nos"] = json.loads(d["nos"])
            out[d["info_key"]] = d
        return out

    def decide(self, group: ProactiveGroup, decision: str, reason: str, day: str, reviewer: str,
               column: str = "", url: str = "") -> None:
        errors = check_decision(decision, reason, day, reviewer, column, url)
        if errors:
            raise ItemError("".join(errors))
        values = {"info_key": group.key, "title": group.title, "decision": decision, "reason": reason.strip(),
                  "day": day, "reviewer": reviewer.strip(), "column_name": column.strip() or None,
                  "url": url.strip() or None, "nos": json.dumps(list(group.nos), ensure_ascii=False)}
        with self.db.atomic():
            self.db.execute(f"INSERT INTO proactive_decisions ({', '.join(values)}, created_at) "
                            f"VALUES ({', '.join('?' for _ in values)}, ?)", [*values.values(), now_text()])
            self.audit.record("依申请转主动审查", "proactive", group.key, None, values)

    def converted_count(self, start: str, end: str) -> int:
        return self.db.execute("SELECT count(*) FROM proactive_decisions WHERE decision = '转为主动公开' "
                               "AND day BETWEEN ? AND ?", [start, end]).fetchone()[0]
