"""Issue 28 #7: the shared date field takes typed dates exactly or refuses them with a message; F4 / Alt+↓
open the calendar."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from gongkai_desktop.gui.views.widgets import date_edit, picked, qdate


@pytest.fixture
def field(qtbot):
    f = date_edit(date(2026, 12, 1))
    f.setMinimumDate(QDate(2026, 9, 1))  # range-limited, as in the step dialogs (the reported case)
    f.setMaximumDate(QDate(2026, 12, 10))
    qtbot.addWidget(f)
    f.show()
    return f


def type_date(qtbot, field, text):
    field.setFocus()
    field.lineEdit().selectAll()
    if text.isascii():
        qtbot.keyClicks(field.lineEdit(), text)
    else:  # Chinese comes from the input method, committed at once
        field.lineEdit().insert(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize("text", ["2026-10-14", "20261014", "2026/10/14", "10月14日", "2026年10月14日"])
def test_typed_forms(qtbot, field, text, monkeypatch):
    from gongkai_desktop.gui.views import widgets

    class Today(date):
        @classmethod
        def today(cls):
            return date(2026, 12, 10)

    monkeypatch.setattr(widgets, "date", Today)
    type_date(qtbot, field, text)
    assert picked(field) == date(2026, 10, 14), field.problem
    assert field.problem == ""
    assert field.lineEdit().text() == "2026-10-14"


@pytest.mark.parametrize("text, words", [("20260230", "没有2026年2月30日"), ("20270101", "不在可填写的范围"),
                                         ("下周一", "不是日期")])
def test_refused_with_a_message_and_the_date_kept(qtbot, field, text, words):
    messages = []
    field.refused.connect(messages.append)
    type_date(qtbot, field, text)
    assert picked(field) == date(2026, 12, 1)
    assert messages and words in messages[0] and words in field.problem
    assert field.lineEdit().text() == "2026-12-01"


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),
                                           (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)])
def test_calendar_from_the_keyboard(qtbot, field, key, modifier):
    field.setFocus()
    qtbot.keyClick(field, key, modifier)
    popup = field.calendar_popup
    assert popup is not None and popup.isVisible()
    assert popup.selectedDate() == qdate(date(2026, 12, 1))
    popup.setSelectedDate(QDate(2026, 11, 20))
    from PySide6.QtWidgets import QAbstractItemView

    qtbot.keyClick(popup.findChild(QAbstractItemView), Qt.Key.Key_Return)  # the calendar's day grid
    assert picked(field) == date(2026, 11, 20)
