"""Ledger schema as named, transactional sqlite-utils migrations.

Every table is STRICT, every relation a foreign key, every legal date an ISO civil date (TEXT 'YYYY-MM-DD').
Migrations are append-only: never edit one that has shipped; add the next. `SCHEMA_VERSION` (stored in
PRAGMA user_version) lets an older app recognise a ledger written by a newer one and refuse to touch it.
"""

from __future__ import annotations

import json
import operator
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("gongkai")

ISO_DATE = "CHECK ({col} IS NULL OR ({col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'))"


def _d(col: str) -> str:
    return ISO_DATE.format(col=col)


def _run_script(db: Database, script: str) -> None:
    """Run DDL statement by statement: sqlite3's executescript() would COMMIT the migration's transaction."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            db.execute(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement in migration")


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        f"""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE applicants (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('自然人', '法人或其他组织')),
            category TEXT NOT NULL CHECK (category IN
                ('自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他')),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            id_type TEXT,
            id_number TEXT,
            credit_code TEXT,
            legal_rep TEXT,
            contact TEXT,
            phone TEXT,
            address TEXT,
            postcode TEXT,
            email TEXT,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX applicants_id_number ON applicants(id_number);
        CREATE INDEX applicants_credit_code ON applicants(credit_code);
        CREATE INDEX applicants_name_phone ON applicants(name, phone);

        CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            no TEXT NOT NULL UNIQUE,
            year INTEGER NOT NULL,
            applicant_id INTEGER NOT NULL REFERENCES applicants(id),
            channel TEXT NOT NULL,
            received TEXT NOT NULL {_d('received')},
            content_title TEXT NOT NULL,
            doc_number TEXT,
            description TEXT,
            form_required TEXT,
            delivery TEXT,
            department TEXT,
            handler TEXT,
            outcome TEXT,
            outcome_basis TEXT,
            closed_on TEXT {_d('closed_on')},
            -- derived from events + calendar (the clock); kept for sorting and filtering only
            due TEXT {_d('due')},
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paused', 'closed')),
            provisional INTEGER NOT NULL DEFAULT 0,
            late_reply INTEGER NOT NULL DEFAULT 0,
            fee_method TEXT CHECK (fee_method IS NULL OR fee_method IN ('按件', '按量')),
            fee_amount INTEGER,
            fee_paid_amount INTEGER,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX applications_received ON applications(received);
        CREATE INDEX applications_due ON applications(state, due);
        CREATE INDEX applications_closed ON applications(closed_on);
        CREATE INDEX applications_applicant ON applications(applicant_id);

        CREATE TABLE application_events (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            day TEXT NOT NULL {_d('day')},
            days INTEGER,
            ref TEXT,
            until TEXT {_d('until')},
            received_by_party TEXT {_d('received_by_party')},
            approver TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            voided_at TEXT
        ) STRICT;
        CREATE INDEX application_events_app ON application_events(application_id);
        -- events are immutable: only voiding (undo) is allowed
        CREATE TRIGGER application_events_immutable
        BEFORE UPDATE OF application_id, kind, day, days, ref, until, received_by_party, approver, note,
            created_at ON application_events
        BEGIN
            SELECT RAISE(ABORT, '事项记录不可修改，只能撤销');
        END;

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('行政复议', '未经复议直接起诉', '复议后起诉')),
            filed TEXT {_d('filed')},
            organ TEXT,
            decided TEXT {_d('decided')},
            result TEXT NOT NULL DEFAULT '尚未审结' CHECK (result IN ('结果维持', '结果纠正', '其他结果', '尚未审结')),
            note TEXT
        ) STRICT;

        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            application_id INTEGER REFERENCES applications(id),
            type TEXT NOT NULL,
            year INTEGER NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            doc_number TEXT NOT NULL UNIQUE,
            issued TEXT NOT NULL {_d('issued')},
            file TEXT,
            sha256 TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (type, year, seq)
        ) STRICT;

        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            parent_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            code TEXT,
            section TEXT,
            title TEXT NOT NULL,
            text TEXT,
            lead_units TEXT NOT NULL DEFAULT '[]',
            responsible_units TEXT NOT NULL DEFAULT '[]',
            deadlines TEXT NOT NULL DEFAULT '[]',
            recurring TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT '未开始' CHECK (status IN ('未开始', '推进中', '已完成', '不适用')),
            source_doc TEXT,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX tasks_year ON tasks(year);

        CREATE TABLE task_updates (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            day TEXT NOT NULL {_d('day')},
            status TEXT,
            progress TEXT,
            evidence TEXT,
            created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE calendar_years (
            year INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('bundled', 'notice')),
            holidays TEXT NOT NULL DEFAULT '[]',
            loaded_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE calendar_days (
            day TEXT NOT NULL {_d('day')},
            kind TEXT NOT NULL CHECK (kind IN ('official', 'manual')),
            is_workday INTEGER NOT NULL CHECK (is_workday IN (0, 1)),
            year INTEGER NOT NULL,
            reason TEXT,
            PRIMARY KEY (day, kind)
        ) STRICT;

        CREATE TABLE report_inputs (
            year INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (year, key)
        ) STRICT;

        CREATE TABLE report_snapshots (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            locked INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL
        ) STRICT;

        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            application_id INTEGER REFERENCES applications(id) ON DELETE CASCADE,
            task_id INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            stored_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            added TEXT NOT NULL
        ) STRICT;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT,
            operator TEXT,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT,
            before TEXT,
            after TEXT,
            note TEXT
        ) STRICT;
        CREATE INDEX audit_entity ON audit_log(entity, entity_id);
        """
    )


@migrations(name="m002_register_search_fees")
def m002_register_search_fees(db: Database) -> None:
    """Per-year sequence numbers, fee units, and a trigram full-text index over applicant and request."""
    _run_script(
        db,
        """
        ALTER TABLE applications ADD COLUMN seq INTEGER;
        UPDATE applications SET seq = (
            SELECT count(*) FROM applications b WHERE b.year = applications.year AND b.id <= applications.id);
        CREATE UNIQUE INDEX applications_year_seq ON applications(year, seq);
        ALTER TABLE applications ADD COLUMN fee_units INTEGER;
        CREATE INDEX applications_handler ON applications(handler);
        CREATE INDEX applications_outcome ON applications(outcome);

        CREATE VIRTUAL TABLE applications_fts USING fts5(no, applicant, content, tokenize = 'trigram');
        INSERT INTO applications_fts (rowid, no, applicant, content)
            SELECT a.id, a.no, p.name, a.content_title || ' ' || coalesce(a.doc_number, '') || ' ' || coalesce(a.description, '')
            FROM applications a JOIN applicants p ON p.id = a.applicant_id;

        CREATE TRIGGER applications_fts_insert AFTER INSERT ON applications BEGIN
            INSERT INTO applications_fts (rowid, no, applicant, content)
            VALUES (new.id, new.no, (SELECT name FROM applicants WHERE id = new.applicant_id),
                    new.content_title || ' ' || coalesce(new.doc_number, '') || ' ' || coalesce(new.description, ''));
        END;
        CREATE TRIGGER applications_fts_update AFTER UPDATE OF no, applicant_id, content_title, doc_number,
            description ON applications BEGIN
            UPDATE applications_fts SET no = new.no,
                applicant = (SELECT name FROM applicants WHERE id = new.applicant_id),
                content = new.content_title || ' ' || coalesce(new.doc_number, '') || ' ' || coalesce(new.description, '')
            WHERE rowid = new.id;
        END;
        CREATE TRIGGER applications_fts_delete AFTER DELETE ON applications BEGIN
            DELETE FROM applications_fts WHERE rowid = old.id;
        END;
        CREATE TRIGGER applicants_fts_rename AFTER UPDATE OF name ON applicants BEGIN
            UPDATE applications_fts SET applicant = new.name
            WHERE rowid IN (SELECT id FROM applications WHERE applicant_id = new.id);
        END;
        """,
    )


@migrations(name="m003_task_tracking")
def m003_task_tracking(db: Database) -> None:
    """Task tracking: the five 落实 states (the m001 `status` column is kept but no longer used), 责任人,
    回头看 results, a code path per task for merging revised plans, and task updates' 佐证材料."""
    _run_script(
        db,
        f"""
        ALTER TABLE tasks ADD COLUMN state TEXT NOT NULL DEFAULT '未启动'
            CHECK (state IN ('未启动', '推进中', '已完成', '持续推进', '未完成', '不适用'));
        UPDATE tasks SET state = CASE status WHEN '未开始' THEN '未启动' ELSE status END;
        ALTER TABLE tasks ADD COLUMN owner TEXT;
        ALTER TABLE tasks ADD COLUMN path TEXT;
        ALTER TABLE tasks ADD COLUMN review_result TEXT
            CHECK (review_result IS NULL OR review_result IN ('已落实', '部分落实', '未落实'));
        ALTER TABLE tasks ADD COLUMN review_note TEXT;
        ALTER TABLE tasks ADD COLUMN review_day TEXT {_d('review_day')};
        ALTER TABLE tasks ADD COLUMN updated_at TEXT;
        UPDATE tasks SET path = coalesce(code, '') || '#' || id;
        CREATE INDEX tasks_year_path ON tasks(year, path);
        """,
    )


