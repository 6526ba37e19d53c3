"""Attachments (scanned application forms, 送达回证 …) copied into the ledger's attachment folder.

Files are stored under `<folder>/<申请编号>/` with their SHA-256; a file is copied to a temporary name and
renamed, so a failed copy leaves nothing behind. The same content attached twice is stored once."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..core.errors import DomainError
from .audit import AuditLog, now_text


class AttachmentError(DomainError):
    """The file cannot be attached; the message is Chinese."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _safe_dir_name(no: str) -> str:
    return "".join(c if c not in '<>:"/\\|?*' else "_" for c in no)


class AttachmentsRepo:
    def __init__(self, db: Database, audit: AuditLog, folder: Path | None):
        self.db = db
        self.audit = audit
        self.folder = folder

    def for_application(self, application_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT * FROM attachments WHERE application_id = ? ORDER BY added, id", [application_id])]

    def path_of(self, row: dict[str, Any]) -> Path:
        if self.folder is None:
            raise AttachmentError("内存台账没有附件文件夹。")
        return self.folder / row["stored_path"]

    def attach(self, application_id: int, no: str, source: Path) -> dict[str, Any]:
        row = self.db.execute("SELECT file_no FROM archives WHERE application_id = ? AND undone_at IS NULL",
                              [application_id]).fetchone()
        if row:
            raise AttachmentError(f"申请 {no} 已归档（档号 {row[0]}），不能添加附件；如需修改，请先撤销归档并写明原因。")
        return self._store("application_id", application_id, _safe_dir_name(no), source, ("application", no))

    def attach_to_task(self, task_id: int, source: Path) -> dict[str, Any]:
        return self._store("task_id", task_id, f"工作要点/{task_id}", source, ("task", task_id))

    def for_task(self, task_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query("SELECT * FROM attachments WHERE task_id = ? ORDER BY added, id",
                                               [task_id])]

    def remove_from_task(self, task_id: int, name_or_id: str | int, reason: str) -> dict[str, Any]:
        """Remove an evidence file added to a task by mistake (issue 28): the row goes, audited "删除佐证文件"
        with the name, its SHA-256 and the reason; the stored copy is deleted after the change is committed.
        `name_or_id` is the attachment's id or its file name. Raises AttachmentError."""
        if not reason.strip():
            raise AttachmentError("请填写删除原因（记入操作日志）。")
        files = self.for_task(task_id)
        found = [f for f in files if f["id"] == name_or_id or f["name"] == str(name_or_id)
                 or str(f["id"]) == str(name_or_id)]
        if not found:
            names = "、".join(f["name"] for f in files) or "（无）"
            raise AttachmentError(f"该任务没有佐证文件“{name_or_id}”。已有：{names}")
        if len(found) > 1:
            raise AttachmentError(f"该任务有 {len(found)} 个名为“{name_or_id}”的佐证文件，请用编号指定："
                                  + "、".join(str(f["id"]) for f in found))
        row = found[0]
        with self.db.atomic():
            self.db.execute("DELETE FROM attachments WHERE id = ?", [row["id"]])
            self.audit.record("删除佐证文件", "task", task_id, {"name": row["name"], "sha256": row["sha256"]},
                              {"reason": reason.strip()})
        if self.folder is not None:
            with contextlib.suppress(OSError):
                (self.folder / row["stored_path"]).unlink(missing_ok=True)
        return row

    def _store(self, owner: str, owner_id: int, folder: str, source: Path, audit: tuple[str, Any]) -> dict[str, Any]:
        if self.folder is None:
            raise AttachmentError("内存台账没有附件文件夹，无法保存附件。")
        if not source.is_file():
            raise AttachmentError(f"找不到文件：{source}")
        try:
            digest = sha256_of(source)
        except OSError as exc:
            raise AttachmentError(f"无法读取文件 {source.name}：{exc.strerror or exc}") from exc
        dup = self.db.execute(f"SELECT name FROM attachments WHERE {owner} = ? AND sha256 = ?",
                              [owner_id, digest]).fetchone()
        if dup:
            raise AttachmentError(f"该文件已作为附件“{dup[0]}”保存过。")
        relative = Path(folder) / f"{digest[:12]}-{source.name}"
        target = self.folder / relative
        tmp = target.with_name(target.name + ".part")
        try:
            for folder_path in (self.folder, target.parent):
                folder_path.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.name != "nt":
                os.chmod(self.folder, 0o700)
                os.chmod(target.parent, 0o700)
            shutil.copyfile(source, tmp)
            if os.name != "nt":
                os.chmod(tmp, 0o600)  # scanned forms carry applicants' personal data
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise AttachmentError(f"无法复制附件到 {target.parent}：{exc.strerror or exc}") from exc
        row = {owner: owner_id, "name": source.name, "stored_path": relative.as_posix(), "sha256": digest,
               "added": now_text()}
        try:
            with self.db.atomic():
                cur = self.db.execute(
                    f"INSERT INTO attachments ({owner}, name, stored_path, sha256, added) VALUES (?, ?, ?, ?, ?)",
                    list(row.values()))
                self.audit.record("添加附件", audit[0], audit[1], None, {"name": source.name, "sha256": digest})
        except Exception:
            target.unlink(missing_ok=True)
            raise
        assert cur.lastrowid is not None  # set by every successful INSERT
        return {"id": int(cur.lastrowid), **row}
