# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_page.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_SettingsPage(object):
    def setupUi(self, SettingsPage):
        if not SettingsPage.objectName():
            SettingsPage.setObjectName(u"SettingsPage")
        self.outer = QVBoxLayout(SettingsPage)
        self.outer.setObjectName(u"outer")
        self.title = QLabel(SettingsPage)
        self.title.setObjectName(u"title")
        self.title.setObjectName(u"title")

        self.outer.addWidget(self.title)

        self.hint = QLabel(SettingsPage)
        self.hint.setObjectName(u"hint")
        self.hint.setWordWrap(True)

        self.outer.addWidget(self.hint)

        self.profileBox = QGroupBox(SettingsPage)
        self.profileBox.setObjectName(u"profileBox")
        self.form = QFormLayout(self.profileBox)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.label_organ_name = QLabel(self.profileBox)
        self.label_organ_name.setObjectName(u"label_organ_name")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.label_organ_name)

        self.edit_organ_name = QLineEdit(self.profileBox)
        self.edit_organ_name.setObjectName(u"edit_organ_name")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.edit_organ_name)

        self.label_office_name = QLabel(self.profileBox)
        self.label_office_name.setObjectName(u"label_office_name")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.label_office_name)

        self.edit_office_name = QLineEdit(self.profileBox)
        self.edit_office_name.setObjectName(u"edit_office_name")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.edit_office_name)

        self.label_address = QLabel(self.profileBox)
        self.label_address.setObjectName(u"label_address")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.label_address)

        self.edit_address = QLineEdit(self.profileBox)
        self.edit_address.setObjectName(u"edit_address")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.edit_address)

        self.label_postcode = QLabel(self.profileBox)
        self.label_postcode.setObjectName(u"label_postcode")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.label_postcode)

        self.edit_postcode = QLineEdit(self.profileBox)
        self.edit_postcode.setObjectName(u"edit_postcode")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.edit_postcode)

        self.label_phone = QLabel(self.profileBox)
        self.label_phone.setObjectName(u"label_phone")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.label_phone)

        self.edit_phone = QLineEdit(self.profileBox)
        self.edit_phone.setObjectName(u"edit_phone")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.edit_phone)

        self.label_contact = QLabel(self.profileBox)
        self.label_contact.setObjectName(u"label_contact")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.label_contact)

        self.edit_contact = QLineEdit(self.profileBox)
        self.edit_contact.setObjectName(u"edit_contact")

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.edit_contact)

        self.label_doc_prefix = QLabel(self.profileBox)
        self.label_doc_prefix.setObjectName(u"label_doc_prefix")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.label_doc_prefix)

        self.edit_doc_prefix = QLineEdit(self.profileBox)
        self.edit_doc_prefix.setObjectName(u"edit_doc_prefix")

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.edit_doc_prefix)

        self.label_number_format = QLabel(self.profileBox)
        self.label_number_format.setObjectName(u"label_number_format")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.label_number_format)

        self.edit_number_format = QLineEdit(self.profileBox)
        self.edit_number_format.setObjectName(u"edit_number_format")

        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.edit_number_format)

        self.label_review_organ = QLabel(self.profileBox)
        self.label_review_organ.setObjectName(u"label_review_organ")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.label_review_organ)

        self.edit_review_organ = QLineEdit(self.profileBox)
        self.edit_review_organ.setObjectName(u"edit_review_organ")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.edit_review_organ)

        self.label_court = QLabel(self.profileBox)
        self.label_court.setObjectName(u"label_court")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.label_court)

        self.edit_court = QLineEdit(self.profileBox)
        self.edit_court.setObjectName(u"edit_court")

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.edit_court)

        self.label_operator = QLabel(self.profileBox)
        self.label_operator.setObjectName(u"label_operator")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.label_operator)

        self.edit_operator = QLineEdit(self.profileBox)
        self.edit_operator.setObjectName(u"edit_operator")

        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.edit_operator)

        self.label_review_online = QLabel(self.profileBox)
        self.label_review_online.setObjectName(u"label_review_online")

        self.form.setWidget(11, QFormLayout.ItemRole.LabelRole, self.label_review_online)

        self.edit_review_online = QLineEdit(self.profileBox)
        self.edit_review_online.setObjectName(u"edit_review_online")

        self.form.setWidget(11, QFormLayout.ItemRole.FieldRole, self.edit_review_online)

        self.label_collect_hours = QLabel(self.profileBox)
        self.label_collect_hours.setObjectName(u"label_collect_hours")

        self.form.setWidget(12, QFormLayout.ItemRole.LabelRole, self.label_collect_hours)

        self.edit_collect_hours = QLineEdit(self.profileBox)
        self.edit_collect_hours.setObjectName(u"edit_collect_hours")

        self.form.setWidget(12, QFormLayout.ItemRole.FieldRole, self.edit_collect_hours)


        self.outer.addWidget(self.profileBox)

        self.errorLabel = QLabel(SettingsPage)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.outer.addWidget(self.errorLabel)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.buttonSpacer)

        self.revertButton = QPushButton(SettingsPage)
        self.revertButton.setObjectName(u"revertButton")

        self.buttons.addWidget(self.revertButton)

        self.saveButton = QPushButton(SettingsPage)
        self.saveButton.setObjectName(u"saveButton")

        self.buttons.addWidget(self.saveButton)


        self.outer.addLayout(self.buttons)

        self.ledgerInfo = QLabel(SettingsPage)
        self.ledgerInfo.setObjectName(u"ledgerInfo")
        self.ledgerInfo.setWordWrap(True)
        self.ledgerInfo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.outer.addWidget(self.ledgerInfo)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.label_organ_name.setBuddy(self.edit_organ_name)
        self.label_office_name.setBuddy(self.edit_office_name)
        self.label_address.setBuddy(self.edit_address)
        self.label_postcode.setBuddy(self.edit_postcode)
        self.label_phone.setBuddy(self.edit_phone)
        self.label_contact.setBuddy(self.edit_contact)
        self.label_doc_prefix.setBuddy(self.edit_doc_prefix)
        self.label_number_format.setBuddy(self.edit_number_format)
        self.label_review_organ.setBuddy(self.edit_review_organ)
        self.label_court.setBuddy(self.edit_court)
        self.label_operator.setBuddy(self.edit_operator)
        self.label_review_online.setBuddy(self.edit_review_online)
        self.label_collect_hours.setBuddy(self.edit_collect_hours)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SettingsPage)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(SettingsPage)
    # setupUi

    def retranslateUi(self, SettingsPage):
        self.title.setText(QCoreApplication.translate("SettingsPage", u"\u8bbe\u7f6e \u00b7 \u5355\u4f4d\u4fe1\u606f", None))
        self.hint.setText(QCoreApplication.translate("SettingsPage", u"\u4ee5\u4e0b\u4fe1\u606f\u7528\u4e8e\u7b54\u590d\u4e66\u3001\u544a\u77e5\u4e66\u548c\u5e74\u5ea6\u62a5\u544a\u7684\u843d\u6b3e\u3001\u6587\u53f7\u4e0e\u6551\u6d4e\u9014\u5f84\u6761\u6b3e\u3002", None))
        self.profileBox.setTitle(QCoreApplication.translate("SettingsPage", u"\u5355\u4f4d\u4fe1\u606f", None))
        self.label_organ_name.setText(QCoreApplication.translate("SettingsPage", u"\u673a\u5173\u540d\u79f0", None))
        self.edit_organ_name.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u6b66\u5a01\u5e02\u67d0\u67d0\u5c40", None))
        self.label_office_name.setText(QCoreApplication.translate("SettingsPage", u"\u653f\u5e9c\u4fe1\u606f\u516c\u5f00\u5de5\u4f5c\u673a\u6784", None))
        self.edit_office_name.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u529e\u516c\u5ba4", None))
        self.label_address.setText(QCoreApplication.translate("SettingsPage", u"\u901a\u8baf\u5730\u5740", None))
        self.edit_address.setPlaceholderText("")
        self.label_postcode.setText(QCoreApplication.translate("SettingsPage", u"\u90ae\u653f\u7f16\u7801", None))
        self.edit_postcode.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"6\u4f4d\u6570\u5b57", None))
        self.label_phone.setText(QCoreApplication.translate("SettingsPage", u"\u8054\u7cfb\u7535\u8bdd", None))
        self.edit_phone.setPlaceholderText("")
        self.label_contact.setText(QCoreApplication.translate("SettingsPage", u"\u8054\u7cfb\u4eba", None))
        self.edit_contact.setPlaceholderText("")
        self.label_doc_prefix.setText(QCoreApplication.translate("SettingsPage", u"\u6587\u53f7\u524d\u7f00\uff08\u673a\u5173\u4ee3\u5b57\uff09", None))
        self.edit_doc_prefix.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u6b66\u67d0\u516c\u5f00\uff0c\u751f\u6210 \u6b66\u67d0\u516c\u5f00\u30142026\u30153\u53f7", None))
        self.label_number_format.setText(QCoreApplication.translate("SettingsPage", u"\u7533\u8bf7\u7f16\u53f7\u683c\u5f0f", None))
        self.edit_number_format.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"{year}-{seq:04d} \u2192 2026-0012", None))
        self.label_review_organ.setText(QCoreApplication.translate("SettingsPage", u"\u884c\u653f\u590d\u8bae\u673a\u5173", None))
        self.edit_review_organ.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u6b66\u5a01\u5e02\u4eba\u6c11\u653f\u5e9c", None))
        self.label_court.setText(QCoreApplication.translate("SettingsPage", u"\u884c\u653f\u8bc9\u8bbc\u7ba1\u8f96\u6cd5\u9662", None))
        self.edit_court.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u6b66\u5a01\u5e02\u51c9\u5dde\u533a\u4eba\u6c11\u6cd5\u9662", None))
        self.label_operator.setText(QCoreApplication.translate("SettingsPage", u"\u7ecf\u529e\u4eba", None))
        self.edit_operator.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u8bb0\u5165\u64cd\u4f5c\u65e5\u5fd7", None))
        self.label_review_online.setText(QCoreApplication.translate("SettingsPage", u"\u884c\u653f\u590d\u8bae\u7f51\u4e0a\u7533\u8bf7\u6e20\u9053", None))
        self.edit_review_online.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u590d\u8bae\u673a\u5173\u63a5\u53d7\u7f51\u4e0a\u7533\u8bf7\u65f6\u586b\u5199\uff0c\u5982\uff1a\u67d0\u5e02\u4eba\u6c11\u653f\u5e9c\u7f51\u7ad9\u201c\u884c\u653f\u590d\u8bae\u201d\u680f\u76ee\uff08\u7f51\u5740\uff09\uff1b\u901a\u8fc7\u4e92\u8054\u7f51\u9001\u8fbe\u7684\u6587\u4e66\u5c06\u5199\u660e", None))
        self.label_collect_hours.setText(QCoreApplication.translate("SettingsPage", u"\u9886\u53d6\u4fe1\u606f\u7684\u65f6\u95f4", None))
        self.edit_collect_hours.setPlaceholderText(QCoreApplication.translate("SettingsPage", u"\u5982\uff1a\u5de5\u4f5c\u65e5\u4e0a\u53489:00\u201412:00\u3001\u4e0b\u534814:30\u201417:30\uff08\u7533\u8bf7\u4eba\u81ea\u884c\u9886\u53d6\u65f6\u5199\u5165\u7b54\u590d\u4e66\uff09", None))
        self.errorLabel.setText("")
        self.revertButton.setText(QCoreApplication.translate("SettingsPage", u"\u64a4\u9500\u4fee\u6539", None))
        self.saveButton.setText(QCoreApplication.translate("SettingsPage", u"\u4fdd\u5b58", None))
        self.ledgerInfo.setText("")
        pass
    # retranslateUi