@migrations(name="m004_lookup_indexes")
def m004_lookup_indexes(db: Database) -> None:
    """Indexes for per-task and per-application lookups (found by the benchmark harness at 5,000 tasks)."""
    _run_script(
        db,
        """
        CREATE INDEX task_updates_task ON task_updates(task_id, day);
        CREATE INDEX tasks_parent ON tasks(parent_id);
        CREATE INDEX attachments_application ON attachments(application_id);
        CREATE INDEX attachments_task ON attachments(task_id);
        CREATE INDEX letters_application ON letters(application_id, type);
        CREATE INDEX reviews_application ON reviews(application_id);
        CREATE INDEX application_events_kind_day ON application_events(kind, day);
        """,
    )


def bigrams(*texts: str | None) -> str:
    """Overlapping two-character tokens, for finding one- and two-character terms (a surname, 规划) that the
    trigram index cannot, plus each word's last character alone so a one-character prefix query finds it at
    the end of a word too: "王小娟" → "王小 小娟 娟"."""
    grams: list[str] = []
    for text in texts:
        if not text:
            continue
        for word in text.split():
            if len(word) > 1:
                grams += map(operator.add, word, word[1:])  # word[i] + word[i + 1]: each pair, without slicing
                grams.append(word[-1])
            else:
                grams.append(word)
    return " ".join(grams)


