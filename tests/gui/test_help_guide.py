"""Issue 28 (minor): 帮助 → 使用说明 opens an offline guide with the workflow and the 条例 articles it rests on."""

from gongkai_desktop.gui.views.help_dialog import HelpDialog

# step → the article the guide must cite for it (domain.md §1.1–1.5, §8.3)
ARTICLES = {"登记": ("第二十九条", "第三十一条"), "补正": ("第三十条", "7个工作日内一次性告知"),
            "征求意见": ("第三十二条", "第三十四条", "第三十三条第三款"), "延期": ("第三十三条第二款", "第三十五条"),
            "答复": ("第三十六条", "第三十七条"), "送达": ("国办公开办函〔2016〕235号",), "归档": ("第四十五条",)}


def test_help_menu_opens_the_guide(window, qtbot):
    assert window.actionGuide in window.ui.menuHelp.actions()
    window.actionGuide.trigger()
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    order = [text.index(f"、{step}") for step in ARTICLES]
    assert order == sorted(order)  # 登记—补正—征求意见—延期—答复—送达—归档
    for step, cites in ARTICLES.items():
        for cite in cites:
            assert cite in text, (step, cite)
    assert "找不到" not in text
    dialog.close()
