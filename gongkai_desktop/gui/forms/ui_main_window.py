# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QListWidget,
    QListWidgetItem, QMainWindow, QMenu, QMenuBar,
    QSizePolicy, QStackedWidget, QStatusBar, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 800)
        MainWindow.setMinimumSize(QSize(960, 640))
        self.actionOpenLedger = QAction(MainWindow)
        self.actionOpenLedger.setObjectName(u"actionOpenLedger")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionCalculator = QAction(MainWindow)
        self.actionCalculator.setObjectName(u"actionCalculator")
        self.actionImportNotice = QAction(MainWindow)
        self.actionImportNotice.setObjectName(u"actionImportNotice")
        self.actionTemplates = QAction(MainWindow)
        self.actionTemplates.setObjectName(u"actionTemplates")
        self.actionAggregate = QAction(MainWindow)
        self.actionAggregate.setObjectName(u"actionAggregate")
        self.actionImportLedger = QAction(MainWindow)
        self.actionImportLedger.setObjectName(u"actionImportLedger")
        self.actionBackupTo = QAction(MainWindow)
        self.actionBackupTo.setObjectName(u"actionBackupTo")
        self.actionRestore = QAction(MainWindow)
        self.actionRestore.setObjectName(u"actionRestore")
        self.actionExportAudit = QAction(MainWindow)
        self.actionExportAudit.setObjectName(u"actionExportAudit")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.central = QWidget(MainWindow)
        self.central.setObjectName(u"central")
        self.centralLayout = QHBoxLayout(self.central)
        self.centralLayout.setSpacing(0)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.navList = QListWidget(self.central)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        self.navList.setObjectName(u"navList")
        self.navList.setMinimumSize(QSize(150, 0))
        self.navList.setMaximumSize(QSize(180, 16777215))
        self.navList.setFrameShape(QFrame.Shape.NoFrame)

        self.centralLayout.addWidget(self.navList)

        self.pages = QStackedWidget(self.central)
        self.pages.setObjectName(u"pages")

        self.centralLayout.addWidget(self.pages)

        MainWindow.setCentralWidget(self.central)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuTools = QMenu(self.menubar)
        self.menuTools.setObjectName(u"menuTools")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuTools.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionOpenLedger)
        self.menuFile.addAction(self.actionImportLedger)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionBackupTo)
        self.menuFile.addAction(self.actionRestore)
        self.menuFile.addAction(self.actionExportAudit)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionQuit)
        self.menuTools.addAction(self.actionCalculator)
        self.menuTools.addAction(self.actionImportNotice)
        self.menuTools.addSeparator()
        self.menuTools.addAction(self.actionTemplates)
        self.menuTools.addAction(self.actionAggregate)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u653f\u52a1\u516c\u5f00\u53f0\u8d26", None))
        self.actionOpenLedger.setText(QCoreApplication.translate("MainWindow", u"\u6253\u5f00\u53f0\u8d26\u6587\u4ef6(&O)\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionOpenLedger.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+O", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"\u9000\u51fa(&X)", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionCalculator.setText(QCoreApplication.translate("MainWindow", u"\u671f\u9650\u8ba1\u7b97\u5668(&C)\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionCalculator.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+J", None))
#endif // QT_CONFIG(shortcut)
        self.actionImportNotice.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u5165\u8282\u5047\u65e5\u5b89\u6392\u901a\u77e5(&N)\u2026", None))
        self.actionTemplates.setText(QCoreApplication.translate("MainWindow", u"\u6587\u4e66\u6a21\u677f(&M)\u2026", None))
        self.actionAggregate.setText(QCoreApplication.translate("MainWindow", u"\u6c47\u603b\u4e0b\u7ea7\u5355\u4f4d\u5e74\u62a5(&A)\u2026", None))
        self.actionImportLedger.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u5165\u5df2\u6709\u53f0\u8d26(&I)\u2026", None))
        self.actionBackupTo.setText(QCoreApplication.translate("MainWindow", u"\u5907\u4efd\u5230(&B)\u2026", None))
        self.actionRestore.setText(QCoreApplication.translate("MainWindow", u"\u4ece\u5907\u4efd\u6062\u590d(&R)\u2026", None))
        self.actionExportAudit.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u51fa\u64cd\u4f5c\u65e5\u5fd7(&L)\u2026", None))
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"\u5173\u4e8e\u653f\u52a1\u516c\u5f00\u53f0\u8d26(&A)", None))

        __sortingEnabled = self.navList.isSortingEnabled()
        self.navList.setSortingEnabled(False)
        ___qlistwidgetitem = self.navList.item(0)
        ___qlistwidgetitem.setText(QCoreApplication.translate("MainWindow", u"\u5de5\u4f5c\u53f0", None))
        ___qlistwidgetitem1 = self.navList.item(1)
        ___qlistwidgetitem1.setText(QCoreApplication.translate("MainWindow", u"\u4f9d\u7533\u8bf7\u516c\u5f00", None))
        ___qlistwidgetitem2 = self.navList.item(2)
        ___qlistwidgetitem2.setText(QCoreApplication.translate("MainWindow", u"\u5de5\u4f5c\u8981\u70b9", None))
        ___qlistwidgetitem3 = self.navList.item(3)
        ___qlistwidgetitem3.setText(QCoreApplication.translate("MainWindow", u"\u5e74\u5ea6\u62a5\u544a", None))
        ___qlistwidgetitem4 = self.navList.item(4)
        ___qlistwidgetitem4.setText(QCoreApplication.translate("MainWindow", u"\u5de5\u4f5c\u65e5\u5386", None))
        ___qlistwidgetitem5 = self.navList.item(5)
        ___qlistwidgetitem5.setText(QCoreApplication.translate("MainWindow", u"\u8bbe\u7f6e", None))
        self.navList.setSortingEnabled(__sortingEnabled)

#if QT_CONFIG(accessibility)
        self.navList.setAccessibleName(QCoreApplication.translate("MainWindow", u"\u529f\u80fd\u5bfc\u822a", None))
#endif // QT_CONFIG(accessibility)
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"\u6587\u4ef6(&F)", None))
        self.menuTools.setTitle(QCoreApplication.translate("MainWindow", u"\u5de5\u5177(&T)", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"\u5e2e\u52a9(&H)", None))
    # retranslateUi