@migrations(name="m005_bigram_search")
def m005_bigram_search(db: Database) -> None:
    """A second full-text index of two-character tokens (unicode61) beside the trigram one."""
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE applications_bigrams USING fts5(grams, tokenize = 'unicode61');
        CREATE TRIGGER applications_bigrams_delete AFTER DELETE ON applications BEGIN
            DELETE FROM applications_bigrams WHERE rowid = old.id;
        END;
        """,
    )
    rows = db.execute("SELECT a.id, a.no, p.name, a.content_title, a.doc_number, a.description FROM applications a "
                      "JOIN applicants p ON p.id = a.applicant_id").fetchall()
    db.conn.executemany("INSERT INTO applications_bigrams (rowid, grams) VALUES (?, ?)",
                        [(r[0], bigrams(*r[1:])) for r in rows])


@migrations(name="m006_category_on_applications")
def m006_category_on_applications(db: Database) -> None:
    """The applicant's 表三 column copied onto each application and kept current by a trigger, so the annual
    report counts a year without joining every row to its applicant."""
    _run_script(
        db,
        """
        ALTER TABLE applications ADD COLUMN category TEXT;
        UPDATE applications SET category = (SELECT category FROM applicants WHERE id = applications.applicant_id);
        CREATE TRIGGER applicants_category_copy AFTER UPDATE OF category ON applicants BEGIN
            UPDATE applications SET category = new.category WHERE applicant_id = new.id;
        END;
        CREATE TRIGGER applications_category_fill AFTER INSERT ON applications WHEN new.category IS NULL BEGIN
            UPDATE applications SET category = (SELECT category FROM applicants WHERE id = new.applicant_id)
            WHERE id = new.id;
        END;
        """,
    )


@migrations(name="m007_report_indexes")
def m007_report_indexes(db: Database) -> None:
    """Covering indexes for the annual report's counts (表三 answered from the indexes alone)."""
    _run_script(
        db,
        """
        CREATE INDEX applications_report_received ON applications(received, closed_on, category);
        CREATE INDEX applications_report_closed ON applications(closed_on, category, outcome, late_reply);
        """,
    )


