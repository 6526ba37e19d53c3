"""此前对相同或相近信息的答复: a small box listing earlier applications by anyone for the same or similar information
(ItemsRepo.similar: trigram candidates ranked by document number and text; ~40 ms at 100,000 applications), with
their outcome, basis, letter 文号 and date. Shown by the registration dialog and the reply/拟办 step dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from ...core.applications import outcome_name
from ...core.items import EarlierAnswer
from ...storage.ledger import Ledger


def answer_line(e: EarlierAnswer) -> str:
    answer = outcome_name(e.outcome) or "尚未办结"
    extra = "，".join(x for x in (e.basis, e.letter_no, e.replied_on) if x)
    same = "同一文号" if e.same_document else f"相似度{e.ratio:.0%}"
    return f"{e.no}　{e.applicant}　“{e.content}”（{same}）— {answer}" + (f"（{extra}）" if extra else "")


class EarlierAnswersBox(QGroupBox):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None):
        super().__init__("此前对相同或相近信息的答复（所有申请人）", parent)
        self.ledger = ledger
        self.answers: list[EarlierAnswer] = []
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(self.label.textInteractionFlags())
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setVisible(False)

    def show_for(self, text: str, exclude_id: int | None = None, limit: int = 6) -> list[EarlierAnswer]:
        self.answers = self.ledger.items.similar(text, exclude_id=exclude_id, limit=limit) if text.strip() else []
        lines = [answer_line(e) for e in self.answers]
        if len({(e.outcome or "")[:1] for e in self.answers if e.outcome}) > 1:
            lines.append("⚠ 此前对相同或相近信息的答复结果不一致，请核对；本次结果不同的，须写明理由。")
        self.label.setText("\n".join(lines))
        self.setVisible(bool(self.answers))
        return self.answers
