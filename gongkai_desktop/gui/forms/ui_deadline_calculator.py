# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'deadline_calculator.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem,
    QSpinBox, QVBoxLayout, QWidget)

class Ui_DeadlineCalculator(object):
    def setupUi(self, DeadlineCalculator):
        if not DeadlineCalculator.objectName():
            DeadlineCalculator.setObjectName(u"DeadlineCalculator")
        DeadlineCalculator.resize(860, 620)
        self.outer = QVBoxLayout(DeadlineCalculator)
        self.outer.setObjectName(u"outer")
        self.intro = QLabel(DeadlineCalculator)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.outer.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.receivedLabel = QLabel(DeadlineCalculator)
        self.receivedLabel.setObjectName(u"receivedLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.receivedLabel)

        self.receivedEdit = QDateEdit(DeadlineCalculator)
        self.receivedEdit.setObjectName(u"receivedEdit")
        self.receivedEdit.setCalendarPopup(True)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.receivedEdit)

        self.todayLabel = QLabel(DeadlineCalculator)
        self.todayLabel.setObjectName(u"todayLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.todayLabel)

        self.todayEdit = QDateEdit(DeadlineCalculator)
        self.todayEdit.setObjectName(u"todayEdit")
        self.todayEdit.setCalendarPopup(True)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.todayEdit)


        self.outer.addLayout(self.form)

        self.eventsBox = QGroupBox(DeadlineCalculator)
        self.eventsBox.setObjectName(u"eventsBox")
        self.eventsLayout = QVBoxLayout(self.eventsBox)
        self.eventsLayout.setObjectName(u"eventsLayout")
        self.addRow = QHBoxLayout()
        self.addRow.setObjectName(u"addRow")
        self.kindCombo = QComboBox(self.eventsBox)
        self.kindCombo.setObjectName(u"kindCombo")

        self.addRow.addWidget(self.kindCombo)

        self.eventDateEdit = QDateEdit(self.eventsBox)
        self.eventDateEdit.setObjectName(u"eventDateEdit")
        self.eventDateEdit.setCalendarPopup(True)

        self.addRow.addWidget(self.eventDateEdit)

        self.daysLabel = QLabel(self.eventsBox)
        self.daysLabel.setObjectName(u"daysLabel")

        self.addRow.addWidget(self.daysLabel)

        self.daysSpin = QSpinBox(self.eventsBox)
        self.daysSpin.setObjectName(u"daysSpin")
        self.daysSpin.setMinimum(1)
        self.daysSpin.setMaximum(60)
        self.daysSpin.setValue(20)

        self.addRow.addWidget(self.daysSpin)

        self.addButton = QPushButton(self.eventsBox)
        self.addButton.setObjectName(u"addButton")

        self.addRow.addWidget(self.addButton)

        self.removeButton = QPushButton(self.eventsBox)
        self.removeButton.setObjectName(u"removeButton")

        self.addRow.addWidget(self.removeButton)

        self.addSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.addRow.addItem(self.addSpacer)


        self.eventsLayout.addLayout(self.addRow)

        self.eventList = QListWidget(self.eventsBox)
        self.eventList.setObjectName(u"eventList")

        self.eventsLayout.addWidget(self.eventList)


        self.outer.addWidget(self.eventsBox)

        self.resultLabel = QLabel(DeadlineCalculator)
        self.resultLabel.setObjectName(u"resultLabel")
        self.resultLabel.setWordWrap(True)
        self.resultLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outer.addWidget(self.resultLabel)

        self.trailText = QPlainTextEdit(DeadlineCalculator)
        self.trailText.setObjectName(u"trailText")
        self.trailText.setReadOnly(True)

        self.outer.addWidget(self.trailText)

        self.buttonBox = QDialogButtonBox(DeadlineCalculator)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.outer.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.receivedLabel.setBuddy(self.receivedEdit)
        self.todayLabel.setBuddy(self.todayEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(DeadlineCalculator)
        self.buttonBox.rejected.connect(DeadlineCalculator.reject)

        QMetaObject.connectSlotsByName(DeadlineCalculator)
    # setupUi

    def retranslateUi(self, DeadlineCalculator):
        DeadlineCalculator.setWindowTitle(QCoreApplication.translate("DeadlineCalculator", u"\u671f\u9650\u8ba1\u7b97\u5668", None))
        self.intro.setText(QCoreApplication.translate("DeadlineCalculator", u"\u8f93\u5165\u6536\u5230\u7533\u8bf7\u65e5\u671f\u548c\u5df2\u53d1\u751f\u7684\u4e8b\u9879\uff0c\u8ba1\u7b97\u7b54\u590d\u671f\u9650\u3002\u4ec5\u7528\u4e8e\u6d4b\u7b97\uff0c\u4e0d\u4fee\u6539\u53f0\u8d26\u3002", None))
        self.receivedLabel.setText(QCoreApplication.translate("DeadlineCalculator", u"\u6536\u5230\u7533\u8bf7\u65e5\u671f", None))
        self.receivedEdit.setDisplayFormat(QCoreApplication.translate("DeadlineCalculator", u"yyyy\u5e74M\u6708d\u65e5", None))
        self.todayLabel.setText(QCoreApplication.translate("DeadlineCalculator", u"\u6309\u6b64\u65e5\u5224\u65ad\u72b6\u6001", None))
        self.todayEdit.setDisplayFormat(QCoreApplication.translate("DeadlineCalculator", u"yyyy\u5e74M\u6708d\u65e5", None))
        self.eventsBox.setTitle(QCoreApplication.translate("DeadlineCalculator", u"\u5df2\u53d1\u751f\u7684\u4e8b\u9879", None))
#if QT_CONFIG(accessibility)
        self.kindCombo.setAccessibleName(QCoreApplication.translate("DeadlineCalculator", u"\u4e8b\u9879\u7c7b\u578b", None))
#endif // QT_CONFIG(accessibility)
        self.eventDateEdit.setDisplayFormat(QCoreApplication.translate("DeadlineCalculator", u"yyyy\u5e74M\u6708d\u65e5", None))
        self.daysLabel.setText(QCoreApplication.translate("DeadlineCalculator", u"\u5de5\u4f5c\u65e5\u6570", None))
        self.addButton.setText(QCoreApplication.translate("DeadlineCalculator", u"\u6dfb\u52a0", None))
        self.removeButton.setText(QCoreApplication.translate("DeadlineCalculator", u"\u5220\u9664\u9009\u4e2d", None))
        self.resultLabel.setText("")
#if QT_CONFIG(accessibility)
        self.trailText.setAccessibleName(QCoreApplication.translate("DeadlineCalculator", u"\u8ba1\u7b97\u8fc7\u7a0b", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