@migrations(name="m008_case_file")
def m008_case_file(db: Database) -> None:
    """The case file (domain.md §8): the internal chain and 送达 are steps stored beside the clock events
    (signature, result, opinion, other fields as JSON); evidence records (检索、沟通、提供信息清单) and generated
    forms (呈批表、保密审查单、送达回证); cached chain stage and earliest internal deadline for lists."""
    _run_script(
        db,
        f"""
        ALTER TABLE application_events ADD COLUMN signer TEXT;
        ALTER TABLE application_events ADD COLUMN result TEXT;
        ALTER TABLE application_events ADD COLUMN opinion TEXT;
        ALTER TABLE application_events ADD COLUMN data TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(data));
        ALTER TABLE application_events ADD COLUMN void_reason TEXT;
        DROP TRIGGER application_events_immutable;
        CREATE TRIGGER application_events_immutable
        BEFORE UPDATE OF application_id, kind, day, days, ref, until, received_by_party, approver, note,
            created_at, signer, result, opinion, data ON application_events
        BEGIN
            SELECT RAISE(ABORT, '事项记录不可修改，只能撤销');
        END;

        CREATE TABLE case_records (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('search', 'contact', 'provided')),
            day TEXT NOT NULL {_d('day')},
            data TEXT NOT NULL CHECK (json_valid(data)),
            created_at TEXT NOT NULL,
            voided_at TEXT,
            void_reason TEXT
        ) STRICT;
        CREATE INDEX case_records_app ON case_records(application_id);

        CREATE TABLE case_forms (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            made TEXT NOT NULL {_d('made')},
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX case_forms_app ON case_forms(application_id);

        ALTER TABLE applications ADD COLUMN chain_stage TEXT;
        ALTER TABLE applications ADD COLUMN internal_due TEXT {_d('internal_due')};
        ALTER TABLE applications ADD COLUMN internal_label TEXT;
        CREATE INDEX applications_internal_due ON applications(internal_due) WHERE internal_due IS NOT NULL;
        """,
    )


@migrations(name="m009_task_units")
def m009_task_units(db: Database) -> None:
    """工作要点 × 责任单位 (督办): each unit named on a task keeps its own state, 报送 date, 落实情况, 佐证 and
    销号; feedback rounds (反馈表 collection with a 报送 date) and the units asked in each; every report a unit
    made; the plan's own metadata (its date starts the 20 days for 本机关工作要点). Existing tasks get a row per
    named unit (work items only; a work item naming none takes its nearest parent's), in the task's state."""
    states = "('未启动', '推进中', '已完成', '持续推进', '未完成', '不适用')"
    _run_script(
        db,
        f"""
        CREATE TABLE workplans (
            year INTEGER PRIMARY KEY,
            title TEXT,
            issuer TEXT,
            doc_number TEXT,
            plan_date TEXT {_d('plan_date')},
            source_doc TEXT,
            own_draft_on TEXT {_d('own_draft_on')},
            updated_at TEXT
        ) STRICT;

        CREATE TABLE task_units (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit TEXT NOT NULL CHECK (length(trim(unit)) > 0),
            role TEXT NOT NULL CHECK (role IN ('牵头', '责任')),
            state TEXT NOT NULL DEFAULT '未启动' CHECK (state IN {states}),
            reported_on TEXT {_d('reported_on')},
            progress TEXT,
            evidence TEXT,
            closed_on TEXT {_d('closed_on')},
            close_note TEXT,
            updated_at TEXT,
            UNIQUE (task_id, unit)
        ) STRICT;
        CREATE INDEX task_units_unit ON task_units(unit, task_id);

        CREATE TABLE feedback_rounds (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            period TEXT NOT NULL CHECK (length(trim(period)) > 0),
            due TEXT NOT NULL {_d('due')},
            created_at TEXT NOT NULL,
            UNIQUE (year, period)
        ) STRICT;

        CREATE TABLE feedback_round_units (
            round_id INTEGER NOT NULL REFERENCES feedback_rounds(id) ON DELETE CASCADE,
            unit TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            file TEXT,
            imported_at TEXT,
            imported_sha256 TEXT,
            PRIMARY KEY (round_id, unit)
        ) STRICT;

        CREATE TABLE task_unit_reports (
            id INTEGER PRIMARY KEY,
            task_unit_id INTEGER NOT NULL REFERENCES task_units(id) ON DELETE CASCADE,
            round_id INTEGER REFERENCES feedback_rounds(id) ON DELETE CASCADE,
            day TEXT NOT NULL {_d('day')},
            state TEXT NOT NULL CHECK (state IN {states}),
            progress TEXT,
            evidence TEXT,
            source TEXT,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX task_unit_reports_round ON task_unit_reports(round_id, task_unit_id)
            WHERE round_id IS NOT NULL;
        CREATE INDEX task_unit_reports_unit ON task_unit_reports(task_unit_id, day);

        INSERT OR IGNORE INTO task_units (task_id, unit, role, state, updated_at)
            SELECT t.id, trim(j.value), '牵头', t.state, t.updated_at FROM tasks t, json_each(t.lead_units) j
            WHERE NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id) AND length(trim(j.value)) > 0;
        INSERT OR IGNORE INTO task_units (task_id, unit, role, state, updated_at)
            SELECT t.id, trim(j.value), '责任', t.state, t.updated_at FROM tasks t, json_each(t.responsible_units) j
            WHERE NOT EXISTS (SELECT 1 FROM tasks c WHERE c.parent_id = t.id) AND length(trim(j.value)) > 0;
        """,
    )
    # work items naming no unit take their nearest parent's units
    rows = db.execute("SELECT id, parent_id, lead_units, responsible_units, state, updated_at FROM tasks").fetchall()
    by_id = {r[0]: r for r in rows}
    parents = {r[1] for r in rows if r[1] is not None}
    for r in rows:
        if r[0] in parents or r[2] != "[]" or r[3] != "[]":
            continue
        node = by_id.get(r[1]) if r[1] is not None else None
        while node is not None and node[2] == "[]" and node[3] == "[]":
            node = by_id.get(node[1]) if node[1] is not None else None
        if node is None:
            continue
        for role, column in (("牵头", 2), ("责任", 3)):
            for unit in json.loads(node[column]):
                if str(unit).strip():
                    db.execute("INSERT OR IGNORE INTO task_units (task_id, unit, role, state, updated_at) "
                               "VALUES (?, ?, ?, ?, ?)", [r[0], str(unit).strip(), role, r[4], r[5]])


@migrations(name="m010_search_word_ends")
def m010_search_word_ends(db: Database) -> None:
    """Rebuild the bigram index with each word's last character as a token of its own: before, a single
    character at the end of a word (王娟's 娟) was not found."""
    db.execute("DELETE FROM applications_bigrams")
    rows = db.execute("SELECT a.id, a.no, p.name, a.content_title, a.doc_number, a.description FROM applications a "
                      "JOIN applicants p ON p.id = a.applicant_id").fetchall()
    db.conn.executemany("INSERT INTO applications_bigrams (rowid, grams) VALUES (?, ?)",
                        [(r[0], bigrams(*r[1:])) for r in rows])


@migrations(name="m011_review_deadlines")
def m011_review_deadlines(db: Database) -> None:
    """复议/诉讼 from the agency's side (issue 18): the date the 申请书副本/起诉状副本 was received, the 程序,
    the date the 答复/答辩 was submitted, hearing dates, the decision's detailed result and its document number."""
    _run_script(
        db,
        f"""
        ALTER TABLE reviews ADD COLUMN copy_received TEXT {_d('copy_received')};
        ALTER TABLE reviews ADD COLUMN procedure TEXT NOT NULL DEFAULT '普通' CHECK (procedure IN ('普通', '简易'));
        ALTER TABLE reviews ADD COLUMN answered TEXT {_d('answered')};
        ALTER TABLE reviews ADD COLUMN hearings TEXT;
        ALTER TABLE reviews ADD COLUMN outcome TEXT
            CHECK (outcome IS NULL OR outcome IN ('维持', '撤销', '确认违法', '责令重新答复', '驳回', '撤回', '其他'));
        ALTER TABLE reviews ADD COLUMN doc_no TEXT;
        CREATE INDEX reviews_copy_received ON reviews(copy_received) WHERE copy_received IS NOT NULL;
        CREATE INDEX application_events_reopen ON application_events(application_id, id)
            WHERE kind IN ('reopen', 're-reply');
        """,
    )


@migrations(name="m013_items_proactive")
def m013_items_proactive(db: Database) -> None:
    """Items inside an application (each with its own finding, basis and provided documents), links between an
    application and the ones split from it (一事一申请), the applicant's 转主动 suggestion (条例第44条第2款) and the
    依申请转主动 decisions (domain.md §8.6)."""
    _run_script(
        db,
        f"""
        CREATE TABLE application_items (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL CHECK (seq > 0),
            content TEXT NOT NULL CHECK (content != ''),
            outcome TEXT,
            basis TEXT,
            provided TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (application_id, seq)
        ) STRICT;

        CREATE TABLE application_links (
            id INTEGER PRIMARY KEY,
            from_id INTEGER NOT NULL REFERENCES applications(id),
            to_id INTEGER NOT NULL REFERENCES applications(id),
            kind TEXT NOT NULL CHECK (kind IN ('split')),
            item_seq INTEGER,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX application_links_from ON application_links(from_id);
        CREATE INDEX application_links_to ON application_links(to_id);

        ALTER TABLE applications ADD COLUMN proactive_suggestion TEXT;

        CREATE TABLE proactive_decisions (
            id INTEGER PRIMARY KEY,
            info_key TEXT NOT NULL,
            title TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('转为主动公开', '不转')),
            reason TEXT NOT NULL,
            day TEXT NOT NULL {_d('day')},
            reviewer TEXT NOT NULL,
            column_name TEXT,
            url TEXT,
            nos TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(nos)),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX proactive_decisions_key ON proactive_decisions(info_key);
        """,
    )


@migrations(name="m014_void_application")
def m014_void_application(db: Database) -> None:
    """作废: a registered application voided with a reason is kept (with its trail) but counted nowhere."""
    db.execute("ALTER TABLE applications ADD COLUMN voided_at TEXT")
    db.execute("ALTER TABLE applications ADD COLUMN void_reason TEXT")


@migrations(name="m015_archive")
def m015_archive(db: Database) -> None:
    """归档 (domain.md §8.7): an 归档类别 on attachments, one row per archiving (undone rows kept), and triggers
    that refuse every write to an archived case's records as a last line behind the services' checks."""
    _run_script(
        db,
        """
        ALTER TABLE attachments ADD COLUMN archive_class TEXT;

        CREATE TABLE archives (
            id INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            file_no TEXT NOT NULL,
            year INTEGER NOT NULL,
            retention TEXT NOT NULL CHECK (retention IN ('永久', '30年', '10年')),
            seq INTEGER NOT NULL,
            day TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT,
            undo_reason TEXT
        ) STRICT;
        CREATE UNIQUE INDEX archives_active ON archives(application_id) WHERE undone_at IS NULL;
        CREATE UNIQUE INDEX archives_file_no ON archives(file_no) WHERE undone_at IS NULL;
        CREATE INDEX archives_number ON archives(year, retention, seq);
        CREATE TRIGGER application_events_archived_insert BEFORE INSERT ON application_events
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = NEW.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER letters_archived_insert BEFORE INSERT ON letters
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = NEW.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER attachments_archived_insert BEFORE INSERT ON attachments
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = NEW.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER case_records_archived_insert BEFORE INSERT ON case_records
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = NEW.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER case_forms_archived_insert BEFORE INSERT ON case_forms
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = NEW.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER application_events_archived_update BEFORE UPDATE ON application_events
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = OLD.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER letters_archived_update BEFORE UPDATE ON letters
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = OLD.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        CREATE TRIGGER case_records_archived_update BEFORE UPDATE ON case_records
        WHEN EXISTS (SELECT 1 FROM archives WHERE application_id = OLD.application_id AND undone_at IS NULL)
        BEGIN SELECT RAISE(ABORT, '该申请已归档，不能修改；如需修改，请先撤销归档'); END;
        """
    )


@migrations(name="m016_live_count_indexes")
def m016_live_count_indexes(db: Database) -> None:
    """Issue 26: every count an officer sees leaves 作废 applications out (`voided_at IS NULL`), which made the
    report indexes (m007) and the 工作台's range indexes fetch every row. With `voided_at` at the end of the
    indexes those counts are answered from the index alone (工作台 counts 60 → 6 ms, 表三 160 → 85 ms at
    100,000); the report index on closed_on also serves the plain closed ranges, so the closed_on index goes (one
    index less to write on import; applications_received stays: the list walks it for dense searches). The few voided rows get a small index for `count(*) - voided`, and the 送达
    rows a partial index for 已答复待送达's "no 送达 yet" test (a year's count 105 → 40 ms)."""
    _run_script(
        db,
        """
        DROP INDEX applications_closed;
        DROP INDEX applications_report_received;
        CREATE INDEX applications_report_received ON applications(received, closed_on, category, voided_at);
        DROP INDEX applications_report_closed;
        CREATE INDEX applications_report_closed ON applications(closed_on, category, outcome, late_reply, voided_at);
        DROP INDEX applications_due;
        CREATE INDEX applications_due ON applications(state, due, voided_at);
        CREATE INDEX applications_voided ON applications(voided_at) WHERE voided_at IS NOT NULL;
        CREATE INDEX application_events_deliver ON application_events(application_id)
            WHERE kind = 'deliver' AND voided_at IS NULL;
        """,
    )

# Keep in step with the decorated functions above (a test checks it).
KNOWN_MIGRATIONS = ("m001_initial", "m002_register_search_fees", "m003_task_tracking", "m004_lookup_indexes",
                    "m005_bigram_search", "m006_category_on_applications", "m007_report_indexes",
                    "m008_case_file", "m009_task_units", "m010_search_word_ends",
                    "m011_review_deadlines", "m013_items_proactive", "m014_void_application", "m015_archive",
                    "m016_live_count_indexes")
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
